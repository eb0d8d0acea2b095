/* See cpu_model.h. Feature bits: SDM Vol. 2A, CPUID, Table 3-11 (leaf 1, EDX). */
#include <stddef.h>
#include <string.h>
#include <unicorn/unicorn.h>
#include "cpu_model.h"
#include "cpu_model_uc.h"

enum {
    F_FPU = 1u << 0, F_PSE = 1u << 3, F_TSC = 1u << 4, F_MSR = 1u << 5, F_CX8 = 1u << 8,
    F_SEP = 1u << 11, F_PGE = 1u << 13, F_CMOV = 1u << 15, F_MMX = 1u << 23, F_FXSR = 1u << 24,
    F_SSE = 1u << 25,
};

typedef struct model {
    const char *name, *summary;
    int uc_model;                  /* Unicorn's (QEMU's) model of the same name */
    uint32_t max_leaf, family, model, stepping, edx;
    uint32_t leaf2[4];             /* cache descriptors, for max_leaf >= 2 */
} model;

/* Leaf 2 of a Pentium II/III: 0x01 ITLB, 0x02 ITLB 4M, 0x03 DTLB, 0x08 16 KiB L1I, 0x04 DTLB 4M,
 * 0x0C 16 KiB L1D, 0x43 512 KiB L2 (Intel AP-485, "Intel Processor Identification and the CPUID
 * Instruction"). */
#define P6_CACHES { 0x03020101u, 0, 0, 0x0c040843u }

static const model models[] = {
    { "pentium2", "Intel Pentium II (family 6, model 5, stepping 2): FPU PSE TSC MSR CX8 SEP PGE CMOV MMX FXSR",
      UC_CPU_X86_PENTIUM2, 2, 6, 5, 2,
      F_FPU | F_PSE | F_TSC | F_MSR | F_CX8 | F_SEP | F_PGE | F_CMOV | F_MMX | F_FXSR, P6_CACHES },
    { "pentium3", "Intel Pentium III (family 6, model 7, stepping 3): the pentium2's features and SSE",
      UC_CPU_X86_PENTIUM3, 3, 6, 7, 3,
      F_FPU | F_PSE | F_TSC | F_MSR | F_CX8 | F_SEP | F_PGE | F_CMOV | F_MMX | F_FXSR | F_SSE, P6_CACHES },
    { "pentium", "Intel Pentium MMX (family 5, model 4, stepping 3): FPU PSE TSC MSR CX8 MMX",
      UC_CPU_X86_PENTIUM, 1, 5, 4, 3, F_FPU | F_PSE | F_TSC | F_MSR | F_CX8 | F_MMX, { 0 } },
    { "486", "Intel 486 (family 4, model 8): FPU PSE; no TSC (RDTSC still runs, as in QEMU)",
      UC_CPU_X86_486, 1, 4, 8, 0, F_FPU | F_PSE, { 0 } },
};

#define N_MODELS ((int)(sizeof models / sizeof models[0]))

int rs_cpu_model_count(void) { return N_MODELS; }

const char *rs_cpu_model_name(int m) { return m >= 0 && m < N_MODELS ? models[m].name : NULL; }

const char *rs_cpu_model_summary(int m) { return m >= 0 && m < N_MODELS ? models[m].summary : NULL; }

int rs_cpu_model_find(const char *name)
{
    for (int i = 0; name && i < N_MODELS; i++)
        if (!strcmp(models[i].name, name))
            return i;
    return -1;
}

int rs_cpu_model_uc(int m) { return models[m >= 0 && m < N_MODELS ? m : RS_CPU_DEFAULT].uc_model; }

void rs_cpu_model_cpuid(int m, uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
    (void)subleaf;               /* no model here has a leaf with subleaves */
    const model *c = &models[m >= 0 && m < N_MODELS ? m : RS_CPU_DEFAULT];
    if (leaf > c->max_leaf)
        leaf = c->max_leaf;      /* also every 0x8000xxxx leaf: these CPUs have no extended ones */
    memset(out, 0, 4 * sizeof *out);
    switch (leaf) {
    case 0:
        out[0] = c->max_leaf;
        memcpy(&out[1], "Genu", 4);   /* EBX EDX ECX spell GenuineIntel */
        memcpy(&out[3], "ineI", 4);
        memcpy(&out[2], "ntel", 4);
        break;
    case 1:
        out[0] = c->stepping | c->model << 4 | c->family << 8;
        out[3] = c->edx;
        break;
    case 2:
        memcpy(out, c->leaf2, 4 * sizeof *out);
        break;
    default:                     /* leaf 3: processor serial number, disabled */
        break;
    }
}
