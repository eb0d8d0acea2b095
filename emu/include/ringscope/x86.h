/* Architectural constants of the 32-bit x86, named once (Intel SDM Vol. 3 unless noted): EFLAGS,
 * CR0/CR4, page-table entries, error codes, descriptors and exception vectors. A leaf header:
 * no functions, no other includes. Every file of ringscope that tests one of these bits uses
 * the name here rather than a literal. */
#ifndef RS_X86_H
#define RS_X86_H

/* EFLAGS (SDM Vol. 1, 3.4.3; Vol. 3, 2.3). */
enum {
    RS_EFL_CF = 1u << 0,
    RS_EFL_TF = 1u << 8,
    RS_EFL_IF = 1u << 9,
    RS_EFL_DF = 1u << 10,
    RS_EFL_OF = 1u << 11,
    RS_EFL_IOPL_SHIFT = 12,        /* IOPL is bits 13:12 */
    RS_EFL_IOPL = 3u << 12,
    RS_EFL_NT = 1u << 14,
    RS_EFL_RF = 1u << 16,
    RS_EFL_VM = 1u << 17,
    RS_EFL_AC = 1u << 18,
};

/* Control registers (SDM 2.5). */
enum {
    RS_CR0_PE = 1u << 0,
    RS_CR0_EM = 1u << 2,
    RS_CR0_TS = 1u << 3,
    RS_CR0_WP = 1u << 16,
    RS_CR0_AM = 1u << 18,
    RS_CR0_PG = 1u << 31,
    RS_CR4_TSD = 1u << 2,
    RS_CR4_PSE = 1u << 4,
    RS_CR4_PCE = 1u << 8,
    RS_CR4_UMIP = 1u << 11,
    RS_CR4_SMEP = 1u << 20,
    RS_CR4_SMAP = 1u << 21,
};

/* 32-bit paging entries (SDM 4.3, Tables 4-4 to 4-6). */
enum {
    RS_PTE_P = 1u << 0,
    RS_PTE_RW = 1u << 1,
    RS_PTE_US = 1u << 2,
    RS_PTE_PWT = 1u << 3,
    RS_PTE_PCD = 1u << 4,
    RS_PTE_A = 1u << 5,
    RS_PTE_D = 1u << 6,
    RS_PDE_PS = 1u << 7,
    RS_PTE_G = 1u << 8,
    RS_PDE_4M_RSVD = 1u << 21,  /* reserved in a 4 MiB PDE (PSE-36, as Unicorn/QEMU check it) */
    RS_PDE_4M_HIGH = 0xffu << 13, /* bits 20:13 of a 4 MiB PDE: physical address bits 39:32 */
};

/* The #PF error code (SDM 4.7, Figure 4-12). */
enum {
    RS_PF_P = 1u << 0,          /* the page was present (a protection violation) */
    RS_PF_W = 1u << 1,          /* the access was a write */
    RS_PF_U = 1u << 2,          /* the access was made in user mode (CPL 3) */
    RS_PF_RSVD = 1u << 3,       /* a reserved bit was set in an entry */
    RS_PF_ID = 1u << 4,         /* instruction fetch; never set here (needs NX with PAE, or SMEP) */
    RS_PF_PK = 1u << 5,
    RS_PF_SS = 1u << 6,
    RS_PF_SGX = 1u << 15,
};

/* The selector error code of #TS #NP #SS #GP (SDM 6.13, Figure 6-6). */
enum {
    RS_EC_EXT = 1u << 0,        /* raised while delivering an event external to the program */
    RS_EC_IDT = 1u << 1,        /* the index is an IDT vector */
    RS_EC_TI = 1u << 2,         /* with IDT=0: the index is in the LDT */
};

/* Segment descriptors, as bits of their high dword and of Unicorn's segment-cache flags (SDM
 * 3.4.5, Figure 3-8). */
enum {
    RS_DESC_WRITABLE = 1u << 9,  /* data segments */
    RS_DESC_CONFORMING = 1u << 10,
    RS_DESC_CODE = 1u << 11,     /* type bit 3 with S=1 */
    RS_DESC_S = 1u << 12,        /* code/data (1) or system (0) */
    RS_DESC_P = 1u << 15,
    RS_DESC_B = 1u << 22,        /* D/B: CS.D=1 is 32-bit code */
    RS_DESC_G = 1u << 23,
};

/* The TSS: where a 32-bit TSS keeps the I/O permission bit map's offset, and the smallest limit
 * a 32-bit TSS may have (SDM 7.2.1, Figure 7-2). */
enum { RS_TSS32_IOMAP_BASE = 0x66, RS_TSS32_MIN_LIMIT = 103 };

/* Exception vectors (SDM 6.3.1, Table 6-1). */
enum {
    RS_VEC_DE = 0, RS_VEC_DB = 1, RS_VEC_NMI = 2, RS_VEC_BP = 3, RS_VEC_OF = 4, RS_VEC_BR = 5,
    RS_VEC_UD = 6, RS_VEC_NM = 7, RS_VEC_DF = 8, RS_VEC_TS = 10, RS_VEC_NP = 11, RS_VEC_SS = 12,
    RS_VEC_GP = 13, RS_VEC_PF = 14, RS_VEC_MF = 16, RS_VEC_AC = 17, RS_VEC_MC = 18,
};

#endif
