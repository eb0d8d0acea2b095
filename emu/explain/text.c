/* See text.h. */
#include <stdio.h>
#include "text.h"

rs_text rs_text_begin(char *buf, size_t len)
{
    if (len)
        buf[0] = '\0';
    return (rs_text){ buf, len, 0 };
}

void rs_text_vadd(rs_text *t, const char *fmt, va_list ap)
{
    size_t room = t->used < t->len ? t->len - t->used : 0;
    int n = vsnprintf(room ? t->buf + t->used : NULL, room, fmt, ap);
    if (n > 0)
        t->used += (size_t)n;
}

void rs_text_add(rs_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rs_text_vadd(t, fmt, ap);
    va_end(ap);
}
