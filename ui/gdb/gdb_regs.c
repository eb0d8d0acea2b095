/* See gdb_regs.h. */
#include <string.h>
#include "gdb_regs.h"

/* gdb's register numbers (its i386 core order; the system feature follows). */
enum {
    R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI, R_EIP, R_EFLAGS,
    R_CS, R_SS, R_DS, R_ES, R_FS, R_GS,
    R_ST0, R_FCTRL = R_ST0 + 8, R_FOP = R_FCTRL + 7,
    R_CR0, R_CR2, R_CR3, R_CR4, R_GDTR_BASE, R_GDTR_LIMIT, R_IDTR_BASE, R_IDTR_LIMIT,
    R_TR, R_TSS_BASE, R_TSS_ESP0, R_TSS_SS0, R_CPL, R_CS_DPL, R_GS_DPL = R_CS_DPL + 5,
    R_COUNT
};

#define CORE(n, t, g) { n, 32, t, g, 0 }
#define ST(n) { n, 80, "i387_ext", NULL, 0 }
#define SYS(n, t) { n, 32, t, "system", 1 }

static const gdb_reg_info regs[R_COUNT] = {
    CORE("eax", "int32", NULL), CORE("ecx", "int32", NULL), CORE("edx", "int32", NULL),
    CORE("ebx", "int32", NULL), CORE("esp", "data_ptr", NULL), CORE("ebp", "data_ptr", NULL),
    CORE("esi", "int32", NULL), CORE("edi", "int32", NULL), CORE("eip", "code_ptr", NULL),
    CORE("eflags", "i386_eflags", NULL),
    CORE("cs", "int32", NULL), CORE("ss", "int32", NULL), CORE("ds", "int32", NULL),
    CORE("es", "int32", NULL), CORE("fs", "int32", NULL), CORE("gs", "int32", NULL),
    ST("st0"), ST("st1"), ST("st2"), ST("st3"), ST("st4"), ST("st5"), ST("st6"), ST("st7"),
    CORE("fctrl", "int", "float"), CORE("fstat", "int", "float"), CORE("ftag", "int", "float"),
    CORE("fiseg", "int", "float"), CORE("fioff", "int", "float"), CORE("foseg", "int", "float"),
    CORE("fooff", "int", "float"), CORE("fop", "int", "float"),
    SYS("cr0", "i386_cr0"), SYS("cr2", "data_ptr"), SYS("cr3", "uint32"), SYS("cr4", "i386_cr4"),
    SYS("gdtr_base", "data_ptr"), SYS("gdtr_limit", "uint32"),
    SYS("idtr_base", "data_ptr"), SYS("idtr_limit", "uint32"),
    SYS("tr", "uint32"), SYS("tss_base", "data_ptr"), SYS("tss_esp0", "data_ptr"), SYS("tss_ss0", "uint32"),
    SYS("cpl", "uint32"),
    SYS("cs_dpl", "uint32"), SYS("ss_dpl", "uint32"), SYS("ds_dpl", "uint32"),
    SYS("es_dpl", "uint32"), SYS("fs_dpl", "uint32"), SYS("gs_dpl", "uint32"),
};

/* gdb's segment order (cs ss ds es fs gs) in rs_regs.seg[] (ES CS SS DS FS GS). */
static const int seg_index[6] = { RS_SREG_CS, RS_SREG_SS, RS_SREG_DS, RS_SREG_ES, RS_SREG_FS, RS_SREG_GS };

/* rs_machine_set_reg's names for the registers it can write; NULL for the others. */
static const char *writable_name(int regno)
{
    static const char *const names[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip", "eflags" };
    return regno >= R_EAX && regno <= R_EFLAGS ? names[regno] : NULL;
}

int gdb_reg_count(void) { return R_COUNT; }

const gdb_reg_info *gdb_reg(int regno) { return regno >= 0 && regno < R_COUNT ? &regs[regno] : NULL; }

size_t gdb_regs_total_bytes(void)
{
    size_t n = 0;
    for (int i = 0; i < R_COUNT; i++)
        n += (size_t)regs[i].bits / 8;
    return n;
}

static uint32_t system_value(const rs_regs *r, int regno)
{
    switch (regno) {
    case R_CR0: return r->cr0;
    case R_CR2: return r->cr2;
    case R_CR3: return r->cr3;
    case R_CR4: return r->cr4;
    case R_GDTR_BASE: return r->gdtr_base;
    case R_GDTR_LIMIT: return r->gdtr_limit;
    case R_IDTR_BASE: return r->idtr_base;
    case R_IDTR_LIMIT: return r->idtr_limit;
    case R_TR: return r->tr;
    case R_TSS_BASE: return r->tss_base;
    case R_TSS_ESP0: return r->tss_esp0;
    case R_TSS_SS0: return r->tss_ss0;
    case R_CPL: return (uint32_t)r->cpl;
    default: return (uint32_t)r->seg[seg_index[regno - R_CS_DPL]].dpl;
    }
}

static uint32_t value32(const rs_regs *r, int regno)
{
    if (regno <= R_EDI)
        return r->gpr[regno];
    if (regno == R_EIP)
        return r->eip;
    if (regno == R_EFLAGS)
        return r->eflags;
    if (regno <= R_GS)
        return r->seg[seg_index[regno - R_CS]].selector;
    if (regno <= R_FOP)
        return 0;       /* the x87 registers: not shown by the core yet */
    return system_value(r, regno);
}

void gdb_reg_value(const rs_regs *r, int regno, uint8_t *out)
{
    if (regs[regno].bits != 32) {
        memset(out, 0, (size_t)regs[regno].bits / 8);
        return;
    }
    uint32_t v = value32(r, regno);
    for (int i = 0; i < 4; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

int gdb_reg_write(rs_machine *m, const rs_regs *now, int regno, const uint8_t *value)
{
    uint8_t current[GDB_MAX_REG_BYTES];
    size_t n = (size_t)regs[regno].bits / 8;
    gdb_reg_value(now, regno, current);
    if (!memcmp(current, value, n))
        return 1;
    const char *name = writable_name(regno);
    if (!name)
        return 0;
    uint32_t v = (uint32_t)value[0] | (uint32_t)value[1] << 8 | (uint32_t)value[2] << 16 | (uint32_t)value[3] << 24;
    return rs_machine_set_reg(m, name, v) == RS_OK;
}
