/* See cli_output.h. */
#include "cli_output.h"
#include <errno.h>
#include <string.h>

int rs_cli_output_open(rs_cli_output *o, const char *command, const char *path, FILE *fallback,
                       const char *fallback_name)
{
    memset(o, 0, sizeof *o);
    if (!path) {
        o->f = fallback;
        o->name = fallback_name;
        return 0;
    }
    o->name = path;
    o->f = fopen(path, "wb");
    if (!o->f) {
        if (errno != EINTR)
            fprintf(stderr, "ringscope %s: cannot write %s: %s\n", command, path, strerror(errno));
        return -1;
    }
    o->owned = 1;
    return 0;
}

static void failed(rs_cli_output *o)
{
    if (o->err)
        return;
    o->err = errno ? errno : EIO;
    if (o->machine)
        rs_machine_interrupt(o->machine);
}

void rs_cli_output_sink(void *opaque, uint8_t byte)
{
    rs_cli_output *o = opaque;
    if (o->err)
        return;
    errno = 0;
    if (fputc(byte, o->f) == EOF || (byte == '\n' && o->f == stdout && fflush(o->f) == EOF))
        failed(o);
}

int rs_cli_output_line(rs_cli_output *o, const char *line, int force)
{
    if (o->err)
        return -1;
    size_t n = strlen(line) + 1;
    if (o->cap && o->written + n > o->cap && !force) {
        if (!o->capped && o->machine)
            rs_machine_interrupt(o->machine);
        o->capped = 1;
        return -1;
    }
    errno = 0;
    if (fputs(line, o->f) == EOF || fputc('\n', o->f) == EOF) {
        failed(o);
        return -1;
    }
    o->written += n;
    return 0;
}

int rs_cli_output_close(rs_cli_output *o)
{
    if (!o->f)
        return o->err;
    errno = 0;
    if (fflush(o->f) == EOF || ferror(o->f))
        failed(o);
    if (o->owned) {
        errno = 0;
        if (fclose(o->f) == EOF)
            failed(o);
    }
    o->f = NULL;
    return o->err;
}

void rs_cli_output_report(const rs_cli_output *o)
{
    fprintf(stderr, "ringscope: cannot write %s: %s\n", o->name, strerror(o->err));
}
