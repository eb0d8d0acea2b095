/* The baseline: a benchmark guest's loop on bare Unicorn, with no hooks at all. */
#ifndef RS_BENCH_RAW_UNICORN_H
#define RS_BENCH_RAW_UNICORN_H
#include <stddef.h>
#include <stdint.h>

/* The table bench.inc puts at offset 0x20 of every loop guest. */
typedef struct bench_table {
    uint32_t loop_start, loop_end;   /* guest addresses: the loop, and its exit int */
    uint32_t n_iters_addr;           /* where the loop reads its iteration count */
    uint32_t insns_per_iter, insns_fixed;
    uint32_t bss_end;
} bench_table;

#define BENCH_LOAD_ADDR 0x100000u

/* Fills *t from a guest image; 0 if the image has no valid table. */
int bench_table_read(const uint8_t *img, size_t size, bench_table *t);

/* Loads IMG flat at BENCH_LOAD_ADDR into a fresh Unicorn (UC_MODE_32: protected mode, flat
 * segments, CPL 0, paging off), stores ITERS at n_iters and runs loop_start .. loop_end with no
 * hooks. Returns the wall time of the whole thing (open, map, load, run, close) in seconds, or a
 * negative value on an engine error (message on stderr). */
double raw_unicorn_run(const uint8_t *img, size_t size, const bench_table *t, uint32_t iters);

/* The floor for exact counting: the same loop, CPU time of uc_emu_start only, with no hook
 * (BLOCK_HOOK 0) or with one empty UC_HOOK_BLOCK callback (1). Negative on an engine error. */
double raw_unicorn_loop_cpu_s(const uint8_t *img, size_t size, const bench_table *t, uint32_t iters, int block_hook);

#endif
