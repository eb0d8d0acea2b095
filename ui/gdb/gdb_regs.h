/* The registers the gdb stub shows, in the order of its target description (gdb_tdesc.c) and of
 * the g/G packets: gdb's i386 core feature (the general registers, EIP, EFLAGS, the segment
 * selectors, then the x87 registers gdb's i386 support requires), then ringscope's system
 * feature (CR0-CR4, GDTR/IDTR, TR and the TSS, CPL, the cached DPL of every segment).
 *
 * Values come from an rs_regs snapshot (regs.h); writes go through rs_machine_set_reg, which takes
 * the general registers, EIP and EFLAGS. The x87 registers are placeholders: the core does not
 * show them yet, so they read as 0. A write of any other register is refused unless it writes
 * the value it already has (so a G packet that changes only EAX works). */
#ifndef RS_GDB_REGS_H
#define RS_GDB_REGS_H
#include <stddef.h>
#include <stdint.h>
#include "machine.h"

typedef struct gdb_reg_info {
    const char *name;
    int bits;             /* 32, or 80 for st0-st7 */
    const char *type;     /* a gdb type name or a flags type of gdb_tdesc.c */
    const char *group;    /* "general", "float", "system" ... or NULL */
    int system;           /* 1: in ringscope's system feature, 0: in org.gnu.gdb.i386.core */
} gdb_reg_info;

#define GDB_MAX_REG_BYTES 10

int gdb_reg_count(void);
const gdb_reg_info *gdb_reg(int regno);      /* NULL when out of range */
size_t gdb_regs_total_bytes(void);           /* the g packet's size in bytes */

/* The register's bytes, little-endian as gdb wants them, bits / 8 of them. Cannot fail for a
 * regno below gdb_reg_count(). */
void gdb_reg_value(const rs_regs *r, int regno, uint8_t *out);

/* Writes VALUE (bits / 8 bytes) to REGNO. Returns 1, or 0 when the register cannot be written
 * (and VALUE differs from NOW's value) or the machine refused. */
int gdb_reg_write(rs_machine *m, const rs_regs *now, int regno, const uint8_t *value);

#endif
