/* The machine's symbol table (machine.h, symbols.h): built at boot from the kernel's and the
 * modules' ELF files, and asked by address space. */
#include <stdio.h>
#include <string.h>
#include "machine_priv.h"

rs_err rs_machine_symbols_load(rs_machine *m, const rs_image *kernel, const rs_image *modules, size_t n_modules)
{
    rs_err err = rs_symtab_create(&m->symbols);
    if (!err)
        err = rs_symtab_add_images(m->symbols, kernel, modules, n_modules);
    return err == RS_ERR_TOO_BIG ? RS_OK : err;   /* the first 64 images have names */
}

rs_symtab *rs_machine_symbols(rs_machine *m)
{
    return m->symbols;
}

typedef struct space_reader {
    rs_machine *m;
    rs_paging pg;
} space_reader;

static uint32_t read_space(void *opaque, uint32_t address, void *dst, uint32_t len)
{
    space_reader *r = opaque;
    uint8_t *out = dst;
    uint32_t done = 0;
    while (done < len) {
        rs_walk w;
        if (!rs_mmu_walk(&r->m->pm, r->pg, address + done, RS_ACC_READ, 0, 0, &w))
            break;
        uint32_t chunk = 4096 - ((address + done) & 4095);
        chunk = chunk < len - done ? chunk : len - done;
        if (!rs_phys_in_ram(&r->m->pm, w.phys, chunk))
            break;
        memcpy(out + done, r->m->pm.ram + w.phys, chunk);
        done += chunk;
    }
    return done;
}

uint64_t rs_machine_symbol_spaces(rs_machine *m, uint32_t cr3)
{
    if (!m->symbols)
        return 0;
    space_reader r = { m, rs_machine_paging(m) };
    if (cr3)
        r.pg.cr3 = cr3;
    return rs_symtab_spaces(m->symbols, read_space, &r);
}

int rs_machine_symbolize(rs_machine *m, uint32_t address, int lead, char *buf, size_t len)
{
    char name[160];
    if (!m->symbols || !rs_symtab_format(m->symbols, address, rs_machine_symbol_spaces(m, 0), name, sizeof name)) {
        if (len)
            buf[0] = '\0';
        return 0;
    }
    return snprintf(buf, len, "%s<%s>", lead ? " " : "", name);
}
