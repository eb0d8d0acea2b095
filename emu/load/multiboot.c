/* Multiboot v1 loader, laid out as QEMU 7.2 does it (hw/i386/multiboot.c plus the option ROM
 * pc-bios/optionrom/multiboot.S and SeaBIOS's e820 table), checked against qemu-system-i386
 * with guest/mbtest. Section numbers refer to the Multiboot Specification 0.6.96.
 *
 * Physical memory after a load (QEMU's layout):
 *
 *   0x9000   memory map, 6 entries of 24 bytes (3.3 "mmap_*"; the option ROM copies e820)
 *   0x9500   multiboot_info, 88 bytes (3.3); EBX points here
 *   low      the kernel: ELF PT_LOAD segments by p_paddr, or the a.out-kludge load range
 *   high     bss end; the next page boundary starts the "lists":
 *              module list (16 bytes per module), module command lines, the kernel command
 *              line, the boot loader name "qemu"
 *            then each module on its own page boundary, in order.
 *
 * Everything is validated before the first byte of RAM is written. */
#include "multiboot.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "e820.h"
#include "load_msg.h"
#include "elf32.h"

enum {
    MB_HEADER_MAGIC = 0x1BADB002,
    MB_SEARCH_LIMIT = 8192 - 48,  /* QEMU scans offsets i < 8144 of the first 8 KiB (3.1.1) */
    MB_FLAG_AOUT_KLUDGE = 1 << 16,  /* 3.1.2: header carries the load addresses */
    MB_AOUT_HEADER_SIZE = 32,       /* magic .. entry_addr (3.1.1) */
    MB_PAGE = 4096,
    MB_MODULE_ENTRY = 16,           /* mod_start, mod_end, string, reserved (3.3) */
    MB_MAX_LOAD_SEGMENTS = 64,      /* bounds the pairwise overlap checks */
    MB_MAX_MODULES = 1024,
    MB_MMAP_ADDR = 0x9000,          /* QEMU's ADDR_E820_MAP */
    MB_INFO_ADDR = 0x9500,          /* QEMU's ADDR_MBI */
    MB_INFO_SIZE = 88,              /* QEMU writes the structure up to vbe_interface_len */
    MB_MMAP_ENTRIES = RS_E820_ENTRIES,
    MB_MMAP_ENTRY = 24,             /* size field + base, length, type (3.3) */
    /* What QEMU sets in multiboot_info.flags (3.3): mem_*, boot_device, cmdline, mods,
     * mmap, boot_loader_name. Never syms, drives, config_table, apm_table or vbe_*. */
    MB_INFO_FLAGS = 1 << 0 | 1 << 1 | 1 << 2 | 1 << 3 | 1 << 6 | 1 << 9,
    MB_BOOT_DEVICE = (int)0x8000FFFF,  /* QEMU: BIOS drive 0x80, no partition */
    MB_MEM_LOWER_KIB = 639,         /* SeaBIOS INT 12h: 640 KiB less the 1 KiB EBDA */
};
#define MB_RAM_MIN (2ull << 20)
#define MB_RAM_LIMIT 0xE0000000ull  /* QEMU's PC splits RAM around the PCI hole from here */
static const char BOOT_LOADER_NAME[] = "qemu";

typedef struct mb_ctx {
    uint8_t *ram;
    uint64_t ram_size;
    char *msg;
    size_t msg_len;
} mb_ctx;

/* One piece of the kernel to place: file bytes [offset, offset + filesz) at paddr, followed by
 * zeros up to memsz. index is the ELF program header number (for messages). */
typedef struct mb_segment {
    unsigned index;
    uint32_t paddr, offset, filesz, memsz;
} mb_segment;

typedef struct mb_kernel {
    mb_segment seg[MB_MAX_LOAD_SEGMENTS];
    unsigned n_seg;
    uint64_t low, high;   /* the kernel's physical range (QEMU's mb_buf_phys, + kernel size) */
    uint32_t entry;
} mb_kernel;

/* Where the lists and modules go, as offsets from kernel.low (QEMU's mb_buf offsets). */
typedef struct mb_plan {
    uint64_t lists_off, cmdlines_off, name_off, lists_end_off, buf_end_off;
} mb_plan;

#define fail(c, err, ...) rs_load_fail((c)->msg, (c)->msg_len, err, __VA_ARGS__)

static uint64_t page_align(uint64_t x) { return (x + MB_PAGE - 1) & ~(uint64_t)(MB_PAGE - 1); }

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static const char *ram_text(uint64_t ram_size, char *buf, size_t len)
{
    if (ram_size % (1u << 20) == 0)
        snprintf(buf, len, "%" PRIu64 " MiB", ram_size >> 20);
    else
        snprintf(buf, len, "%" PRIu64 " bytes", ram_size);
    return buf;
}

/* ---- range checks: everything must land in RAM the memory map calls usable ---- */

/* Empty ranges overlap nothing. */
static int overlaps(uint64_t lo, uint64_t hi, uint64_t rlo, uint64_t rhi)
{
    return lo < hi && rlo < rhi && lo < rhi && rlo < hi;
}

/* [lo, hi) of WHAT (e.g. "segment 2") must lie in RAM and off the areas the boot structures use:
 * QEMU would load it there, but the information structure (0x9000) or the interrupt table the
 * option ROM relies on would be overwritten. The EBDA/VGA/BIOS area [0x9FC00, 0x100000) is
 * allowed: kernels linked at 1 MiB often put their ELF headers in a segment at 0xFF000, and QEMU
 * boots them. */
static rs_err check_range(const mb_ctx *c, const char *what, uint64_t lo, uint64_t hi)
{
    static const struct { uint64_t lo, hi; const char *name; } reserved[] = {
        { 0, 0x500, "the real-mode interrupt table and BIOS data" },
        { MB_MMAP_ADDR, MB_INFO_ADDR + MB_INFO_SIZE, "the Multiboot memory map and information" },
    };
    char ram[32];
    if (hi > 0x100000000ull)
        return fail(c, RS_ERR_IMAGE_RANGE, "%s [0x%08" PRIx64 ", 0x%09" PRIx64 ") wraps past 4 GiB",
                    what, lo, hi);
    if (hi > c->ram_size)
        return fail(c, RS_ERR_IMAGE_RANGE,
                    "%s [0x%08" PRIx64 ", 0x%08" PRIx64 ") lies outside RAM (%s)",
                    what, lo, hi, ram_text(c->ram_size, ram, sizeof ram));
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (overlaps(lo, hi, reserved[i].lo, reserved[i].hi))
            return fail(c, RS_ERR_IMAGE_RANGE,
                        "%s [0x%08" PRIx64 ", 0x%08" PRIx64 ") overlaps %s [0x%08" PRIx64
                        ", 0x%08" PRIx64 ")", what, lo, hi, reserved[i].name, reserved[i].lo,
                        reserved[i].hi);
    return RS_OK;
}

/* ---- the Multiboot header (3.1) ---- */

/* Finds the header as QEMU does: 4-byte aligned offsets below 8144, magic + flags + checksum
 * summing to 0; the first match wins. */
static rs_err find_header(const mb_ctx *c, const rs_image *k, size_t *offset, uint32_t *flags)
{
    long bad_checksum_at = -1;
    for (size_t i = 0; i < MB_SEARCH_LIMIT && i + 12 <= k->size; i += 4) {
        if (rs_le32(k->data + i) != MB_HEADER_MAGIC)
            continue;
        uint32_t f = rs_le32(k->data + i + 4);
        if ((uint32_t)(MB_HEADER_MAGIC + f + rs_le32(k->data + i + 8)) == 0) {
            *offset = i;
            *flags = f;
            return RS_OK;
        }
        if (bad_checksum_at < 0)
            bad_checksum_at = (long)i;
    }
    if (bad_checksum_at >= 0)
        return fail(c, RS_ERR_NO_MULTIBOOT,
                    "Multiboot magic at offset 0x%lx has a bad checksum (magic + flags + "
                    "checksum must be 0)", bad_checksum_at);
    return fail(c, RS_ERR_NO_MULTIBOOT,
                "no Multiboot header (magic 0x1BADB002, 4-byte aligned) in the first 8192 bytes");
}

/* ---- a.out kludge (3.1.3, flag bit 16): the header gives the addresses ---- */

typedef struct aout_fields {
    uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
} aout_fields;

/* Works out which file bytes load where, with QEMU's checks (in its order) plus one of ours:
 * the entry point must be among the loaded bytes. */
static rs_err aout_sizes(const mb_ctx *c, const rs_image *k, size_t hdr, const aout_fields *a,
                         uint32_t *text_offset, uint32_t *load_size, uint32_t *kernel_size)
{
    if (a->header_addr < a->load_addr)
        return fail(c, RS_ERR_BAD_IMAGE, "a.out kludge: header_addr 0x%08" PRIx32
                    " is below load_addr 0x%08" PRIx32, a->header_addr, a->load_addr);
    if (a->header_addr - a->load_addr > hdr)
        return fail(c, RS_ERR_BAD_IMAGE,
                    "a.out kludge: header_addr 0x%08" PRIx32 " - load_addr 0x%08"
                    PRIx32 " does not match the header's file offset 0x%zx (load_addr would be "
                    "before the file's first byte)", a->header_addr, a->load_addr, hdr);
    *text_offset = (uint32_t)(hdr - (a->header_addr - a->load_addr));
    if (a->load_end_addr && a->load_end_addr < a->load_addr)
        return fail(c, RS_ERR_BAD_IMAGE, "a.out kludge: load_end_addr 0x%08" PRIx32
                    " is below load_addr 0x%08" PRIx32, a->load_end_addr, a->load_addr);
    /* load_end_addr 0: the rest of the file (3.1.3). */
    uint64_t size = a->load_end_addr ? (uint64_t)a->load_end_addr - a->load_addr
                                     : (uint64_t)k->size - *text_offset;
    if (*text_offset + size > k->size)
        return fail(c, RS_ERR_BAD_IMAGE, "a.out kludge: load range [0x%08" PRIx32 ", 0x%08" PRIx64
                    ") needs file bytes up to 0x%" PRIx64 " but the file has %zu bytes",
                    a->load_addr, a->load_addr + size, *text_offset + size, k->size);
    if (a->load_addr + size > 0xFFFFFFFFull)
        return fail(c, RS_ERR_IMAGE_RANGE, "a.out kludge: kernel [0x%08" PRIx32 ", 0x%09" PRIx64
                    ") does not fit in the 32-bit address space", a->load_addr,
                    a->load_addr + size);
    *load_size = (uint32_t)size;
    /* bss_end_addr 0: no bss (3.1.3). */
    if (a->bss_end_addr && a->bss_end_addr < a->load_addr + size)
        return fail(c, RS_ERR_BAD_IMAGE, "a.out kludge: bss_end_addr 0x%08" PRIx32
                    " is below the end of the loaded bytes 0x%08" PRIx64, a->bss_end_addr,
                    a->load_addr + size);
    *kernel_size = a->bss_end_addr ? a->bss_end_addr - a->load_addr : *load_size;
    if (a->entry_addr < a->load_addr || a->entry_addr - a->load_addr >= *load_size)
        return fail(c, RS_ERR_BAD_IMAGE, "a.out kludge: entry_addr 0x%08" PRIx32
                    " is outside the loaded range [0x%08" PRIx32 ", 0x%08" PRIx64 ")",
                    a->entry_addr, a->load_addr, a->load_addr + size);
    return RS_OK;
}

static rs_err layout_aout(const mb_ctx *c, const rs_image *k, size_t hdr, mb_kernel *out)
{
    if (hdr + MB_AOUT_HEADER_SIZE > k->size)
        return fail(c, RS_ERR_BAD_IMAGE,
                    "Multiboot header at 0x%zx sets the a.out kludge (flag 16) "
                    "but its address fields end past the file (%zu bytes)", hdr, k->size);
    const uint8_t *h = k->data + hdr;
    aout_fields a = { rs_le32(h + 12), rs_le32(h + 16), rs_le32(h + 20), rs_le32(h + 24),
                      rs_le32(h + 28) };
    uint32_t text_offset = 0, load_size = 0, kernel_size = 0;
    rs_err err = aout_sizes(c, k, hdr, &a, &text_offset, &load_size, &kernel_size);
    if (err)
        return err;
    char ram[32];
    if (kernel_size > c->ram_size)
        return fail(c, RS_ERR_TOO_BIG,
                    "a.out kludge: kernel of 0x%08" PRIx32 " bytes is larger than RAM (%s)",
                    kernel_size, ram_text(c->ram_size, ram, sizeof ram));
    out->seg[0] = (mb_segment){ 0, a.load_addr, text_offset, load_size, kernel_size };
    out->n_seg = 1;
    out->low = a.load_addr;
    out->high = (uint64_t)a.load_addr + kernel_size;
    out->entry = a.entry_addr;
    return check_range(c, "kernel", out->low, out->high);
}

/* ---- ELF kernels (3.1.3 without flag 16): PT_LOAD segments by p_paddr, as QEMU's load_elf ---- */

static rs_err elf_collect_segment(const mb_ctx *c, const rs_image *k, unsigned i,
                                  const rs_elf32_phdr *ph, mb_kernel *out)
{
    char ram[32];
    if (ph->filesz > ph->memsz)
        return fail(c, RS_ERR_BAD_IMAGE, "segment %u: p_filesz 0x%" PRIx32 " > p_memsz 0x%" PRIx32,
                    i, ph->filesz, ph->memsz);
    if (ph->filesz && (uint64_t)ph->offset + ph->filesz > k->size)
        return fail(c, RS_ERR_BAD_IMAGE, "segment %u: file bytes [0x%08" PRIx32 ", 0x%09" PRIx64
                    ") lie outside the file (%zu bytes)", i, ph->offset,
                    (uint64_t)ph->offset + ph->filesz, k->size);
    if (ph->memsz > c->ram_size)
        return fail(c, RS_ERR_TOO_BIG,
                    "segment %u: p_memsz 0x%08" PRIx32 " is larger than RAM (%s)",
                    i, ph->memsz, ram_text(c->ram_size, ram, sizeof ram));
    if (out->n_seg == MB_MAX_LOAD_SEGMENTS)
        return fail(c, RS_ERR_TOO_BIG, "more than %d PT_LOAD segments", MB_MAX_LOAD_SEGMENTS);
    out->seg[out->n_seg++] = (mb_segment){ i, ph->paddr, ph->offset, ph->filesz, ph->memsz };
    return RS_OK;
}

/* QEMU's load_elf: a segment whose zero-filled tail would overlap another segment is taken to
 * be a ROM image relocated at run time, and only its file bytes are loaded. */
static void elf_trim_overlapping_bss(mb_kernel *kern)
{
    mb_segment orig[MB_MAX_LOAD_SEGMENTS];
    memcpy(orig, kern->seg, sizeof(mb_segment) * kern->n_seg);
    for (unsigned i = 0; i < kern->n_seg; i++) {
        uint64_t zero_lo = (uint64_t)orig[i].paddr + orig[i].filesz;
        uint64_t zero_hi = (uint64_t)orig[i].paddr + orig[i].memsz;
        if (zero_lo == zero_hi)
            continue;
        for (unsigned j = 0; j < kern->n_seg; j++) {
            /* QEMU's test, under which an empty segment inside the tail also counts. */
            uint64_t other_lo = orig[j].paddr, other_hi = other_lo + orig[j].memsz;
            if (j != i && !(other_lo >= zero_hi || zero_lo >= other_hi)) {
                kern->seg[i].memsz = kern->seg[i].filesz;
                break;
            }
        }
    }
}

/* Each non-empty segment must fit (check_range), and no two may overlap (QEMU refuses
 * overlapping ROM blobs at startup). */
static rs_err elf_check_segments(const mb_ctx *c, const mb_kernel *kern)
{
    char what[32];
    for (unsigned i = 0; i < kern->n_seg; i++) {
        const mb_segment *s = &kern->seg[i];
        if (!s->memsz)
            continue;
        snprintf(what, sizeof what, "segment %u", s->index);
        rs_err err = check_range(c, what, s->paddr, (uint64_t)s->paddr + s->memsz);
        if (err)
            return err;
        for (unsigned j = 0; j < i; j++) {
            const mb_segment *o = &kern->seg[j];
            if (o->memsz && overlaps(s->paddr, (uint64_t)s->paddr + s->memsz, o->paddr,
                                     (uint64_t)o->paddr + o->memsz))
                return fail(c, RS_ERR_IMAGE_RANGE, "segments %u [0x%08" PRIx32 ", 0x%08" PRIx64
                            ") and %u [0x%08" PRIx32 ", 0x%08" PRIx64 ") overlap", o->index,
                            o->paddr, (uint64_t)o->paddr + o->memsz, s->index, s->paddr,
                            (uint64_t)s->paddr + s->memsz);
        }
    }
    return RS_OK;
}

/* e_entry is virtual; QEMU converts it when it falls in the file bytes of an executable
 * segment whose p_vaddr differs from p_paddr (the last such segment wins). All in 32 bits. */
static uint32_t elf_entry(const uint8_t *data, const rs_elf32_header *h)
{
    uint32_t entry = h->entry;
    for (unsigned i = 0; i < h->phnum; i++) {
        rs_elf32_phdr ph;
        rs_elf32_read_phdr(data, h, i, &ph);
        if (ph.type == RS_ELF_PT_LOAD && ph.vaddr != ph.paddr && h->entry >= ph.vaddr &&
            h->entry < (uint32_t)(ph.vaddr + ph.filesz) && (ph.flags & RS_ELF_PF_X))
            entry = h->entry - ph.vaddr + ph.paddr;
    }
    return entry;
}

/* Our own check (QEMU would jump anyway): the entry must be a byte loaded from the file. */
static rs_err elf_check_entry(const mb_ctx *c, const mb_kernel *kern, uint32_t e_entry)
{
    for (unsigned i = 0; i < kern->n_seg; i++)
        if (kern->entry >= kern->seg[i].paddr &&
            kern->entry - kern->seg[i].paddr < kern->seg[i].filesz)
            return RS_OK;
    return fail(c, RS_ERR_BAD_IMAGE, "entry point 0x%08" PRIx32 " (e_entry 0x%08" PRIx32
                ") is not inside any segment's file bytes", kern->entry, e_entry);
}

static rs_err layout_elf(const mb_ctx *c, const rs_image *k, mb_kernel *out)
{
    rs_elf32_header h;
    rs_err err = rs_elf32_read_header(k->data, k->size, &h, c->msg, c->msg_len);
    if (err)
        return err;
    out->n_seg = 0;
    out->low = UINT64_MAX;
    out->high = 0;
    for (unsigned i = 0; i < h.phnum; i++) {
        rs_elf32_phdr ph;
        rs_elf32_read_phdr(k->data, &h, i, &ph);
        if (ph.type == RS_ELF_PT_LOAD && (err = elf_collect_segment(c, k, i, &ph, out)))
            return err;
    }
    if (!out->n_seg)
        return fail(c, RS_ERR_BAD_IMAGE, "ELF has no PT_LOAD segment (%u program headers)",
                    h.phnum);
    elf_trim_overlapping_bss(out);
    if ((err = elf_check_segments(c, out)))
        return err;
    /* The kernel's range spans every PT_LOAD, empty ones included, as in QEMU. */
    for (unsigned i = 0; i < out->n_seg; i++) {
        uint64_t lo = out->seg[i].paddr, hi = lo + out->seg[i].memsz;
        out->low = lo < out->low ? lo : out->low;
        out->high = hi > out->high ? hi : out->high;
    }
    out->entry = elf_entry(k->data, &h);
    if ((err = check_range(c, "kernel", out->low, out->high)))
        return err;
    return elf_check_entry(c, out, h.entry);
}

/* ---- the lists and modules after the kernel (QEMU's mb_buf) ---- */

static const char *cmdline_of(const rs_image *img) { return img->cmdline ? img->cmdline : ""; }

/* QEMU sizes the lists page(s) before placing anything: module entries, every command line,
 * the boot loader name; modules then follow, each starting on a page boundary (3.3 mods_*). */
static rs_err plan_buffer(const mb_ctx *c, const mb_kernel *kern, const rs_image *kernel,
                          const rs_image *mods, size_t n, mb_plan *p, uint64_t *mod_off)
{
    char ram[32], what[48];
    uint64_t cmdline_len = strlen(cmdline_of(kernel)) + 1;
    for (size_t i = 0; i < n; i++)
        cmdline_len += strlen(cmdline_of(&mods[i])) + 1;
    p->lists_off = page_align(kern->high - kern->low);
    p->cmdlines_off = p->lists_off + (uint64_t)n * MB_MODULE_ENTRY;
    p->name_off = p->cmdlines_off + cmdline_len;
    p->lists_end_off = p->name_off + sizeof BOOT_LOADER_NAME;
    rs_err err = check_range(c, "boot information (module list and command lines)",
                             kern->low + p->lists_off, kern->low + p->lists_end_off);
    if (err)
        return err;
    uint64_t off = page_align(p->lists_end_off);
    for (size_t i = 0; i < n; i++) {
        if (mods[i].size > c->ram_size)
            return fail(c, RS_ERR_TOO_BIG, "module %zu (%s) of %zu bytes is larger than RAM (%s)",
                        i, cmdline_of(&mods[i]), mods[i].size,
                        ram_text(c->ram_size, ram, sizeof ram));
        mod_off[i] = off;
        snprintf(what, sizeof what, "module %zu", i);
        if ((err = check_range(c, what, kern->low + off, kern->low + off + mods[i].size)))
            return err;
        off = page_align(off + mods[i].size);
    }
    p->buf_end_off = off;
    return check_range(c, "kernel buffer (kernel, lists, modules, page padding)", kern->low,
                       kern->low + off);
}

/* ---- writing RAM (only after every check passed) ---- */

static void write_kernel(uint8_t *ram, const rs_image *k, const mb_kernel *kern)
{
    for (unsigned i = 0; i < kern->n_seg; i++)
        memcpy(ram + kern->seg[i].paddr, k->data + kern->seg[i].offset, kern->seg[i].filesz);
}

static uint32_t put_string(uint8_t *ram, uint64_t *at, const char *s)
{
    size_t len = strlen(s) + 1;
    uint32_t addr = (uint32_t)*at;
    memcpy(ram + addr, s, len);
    *at += len;
    return addr;
}

/* Module list, module command lines, kernel command line, name: QEMU's order. Returns the
 * kernel command line's address; *name_addr gets the boot loader name's. */
static uint32_t write_lists(uint8_t *ram, const mb_kernel *kern, const mb_plan *p,
                            const rs_image *kernel, const rs_image *mods, size_t n,
                            const uint64_t *mod_off, uint32_t *name_addr)
{
    uint64_t at = kern->low + p->cmdlines_off;
    for (size_t i = 0; i < n; i++) {
        uint8_t *entry = ram + kern->low + p->lists_off + i * MB_MODULE_ENTRY;
        uint32_t start = (uint32_t)(kern->low + mod_off[i]);
        if (mods[i].size)  /* an empty module may have no data at all */
            memcpy(ram + start, mods[i].data, mods[i].size);
        put32(entry + 0, start);
        put32(entry + 4, start + (uint32_t)mods[i].size);
        put32(entry + 8, put_string(ram, &at, cmdline_of(&mods[i])));
        put32(entry + 12, 0);
    }
    uint32_t cmdline = put_string(ram, &at, cmdline_of(kernel));
    at = kern->low + p->name_off;
    *name_addr = put_string(ram, &at, BOOT_LOADER_NAME);
    return cmdline;
}

/* SeaBIOS's e820 table as the option ROM copies it (3.3 "mmap_*"). */
static void write_mmap(uint8_t *ram, uint64_t ram_size)
{
    rs_e820_entry table[RS_E820_ENTRIES];
    rs_e820_seabios(ram_size, table);
    for (int i = 0; i < RS_E820_ENTRIES; i++) {
        uint8_t *e = ram + MB_MMAP_ADDR + i * MB_MMAP_ENTRY;
        put32(e, 20);
        put32(e + 4, (uint32_t)table[i].base);
        put32(e + 8, (uint32_t)(table[i].base >> 32));
        put32(e + 12, (uint32_t)table[i].length);
        put32(e + 16, (uint32_t)(table[i].length >> 32));
        put32(e + 20, table[i].type);
    }
}

static void write_info(uint8_t *ram, uint64_t ram_size, uint32_t cmdline, uint32_t mods_count,
                       uint32_t mods_addr, uint32_t name)
{
    uint8_t *mbi = ram + MB_INFO_ADDR;
    memset(mbi, 0, MB_INFO_SIZE);
    put32(mbi + 0, MB_INFO_FLAGS);
    put32(mbi + 4, MB_MEM_LOWER_KIB);
    /* mem_upper: KiB from 1 MiB to the first hole, i.e. SeaBIOS's reserved top 128 KiB. */
    put32(mbi + 8, (uint32_t)((ram_size - RS_E820_HIGH_ZONE - 0x100000) >> 10));
    put32(mbi + 12, (uint32_t)MB_BOOT_DEVICE);
    put32(mbi + 16, cmdline);
    put32(mbi + 20, mods_count);
    put32(mbi + 24, mods_addr);
    put32(mbi + 44, MB_MMAP_ENTRIES * MB_MMAP_ENTRY);
    put32(mbi + 48, MB_MMAP_ADDR);
    put32(mbi + 64, name);
    write_mmap(ram, ram_size);
}

/* ---- the entry point ---- */

static rs_err check_args(const mb_ctx *c, const rs_image *kernel, const rs_image *mods,
                         size_t n, const rs_boot_state *out)
{
    if (!c->ram || !kernel || !out || (n && !mods))
        return fail(c, RS_ERR_ARG, "rs_multiboot_load: NULL argument");
    if (c->ram_size < MB_RAM_MIN)
        return fail(c, RS_ERR_ARG, "RAM of %" PRIu64 " bytes is below the 2 MiB minimum",
                    c->ram_size);
    if (c->ram_size >= MB_RAM_LIMIT)
        return fail(c, RS_ERR_TOO_BIG, "RAM of %" PRIu64 " MiB: sizes from 3.5 GiB (split around "
                    "the PCI hole) are not modelled", c->ram_size >> 20);
    if (n > MB_MAX_MODULES)
        return fail(c, RS_ERR_TOO_BIG, "%zu modules (at most %d)", n, MB_MAX_MODULES);
    if (!kernel->data && kernel->size)
        return fail(c, RS_ERR_ARG, "kernel image has a size but no data");
    if (kernel->size > RS_IMAGE_MAX_BYTES)
        return fail(c, RS_ERR_TOO_BIG, "kernel image of %zu bytes is over the %u MiB limit",
                    kernel->size, RS_IMAGE_MAX_BYTES >> 20);
    for (size_t i = 0; i < n; i++)
        if (!mods[i].data && mods[i].size)
            return fail(c, RS_ERR_ARG, "module %zu has a size but no data", i);
    if (kernel->size == 0)
        return fail(c, RS_ERR_BAD_IMAGE, "kernel image is empty (0 bytes)");
    return RS_OK;
}

static rs_err layout_kernel(const mb_ctx *c, const rs_image *kernel, mb_kernel *kern)
{
    size_t hdr = 0;
    uint32_t flags = 0;
    if (rs_image_is_linux(kernel))  /* QEMU boots it as Linux even with a Multiboot header */
        return fail(c, RS_ERR_NO_MULTIBOOT, "a Linux bzImage (\"HdrS\" at 0x202): QEMU boots it "
                    "with the Linux protocol, not Multiboot");
    rs_err err = find_header(c, kernel, &hdr, &flags);
    if (err)
        return err;
    if (flags & MB_FLAG_AOUT_KLUDGE)  /* QEMU honours the kludge even in an ELF file */
        return layout_aout(c, kernel, hdr, kern);
    if (!rs_elf32_has_magic(kernel->data, kernel->size))
        return fail(c, RS_ERR_BAD_IMAGE, "not an ELF file, and the Multiboot header (at 0x%zx) "
                    "does not set the a.out kludge (flag 16)", hdr);
    return layout_elf(c, kernel, kern);
}

rs_err rs_multiboot_load(uint8_t *ram, uint64_t ram_size, const rs_image *kernel,
                         const rs_image *modules, size_t n_modules, rs_boot_state *out,
                         char *msg, size_t msg_len)
{
    mb_ctx c = { ram, ram_size, msg, msg ? msg_len : 0 };
    if (c.msg_len)
        msg[0] = '\0';
    rs_err err = check_args(&c, kernel, modules, n_modules, out);
    if (err)
        return err;
    mb_kernel kern;
    if ((err = layout_kernel(&c, kernel, &kern)))
        return err;
    mb_plan plan = { 0 };
    uint64_t mod_off[MB_MAX_MODULES];
    if ((err = plan_buffer(&c, &kern, kernel, modules, n_modules, &plan, mod_off)))
        return err;

    memset(ram + kern.low, 0, plan.buf_end_off);  /* bss, gaps and page tails read as zero */
    write_kernel(ram, kernel, &kern);
    uint32_t name;
    uint32_t cmdline = write_lists(ram, &kern, &plan, kernel, modules, n_modules, mod_off, &name);
    write_info(ram, ram_size, cmdline, (uint32_t)n_modules, (uint32_t)(kern.low + plan.lists_off),
               name);

    *out = (rs_boot_state){
        .protocol = RS_BOOT_MULTIBOOT, .code_selector = 0x08, .data_selector = 0x10,
        .eip = kern.entry, .eax = RS_MULTIBOOT_BOOT_MAGIC, .ebx = MB_INFO_ADDR,
        .kernel_low = (uint32_t)kern.low, .kernel_high = (uint32_t)kern.high,
        .info_low = MB_MMAP_ADDR, .info_high = MB_INFO_ADDR + MB_INFO_SIZE,
        .lists_low = (uint32_t)(kern.low + plan.lists_off),
        .lists_high = (uint32_t)(kern.low + plan.lists_end_off),
        .modules_low = (uint32_t)(kern.low + page_align(plan.lists_end_off)),
        .modules_high = (uint32_t)(kern.low + plan.buf_end_off),
    };
    return RS_OK;
}
