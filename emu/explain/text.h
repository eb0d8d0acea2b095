/* Building text snprintf-style: write what fits in a caller's buffer, count everything, so a
 * function can return the length the whole text needs (>= len: it was cut). Never writes past
 * LEN; the buffer is always terminated when LEN > 0. Nothing is owned. */
#ifndef RS_TEXT_H
#define RS_TEXT_H
#include <stdarg.h>
#include <stddef.h>

typedef struct rs_text {
    char *buf;
    size_t len, used;       /* used: the whole length so far, even past len */
} rs_text;

rs_text rs_text_begin(char *buf, size_t len);    /* BUF may be NULL when LEN is 0 */
__attribute__((format(printf, 2, 3)))
void rs_text_add(rs_text *t, const char *fmt, ...);
void rs_text_vadd(rs_text *t, const char *fmt, va_list ap);

#endif
