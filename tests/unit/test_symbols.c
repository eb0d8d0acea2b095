/* Symbols (symbols.h): the teaching kernel's and two programs' ELF symbol tables, told apart by
 * address space (both programs have main at 0x08048550); a System.map; lookups, names, offsets. */
#include <stdlib.h>
#include <string.h>
#include "rs_test.h"
#include "image.h"
#include "symbols.h"

static int load(const char *path, rs_image *img)
{
    char msg[200];
    rs_err e = rs_image_read_file(path, img, msg, sizeof msg);
    if (e)
        fprintf(stderr, "%s: %s\n", path, msg);
    return e == RS_OK;
}

/* An address space that maps one program's file bytes at their link address (and nothing else). */
typedef struct fake_space {
    const uint8_t *bytes;
    uint32_t at, len;
} fake_space;

static uint32_t read_fake(void *opaque, uint32_t address, void *dst, uint32_t len)
{
    fake_space *s = opaque;
    if (address < s->at || address - s->at + (uint64_t)len > s->len)
        return 0;
    memcpy(dst, s->bytes + (address - s->at), len);
    return len;
}

static void test_elf_by_address_space(void)
{
    rs_image kernel = { 0 }, hello = { 0 }, peek = { 0 };
    if (!load(RS_GUEST_OUT "/kernel.elf", &kernel) || !load(RS_GUEST_OUT "/user/hello.elf", &hello) ||
        !load(RS_GUEST_OUT "/user/peek.elf", &peek)) {
        CHECK(0);
        return;
    }
    rs_symtab *t = NULL;
    OK(rs_symtab_create(&t));
    int k = -1, h = -1, p = -1;
    OK(rs_symtab_add_elf(t, "kernel.elf", 1, kernel.data, kernel.size, &k));
    OK(rs_symtab_add_elf(t, "hello.elf", 0, hello.data, hello.size, &h));
    OK(rs_symtab_add_elf(t, "peek.elf", 0, peek.data, peek.size, &p));
    CHECK_EQ(k, 0);
    CHECK_EQ(h, 1);
    CHECK_EQ(p, 2);
    CHECK_EQ(rs_symtab_sources(t), 3);
    CHECK(strcmp(rs_symtab_source_name(t, 1), "hello.elf") == 0);

    /* hello's code (file offset 0x1000) mapped at 0x08048000: only hello counts there. */
    fake_space hs = { hello.data + 0x1000, 0x08048000u, (uint32_t)(hello.size - 0x1000) };
    uint64_t spaces = rs_symtab_spaces(t, read_fake, &hs);
    CHECK_EQ(spaces, 3u);                              /* kernel (global) and hello */
    fake_space ps = { peek.data + 0x1000, 0x08048000u, (uint32_t)(peek.size - 0x1000) };
    CHECK_EQ(rs_symtab_spaces(t, read_fake, &ps), 5u);  /* kernel and peek */
    fake_space none = { NULL, 0, 0 };
    CHECK_EQ(rs_symtab_spaces(t, read_fake, &none), 1u);

    rs_symbol s;
    CHECK(rs_symtab_lookup(t, 0x08048551u, spaces, &s));
    CHECK(strcmp(s.name, "main") == 0);
    CHECK_EQ(s.source, h);
    char buf[64];
    CHECK_EQ(rs_symtab_format(t, 0x08048553u, spaces, buf, sizeof buf), 6);
    CHECK(strcmp(buf, "main+3") == 0);
    CHECK(!rs_symtab_lookup(t, 0x08048551u, 1u, &s));  /* no program mapped: no name */
    CHECK_EQ(rs_symtab_format(t, 0x08048551u, 1u, buf, sizeof buf), 0);
    CHECK(strcmp(buf, "") == 0);

    /* The kernel: global, and only inside its segments (not KERNBASE, an absolute value). */
    CHECK(rs_symtab_find(t, "kmain", 1u, &s));
    CHECK_EQ(s.source, k);
    CHECK(s.address >= 0xc0100000u);
    uint32_t kmain = s.address;
    CHECK(rs_symtab_format(t, kmain + 35, 0, buf, sizeof buf) > 0);
    CHECK(strcmp(buf, "kmain+35") == 0);
    CHECK(!rs_symtab_find(t, "KERNBASE", RS_SYMTAB_ALL_SPACES, &s));
    CHECK(!rs_symtab_lookup(t, 0x40000000u, RS_SYMTAB_ALL_SPACES, &s));   /* between the images */

    /* By name: the space's own program first, or the one named. */
    CHECK(rs_symtab_find(t, "main", 5u, &s));
    CHECK_EQ(s.source, p);
    CHECK(rs_symtab_find(t, "hello.elf:main", 5u, &s));
    CHECK_EQ(s.source, h);
    CHECK(!rs_symtab_find(t, "nosuch.elf:main", 5u, &s));
    CHECK(!rs_symtab_find(t, "no_such_symbol", RS_SYMTAB_ALL_SPACES, &s));

    rs_symtab_destroy(t);
    rs_image_free(&kernel);
    rs_image_free(&hello);
    rs_image_free(&peek);
}

static void test_system_map(void)
{
    static const char map[] = "c1000000 T _text\n"
                              "c1000000 T startup_32\n"
                              "00000400 a some_absolute\n"
                              "not a line\n"
                              "c1001000 t do_one_initcall\r\n"
                              "c1002000 T sys_write\n"
                              "c1002040 D _etext";
    rs_symtab *t = NULL;
    OK(rs_symtab_create(&t));
    int src = -1;
    OK(rs_symtab_add_system_map(t, "System.map", map, sizeof map - 1, &src));
    CHECK_EQ(rs_symtab_count(t), 5u);
    rs_symbol s;
    CHECK(rs_symtab_lookup(t, 0xc1001010u, 0, &s));
    CHECK(strcmp(s.name, "do_one_initcall") == 0);
    CHECK(rs_symtab_lookup(t, 0xc1002010u, 0, &s));
    CHECK(strcmp(s.name, "sys_write") == 0);
    CHECK(rs_symtab_lookup(t, 0xc1002040u, 0, &s));       /* the last symbol: itself only */
    CHECK(!rs_symtab_lookup(t, 0xc1002041u, 0, &s));
    CHECK(!rs_symtab_lookup(t, 0xbfffffffu, 0, &s));
    CHECK(!rs_symtab_find(t, "some_absolute", 0, &s));
    CHECK(rs_symtab_find(t, "sys_write", 0, &s));
    CHECK_EQ(s.address, 0xc1002000u);
    rs_symtab_destroy(t);
}

int main(void)
{
    test_elf_by_address_space();
    test_system_map();
    return rs_test_done();
}
