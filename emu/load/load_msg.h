/* The loaders' one-line failure messages: "which segment, which address" into a caller's buffer. */
#ifndef RS_LOAD_MSG_H
#define RS_LOAD_MSG_H
#include <stddef.h>
#include "error.h"

/* Formats into MSG (MSG_LEN bytes; nothing when 0) and returns ERR. Cannot fail. */
__attribute__((format(printf, 4, 5)))
rs_err rs_load_fail(char *msg, size_t msg_len, rs_err err, const char *fmt, ...);

#endif
