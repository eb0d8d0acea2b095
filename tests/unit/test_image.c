/* rs_image_read_file: a regular file is read whole; a directory, a missing file, a FIFO and a
 * device are refused with RS_ERR_FILE and a message, never a hang. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "image.h"
#include "rs_test.h"

static char msg[512];

static void make_temp_dir(char *dir, size_t len)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, len, "%s/rs_test_image_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    CHECK(mkdtemp(dir) != NULL);
}

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK_EQ(fwrite(data, 1, size, f), size);
        fclose(f);
    }
}

static void test_regular_files(const char *dir)
{
    char path[1024];
    rs_image img;
    snprintf(path, sizeof path, "%s/k.bin", dir);
    write_file(path, "\x01\x02\x03hello", 8);
    OK(rs_image_read_file(path, &img, msg, sizeof msg));
    CHECK_EQ(img.size, 8);
    CHECK(img.data && memcmp(img.data, "\x01\x02\x03hello", 8) == 0);
    CHECK_EQ(img.owned, 1);
    CHECK(img.cmdline == NULL);
    img.cmdline = strdup("k.bin args");  /* the image owns it: rs_image_free releases it */
    rs_image_free(&img);
    CHECK(img.data == NULL && img.size == 0 && img.cmdline == NULL);
    rs_image_free(&img);  /* a zeroed image is accepted */
    rs_image_free(NULL);
    unlink(path);

    snprintf(path, sizeof path, "%s/empty", dir);
    write_file(path, "", 0);
    OK(rs_image_read_file(path, &img, msg, sizeof msg));  /* the loader judges emptiness */
    CHECK_EQ(img.size, 0);
    rs_image_free(&img);
    unlink(path);
}

static void expect_refused(const char *path, const char *words)
{
    rs_image img;
    msg[0] = '\0';
    CHECK_EQ(rs_image_read_file(path, &img, msg, sizeof msg), RS_ERR_FILE);
    CHECK(strstr(msg, path) != NULL && strstr(msg, words) != NULL);
    if (!strstr(msg, words))
        fprintf(stderr, "message for %s: %s\n", path, msg);
    CHECK(img.data == NULL);
}

static void test_refused(const char *dir)
{
    char path[1024];
    expect_refused(dir, "directory");
    snprintf(path, sizeof path, "%s/missing", dir);
    expect_refused(path, "No such file");
    snprintf(path, sizeof path, "%s/fifo", dir);
    CHECK(mkfifo(path, 0600) == 0);
    expect_refused(path, "FIFO");  /* must not block waiting for a writer */
    unlink(path);
    expect_refused("/dev/null", "character device");
    rs_image img;
    CHECK_EQ(rs_image_read_file(NULL, &img, msg, sizeof msg), RS_ERR_ARG);
    CHECK_EQ(rs_image_read_file("/dev/null", &img, NULL, 0), RS_ERR_FILE);  /* no message buffer */
}

int main(void)
{
    char dir[512];
    make_temp_dir(dir, sizeof dir);
    test_regular_files(dir);
    test_refused(dir);
    rmdir(dir);
    return rs_test_done();
}
