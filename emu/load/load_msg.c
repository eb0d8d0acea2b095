/* See load_msg.h. */
#include "load_msg.h"
#include <stdarg.h>
#include <stdio.h>

rs_err rs_load_fail(char *msg, size_t msg_len, rs_err err, const char *fmt, ...)
{
    if (msg && msg_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, msg_len, fmt, ap);
        va_end(ap);
    }
    return err;
}
