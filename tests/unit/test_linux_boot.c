/* The Linux 32-bit boot protocol loader (linux_boot.c) on synthetic bzImages: where the kernel,
 * zero page, GDT, command line and initrd land (QEMU's layout), what the zero page says, and every
 * refusal; and rs_image_pack_directory's cpio newc archive (names, order, trailer, same bytes
 * twice). The real kernel against QEMU is tests/linux. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "elf32.h"
#include "linux_boot.h"
#include "rs_test.h"

#define MIB (1024u * 1024u)
#define SETUP 0xA00u           /* 4 setup sectors + the boot sector */
#define PROT 0x1000u
#define KSIZE (SETUP + PROT)

static uint8_t *ram;
static char msg[256];
static uint8_t kbuf[KSIZE];

static void le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void le32(uint8_t *p, uint32_t v) { le16(p, (uint16_t)v); le16(p + 2, (uint16_t)(v >> 16)); }
static uint32_t rd32(uint32_t a) { return rs_le32(ram + a); }

/* A bzImage of protocol 2.15: 4 setup sectors, 4 KiB of protected-mode code (a pattern). */
static void make_kernel(void)
{
    memset(kbuf, 0, sizeof kbuf);
    kbuf[0x1f1] = 4;
    le32(kbuf + 0x1f4, PROT / 16);
    le16(kbuf + 0x1fa, 0xffff);
    le16(kbuf + 0x1fe, 0xAA55);
    kbuf[0x200] = 0xEB, kbuf[0x201] = 0x6A;  /* header ends at 0x26c */
    memcpy(kbuf + 0x202, "HdrS", 4);
    le16(kbuf + 0x206, 0x020f);
    kbuf[0x211] = 0x01;                      /* LOADED_HIGH */
    le32(kbuf + 0x214, 0x100000);
    le32(kbuf + 0x22c, 0x7fffffff);
    le32(kbuf + 0x238, 64);                  /* cmdline_size */
    le32(kbuf + 0x258, 0x1000000);           /* pref_address */
    le32(kbuf + 0x260, 0x200000);            /* init_size */
    kbuf[0x26c] = 0x5A;                      /* past the header: must not be copied */
    for (unsigned i = SETUP; i < KSIZE; i++)
        kbuf[i] = (uint8_t)(i * 7 + 1);
}

static rs_err load(uint64_t ram_size, size_t ksize, const rs_image *initrd, const char *cmdline, rs_boot_state *bs)
{
    rs_image k = { .data = kbuf, .size = ksize };
    return rs_linux_load(ram, ram_size, &k, initrd, cmdline, bs, msg, sizeof msg);
}

static void test_layout(void)
{
    static uint8_t rd[5000];
    for (unsigned i = 0; i < sizeof rd; i++)
        rd[i] = (uint8_t)(i * 3);
    rs_image initrd = { .data = rd, .size = sizeof rd };
    rs_boot_state bs;
    make_kernel();
    memset(ram, 0xCC, 128 * MIB);
    OK(load(128 * MIB, KSIZE, &initrd, "console=ttyS0 quiet", &bs));
    CHECK_EQ(bs.protocol, RS_BOOT_LINUX);
    CHECK_EQ(bs.eip, 0x100000);
    CHECK_EQ(bs.esi, 0x10000);
    CHECK_EQ(bs.code_selector, 0x10);
    CHECK_EQ(bs.data_selector, 0x18);
    CHECK(!memcmp(ram + 0x100000, kbuf + SETUP, PROT));
    CHECK_EQ(bs.kernel_high, 0x100000 + PROT);
    /* The zero page: the header as in the file up to its end, zeros elsewhere, loader fields. */
    CHECK_EQ(ram[0x10000 + 0x1f1], 4);
    CHECK_EQ(rd32(0x10000 + 0x202), 0x53726448);
    CHECK_EQ(ram[0x10000 + 0x26c], 0);
    CHECK_EQ(ram[0x10000 + 0x100], 0);
    CHECK_EQ(ram[0x10000 + 0x210], 0xB0);
    CHECK_EQ(ram[0x10000 + 0x211], 0x81);
    CHECK_EQ(rs_le16(ram + 0x10000 + 0x224), 0xFE00);
    CHECK_EQ(rd32(0x10000 + 0x228), 0x20000);
    CHECK(!strcmp((char *)ram + 0x20000, "console=ttyS0 quiet"));
    /* QEMU: (RAM - 128 KiB - 1 - size) rounded down to a page. */
    CHECK_EQ(rd32(0x10000 + 0x218), (128 * MIB - 0x20000 - 1 - sizeof rd) & ~4095u);
    CHECK_EQ(rd32(0x10000 + 0x21c), sizeof rd);
    CHECK(!memcmp(ram + rd32(0x10000 + 0x218), rd, sizeof rd));
    /* e820: SeaBIOS's six entries; the usable one from 1 MiB stops 128 KiB below the top. */
    CHECK_EQ(ram[0x10000 + 0x1e8], 6);
    CHECK_EQ(rd32(0x10000 + 0x2d0 + 3 * 20), 0x100000);
    CHECK_EQ(rd32(0x10000 + 0x2d0 + 3 * 20 + 8), 128 * MIB - 0x120000);
    CHECK_EQ(rd32(0x10000 + 0x2d0 + 3 * 20 + 16), 1);
    CHECK_EQ(rd32(0x10000 + 0x2d0 + 4 * 20 + 16), 2);
    CHECK_EQ(rd32(0x10000 + 0x1e0), (128 * MIB - 0x120000) >> 10);
    /* The GDT: flat code at 0x10, flat data at 0x18. */
    CHECK_EQ(bs.gdt_base, 0x11000);
    CHECK_EQ(bs.gdt_limit, 31);
    CHECK_EQ(rd32(0x11000 + 0x10), 0x0000ffff);
    CHECK_EQ(rd32(0x11000 + 0x14), 0x00cf9b00);
    CHECK_EQ(rd32(0x11000 + 0x1c), 0x00cf9300);
    /* No initrd, no command line: zero address and size, an empty string. */
    OK(load(128 * MIB, KSIZE, NULL, NULL, &bs));
    CHECK_EQ(rd32(0x10000 + 0x218), 0);
    CHECK_EQ(rd32(0x10000 + 0x21c), 0);
    CHECK_EQ(ram[0x20000], 0);
}

/* Loads with one header byte or size changed; expects ERR and a message containing WORDS. */
static void refuse(const char *what, uint64_t ram_size, size_t ksize, const rs_image *initrd, const char *cmdline,
                   rs_err want, const char *words)
{
    rs_boot_state bs;
    rs_err err = load(ram_size, ksize, initrd, cmdline, &bs);
    if (err != want || !strstr(msg, words))
        fprintf(stderr, "%s: got %s \"%s\"\n", what, rs_strerror(err), msg);
    CHECK_EQ(err, want);
    CHECK(strstr(msg, words) != NULL);
    make_kernel();
}

static void test_refusals(void)
{
    static uint8_t big[3 * MIB];
    rs_image initrd = { .data = big, .size = sizeof big };
    char long_cmdline[100];
    memset(long_cmdline, 'x', sizeof long_cmdline - 1);
    long_cmdline[sizeof long_cmdline - 1] = '\0';
    make_kernel();
    kbuf[0x202] = 'X';
    refuse("no HdrS", 128 * MIB, KSIZE, NULL, NULL, RS_ERR_BAD_IMAGE, "no \"HdrS\"");
    le16(kbuf + 0x206, 0x0201);
    refuse("old protocol", 128 * MIB, KSIZE, NULL, NULL, RS_ERR_BAD_IMAGE, "2.01 is too old");
    kbuf[0x211] = 0;
    refuse("zImage", 128 * MIB, KSIZE, NULL, NULL, RS_ERR_BAD_IMAGE, "zImage");
    le16(kbuf + 0x236, 1);
    refuse("64-bit", 128 * MIB, KSIZE, NULL, NULL, RS_ERR_BAD_IMAGE, "64-bit");
    refuse("short syssize", 128 * MIB, KSIZE - 16, NULL, NULL, RS_ERR_BAD_IMAGE, "truncated");
    refuse("setup only", 128 * MIB, SETUP, NULL, NULL, RS_ERR_BAD_IMAGE, "truncated");
    le32(kbuf + 0x260, 0x7000000);
    refuse("init_size", 64 * MIB, KSIZE, NULL, NULL, RS_ERR_TOO_BIG, "to decompress");
    le32(kbuf + 0x214, 0x200000);
    refuse("entry outside", 128 * MIB, KSIZE, NULL, NULL, RS_ERR_BAD_IMAGE, "code32_start");
    refuse("command line", 128 * MIB, KSIZE, NULL, long_cmdline, RS_ERR_TOO_BIG, "at most 64");
    refuse("initrd over the kernel", 20 * MIB, KSIZE, &initrd, NULL, RS_ERR_TOO_BIG, "overlap");
    le32(kbuf + 0x22c, 0x100000);
    refuse("initrd_addr_max", 128 * MIB, KSIZE, &initrd, NULL, RS_ERR_TOO_BIG, "does not fit below 0x00100000");
}

/* Walks a newc archive: appends "name," for each entry; returns 0 if malformed. */
static int newc_names(const uint8_t *p, size_t size, char *out, size_t out_len)
{
    size_t at = 0;
    out[0] = '\0';
    while (at + 110 <= size) {
        if (memcmp(p + at, "070701", 6))
            return 0;
        char field[9] = { 0 };
        memcpy(field, p + at + 54, 8);
        unsigned long filesize = strtoul(field, NULL, 16);
        memcpy(field, p + at + 94, 8);
        unsigned long namesize = strtoul(field, NULL, 16);
        const char *name = (const char *)p + at + 110;
        strncat(out, name, out_len - strlen(out) - 2);
        strcat(out, ",");
        if (!strcmp(name, "TRAILER!!!"))
            return 1;
        at = (at + 110 + namesize + 3) & ~(size_t)3;
        at = (at + filesize + 3) & ~(size_t)3;
    }
    return 0;
}

static void test_pack_directory(void)
{
    char dir[] = "/tmp/rs_pack_XXXXXX", path[256];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/init", dir);
    FILE *f = fopen(path, "w");
    fputs("#!/bin/sh\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/bin", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/bin/hello", dir);
    f = fopen(path, "w");
    fputs("hello", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/link", dir);
    CHECK(symlink("bin/hello", path) == 0);
    rs_image a, b;
    OK(rs_image_pack_directory(dir, &a, msg, sizeof msg));
    OK(rs_image_pack_directory(dir, &b, msg, sizeof msg));
    char names[256];
    CHECK(newc_names(a.data, a.size, names, sizeof names));
    CHECK(!strcmp(names, "bin,bin/hello,init,link,TRAILER!!!,"));
    CHECK(a.size == b.size && !memcmp(a.data, b.data, a.size));
    CHECK(memmem(a.data, a.size, "bin/hello", 9) != NULL);
    rs_image_free(&a);
    rs_image_free(&b);
    CHECK_EQ(rs_image_pack_directory("/nonexistent/rs", &a, msg, sizeof msg), RS_ERR_FILE);
    CHECK(strstr(msg, "No such file") != NULL);
    snprintf(path, sizeof path, "%s/init", dir);
    CHECK_EQ(rs_image_pack_directory(path, &a, msg, sizeof msg), RS_ERR_FILE);
    CHECK(strstr(msg, "not a directory") != NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

int main(void)
{
    ram = malloc(128 * MIB);
    if (!ram)
        return 1;
    test_layout();
    test_refusals();
    test_pack_directory();
    free(ram);
    return rs_test_done();
}
