/* See desc_text.h. Descriptor fields by the SDM's figures (Vol. 3, 3-8 segment descriptor, 6-2 IDT
 * gate descriptors, 7-2 the 32-bit TSS); the checks `int n` makes by 6.12.1.1 and 6.12.1. */
#include <string.h>
#include "desc_text.h"
#include "regs.h"

#define MAX_TABLE 65536u

typedef struct desc {
    uint32_t lo, hi;
} desc;

static uint32_t d_base(desc d) { return (d.lo >> 16) | ((d.hi & 0xffu) << 16) | (d.hi & 0xff000000u); }
static uint32_t d_limit(desc d)
{
    uint32_t l = (d.lo & 0xffffu) | (d.hi & 0x000f0000u);
    return (d.hi & (1u << 23)) ? (l << 12) | 0xfffu : l;
}
static int d_dpl(desc d) { return (int)((d.hi >> 13) & 3); }
static int d_type(desc d) { return (int)((d.hi >> 8) & 0xf); }
static int d_present(desc d) { return (d.hi >> 15) & 1; }
static int d_system(desc d) { return !((d.hi >> 12) & 1); }
static uint16_t g_selector(desc d) { return (uint16_t)(d.lo >> 16); }
static uint32_t g_offset(desc d) { return (d.lo & 0xffffu) | (d.hi & 0xffff0000u); }

/* Reads a table of LIMIT+1 bytes at BASE; returns the bytes read (a page that is not mapped ends
 * it). BUF holds MAX_TABLE bytes. */
static uint32_t read_table(rs_machine *m, uint32_t base, uint32_t limit, uint8_t *buf)
{
    uint32_t len = limit + 1 > MAX_TABLE ? MAX_TABLE : limit + 1;
    return rs_machine_read_linear(m, base, buf, len, NULL);
}

static desc entry(const uint8_t *t, uint32_t index)
{
    desc d;
    memcpy(&d.lo, t + index * 8, 4);
    memcpy(&d.hi, t + index * 8 + 4, 4);
    return d;
}

/* System descriptor and gate types (SDM Table 3-2, 32-bit mode). */
static const char *system_type(int type)
{
    static const char *const names[16] = {
        [1] = "TSS 16-bit available", [2] = "LDT", [3] = "TSS 16-bit busy", [4] = "call gate 16-bit",
        [5] = "task gate", [6] = "interrupt gate 16-bit", [7] = "trap gate 16-bit",
        [9] = "TSS 32-bit available", [11] = "TSS 32-bit busy", [12] = "call gate 32-bit",
        [14] = "interrupt gate 32-bit", [15] = "trap gate 32-bit",
    };
    return names[type] ? names[type] : "reserved type";
}

/* "code 32-bit DPL 0, base 0x00000000 limit 0xffffffff, execute/read, accessed". */
static void segment_words(FILE *out, desc d)
{
    int type = d_type(d);
    if (d_system(d)) {
        fprintf(out, "%s DPL %d", system_type(type), d_dpl(d));
        if (type == 4 || type == 12)
            fprintf(out, " -> 0x%04x:0x%08x, %u parameters", g_selector(d), g_offset(d), (unsigned)(d.hi & 31));
        else if (type == 5)
            fprintf(out, " -> TSS selector 0x%04x", g_selector(d));
        else if (type == 1 || type == 2 || type == 3 || type == 9 || type == 11)
            fprintf(out, ", base 0x%08x limit 0x%08x", d_base(d), d_limit(d));
        return;
    }
    int code = type & 8, bits32 = (d.hi >> 22) & 1;
    fprintf(out, "%s %d-bit DPL %d, base 0x%08x limit 0x%08x, ", code ? "code" : "data", bits32 ? 32 : 16,
            d_dpl(d), d_base(d), d_limit(d));
    if (code)
        fprintf(out, "%s%s", (type & 2) ? "execute/read" : "execute-only", (type & 4) ? ", conforming" : "");
    else
        fprintf(out, "%s%s", (type & 2) ? "read/write" : "read-only", (type & 4) ? ", expand-down" : "");
    if (type & 1)
        fprintf(out, ", accessed");
}

static void descriptor_table(FILE *out, rs_machine *m, const char *name, uint32_t base, uint32_t limit, int ti)
{
    static uint8_t t[MAX_TABLE];
    uint32_t n = read_table(m, base, limit, t);
    fprintf(out, "%s at 0x%08x, limit 0x%x: %u descriptors\n", name, base, limit, (limit + 1) / 8);
    if (n < limit + 1 && n < MAX_TABLE)
        fprintf(out, "  (only the first %u bytes are mapped: the rest cannot be read)\n", n);
    for (uint32_t i = 0; i < n / 8; i++) {
        desc d = entry(t, i);
        fprintf(out, "  [%u] sel 0x%04x  %08x %08x  ", i, i * 8 | (ti ? 4u : 0u), d.hi, d.lo);
        if (!d.lo && !d.hi) {
            fprintf(out, "%s\n", i == 0 && !ti ? "null descriptor (loading selector 0 is allowed, using it is not)" : "empty");
            continue;
        }
        if (!d_present(d))
            fprintf(out, "not present: ");
        segment_words(out, d);
        fputc('\n', out);
    }
}

void desc_text_gdt(FILE *out, rs_machine *m)
{
    rs_regs r;
    rs_machine_regs(m, &r);
    if (!(r.cr0 & 1)) {
        fprintf(out, "real mode (CR0.PE=0): segments are selector * 16, no descriptors are used\n");
        return;
    }
    descriptor_table(out, m, "GDT", r.gdtr_base, r.gdtr_limit, 0);
}

void desc_text_ldt(FILE *out, rs_machine *m)
{
    rs_regs r;
    rs_machine_regs(m, &r);
    if ((r.ldtr & ~3u) == 0) {
        fprintf(out, "no LDT: LDTR holds the null selector, so selectors with TI=1 raise #GP\n");
        return;
    }
    char name[32];
    snprintf(name, sizeof name, "LDT (LDTR 0x%04x)", r.ldtr);
    descriptor_table(out, m, name, r.ldtr_base, r.ldtr_limit, 1);
}

/* ---- IDT ---- */

/* What `int n` (n = VECTOR) at CPL 3 does with gate D, by the order of SDM 6.12.1.1 and 6.12.1:
 * the gate's type, its DPL against CPL (software interrupts only), present, then the target
 * code segment's DPL, which decides whether the stack switches. GDT is the GDT's bytes. */
static void ring3_int_words(FILE *out, desc d, int vector, int range, const uint8_t *gdt, uint32_t gdt_n)
{
    int type = d_type(d);
    char code[16];
    snprintf(code, sizeof code, range ? "n*8+2" : "0x%x", vector * 8 + 2);
    int gate = type == 5 || type == 6 || type == 7 || type == 14 || type == 15;
    if (!gate || !d_system(d)) {
        fprintf(out, "#GP(%s): not a gate", code);
        return;
    }
    if (type == 5) {
        fprintf(out, "task switch (ringscope stops: task gates are not modelled)");
        return;
    }
    if (d_dpl(d) < 3) {
        fprintf(out, "#GP(%s): gate DPL %d < CPL 3", code, d_dpl(d));
        return;
    }
    if (!d_present(d)) {
        fprintf(out, "#NP(%s): gate not present", code);
        return;
    }
    uint16_t sel = g_selector(d);
    if ((sel & ~3u) == 0 || (sel & 4) || (uint32_t)(sel >> 3) * 8 + 8 > gdt_n) {
        fprintf(out, "#GP(0x%x): selector 0x%04x %s", sel & ~3u, sel,
                (sel & ~3u) == 0 ? "is null" : (sel & 4) ? "is in the LDT (not read here)" : "is beyond the GDT limit");
        return;
    }
    desc cs = entry(gdt, sel >> 3);
    if (d_system(cs) || !(d_type(cs) & 8)) {
        fprintf(out, "#GP(0x%x): selector 0x%04x is not a code segment", sel & ~3u, sel);
        return;
    }
    if (!d_present(cs)) {
        fprintf(out, "#NP(0x%x): code segment not present", sel & ~3u);
        return;
    }
    const char *flags = (type & 1) ? "IF kept (trap gate)" : "IF cleared (interrupt gate)";
    int conforming = d_type(cs) & 4;
    int dpl = d_dpl(cs);
    if (conforming || dpl == 3)
        fprintf(out, "runs at ring 3, same stack, %s", flags);
    else
        fprintf(out, "enters ring %d, stack SS%d:ESP%d from the TSS, %s", dpl, dpl, dpl, flags);
}

static int same_gate(desc a, desc b)
{
    return (a.hi & 0xffffu) == (b.hi & 0xffffu) && g_selector(a) == g_selector(b) && (a.lo || a.hi);
}

static const char *const exception_names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "", "#TS", "#NP", "#SS", "#GP", "#PF", "",
    "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

void desc_text_idt(FILE *out, rs_machine *m)
{
    rs_regs r;
    rs_machine_regs(m, &r);
    if (!(r.cr0 & 1)) {
        fprintf(out, "real mode (CR0.PE=0): interrupts go through the IVT at 0x%08x (4 bytes a vector), not "
                     "an IDT\n", r.idtr_base);
        return;
    }
    static uint8_t idt[MAX_TABLE], gdt[MAX_TABLE];
    uint32_t n = read_table(m, r.idtr_base, r.idtr_limit, idt) / 8;
    uint32_t gdt_n = read_table(m, r.gdtr_base, r.gdtr_limit, gdt);
    n = n > 256 ? 256 : n;
    fprintf(out, "IDT at 0x%08x, limit 0x%x: %u gates (int n beyond them: #GP(n*8+2))\n", r.idtr_base,
            r.idtr_limit, (r.idtr_limit + 1) / 8 > 256 ? 256 : (r.idtr_limit + 1) / 8);
    fprintf(out, "  vec        type                   DPL  P  selector:offset      int n at CPL 3\n");
    for (uint32_t v = 0; v < n; v++) {
        desc d = entry(idt, v);
        if (!d.lo && !d.hi) {
            uint32_t last = v;
            while (last + 1 < n && !entry(idt, last + 1).lo && !entry(idt, last + 1).hi)
                last++;
            if (last > v)
                fprintf(out, "  0x%02x-0x%02x  empty (all zero): int n raises #GP(n*8+2), not a gate\n", v, last);
            else
                fprintf(out, "  0x%02x       empty (all zero): int 0x%x raises #GP(0x%x), not a gate\n", v, v, v * 8 + 2);
            v = last;
            continue;
        }
        /* Above the exceptions, a run of gates alike but for their handler (one stub each) is
         * one line. */
        uint32_t last = v;
        while (v >= 32 && last + 1 < n && same_gate(d, entry(idt, last + 1)))
            last++;
        if (last - v < 2)
            last = v;
        char name[16] = "";
        if (v < 32 && exception_names[v] && exception_names[v][0])
            snprintf(name, sizeof name, "%s", exception_names[v]);
        if (last > v)
            fprintf(out, "  0x%02x-0x%02x  %-22s %d    %d  0x%04x:(%u handlers) ", v, last, system_type(d_type(d)),
                    d_dpl(d), d_present(d), g_selector(d), last - v + 1);
        else
        {
            char sym[160];
            rs_machine_symbolize(m, g_offset(d), 1, sym, sizeof sym);
            fprintf(out, "  0x%02x %-4s  %-22s %d    %d  0x%04x:0x%08x%s  ", v, name, system_type(d_type(d)),
                    d_dpl(d), d_present(d), g_selector(d), g_offset(d), sym);
        }
        ring3_int_words(out, d, (int)v, last > v, gdt, gdt_n);
        fputc('\n', out);
        v = last;
    }
}

/* ---- TSS ---- */

void desc_text_tss(FILE *out, rs_machine *m)
{
    rs_regs r;
    rs_machine_regs(m, &r);
    if ((r.tr & ~3u) == 0) {
        fprintf(out, "no TSS: TR holds the null selector, so an interrupt from ring 3 has no ring-0 stack "
                     "(#TS)\n");
        return;
    }
    uint8_t t[104];
    uint32_t n = r.tss_limit + 1 < sizeof t ? r.tss_limit + 1 : (uint32_t)sizeof t;
    n = rs_machine_read_linear(m, r.tss_base, t, n, NULL);
    fprintf(out, "TSS (TR 0x%04x) at 0x%08x, limit 0x%x\n", r.tr, r.tss_base, r.tss_limit);
    if (n < 104) {
        fprintf(out, "  only %u bytes readable: a 32-bit TSS has 104 (SDM 7.2.1)\n", n);
        if (n < 28)
            return;
    }
    uint32_t w[26];
    memcpy(w, t, n / 4 * 4);
    for (int ring = 0; ring < 3; ring++)
        fprintf(out, "  ring %d stack  SS%d:ESP%d = 0x%04x:0x%08x%s\n", ring, ring, ring, (unsigned)(w[2 + 2 * ring] & 0xffff),
                w[1 + 2 * ring], ring == 0 ? "   (used when an interrupt or call gate enters ring 0)" : "");
    fprintf(out, "  CR3 0x%08x (used only by a task switch)\n", w[7]);
    if (n < 104)
        return;
    uint16_t iomap = (uint16_t)(w[25] >> 16);
    fprintf(out, "  I/O map base 0x%04x", iomap);
    if (iomap > r.tss_limit) {
        fprintf(out, ": beyond the limit, no bitmap: every port is denied at CPL > IOPL\n");
        return;
    }
    fprintf(out, "\n  I/O bitmap (Vol. 1 19.5.2): ports whose bit is 0 are allowed at CPL > IOPL:");
    static uint8_t bitmap[8192];
    uint32_t len = r.tss_limit - iomap + 1 < sizeof bitmap ? r.tss_limit - iomap + 1 : (uint32_t)sizeof bitmap;
    len = rs_machine_read_linear(m, r.tss_base + iomap, bitmap, len, NULL);
    int any = 0;
    for (uint32_t port = 0; port < len * 8; port++) {
        if (bitmap[port / 8] >> (port % 8) & 1)
            continue;
        uint32_t last = port;
        while (last + 1 < len * 8 && !(bitmap[(last + 1) / 8] >> ((last + 1) % 8) & 1))
            last++;
        fprintf(out, last > port ? " 0x%x-0x%x" : " 0x%x", port, last);
        any = 1;
        port = last;
    }
    fprintf(out, "%s\n", any ? "" : " none");
    if (len * 8 < 65536)
        fprintf(out, "  ports from 0x%x up lie beyond the bitmap: denied at CPL > IOPL\n", len * 8);
}

desc_text_fn desc_text_named(const char *what)
{
    if (!strcmp(what, "idt")) return desc_text_idt;
    if (!strcmp(what, "gdt")) return desc_text_gdt;
    if (!strcmp(what, "ldt")) return desc_text_ldt;
    if (!strcmp(what, "tss")) return desc_text_tss;
    return NULL;
}
