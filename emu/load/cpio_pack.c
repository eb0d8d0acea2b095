/* rs_image_pack_directory (image.h): a directory tree as a cpio "newc" archive, the format the
 * Linux kernel unpacks as its initramfs (Documentation/driver-api/early-userspace/buffer-format.rst).
 * libarchive writes the format; we walk the tree ourselves so that the bytes depend only on the
 * tree: names sorted, owner root, times zero, inode numbers in walk order. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "image.h"
#include "load_msg.h"

typedef struct pack_buf {
    uint8_t *data;
    size_t size, cap;
    int too_big;
} pack_buf;

typedef struct pack_ctx {
    struct archive *ar;
    pack_buf buf;
    unsigned ino;
    char *msg;
    size_t msg_len;
} pack_ctx;

#define pack_fail(c, err, ...) rs_load_fail((c)->msg, (c)->msg_len, err, __VA_ARGS__)

static la_ssize_t buf_write(struct archive *a, void *opaque, const void *data, size_t n)
{
    pack_buf *b = opaque;
    (void)a;
    if (b->size + n > RS_IMAGE_MAX_BYTES) {
        b->too_big = 1;
        return -1;
    }
    if (b->size + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        while (cap < b->size + n)
            cap *= 2;
        uint8_t *p = realloc(b->data, cap);
        if (!p)
            return -1;
        b->data = p, b->cap = cap;
    }
    memcpy(b->data + b->size, data, n);
    b->size += n;
    return (la_ssize_t)n;
}

/* Copies the regular file at PATH into the archive after its header. */
static rs_err copy_file(pack_ctx *c, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return pack_fail(c, RS_ERR_FILE, "%s: %s", path, strerror(errno));
    char chunk[65536];
    ssize_t n;
    rs_err err = RS_OK;
    while ((n = read(fd, chunk, sizeof chunk)) > 0 && !err)
        if (archive_write_data(c->ar, chunk, (size_t)n) != n)
            err = pack_fail(c, c->buf.too_big ? RS_ERR_TOO_BIG : RS_ERR_NOMEM, "%s: %s", path,
                            c->buf.too_big ? "the archive is over the size limit" : archive_error_string(c->ar));
    if (n < 0 && !err)
        err = pack_fail(c, RS_ERR_FILE, "%s: %s", path, strerror(errno));
    close(fd);
    return err;
}

static rs_err add_tree(pack_ctx *c, const char *path, const char *name);

/* One entry: NAME is its path inside the archive, PATH on the host. */
static rs_err add_entry(pack_ctx *c, const char *path, const char *name)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return pack_fail(c, RS_ERR_FILE, "%s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode))
        return pack_fail(c, RS_ERR_FILE, "%s: only directories, regular files and symbolic links can go "
                         "into an initramfs", path);
    struct archive_entry *e = archive_entry_new();
    if (!e)
        return pack_fail(c, RS_ERR_NOMEM, "out of memory");
    archive_entry_set_pathname(e, name);
    archive_entry_set_mode(e, st.st_mode & (S_IFMT | 07777));
    archive_entry_set_ino(e, ++c->ino);
    archive_entry_set_nlink(e, S_ISDIR(st.st_mode) ? 2 : 1);
    archive_entry_set_size(e, S_ISREG(st.st_mode) ? st.st_size : 0);
    rs_err err = RS_OK;
    if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = readlink(path, target, sizeof target - 1);
        if (n < 0)
            err = pack_fail(c, RS_ERR_FILE, "%s: %s", path, strerror(errno));
        else
            target[n] = '\0', archive_entry_set_symlink(e, target);
    }
    if (!err && archive_write_header(c->ar, e) != ARCHIVE_OK)
        err = pack_fail(c, c->buf.too_big ? RS_ERR_TOO_BIG : RS_ERR_FILE, "%s: %s", path,
                        c->buf.too_big ? "the archive is over the size limit" : archive_error_string(c->ar));
    archive_entry_free(e);
    if (!err && S_ISREG(st.st_mode))
        err = copy_file(c, path);
    if (!err && S_ISDIR(st.st_mode))
        err = add_tree(c, path, name);
    return err;
}

/* The entries of directory PATH (NAME in the archive; "" for the root), sorted by name. */
static rs_err add_tree(pack_ctx *c, const char *path, const char *name)
{
    struct dirent **list;
    int n = scandir(path, &list, NULL, alphasort);
    if (n < 0)
        return pack_fail(c, RS_ERR_FILE, "%s: %s", path, strerror(errno));
    rs_err err = RS_OK;
    for (int i = 0; i < n; i++) {
        const char *d = list[i]->d_name;
        if (!err && strcmp(d, ".") && strcmp(d, "..")) {
            size_t hp = strlen(path) + strlen(d) + 2, ap = strlen(name) + strlen(d) + 2;
            char *host = malloc(hp), *inside = malloc(ap);
            if (!host || !inside)
                err = pack_fail(c, RS_ERR_NOMEM, "out of memory");
            else {
                snprintf(host, hp, "%s/%s", path, d);
                snprintf(inside, ap, "%s%s%s", name, *name ? "/" : "", d);
                err = add_entry(c, host, inside);
            }
            free(host);
            free(inside);
        }
        free(list[i]);
    }
    free(list);
    return err;
}

rs_err rs_image_pack_directory(const char *path, rs_image *out, char *msg, size_t msg_len)
{
    pack_ctx c = { .msg = msg, .msg_len = msg ? msg_len : 0 };
    if (!path || !out)
        return pack_fail(&c, RS_ERR_ARG, "rs_image_pack_directory: NULL argument");
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(path, &st) != 0)
        return pack_fail(&c, RS_ERR_FILE, "%s: %s", path, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return pack_fail(&c, RS_ERR_FILE, "%s: is not a directory", path);
    c.ar = archive_write_new();
    if (!c.ar || archive_write_set_format_cpio_newc(c.ar) != ARCHIVE_OK ||
        archive_write_set_bytes_per_block(c.ar, 0) != ARCHIVE_OK ||
        archive_write_open(c.ar, &c.buf, NULL, buf_write, NULL) != ARCHIVE_OK) {
        if (c.ar)
            archive_write_free(c.ar);
        return pack_fail(&c, RS_ERR_NOMEM, "%s: cannot start a cpio archive", path);
    }
    rs_err err = add_tree(&c, path, "");
    if (archive_write_close(c.ar) != ARCHIVE_OK && !err)
        err = pack_fail(&c, RS_ERR_NOMEM, "%s: %s", path, archive_error_string(c.ar));
    archive_write_free(c.ar);
    if (err) {
        free(c.buf.data);
        return err;
    }
    out->data = c.buf.data;
    out->size = c.buf.size;
    out->owned = 1;
    return RS_OK;
}
