/* The Multiboot loader: valid ELF and a.out-kludge kernels with modules (bytes in RAM, info
 * fields, QEMU's layout), every malformed-image case the loader must refuse, a comparison with
 * the transcripts QEMU printed for guest/mbtest, and a short random-mutation run. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "elf32.h"
#include "multiboot.h"
#include "rs_test.h"

#define MIB (1024u * 1024u)
#define RAM_SIZE (128u * MIB)

static uint8_t *ram;
static char msg[256];

typedef struct phdr { uint32_t type, offset, vaddr, paddr, filesz, memsz, flags; } phdr;

static void le32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> 8 * i); }
static void le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static uint32_t rd32(uint32_t addr) { return rs_le32(ram + addr); }

static void put_mb_header(uint8_t *p, uint32_t flags)
{
    le32(p, 0x1BADB002);
    le32(p + 4, flags);
    le32(p + 8, (uint32_t)-(0x1BADB002u + flags));
}

/* An ELF32 kernel of SIZE bytes: header, N program headers, a Multiboot header right after
 * them, and bytes from 0x1000 on filled with a pattern (i * 7 + 1). */
static size_t make_elf(uint8_t *buf, size_t size, uint32_t entry, const phdr *ph, unsigned n,
                       uint32_t mb_flags)
{
    memset(buf, 0, size);
    memcpy(buf, "\x7f" "ELF\x01\x01\x01", 7);
    le16(buf + 16, 2);
    le16(buf + 18, 3);
    le32(buf + 20, 1);
    le32(buf + 24, entry);
    le32(buf + 28, 52);
    le16(buf + 40, 52);
    le16(buf + 42, 32);
    le16(buf + 44, (uint16_t)n);
    for (unsigned i = 0; i < n; i++) {
        uint8_t *p = buf + 52 + 32 * i;
        le32(p, ph[i].type); le32(p + 4, ph[i].offset); le32(p + 8, ph[i].vaddr);
        le32(p + 12, ph[i].paddr); le32(p + 16, ph[i].filesz); le32(p + 20, ph[i].memsz);
        le32(p + 24, ph[i].flags);
    }
    put_mb_header(buf + ((52 + 32 * n + 3) & ~3u), mb_flags);
    for (size_t i = 0x1000; i < size; i++)
        buf[i] = (uint8_t)(i * 7 + 1);
    return size;
}

/* The standard test kernel: code+data at 0x100000 (virtual 0xC0100000, entry translated),
 * 0x2800 bytes of bss, a data segment at 0x104000. The file ends with the last segment. */
#define STD_SIZE 0x1900u
static const phdr STD_PH[2] = {
    { 1, 0x1000, 0xC0100000, 0x100000, 0x800, 0x3000, 5 },
    { 1, 0x1800, 0xC0104000, 0x104000, 0x100, 0x100, 6 },
};
static uint8_t std_elf[STD_SIZE];

static rs_image image_of(const uint8_t *data, size_t size, char *cmdline)
{
    return (rs_image){ .data = data, .size = size, .cmdline = cmdline };
}

static rs_err load(const uint8_t *k, size_t size, const rs_image *mods, size_t n, rs_boot_state *bs)
{
    rs_image kernel = image_of(k, size, "kernel.elf hello");
    return rs_multiboot_load(ram, RAM_SIZE, &kernel, mods, n, bs, msg, sizeof msg);
}

static rs_err load_std_modified(void (*edit)(uint8_t *buf), size_t size)
{
    static uint8_t buf[STD_SIZE];
    make_elf(buf, STD_SIZE, 0xC0100010, STD_PH, 2, 3);
    if (edit)
        edit(buf);
    rs_boot_state bs;
    rs_err err = load(buf, size, NULL, 0, &bs);
    if (err && !msg[0])
        fprintf(stderr, "error %d without a message\n", err);
    return err;
}

static void test_valid_elf_with_modules(void)
{
    static const uint8_t m0[] = "module zero";
    static uint8_t m1[5000];
    memset(m1, 0x5A, sizeof m1);
    rs_image mods[2] = { image_of(m0, sizeof m0 - 1, "m0.txt arg1"), image_of(m1, sizeof m1, "m1") };
    memset(ram, 0xAA, RAM_SIZE);
    rs_boot_state bs;
    OK(load(std_elf, STD_SIZE, mods, 2, &bs));
    CHECK_EQ(bs.eip, 0x100010);  /* e_entry 0xC0100010 translated by the PF_X segment */
    CHECK_EQ(bs.eax, 0x2BADB002);
    CHECK_EQ(bs.ebx, 0x9500);
    CHECK_EQ(bs.kernel_low, 0x100000);
    CHECK_EQ(bs.kernel_high, 0x104100);
    CHECK(memcmp(ram + 0x100000, std_elf + 0x1000, 0x800) == 0);
    CHECK(memcmp(ram + 0x104000, std_elf + 0x1800, 0x100) == 0);
    CHECK_EQ(ram[0x100800], 0);  /* bss and the gap before the data segment */
    CHECK_EQ(ram[0x103FFF], 0);
    CHECK_EQ(ram[0x0FFFFF], 0xAA);  /* untouched below the kernel */
    /* The info structure (3.3) with QEMU's values. */
    CHECK_EQ(rd32(0x9500), 0x24F);
    CHECK_EQ(rd32(0x9504), 639);
    CHECK_EQ(rd32(0x9508), 0x1FB80);
    CHECK_EQ(rd32(0x950C), 0x8000FFFF);
    CHECK_EQ(rd32(0x9514), 2);
    CHECK_EQ(rd32(0x9518), 0x105000);  /* mods_addr: the page after the kernel */
    CHECK_EQ(rd32(0x951C), 0);         /* syms */
    CHECK_EQ(rd32(0x952C), 0x90);      /* mmap_length */
    CHECK_EQ(rd32(0x9530), 0x9000);
    CHECK_EQ(rd32(0x9534), 0);         /* drives */
    CHECK_EQ(rd32(0x953C), 0);         /* config_table */
    CHECK_EQ(rd32(0x9544), 0);         /* apm_table */
    /* Module list, then command lines in QEMU's order, then the name. */
    CHECK_EQ(rd32(0x105000), 0x106000);
    CHECK_EQ(rd32(0x105004), 0x106000 + sizeof m0 - 1);
    CHECK_EQ(rd32(0x105008), 0x105020);
    CHECK_EQ(rd32(0x10500C), 0);
    CHECK(strcmp((char *)ram + 0x105020, "m0.txt arg1") == 0);
    CHECK_EQ(rd32(0x105010), 0x107000);
    CHECK_EQ(rd32(0x105014), 0x107000 + sizeof m1);
    CHECK_EQ(rd32(0x105018), 0x10502C);
    CHECK(strcmp((char *)ram + 0x10502C, "m1") == 0);
    CHECK_EQ(rd32(0x9510), 0x10502F);
    CHECK(strcmp((char *)ram + 0x10502F, "kernel.elf hello") == 0);
    CHECK_EQ(rd32(0x9540), 0x105040);
    CHECK(strcmp((char *)ram + 0x105040, "qemu") == 0);
    CHECK(memcmp(ram + 0x106000, m0, sizeof m0 - 1) == 0);
    CHECK_EQ(ram[0x106000 + sizeof m0 - 1], 0);  /* page tail zeroed */
    CHECK(memcmp(ram + 0x107000, m1, sizeof m1) == 0);
    /* Memory map entry 3: usable RAM from 1 MiB up to SeaBIOS's reserved 128 KiB. */
    CHECK_EQ(rd32(0x9000 + 3 * 24), 20);
    CHECK_EQ(rd32(0x9000 + 3 * 24 + 4), 0x100000);
    CHECK_EQ(rd32(0x9000 + 3 * 24 + 12), 0x7EE0000);
    CHECK_EQ(rd32(0x9000 + 5 * 24 + 4), 0xFFFC0000);
    CHECK_EQ(bs.info_low, 0x9000);
    CHECK_EQ(bs.info_high, 0x9558);
    CHECK_EQ(bs.lists_low, 0x105000);
    CHECK_EQ(bs.lists_high, 0x105045);
    CHECK_EQ(bs.modules_low, 0x106000);
    CHECK_EQ(bs.modules_high, 0x109000);
}

static void test_no_modules_and_empty_module(void)
{
    rs_boot_state bs;
    OK(load(std_elf, STD_SIZE, NULL, 0, &bs));
    CHECK_EQ(rd32(0x9514), 0);
    CHECK_EQ(rd32(0x9518), 0x105000);
    CHECK_EQ(rd32(0x9510), 0x105000);  /* no module list: the command line comes first */
    CHECK_EQ(bs.modules_low, bs.modules_high);
    /* A zero-length module takes no page: the next one starts at the same address. */
    static const uint8_t one[1] = { 0x42 };
    rs_image mods[2] = { image_of(NULL, 0, "empty"), image_of(one, 1, NULL) };
    OK(load(std_elf, STD_SIZE, mods, 2, &bs));
    CHECK_EQ(rd32(0x105000), 0x106000);
    CHECK_EQ(rd32(0x105004), 0x106000);
    CHECK_EQ(rd32(0x105010), 0x106000);
    CHECK_EQ(ram[0x106000], 0x42);
    CHECK_EQ(ram[rd32(0x105018)], 0);  /* a NULL cmdline is an empty string */
}

/* A flat a.out-kludge image: header at file offset 0x40 describing load_addr 0x200000. */
static size_t make_aout(uint8_t *buf, size_t size, uint32_t header_addr, uint32_t load_addr,
                        uint32_t load_end, uint32_t bss_end, uint32_t entry)
{
    for (size_t i = 0; i < size; i++)
        buf[i] = (uint8_t)(i * 3 + 5);
    put_mb_header(buf + 0x40, 0x10003);
    le32(buf + 0x4C, header_addr);
    le32(buf + 0x50, load_addr);
    le32(buf + 0x54, load_end);
    le32(buf + 0x58, bss_end);
    le32(buf + 0x5C, entry);
    return size;
}

static void test_aout_kludge(void)
{
    static uint8_t buf[0x1000];
    rs_boot_state bs;
    make_aout(buf, sizeof buf, 0x200040, 0x200000, 0, 0x203000, 0x200100);
    memset(ram, 0xAA, RAM_SIZE);
    OK(load(buf, sizeof buf, NULL, 0, &bs));
    CHECK_EQ(bs.eip, 0x200100);
    CHECK_EQ(bs.kernel_low, 0x200000);
    CHECK_EQ(bs.kernel_high, 0x203000);
    CHECK(memcmp(ram + 0x200000, buf, sizeof buf) == 0);
    CHECK_EQ(ram[0x201000], 0);
    CHECK_EQ(ram[0x202FFF], 0);
    CHECK_EQ(rd32(0x9518), 0x203000);
    /* load_end_addr limits the bytes; the header may sit after load_addr's file offset 0. */
    make_aout(buf, sizeof buf, 0x300040 + 0x20, 0x300020, 0x300800, 0, 0x300100);
    OK(load(buf, sizeof buf, NULL, 0, &bs));
    CHECK(memcmp(ram + 0x300020, buf, 0x800 - 0x20) == 0);
    CHECK_EQ(bs.kernel_high, 0x300800);
    /* Flag 16 in an ELF file: QEMU uses the kludge fields, not the program headers. */
    static uint8_t elf[STD_SIZE];
    make_elf(elf, STD_SIZE, 0xC0100010, STD_PH, 2, 0x10003);
    size_t hdr = (52 + 64 + 3) & ~3u;
    le32(elf + hdr + 12, 0x400000 + (uint32_t)hdr);
    le32(elf + hdr + 16, 0x400000);
    le32(elf + hdr + 20, 0);
    le32(elf + hdr + 24, 0);
    le32(elf + hdr + 28, 0x400000);
    OK(load(elf, STD_SIZE, NULL, 0, &bs));
    CHECK_EQ(bs.eip, 0x400000);
    CHECK(memcmp(ram + 0x400000, elf, STD_SIZE) == 0);
}

/* ---- malformed ELF images: each edit of the standard kernel and the error it must give ---- */
static void e_magic(uint8_t *b) { b[1] = 'X'; }
static void e_class64(uint8_t *b) { b[4] = 2; }
static void e_big_endian(uint8_t *b) { b[5] = 2; }
static void e_x86_64(uint8_t *b) { le16(b + 18, 62); }
static void e_arm(uint8_t *b) { le16(b + 18, 40); }
static void e_phoff_out(uint8_t *b) { le32(b + 28, 0xFFFFFFF0); }
static void e_phnum_huge(uint8_t *b) { le16(b + 44, 0xFFFF); }
static void e_filesz_gt_memsz(uint8_t *b) { le32(b + 52 + 16, 0x4000); }
static void e_offset_overflow(uint8_t *b) { le32(b + 52 + 4, 0xFFFFFF00); le32(b + 52 + 16, 0x200); }
static void e_offset_past_end(uint8_t *b) { le32(b + 52 + 32 + 4, STD_SIZE - 0x80); }
static void e_wrap(uint8_t *b) { le32(b + 52 + 32 + 12, 0xFFFFFF80); }
static void e_outside_ram(uint8_t *b) { le32(b + 52 + 32 + 12, 0x9000000); }
static void e_memsz_huge(uint8_t *b) { le32(b + 52 + 20, 0x8FF0F000); }
static void e_over_info(uint8_t *b) { le32(b + 52 + 32 + 12, 0x9400); }
static void e_over_ivt(uint8_t *b) { le32(b + 52 + 32 + 12, 0x100); }
static void e_over_bios(uint8_t *b) { le32(b + 52 + 32 + 12, 0xA0000); }
static void e_overlap(uint8_t *b) { le32(b + 52 + 32 + 12, 0x100400); }
static void e_entry_out(uint8_t *b) { le32(b + 24, 0xC0200000); }
static void e_no_load(uint8_t *b) { le32(b + 52, 4); le32(b + 52 + 32, 4); }
static void e_no_header(uint8_t *b) { b[(52 + 64 + 3) & ~3u] ^= 1; }
static void e_bad_checksum(uint8_t *b) { b[((52 + 64 + 3) & ~3u) + 8] ^= 1; }
static void e_linux(uint8_t *b) { le32(b + 0x202, 0x53726448); }

static void test_malformed_elf(void)
{
    static const struct { void (*edit)(uint8_t *); rs_err want; const char *name; } cases[] = {
        { e_magic, RS_ERR_BAD_IMAGE, "magic" },
        { e_class64, RS_ERR_BAD_IMAGE, "class" },
        { e_big_endian, RS_ERR_BAD_IMAGE, "endian" },
        { e_x86_64, RS_ERR_BAD_IMAGE, "x86-64" },
        { e_arm, RS_ERR_BAD_IMAGE, "machine" },
        { e_phoff_out, RS_ERR_BAD_IMAGE, "phoff" },
        { e_phnum_huge, RS_ERR_BAD_IMAGE, "phnum" },
        { e_filesz_gt_memsz, RS_ERR_BAD_IMAGE, "filesz>memsz" },
        { e_offset_overflow, RS_ERR_BAD_IMAGE, "offset overflow" },
        { e_offset_past_end, RS_ERR_BAD_IMAGE, "offset past end" },
        { e_wrap, RS_ERR_IMAGE_RANGE, "wrap" },
        { e_outside_ram, RS_ERR_IMAGE_RANGE, "outside RAM" },
        { e_memsz_huge, RS_ERR_TOO_BIG, "memsz huge" },
        { e_over_info, RS_ERR_IMAGE_RANGE, "over info" },
        { e_over_ivt, RS_ERR_IMAGE_RANGE, "over IVT" },
        { e_overlap, RS_ERR_IMAGE_RANGE, "overlap" },
        { e_entry_out, RS_ERR_BAD_IMAGE, "entry" },
        { e_no_load, RS_ERR_BAD_IMAGE, "no PT_LOAD" },
        { e_no_header, RS_ERR_NO_MULTIBOOT, "no header" },
        { e_bad_checksum, RS_ERR_NO_MULTIBOOT, "checksum" },
        { e_linux, RS_ERR_NO_MULTIBOOT, "linux" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_err err = load_std_modified(cases[i].edit, STD_SIZE);
        if (err != cases[i].want)
            fprintf(stderr, "case %s: got %d (%s) want %d\n", cases[i].name, err, msg, cases[i].want);
        CHECK_EQ(err, cases[i].want);
        CHECK(msg[0] != '\0' && strchr(msg, '\n') == NULL);
    }
    /* QEMU boots kernels whose first segment (ELF headers) sits at 0xFF000, in the BIOS area. */
    CHECK_EQ(load_std_modified(e_over_bios, STD_SIZE), RS_OK);
    CHECK_EQ(load_std_modified(e_outside_ram, STD_SIZE), RS_ERR_IMAGE_RANGE);
    CHECK(strcmp(msg, "segment 1 [0x09000000, 0x09000100) lies outside RAM (128 MiB)") == 0);
    /* Truncated anywhere: the file ends exactly with the last segment, so every cut fails. */
    for (size_t len = 0; len < STD_SIZE; len++) {
        rs_err err = load_std_modified(NULL, len);
        CHECK(err == RS_ERR_BAD_IMAGE || err == RS_ERR_NO_MULTIBOOT);
    }
}

static void test_elf_limits(void)
{
    static uint8_t buf[0x3000];
    static phdr ph[65];
    rs_boot_state bs;
    for (unsigned i = 0; i < 65; i++)
        ph[i] = (phdr){ 1, 0x1000, 0x200000 + 0x1000 * i, 0x200000 + 0x1000 * i, 0x10, 0x10, 5 };
    make_elf(buf, sizeof buf, 0x200000, ph, 64, 3);
    OK(load(buf, sizeof buf, NULL, 0, &bs));
    make_elf(buf, sizeof buf, 0x200000, ph, 65, 3);
    CHECK_EQ(load(buf, sizeof buf, NULL, 0, &bs), RS_ERR_TOO_BIG);
    /* QEMU's ROM heuristic: a bss that would overlap another segment is dropped. */
    phdr rom[2] = { { 1, 0x1000, 0x200000, 0x200000, 0x100, 0x2000, 5 },
                    { 1, 0x1100, 0x201000, 0x201000, 0x100, 0x100, 6 } };
    make_elf(buf, sizeof buf, 0x200000, rom, 2, 3);
    OK(load(buf, sizeof buf, NULL, 0, &bs));
    CHECK_EQ(bs.kernel_high, 0x201100);
    CHECK(memcmp(ram + 0x201000, buf + 0x1100, 0x100) == 0);
    /* Empty PT_LOADs still stretch the kernel's range, as in QEMU. */
    phdr empty[2] = { { 1, 0x1000, 0x200000, 0x200000, 0x100, 0x100, 5 },
                      { 1, 0, 0x300000, 0x300000, 0, 0, 6 } };
    make_elf(buf, sizeof buf, 0x200000, empty, 2, 3);
    OK(load(buf, sizeof buf, NULL, 0, &bs));
    CHECK_EQ(bs.kernel_high, 0x300000);
    CHECK_EQ(rd32(0x9518), 0x300000);
}

static void test_malformed_aout(void)
{
    static uint8_t buf[0x1000];
    rs_boot_state bs;
    static const struct { uint32_t hdr, load, load_end, bss_end, entry; rs_err want; } cases[] = {
        { 0x1FFFC0, 0x200000, 0, 0, 0x200100, RS_ERR_BAD_IMAGE },        /* header < load */
        { 0x200080, 0x200000, 0, 0, 0x200100, RS_ERR_BAD_IMAGE },        /* offset mismatch */
        { 0x200040, 0x200000, 0x1FF000, 0, 0x200100, RS_ERR_BAD_IMAGE }, /* load_end < load */
        { 0x200040, 0x200000, 0x202000, 0, 0x200100, RS_ERR_BAD_IMAGE }, /* past the file */
        { 0x200040, 0x200000, 0, 0x200800, 0x200100, RS_ERR_BAD_IMAGE }, /* bss_end < end */
        { 0x200040, 0x200000, 0, 0, 0x201000, RS_ERR_BAD_IMAGE },        /* entry outside */
        { 0x200040, 0x200000, 0, 0, 0x1FFFFF, RS_ERR_BAD_IMAGE },        /* entry below */
        { 0xFFFFF840, 0xFFFFF800, 0, 0, 0xFFFFF900, RS_ERR_IMAGE_RANGE }, /* wraps 4 GiB */
        { 0x9000040, 0x9000000, 0, 0, 0x9000100, RS_ERR_IMAGE_RANGE },   /* outside RAM */
        { 0x200040, 0x200000, 0, 0xF0000000, 0x200100, RS_ERR_TOO_BIG }, /* huge bss */
        { 0x9040, 0x9000, 0, 0, 0x9100, RS_ERR_IMAGE_RANGE },            /* over the info */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        make_aout(buf, sizeof buf, cases[i].hdr, cases[i].load, cases[i].load_end,
                  cases[i].bss_end, cases[i].entry);
        rs_err err = load(buf, sizeof buf, NULL, 0, &bs);
        if (err != cases[i].want)
            fprintf(stderr, "a.out case %zu: got %d (%s)\n", i, err, msg);
        CHECK_EQ(err, cases[i].want);
        CHECK(msg[0] != '\0');
    }
    /* The kludge fields themselves cut off by the end of the file. */
    make_aout(buf, sizeof buf, 0x200040, 0x200000, 0, 0, 0x200100);
    CHECK_EQ(load(buf, 0x50, NULL, 0, &bs), RS_ERR_BAD_IMAGE);
}

static void test_modules_and_arguments(void)
{
    rs_boot_state bs;
    rs_image big = image_of(ram, RAM_SIZE + 1, "big");  /* data is never read: refused first */
    CHECK_EQ(load(std_elf, STD_SIZE, &big, 1, &bs), RS_ERR_TOO_BIG);
    rs_image half[2] = { image_of(ram, 64 * MIB, "a"), image_of(ram, 64 * MIB, "b") };
    CHECK_EQ(load(std_elf, STD_SIZE, half, 2, &bs), RS_ERR_IMAGE_RANGE);
    CHECK(strstr(msg, "module 1") != NULL);
    CHECK_EQ(load(std_elf, STD_SIZE, half, 5000, &bs), RS_ERR_TOO_BIG);
    CHECK_EQ(load(std_elf, 0, NULL, 0, &bs), RS_ERR_BAD_IMAGE);
    rs_image nodata = image_of(NULL, 10, NULL);
    CHECK_EQ(load(std_elf, STD_SIZE, &nodata, 1, &bs), RS_ERR_ARG);
    rs_image k = image_of(std_elf, STD_SIZE, NULL);
    CHECK_EQ(rs_multiboot_load(ram, MIB, &k, NULL, 0, &bs, msg, sizeof msg), RS_ERR_ARG);
    CHECK_EQ(rs_multiboot_load(NULL, RAM_SIZE, &k, NULL, 0, &bs, msg, sizeof msg), RS_ERR_ARG);
    CHECK_EQ(rs_multiboot_load(ram, RAM_SIZE, NULL, NULL, 0, &bs, NULL, 0), RS_ERR_ARG);
    CHECK_EQ(rs_multiboot_load(ram, 0xE0000000ull, &k, NULL, 0, &bs, msg, sizeof msg), RS_ERR_TOO_BIG);
    /* Other RAM sizes: the memory map and mem_upper follow (QEMU -m 64). */
    OK(rs_multiboot_load(ram, 64 * MIB, &k, NULL, 0, &bs, msg, sizeof msg));
    CHECK_EQ(rd32(0x9508), 0xFB80);
    CHECK_EQ(rd32(0x9000 + 4 * 24 + 4), 0x3FE0000);
}

/* ---- a small random-mutation run: any error is fine, a crash or a sanitizer report is not ---- */
static void test_mutations(void)
{
    static uint8_t buf[STD_SIZE];
    unsigned seed = 12345;
    int loaded = 0;
    for (int iter = 0; iter < 20000; iter++) {
        make_elf(buf, STD_SIZE, 0xC0100010, STD_PH, 2, iter & 1 ? 3 : 0x10003);
        for (int m = 0; m < 1 + iter % 8; m++) {
            seed = seed * 1103515245u + 12345u;
            unsigned pos = (seed >> 8) % 0x100;  /* the headers are where the decisions are */
            seed = seed * 1103515245u + 12345u;
            buf[pos] = (uint8_t)(seed >> 16);
        }
        rs_boot_state bs;
        rs_image k = image_of(buf, (seed >> 4) % 3 ? STD_SIZE : (seed >> 4) % STD_SIZE, "k");
        loaded += rs_multiboot_load(ram, 4 * MIB, &k, NULL, 0, &bs, msg, sizeof msg) == RS_OK;
    }
    printf("mutations: %d of 20000 loaded\n", loaded);
    CHECK(1);
}

/* ---- guest/mbtest: render what mbinfo.asm would print from RAM, compare with QEMU's ---- */

#ifdef RS_GUEST_OUT
typedef struct text { char buf[8192]; size_t len; } text;

static void emit(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len = t->len + (size_t)n < sizeof t->buf ? t->len + (size_t)n : sizeof t->buf - 1;
}

static uint8_t byte_at(uint64_t ram_size, uint32_t addr) { return addr < ram_size ? ram[addr] : 0; }

/* mbinfo's put_quoted: printable ASCII as is, the rest (and " and \) as \xHH, 256 at most. */
static void emit_quoted(text *t, uint64_t ram_size, uint32_t addr)
{
    emit(t, "\"");
    int i = 0;
    for (uint8_t c; i < 256 && (c = byte_at(ram_size, addr + i)) != 0; i++)
        emit(t, c >= 0x20 && c <= 0x7E && c != '"' && c != '\\' ? "%c" : "\\x%02X", c);
    emit(t, i == 256 ? "...\"" : "\"");
}

static void render_mbinfo(text *t, uint64_t ram_size, const rs_boot_state *bs)
{
    static const struct { const char *name; uint8_t off, width; } f[] = {
        { "flags", 0, 4 }, { "mem_lower", 4, 4 }, { "mem_upper", 8, 4 }, { "boot_device", 12, 4 },
        { "cmdline", 16, 4 }, { "mods_count", 20, 4 }, { "mods_addr", 24, 4 }, { "syms0", 28, 4 },
        { "syms1", 32, 4 }, { "syms2", 36, 4 }, { "syms3", 40, 4 }, { "mmap_length", 44, 4 },
        { "mmap_addr", 48, 4 }, { "drives_length", 52, 4 }, { "drives_addr", 56, 4 },
        { "config_table", 60, 4 }, { "boot_loader_name", 64, 4 }, { "apm_table", 68, 4 },
        { "vbe_control_info", 72, 4 }, { "vbe_mode_info", 76, 4 }, { "vbe_mode", 80, 2 },
        { "vbe_interface_seg", 82, 2 }, { "vbe_interface_off", 84, 2 }, { "vbe_interface_len", 86, 2 },
    };
    uint32_t mbi = bs->ebx, flags = rd32(mbi);
    int bss_zero = 1;
    for (uint32_t a = 0x104000; a < 0x105000; a++)
        bss_zero &= ram[a] == 0;
    emit(t, "mbinfo: start\neax=%08X\nebx=%08X\nbss=%s\n", bs->eax, bs->ebx, bss_zero ? "zero" : "dirty");
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        emit(t, "%s=%08X\n", f[i].name, f[i].width == 2 ? rs_le16(ram + mbi + f[i].off) : rd32(mbi + f[i].off));
    if (flags & 1 << 2) {
        emit(t, "cmdline_string=%08X ", rd32(mbi + 16));
        emit_quoted(t, ram_size, rd32(mbi + 16));
        emit(t, "\n");
    }
    if (flags & 1 << 9) {
        emit(t, "boot_loader_name_string=%08X ", rd32(mbi + 64));
        emit_quoted(t, ram_size, rd32(mbi + 64));
        emit(t, "\n");
    }
    if (flags & 1 << 6)
        for (uint32_t p = rd32(mbi + 48), n = 0; p < rd32(mbi + 48) + rd32(mbi + 44) && n < 32; n++) {
            emit(t, "mmap[%u] size=%08X base=%08X%08X length=%08X%08X type=%08X\n", n, rd32(p),
                 rd32(p + 8), rd32(p + 4), rd32(p + 16), rd32(p + 12), rd32(p + 20));
            p += rd32(p) + 4;
        }
    if (flags & 1 << 3)
        for (uint32_t i = 0; i < rd32(mbi + 20) && i < 16; i++) {
            uint32_t e = rd32(mbi + 24) + 16 * i, start = rd32(e), end = rd32(e + 4);
            emit(t, "mod[%u] start=%08X end=%08X reserved=%08X cmdline=%08X ", i, start, end,
                 rd32(e + 12), rd32(e + 8));
            emit_quoted(t, ram_size, rd32(e + 8));
            emit(t, " bytes=");
            for (uint32_t b = 0; b < end - start && b < 16; b++)
                emit(t, b ? " %02X" : "%02X", byte_at(ram_size, start + b));
            emit(t, "\n");
        }
    emit(t, "mbinfo: done\n");
}

/* One QEMU run from guest/mbtest/README.md, replayed through the loader. */
static void check_transcript(const char *expected, uint64_t ram_size, const char *kernel_rel,
                             const char *append, int with_modules)
{
    char path[1024], cmdline[256];
    rs_image kernel = { 0 }, mods[2] = { { 0 }, { 0 } };
    snprintf(path, sizeof path, "%s/%s", RS_GUEST_OUT, kernel_rel);
    if (rs_image_read_file(path, &kernel, msg, sizeof msg) != RS_OK) {
        fprintf(stderr, "skipping %s: %s (build the guest_mbtest target)\n", expected, msg);
        return;
    }
    snprintf(cmdline, sizeof cmdline, "%s %s", kernel_rel, append);
    kernel.cmdline = strdup(cmdline);
    static const char *const mod_names[2] = { "mbtest/m1.txt", "mbtest/m2.txt" };
    static const char *const mod_cmdlines[2] = { "mbtest/m1.txt arg1", "mbtest/m2.txt" };
    for (int i = 0; with_modules && i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", RS_GUEST_OUT, mod_names[i]);
        OK(rs_image_read_file(path, &mods[i], msg, sizeof msg));
        mods[i].cmdline = strdup(mod_cmdlines[i]);
    }
    memset(ram, 0, RAM_SIZE);
    rs_boot_state bs;
    OK(rs_multiboot_load(ram, ram_size, &kernel, mods, with_modules ? 2 : 0, &bs, msg, sizeof msg));
    static text got;
    got.len = 0;
    render_mbinfo(&got, ram_size, &bs);
    static char want[8192];
    snprintf(path, sizeof path, "%s/guest/mbtest/expected/%s", RS_SOURCE_DIR, expected);
    FILE *fp = fopen(path, "rb");
    size_t want_len = fp ? fread(want, 1, sizeof want, fp) : 0;
    if (fp)
        fclose(fp);
    CHECK(fp != NULL);
    CHECK(want_len == got.len && memcmp(want, got.buf, got.len) == 0);
    if (want_len != got.len || memcmp(want, got.buf, got.len) != 0)
        fprintf(stderr, "%s differs; ringscope's loader gives:\n%.*s", expected, (int)got.len, got.buf);
    rs_image_free(&kernel);
    rs_image_free(&mods[0]);
    rs_image_free(&mods[1]);
}

static void test_qemu_transcripts(void)
{
    check_transcript("elf_m128.txt", 128 * MIB, "mbtest/mbinfo.elf", "hello", 1);
    check_transcript("elf_m64.txt", 64 * MIB, "mbtest/mbinfo.elf", "hello", 1);
    check_transcript("aout_m128.txt", 128 * MIB, "mbtest/mbinfo_aout.bin", "hello", 1);
    check_transcript("elf_bare_m128.txt", 128 * MIB, "mbtest/mbinfo.elf", "", 0);
}
#else
static void test_qemu_transcripts(void) { fprintf(stderr, "RS_GUEST_OUT not defined: no transcripts\n"); }
#endif

int main(void)
{
    ram = calloc(1, RAM_SIZE);
    if (!ram)
        return 1;
    make_elf(std_elf, STD_SIZE, 0xC0100010, STD_PH, 2, 3);
    test_valid_elf_with_modules();
    test_no_modules_and_empty_module();
    test_aout_kludge();
    test_malformed_elf();
    test_elf_limits();
    test_malformed_aout();
    test_modules_and_arguments();
    test_mutations();
    test_qemu_transcripts();
    free(ram);
    return rs_test_done();
}
