#include "raw_unicorn.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unicorn/unicorn.h>

static uint32_t get32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

int bench_table_read(const uint8_t *img, size_t size, bench_table *t)
{
    if (size < 0x40 || get32(img + 0x20) != 0x48434e42u)   /* 'BNCH' */
        return 0;
    *t = (bench_table){ get32(img + 0x24), get32(img + 0x28), get32(img + 0x2c), get32(img + 0x30),
                        get32(img + 0x34), get32(img + 0x38) };
    return t->loop_start >= BENCH_LOAD_ADDR && t->loop_end > t->loop_start &&
           t->n_iters_addr + 4 <= BENCH_LOAD_ADDR + size && t->bss_end < (16u << 20);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void empty_block(uc_engine *uc, uint64_t address, uint32_t size, void *user)
{
    (void)uc, (void)address, (void)size, (void)user;
}

double raw_unicorn_loop_cpu_s(const uint8_t *img, size_t size, const bench_table *t, uint32_t iters, int block_hook)
{
    uc_engine *uc;
    uc_hook h;
    if (uc_open(UC_ARCH_X86, UC_MODE_32, &uc) != UC_ERR_OK)
        return -1;
    uint32_t esp = 0x90000, n = iters, eip = 0;
    double t0 = 0, t1 = 0;
    if (uc_mem_map(uc, 0, 16u << 20, UC_PROT_ALL) == UC_ERR_OK && uc_mem_write(uc, BENCH_LOAD_ADDR, img, size) == UC_ERR_OK &&
        uc_mem_write(uc, t->n_iters_addr, &n, 4) == UC_ERR_OK && uc_reg_write(uc, UC_X86_REG_ESP, &esp) == UC_ERR_OK &&
        (!block_hook || uc_hook_add(uc, &h, UC_HOOK_BLOCK, (void *)empty_block, NULL, 1, 0) == UC_ERR_OK)) {
        t0 = cpu_s();
        uc_err e = uc_emu_start(uc, t->loop_start, t->loop_end, 0, 0);
        t1 = cpu_s();
        if (e == UC_ERR_OK)
            uc_reg_read(uc, UC_X86_REG_EIP, &eip);
    }
    uc_close(uc);
    return eip == t->loop_end ? t1 - t0 : -1;
}

double raw_unicorn_run(const uint8_t *img, size_t size, const bench_table *t, uint32_t iters)
{
    double t0 = now_s();
    uc_engine *uc;
    uc_err e = uc_open(UC_ARCH_X86, UC_MODE_32, &uc);
    if (e != UC_ERR_OK) {
        fprintf(stderr, "raw unicorn: uc_open: %s\n", uc_strerror(e));
        return -1;
    }
    uint32_t esp = 0x90000, n = iters;
    if ((e = uc_mem_map(uc, 0, 16u << 20, UC_PROT_ALL)) != UC_ERR_OK ||
        (e = uc_mem_write(uc, BENCH_LOAD_ADDR, img, size)) != UC_ERR_OK ||
        (e = uc_mem_write(uc, t->n_iters_addr, &n, 4)) != UC_ERR_OK ||
        (e = uc_reg_write(uc, UC_X86_REG_ESP, &esp)) != UC_ERR_OK ||
        (e = uc_emu_start(uc, t->loop_start, t->loop_end, 0, 0)) != UC_ERR_OK) {
        fprintf(stderr, "raw unicorn: %s\n", uc_strerror(e));
        uc_close(uc);
        return -1;
    }
    uint32_t eip = 0;
    uc_reg_read(uc, UC_X86_REG_EIP, &eip);
    uc_close(uc);
    if (eip != t->loop_end) {
        fprintf(stderr, "raw unicorn: stopped at 0x%x, not at the loop end 0x%x\n", eip, t->loop_end);
        return -1;
    }
    return now_s() - t0;
}
