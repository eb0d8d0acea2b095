/* Segmentation, set up once and then left alone: every segment is flat (base 0, limit 4 GiB), so
 * protection comes from privilege levels and paging only. Selectors:
 *   0x08 kernel code (DPL 0)   0x10 kernel data (DPL 0)
 *   0x1B user code (DPL 3)     0x23 user data (DPL 3)     0x28 TSS */
#include "seg.h"
#include "mmu.h"
#include "x86.h"

struct __attribute__((packed)) segment_descriptor {
    uint16_t limit_low;
    uint16_t base_low;
    uint8_t base_mid;
    uint8_t access;        /* present | DPL | type */
    uint8_t flags_limit;   /* granularity, size, limit bits 16..19 */
    uint8_t base_high;
};

/* The 32-bit TSS (SDM 7.2.1). Only ss0/esp0 and iomap_base matter here. */
struct __attribute__((packed)) tss {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap;
    uint16_t iomap_base;
};

static struct segment_descriptor gdt[NSEGS];
static struct tss tss;

#define ACCESS_PRESENT 0x80
#define ACCESS_CODE_OR_DATA 0x10
#define TYPE_CODE_READ 0xA
#define TYPE_DATA_WRITE 0x2
#define TYPE_TSS32_AVAILABLE 0x9
#define FLAGS_4K_32BIT 0xC0

static struct segment_descriptor make_segment(uint32_t base, uint32_t limit, uint8_t access,
                                              uint8_t flags)
{
    struct segment_descriptor d = {
        .limit_low = (uint16_t)(limit & 0xFFFF),
        .base_low = (uint16_t)(base & 0xFFFF),
        .base_mid = (uint8_t)((base >> 16) & 0xFF),
        .access = access,
        .flags_limit = (uint8_t)(flags | ((limit >> 16) & 0xF)),
        .base_high = (uint8_t)(base >> 24),
    };
    return d;
}

static struct segment_descriptor flat_segment(uint8_t type, int dpl)
{
    uint8_t access = (uint8_t)(ACCESS_PRESENT | (dpl << 5) | ACCESS_CODE_OR_DATA | type);
    return make_segment(0, 0xFFFFF, access, FLAGS_4K_32BIT);
}

void seg_init(void)
{
    gdt[SEG_KCODE] = flat_segment(TYPE_CODE_READ, 0);
    gdt[SEG_KDATA] = flat_segment(TYPE_DATA_WRITE, 0);
    gdt[SEG_UCODE] = flat_segment(TYPE_CODE_READ, DPL_USER);
    gdt[SEG_UDATA] = flat_segment(TYPE_DATA_WRITE, DPL_USER);

    tss.ss0 = SELECTOR(SEG_KDATA, 0);
    /* An I/O map base beyond the TSS limit means "no I/O permission bitmap": with IOPL 0, every
     * in/out from ring 3 is a #GP. */
    tss.iomap_base = sizeof tss;
    gdt[SEG_TSS] = make_segment((uint32_t)&tss, sizeof tss - 1,
                                ACCESS_PRESENT | TYPE_TSS32_AVAILABLE, 0);

    lgdt(gdt, sizeof gdt);
    /* Reload every segment register so none keeps a descriptor cached from the loader's GDT. */
    __asm__ volatile("movw %w0, %%ds\n\tmovw %w0, %%es\n\tmovw %w0, %%ss\n\t"
                     "movw %w0, %%fs\n\tmovw %w0, %%gs\n\t"
                     "ljmp %1, $1f\n1:"
                     : : "r"(SELECTOR(SEG_KDATA, 0)), "i"(SELECTOR(SEG_KCODE, 0)));
    ltr(SELECTOR(SEG_TSS, 0));
}

void seg_set_kernel_stack(uint32_t esp0)
{
    tss.esp0 = esp0;
}
