/* libFuzzer harness for the Multiboot loader. The input is a kernel image, optionally followed
 * by "\0MODS" and module bytes split at each further "\0MODS"; RAM is 8 MiB. Any RS_ERR_* is a
 * fine answer; a crash, a hang or a sanitizer report is a bug.
 *
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Iemu \
 *       emu/core/error.c emu/load/image.c emu/load/elf32.c emu/load/multiboot.c tests/fuzz/fuzz_multiboot.c \
 *       -o /tmp/fuzz_multiboot && /tmp/fuzz_multiboot -max_total_time=180 -max_len=12000
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "multiboot.h"

#define FUZZ_RAM (8u << 20)
#define MAX_MODS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Offsets of the "\0MODS" separators, at most MAX_MODS. */
static size_t split(const uint8_t *data, size_t size, size_t *ends)
{
    size_t n = 0;
    for (size_t i = 0; i + 5 <= size && n < MAX_MODS; i++)
        if (memcmp(data + i, "\0MODS", 5) == 0) {
            ends[n++] = i;
            i += 4;
        }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t *ram;
    if (!ram && !(ram = malloc(FUZZ_RAM)))
        return 0;
    size_t ends[MAX_MODS];
    size_t n = split(data, size, ends);
    rs_image kernel = { .data = data, .size = n ? ends[0] : size, .cmdline = "fuzz kernel" };
    rs_image mods[MAX_MODS];
    for (size_t i = 0; i < n; i++) {
        size_t from = ends[i] + 5, to = i + 1 < n ? ends[i + 1] : size;
        mods[i] = (rs_image){ .data = data + from, .size = to - from, .cmdline = "fuzz module" };
    }
    char msg[256];
    rs_boot_state bs;
    if (rs_multiboot_load(ram, FUZZ_RAM, &kernel, mods, n, &bs, msg, sizeof msg) != RS_OK &&
        (!msg[0] || strchr(msg, '\n')))
        abort();  /* every failure must say what and where, on one line */
    return 0;
}
