/* The Linux/x86 32-bit boot protocol, laid out as QEMU 7.2's `-kernel -initrd -append` does
 * (hw/i386/x86.c x86_load_linux); field offsets are those of Documentation/x86/boot.rst and
 * zero-page.rst. QEMU itself enters the kernel's real-mode setup code, which asks the BIOS for
 * the memory map and then enters the 32-bit code; ringscope has no BIOS, so it fills the zero
 * page the way that setup code would (the 32-bit boot protocol) and enters at code32_start.
 *
 * Physical memory after a load:
 *
 *   0x10000   the zero page (struct boot_params, 4 KiB): the setup header copied from the file
 *             and completed, the e820 table; ESI points here (QEMU's real_addr: the setup code)
 *   0x11000   a GDT: null, null, __BOOT_CS (0x10) flat code, __BOOT_DS (0x18) flat data
 *   0x20000   the command line (QEMU's cmdline_addr)
 *   0x100000  the protected-mode part of the bzImage (the file after its setup sectors)
 *   top       the initrd, page aligned, ending below initrd_max: the lower of the header's
 *             initrd_addr_max and RAM less the 128 KiB QEMU keeps for ACPI tables
 *
 * Everything is validated before the first byte of RAM is written. */
#include "linux_boot.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "e820.h"
#include "load_msg.h"
#include "elf32.h"

enum {
    HDR_SETUP_SECTS = 0x1f1,
    HDR_SYSSIZE = 0x1f4,
    HDR_JUMP = 0x200,           /* a 2-byte jump; its second byte gives the header's end */
    HDR_MAGIC = 0x202,          /* "HdrS" */
    HDR_VERSION = 0x206,
    HDR_TYPE_OF_LOADER = 0x210,
    HDR_LOADFLAGS = 0x211,
    HDR_CODE32_START = 0x214,
    HDR_RAMDISK_IMAGE = 0x218,
    HDR_RAMDISK_SIZE = 0x21c,
    HDR_HEAP_END_PTR = 0x224,
    HDR_CMD_LINE_PTR = 0x228,
    HDR_INITRD_ADDR_MAX = 0x22c,
    HDR_XLOADFLAGS = 0x236,
    HDR_CMDLINE_SIZE = 0x238,
    HDR_PREF_ADDRESS = 0x258,
    HDR_INIT_SIZE = 0x260,
    HDR_LIMIT = 0x290,          /* struct setup_header ends before edd_mbr_sig_buffer */
    BP_ALT_MEM_K = 0x1e0,
    BP_E820_ENTRIES = 0x1e8,
    BP_E820_TABLE = 0x2d0,
    BP_E820_ENTRY = 20,
    BP_SIZE = 4096,
    LOADED_HIGH = 0x01,         /* loadflags: protected-mode code at 0x100000 (a bzImage) */
    CAN_USE_HEAP = 0x80,
    XLF_KERNEL_64 = 0x01,       /* xloadflags: a 64-bit kernel (has the 64-bit entry at +0x200) */
    LOADER_QEMU = 0xB0,         /* type_of_loader: "B reserved for QEMU" */
    ZERO_PAGE = 0x10000,        /* QEMU's real_addr */
    GDT_ADDR = 0x11000,
    GDT_ENTRIES = 4,
    BOOT_CS = 0x10,
    BOOT_DS = 0x18,
    CMDLINE_ADDR = 0x20000,     /* QEMU's cmdline_addr */
    PROT_ADDR = 0x100000,       /* QEMU's prot_addr for a bzImage */
    ACPI_DATA_SIZE = 0x20000,   /* QEMU's acpi_data_size for `-M pc`: measured, the RAMDISK line of
                                 * a 1,064,306-byte initrd in 128 MiB reads 0x07edc000-0x07fdffff */
    PAGE = 4096,
};
#define HDRS_MAGIC 0x53726448u
#define RAM_MIN (2ull << 20)
#define RAM_LIMIT 0xE0000000ull

typedef struct lx_ctx {
    uint8_t *ram;
    uint64_t ram_size;
    char *msg;
    size_t msg_len;
} lx_ctx;

/* What the checks found: where everything goes. */
typedef struct lx_plan {
    uint16_t protocol;
    size_t setup_size, header_end;
    uint64_t prot_size;
    uint32_t entry;
    uint64_t initrd_addr, initrd_size;
    size_t cmdline_len;
} lx_plan;

#define fail(c, err, ...) rs_load_fail((c)->msg, (c)->msg_len, err, __VA_ARGS__)

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v), put16(p + 2, (uint16_t)(v >> 16)); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v), put32(p + 4, (uint32_t)(v >> 32)); }

int rs_image_is_linux(const rs_image *img)
{
    return img && img->data && img->size >= HDR_MAGIC + 4 && rs_le32(img->data + HDR_MAGIC) == HDRS_MAGIC;
}

static uint64_t page_align_down(uint64_t x) { return x & ~(uint64_t)(PAGE - 1); }

/* The header: a bzImage of protocol 2.02 or later (cmd_line_ptr, code32_start) for a 32-bit CPU,
 * with all its setup sectors and protected-mode code in the file. */
static rs_err check_header(const lx_ctx *c, const rs_image *k, lx_plan *p)
{
    const uint8_t *d = k->data;
    if (!rs_image_is_linux(k))
        return fail(c, RS_ERR_BAD_IMAGE, "not a Linux kernel: no \"HdrS\" setup header at offset 0x202");
    p->protocol = rs_le16(d + HDR_VERSION);
    if (p->protocol < 0x202)
        return fail(c, RS_ERR_BAD_IMAGE, "Linux boot protocol %u.%02u is too old: the 32-bit entry needs "
                    "2.02 or later", p->protocol >> 8, p->protocol & 0xff);
    unsigned sects = d[HDR_SETUP_SECTS] ? d[HDR_SETUP_SECTS] : 4;  /* 0 means 4 (boot.rst) */
    p->setup_size = (size_t)(sects + 1) * 512;
    if (p->setup_size >= k->size)
        return fail(c, RS_ERR_BAD_IMAGE, "truncated Linux kernel: %zu bytes, but its %u setup sectors "
                    "alone take %zu", k->size, sects, p->setup_size);
    if (!(d[HDR_LOADFLAGS] & LOADED_HIGH))
        return fail(c, RS_ERR_BAD_IMAGE, "a zImage (loadflags without LOADED_HIGH): only a bzImage, "
                    "loaded at 1 MiB, is supported");
    if (p->protocol >= 0x20c && (rs_le16(d + HDR_XLOADFLAGS) & XLF_KERNEL_64))
        return fail(c, RS_ERR_BAD_IMAGE, "a 64-bit Linux kernel (xloadflags has XLF_KERNEL_64): "
                    "ringscope's CPU is 32-bit only; build it with ARCH=i386");
    p->prot_size = k->size - p->setup_size;
    uint64_t syssize = (uint64_t)rs_le32(d + HDR_SYSSIZE) * 16;  /* 16-byte units (2.04+) */
    if (syssize > p->prot_size)
        return fail(c, RS_ERR_BAD_IMAGE, "truncated Linux kernel: the header says %" PRIu64 " bytes of "
                    "protected-mode code after the setup, the file has %" PRIu64, syssize, p->prot_size);
    p->header_end = (size_t)HDR_MAGIC + d[HDR_JUMP + 1];
    if (p->header_end > HDR_LIMIT)
        p->header_end = HDR_LIMIT;
    uint32_t code32 = rs_le32(d + HDR_CODE32_START);
    p->entry = code32 ? code32 : PROT_ADDR;
    return RS_OK;
}

/* The kernel at 1 MiB, and the space it decompresses into: init_size bytes (2.10+) from the
 * preferred address (a relocatable kernel decompresses there) or from 1 MiB. */
static rs_err check_kernel_space(const lx_ctx *c, const rs_image *k, lx_plan *p, uint64_t *space_hi)
{
    char ram[32];
    snprintf(ram, sizeof ram, "%" PRIu64 " MiB", c->ram_size >> 20);
    if (PROT_ADDR + p->prot_size > c->ram_size)
        return fail(c, RS_ERR_TOO_BIG, "the kernel's %" PRIu64 " bytes at 1 MiB do not fit in RAM (%s)",
                    p->prot_size, ram);
    if (p->entry < PROT_ADDR || p->entry >= PROT_ADDR + p->prot_size)
        return fail(c, RS_ERR_BAD_IMAGE, "code32_start 0x%08" PRIx32 " is not inside the loaded kernel "
                    "[0x%08x, 0x%08" PRIx64 ")", p->entry, PROT_ADDR, PROT_ADDR + p->prot_size);
    *space_hi = PROT_ADDR + p->prot_size;
    if (p->protocol >= 0x20a) {
        uint64_t pref = rs_le32(k->data + HDR_PREF_ADDRESS) | (uint64_t)rs_le32(k->data + HDR_PREF_ADDRESS + 4) << 32;
        uint64_t base = pref > PROT_ADDR ? pref : PROT_ADDR;
        uint64_t hi = base + rs_le32(k->data + HDR_INIT_SIZE);
        if (hi > c->ram_size)
            return fail(c, RS_ERR_TOO_BIG, "the kernel needs RAM up to 0x%08" PRIx64 " to decompress "
                        "(init_size 0x%" PRIx32 " from 0x%08" PRIx64 "), more than RAM (%s)", hi,
                        rs_le32(k->data + HDR_INIT_SIZE), base, ram);
        if (hi > *space_hi)
            *space_hi = hi;
    }
    return RS_OK;
}

/* The command line fits cmdline_size (2.06+; 255 before), the initrd fits below initrd_max and
 * above the kernel's space. */
static rs_err check_cmdline_initrd(const lx_ctx *c, const rs_image *k, const rs_image *initrd,
                                   const char *cmdline, uint64_t space_hi, lx_plan *p)
{
    uint32_t max_len = p->protocol >= 0x206 ? rs_le32(k->data + HDR_CMDLINE_SIZE) : 255;
    p->cmdline_len = cmdline ? strlen(cmdline) : 0;
    if (p->cmdline_len > max_len || p->cmdline_len >= PROT_ADDR - CMDLINE_ADDR)
        return fail(c, RS_ERR_TOO_BIG, "the kernel command line is %zu bytes; this kernel takes at most %" PRIu32,
                    p->cmdline_len, max_len);
    if (!initrd || !initrd->size)
        return RS_OK;
    uint64_t initrd_max = p->protocol >= 0x203 ? rs_le32(k->data + HDR_INITRD_ADDR_MAX) : 0x37ffffff;
    if (initrd_max >= c->ram_size - ACPI_DATA_SIZE)
        initrd_max = c->ram_size - ACPI_DATA_SIZE - 1;
    p->initrd_size = initrd->size;
    if (p->initrd_size >= initrd_max)
        return fail(c, RS_ERR_TOO_BIG, "the initrd of %" PRIu64 " bytes does not fit below 0x%08" PRIx64,
                    p->initrd_size, initrd_max);
    p->initrd_addr = page_align_down(initrd_max - p->initrd_size);
    if (p->initrd_addr < space_hi)
        return fail(c, RS_ERR_TOO_BIG, "the initrd of %" PRIu64 " bytes at 0x%08" PRIx64 " would overlap "
                    "the kernel, which uses RAM up to 0x%08" PRIx64 ": give more --memory", p->initrd_size,
                    p->initrd_addr, space_hi);
    return RS_OK;
}

static void write_gdt(uint8_t *ram)
{
    /* Flat 4 GiB, base 0, G=1, D=1, DPL 0; type: code execute/read, data read/write (both accessed). */
    static const uint64_t gdt[GDT_ENTRIES] = { 0, 0, 0x00cf9b000000ffffull, 0x00cf93000000ffffull };
    for (int i = 0; i < GDT_ENTRIES; i++)
        put64(ram + GDT_ADDR + i * 8, gdt[i]);
}

/* The zero page: zeros, the setup header as in the file, then what a boot loader fills in
 * (boot.rst "Details of header fields", with QEMU's values) and what the setup code would
 * have asked the BIOS (alt_mem_k, the e820 table). */
static void write_zero_page(uint8_t *ram, uint64_t ram_size, const rs_image *k, const lx_plan *p)
{
    uint8_t *bp = ram + ZERO_PAGE;
    memset(bp, 0, BP_SIZE);
    memcpy(bp + HDR_SETUP_SECTS, k->data + HDR_SETUP_SECTS, p->header_end - HDR_SETUP_SECTS);
    bp[HDR_TYPE_OF_LOADER] = LOADER_QEMU;
    bp[HDR_LOADFLAGS] |= CAN_USE_HEAP;
    put16(bp + HDR_HEAP_END_PTR, CMDLINE_ADDR - ZERO_PAGE - 0x200);
    put32(bp + HDR_CMD_LINE_PTR, CMDLINE_ADDR);
    put32(bp + HDR_RAMDISK_IMAGE, (uint32_t)p->initrd_addr);
    put32(bp + HDR_RAMDISK_SIZE, (uint32_t)p->initrd_size);
    put32(bp + BP_ALT_MEM_K, (uint32_t)((ram_size - RS_E820_HIGH_ZONE - 0x100000) >> 10));
    rs_e820_entry table[RS_E820_ENTRIES];
    rs_e820_seabios(ram_size, table);
    bp[BP_E820_ENTRIES] = RS_E820_ENTRIES;
    for (int i = 0; i < RS_E820_ENTRIES; i++) {
        uint8_t *e = bp + BP_E820_TABLE + i * BP_E820_ENTRY;
        put64(e, table[i].base);
        put64(e + 8, table[i].length);
        put32(e + 16, table[i].type);
    }
}

rs_err rs_linux_load(uint8_t *ram, uint64_t ram_size, const rs_image *kernel, const rs_image *initrd,
                     const char *cmdline, rs_boot_state *out, char *msg, size_t msg_len)
{
    lx_ctx c = { ram, ram_size, msg, msg ? msg_len : 0 };
    if (c.msg_len)
        msg[0] = '\0';
    if (!ram || !kernel || !out || (kernel->size && !kernel->data) || (initrd && initrd->size && !initrd->data))
        return fail(&c, RS_ERR_ARG, "rs_linux_load: NULL argument");
    if (ram_size < RAM_MIN || ram_size >= RAM_LIMIT)
        return fail(&c, RS_ERR_ARG, "RAM of %" PRIu64 " bytes: from 2 MiB to below 3.5 GiB", ram_size);
    lx_plan p = { 0 };
    uint64_t space_hi = 0;
    rs_err err = check_header(&c, kernel, &p);
    if (!err)
        err = check_kernel_space(&c, kernel, &p, &space_hi);
    if (!err)
        err = check_cmdline_initrd(&c, kernel, initrd, cmdline, space_hi, &p);
    if (err)
        return err;

    write_zero_page(ram, ram_size, kernel, &p);
    write_gdt(ram);
    memset(ram + CMDLINE_ADDR, 0, p.cmdline_len + 1);
    if (p.cmdline_len)
        memcpy(ram + CMDLINE_ADDR, cmdline, p.cmdline_len);
    memcpy(ram + PROT_ADDR, kernel->data + p.setup_size, p.prot_size);
    if (p.initrd_size)
        memcpy(ram + p.initrd_addr, initrd->data, p.initrd_size);

    *out = (rs_boot_state){
        .protocol = RS_BOOT_LINUX, .eip = p.entry, .esi = ZERO_PAGE,
        .gdt_base = GDT_ADDR, .gdt_limit = GDT_ENTRIES * 8 - 1,
        .code_selector = BOOT_CS, .data_selector = BOOT_DS,
        .kernel_low = PROT_ADDR, .kernel_high = (uint32_t)(PROT_ADDR + p.prot_size),
        .info_low = ZERO_PAGE, .info_high = GDT_ADDR + GDT_ENTRIES * 8,
        .lists_low = CMDLINE_ADDR, .lists_high = (uint32_t)(CMDLINE_ADDR + p.cmdline_len + 1),
        .modules_low = (uint32_t)p.initrd_addr, .modules_high = (uint32_t)(p.initrd_addr + p.initrd_size),
    };
    return RS_OK;
}
