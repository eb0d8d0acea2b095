#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "image.h"
#include "load_msg.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define image_fail rs_load_fail

static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

/* Reads exactly SIZE bytes; a short file (truncated while we read) is an error, not a hang. */
static rs_err read_all(int fd, const char *path, uint8_t *buf, size_t size, char *msg,
                       size_t msg_len)
{
    size_t done = 0;
    while (done < size) {
        ssize_t n = read(fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return image_fail(msg, msg_len, RS_ERR_FILE, "%s: read failed: %s", path,
                              strerror(errno));
        if (n == 0)
            return image_fail(msg, msg_len, RS_ERR_FILE,
                              "%s: file shrank while being read (%zu of %zu bytes)", path, done,
                              size);
        done += (size_t)n;
    }
    return RS_OK;
}

/* Checks the open file is a regular file of acceptable size and reports that size. */
static rs_err check_file(int fd, const char *path, size_t *size, char *msg, size_t msg_len)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return image_fail(msg, msg_len, RS_ERR_FILE, "%s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return image_fail(msg, msg_len, RS_ERR_FILE, "%s: is %s", path, file_kind(st.st_mode));
    if (st.st_size < 0 || (unsigned long long)st.st_size > RS_IMAGE_MAX_BYTES)
        return image_fail(msg, msg_len, RS_ERR_TOO_BIG, "%s: %lld bytes is over the %u MiB limit",
                          path, (long long)st.st_size, RS_IMAGE_MAX_BYTES >> 20);
    *size = (size_t)st.st_size;
    return RS_OK;
}

rs_err rs_image_file_size(const char *path, size_t *size, char *msg, size_t msg_len)
{
    if (!path || !size)
        return image_fail(msg, msg_len, RS_ERR_ARG, "rs_image_file_size: NULL argument");
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);   /* as rs_image_read_file */
    if (fd < 0)
        return image_fail(msg, msg_len, RS_ERR_FILE, "%s: %s", path, strerror(errno));
    rs_err err = check_file(fd, path, size, msg, msg_len);
    close(fd);
    return err;
}

rs_err rs_image_read_file(const char *path, rs_image *out, char *msg, size_t msg_len)
{
    if (!path || !out)
        return image_fail(msg, msg_len, RS_ERR_ARG, "rs_image_read_file: NULL argument");
    memset(out, 0, sizeof(*out));
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever; fstat
     * then refuses anything but a regular file, where O_NONBLOCK has no effect. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return image_fail(msg, msg_len, RS_ERR_FILE, "%s: %s", path, strerror(errno));
    size_t size = 0;
    rs_err err = check_file(fd, path, &size, msg, msg_len);
    uint8_t *buf = NULL;
    if (err == RS_OK) {
        buf = malloc(size ? size : 1);
        if (!buf)
            err = image_fail(msg, msg_len, RS_ERR_NOMEM, "%s: cannot allocate %zu bytes", path,
                             size);
    }
    if (err == RS_OK)
        err = read_all(fd, path, buf, size, msg, msg_len);
    close(fd);
    if (err != RS_OK) {
        free(buf);
        return err;
    }
    out->data = buf;
    out->size = size;
    out->owned = 1;
    return RS_OK;
}

void rs_image_free(rs_image *img)
{
    if (!img)
        return;
    if (img->owned)
        free((void *)img->data);
    free(img->cmdline);
    memset(img, 0, sizeof(*img));
}
