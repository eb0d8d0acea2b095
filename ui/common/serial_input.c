/* COM1's receive line for the front ends: --serial-in FILE, or standard input when it is a pipe
 * or a file (see serial_input.h). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "serial_input.h"

enum { STDIN_QUIET_MS = 1000 };

/* Reads standard input while it keeps coming: a writer that pauses for STDIN_QUIET_MS ends it. */
static int read_stdin(rs_image *in)
{
    size_t cap = 0, len = 0;
    uint8_t *buf = NULL;
    for (;;) {
        struct pollfd p = { .fd = 0, .events = POLLIN };
        if (poll(&p, 1, STDIN_QUIET_MS) <= 0)
            break;
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            uint8_t *grown = cap <= RS_IMAGE_MAX_BYTES ? realloc(buf, cap) : NULL;
            if (!grown)
                break;
            buf = grown;
        }
        ssize_t n = read(0, buf + len, cap - len);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    *in = (rs_image){ .data = buf, .size = len, .owned = buf != NULL };
    return 1;
}

int rs_cli_serial_input(const char *command, const char *path, rs_image *in)
{
    *in = (rs_image){ 0 };
    if (path) {
        char msg[256] = "";
        rs_err err = rs_image_read_file(path, in, msg, sizeof msg);
        if (err) {
            fprintf(stderr, "ringscope %s: cannot read --serial-in %s\n", command, *msg ? msg : rs_strerror(err));
            return 0;
        }
        return 1;
    }
    /* Standard input only when it is a pipe or a regular file that has something (or its end)
     * ready now: an idle pipe left open by a harness, /dev/null or a terminal give no input. */
    struct stat st;
    struct pollfd p = { .fd = 0, .events = POLLIN };
    if (fstat(0, &st) != 0 || !(S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode)) || poll(&p, 1, 0) <= 0)
        return 1;
    return read_stdin(in);
}
