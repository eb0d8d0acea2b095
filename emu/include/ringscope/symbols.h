/* Symbols: names for addresses, by address space, for every front end (`<kmain+35>` in
 * disassembly, `break kmain`, `x main`, event lines, hover text).
 *
 * A table holds symbols from SOURCES. A source is one image: the kernel (its ELF symbol table),
 * a Multiboot module or program (its own), or later a Linux System.map. A source is either
 *   - global: its addresses mean the same in every address space (a kernel's), or
 *   - per address space: a user program, linked at 0x08048000 like all the others, whose names
 *     are right only in the address spaces that map it. It carries a fingerprint (bytes of its
 *     code as the file has them) and rs_symtab_spaces says which sources an address space maps.
 * Lookups take a SPACES mask (bit i: source i is mapped there; global sources always count).
 *
 * Ownership: a table owns copies of every name; rs_symtab_destroy frees it. Lookups never
 * change the table, so one filled table may be read from several threads at once. Adding
 * symbols is not thread-safe. Fails only as each call says. */
#ifndef RS_SYMBOLS_H
#define RS_SYMBOLS_H
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "image.h"

typedef struct rs_symtab rs_symtab;

#define RS_SYMTAB_MAX_SOURCES 64    /* bits of a spaces mask */
#define RS_SYMTAB_ALL_SPACES (~(uint64_t)0)

typedef struct rs_symbol {
    const char *name;       /* owned by the table */
    uint32_t address;
    uint32_t size;          /* 0: unknown (up to the next symbol of its source) */
    int source;
} rs_symbol;

/* Fails: RS_ERR_NOMEM. */
rs_err rs_symtab_create(rs_symtab **out);
void rs_symtab_destroy(rs_symtab *t);    /* accepts NULL */

/* A new source named NAME ("kernel.elf", "hello.elf", "System.map"), empty. GLOBAL: see above.
 * Returns its index in *SOURCE. Fails: RS_ERR_TOO_BIG (RS_SYMTAB_MAX_SOURCES), RS_ERR_NOMEM. */
rs_err rs_symtab_add_source(rs_symtab *t, const char *name, int global, int *source);

/* One symbol of SOURCE. Fails: RS_ERR_ARG (no such source, empty name), RS_ERR_NOMEM. */
rs_err rs_symtab_add(rs_symtab *t, int source, const char *name, uint32_t address, uint32_t size);

/* What a per-address-space source is recognised by: LEN bytes (copied, at most 4096) that sit at
 * linear ADDRESS wherever the source is mapped, and the range [LO, HI) its symbols cover.
 * Fails: RS_ERR_ARG, RS_ERR_NOMEM. */
rs_err rs_symtab_set_fingerprint(rs_symtab *t, int source, uint32_t address, const uint8_t *bytes,
                                 uint32_t len, uint32_t lo, uint32_t hi);

/* A new source from an ELF32 file's SHT_SYMTAB (System V ABI "Symbol Table"): every function,
 * object and untyped label defined in a section (not absolute values like KERNBASE, not file or
 * section names). A per-address-space source is fingerprinted with its first executable
 * segment. An ELF without a symbol table gives an empty source. Fails: RS_ERR_BAD_IMAGE (not an
 * ELF32 the loader accepts, a symbol table outside the file), RS_ERR_TOO_BIG, RS_ERR_NOMEM. */
rs_err rs_symtab_add_elf(rs_symtab *t, const char *name, int global, const uint8_t *data, size_t size,
                         int *source);

/* A new global source from Linux's System.map text ("c1000000 T _text" a line: address, type
 * letter, name). Absolute symbols (type a/A) and lines that do not parse are skipped. Fails:
 * RS_ERR_TOO_BIG, RS_ERR_NOMEM. */
rs_err rs_symtab_add_system_map(rs_symtab *t, const char *name, const char *text, size_t len, int *source);

/* The sources of a booted machine, in this order: KERNEL (global), then each module (per address
 * space), each named by its command line's first word without the directory ("hello.elf").
 * Images that are not ELF, or whose symbol table is malformed, get no source. So the machine
 * (machine.h) and a front end that loads the same images have the same source numbers. Fails:
 * RS_ERR_NOMEM, RS_ERR_TOO_BIG (more than RS_SYMTAB_MAX_SOURCES images). */
rs_err rs_symtab_add_images(rs_symtab *t, const rs_image *kernel, const rs_image *modules, size_t n_modules);

/* Whether SOURCE's segments (ELF PT_LOAD; none known: never) overlap [LO, HI] (inclusive), and
 * whether it is global. */
int rs_symtab_source_overlaps(const rs_symtab *t, int source, uint32_t lo, uint32_t hi);
int rs_symtab_source_global(const rs_symtab *t, int source);

int rs_symtab_sources(const rs_symtab *t);
const char *rs_symtab_source_name(const rs_symtab *t, int source);
size_t rs_symtab_count(const rs_symtab *t);   /* symbols in all sources */

/* Which per-address-space sources an address space maps: READ copies LEN bytes at linear
 * ADDRESS as that space maps them and returns how many it could (0 when not mapped). Bit i set
 * when source i's fingerprint is there (global sources' bits are set too). */
typedef uint32_t (*rs_symtab_reader)(void *opaque, uint32_t address, void *dst, uint32_t len);
uint64_t rs_symtab_spaces(const rs_symtab *t, rs_symtab_reader read, void *opaque);

/* The symbol ADDRESS is in, among the sources in SPACES: the nearest at or below it whose size
 * covers it (or, size 0, before the next symbol of its source and inside its source's range).
 * Per-address-space sources win over global ones at the same place. Returns 1 and fills *OUT,
 * or 0. */
int rs_symtab_lookup(const rs_symtab *t, uint32_t address, uint64_t spaces, rs_symbol *out);

/* The symbol named NAME, preferring sources in SPACES ("hello.elf:main" names the source).
 * Returns 1 and fills *OUT, or 0. */
int rs_symtab_find(const rs_symtab *t, const char *name, uint64_t spaces, rs_symbol *out);

/* "kmain+35" (decimal, as gdb writes it; "kmain" at its start) like snprintf; "" and 0 when
 * nothing is known. */
int rs_symtab_format(const rs_symtab *t, uint32_t address, uint64_t spaces, char *buf, size_t len);

#endif
