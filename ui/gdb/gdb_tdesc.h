/* The target description the gdb stub serves as qXfer:features:read:target.xml: gdb's i386 core
 * feature and ringscope's system registers (gdb_regs.h), so that `info registers cr3` and
 * `info registers system` work. */
#ifndef RS_GDB_TDESC_H
#define RS_GDB_TDESC_H
#include <stddef.h>

#define GDB_TDESC_MAX 8192     /* the document is about 5 KiB */

/* Writes the whole XML document to BUF like snprintf (at most LEN bytes with the NUL) and returns
 * its length. Cannot fail. */
size_t gdb_tdesc_build(char *buf, size_t len);

#endif
