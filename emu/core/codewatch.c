/* See codewatch.h. */
#include "codewatch.h"
#include "elf32.h"

static void hook_cr3_load(uc_engine *uc, uint64_t address, uint32_t size, void *user_data)
{
    (void)size;
    rs_codewatch *cw = user_data;
    if (cw->resume_at == address) {
        cw->resume_at = ~0ull;
        return;
    }
    cw->flush_pending = 1;
    cw->resume_at = address;
    uc_emu_stop(uc);
}

int rs_codewatch_service(rs_codewatch *cw, uc_engine *uc)
{
    if (!cw->flush_pending)
        return 0;
    cw->flush_pending = 0;
    cw->flushes++;
    uc_ctl_flush_tb(uc);
    return 1;
}

static rs_err add_site(rs_codewatch *cw, uc_engine *uc, uint32_t address)
{
    if (cw->n_hooks >= RS_CODEWATCH_MAX_SITES)
        return RS_OK;
    if (uc_hook_add(uc, &cw->hooks[cw->n_hooks], UC_HOOK_CODE, (void *)hook_cr3_load, cw, address, address))
        return RS_ERR_ENGINE;
    cw->n_hooks++;
    return RS_OK;
}

/* MOV CR3, r32 is 0F 22 /r with mod = 11 and reg = 3: ModRM 0xD8..0xDF. */
static rs_err scan(rs_codewatch *cw, uc_engine *uc, const uint8_t *code, uint32_t len, uint32_t va,
                   uint32_t pa)
{
    rs_err err = RS_OK;
    for (uint32_t i = 0; i + 3 <= len && !err; i++) {
        if (code[i] != 0x0f || code[i + 1] != 0x22 || (code[i + 2] & 0xf8) != 0xd8)
            continue;
        err = add_site(cw, uc, va + i);
        if (!err && pa != va)
            err = add_site(cw, uc, pa + i);
    }
    return err;
}

rs_err rs_codewatch_install(rs_codewatch *cw, uc_engine *uc, const rs_image *kernel,
                            const uint8_t *ram, const rs_boot_state *boot)
{
    cw->resume_at = ~0ull;
    rs_elf32_header eh;
    if (!rs_elf32_has_magic(kernel->data, kernel->size) ||
        rs_elf32_read_header(kernel->data, kernel->size, &eh, NULL, 0) != RS_OK)
        return scan(cw, uc, ram + boot->kernel_low, boot->kernel_high - boot->kernel_low,
                    boot->kernel_low, boot->kernel_low);
    rs_err err = RS_OK;
    for (unsigned i = 0; i < eh.phnum && !err; i++) {
        rs_elf32_phdr ph;
        rs_elf32_read_phdr(kernel->data, &eh, i, &ph);
        if (ph.type == RS_ELF_PT_LOAD && (ph.flags & RS_ELF_PF_X) && (uint64_t)ph.offset + ph.filesz <= kernel->size)
            err = scan(cw, uc, kernel->data + ph.offset, ph.filesz, ph.vaddr, ph.paddr);
    }
    return err;
}
