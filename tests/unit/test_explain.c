/* Explanations (emu/include/ringscope/explain.h) of crafted events, with exact expected text: every #PF cause,
 * every #GP cause, the other vectors, every event kind's line; and the event names
 * (event_names.c). The page-table values are those of the teaching kernel where a program of
 * guest/user produces the event. */
#include <stdlib.h>
#include <string.h>
#include "explain.h"
#include "machine.h"
#include "rs_test.h"

static void check_str(int line, const char *what, const char *got, const char *want)
{
    if (strcmp(got, want) == 0) {
        rs_test_passed++;
        return;
    }
    rs_test_failed++;
    fprintf(stderr, "%s:%d: %s: got\n%s\n---- want\n%s\n----\n", __FILE__, line, what, got, want);
}

/* The whole explanation (headline, details, rule), and the one-line summary (NULL: not checked). */
static void expect(int line, const rs_event *ev, const char *full, const char *summary)
{
    char buf[2048];
    int n = rs_explain_exception(ev, buf, sizeof buf);
    if (full)
        check_str(line, "rs_explain_exception", buf, full);
    CHECK_EQ(n, strlen(buf));
    if (summary) {
        n = rs_explain_exception_summary(ev, buf, sizeof buf);
        check_str(line, "rs_explain_exception_summary", buf, summary);
        CHECK_EQ(n, strlen(buf));
    }
}

static void expect_line(int line, const rs_event *ev, const char *want)
{
    char buf[512];
    int n = rs_explain_event_line(ev, buf, sizeof buf);
    check_str(line, "rs_explain_event_line", buf, want);
    CHECK_EQ(n, strlen(want));
}

/* One detail line of the whole explanation. */
static void expect_detail(int line, const rs_event *ev, const char *want)
{
    char buf[2048];
    rs_explain_exception(ev, buf, sizeof buf);
    const char *at = strstr(buf, want);
    int whole = at && (at == buf || at[-1] == '\n') && (at[strlen(want)] == '\n' || !at[strlen(want)]);
    if (!whole)
        check_str(line, "a detail line of rs_explain_exception", buf, want);
    else
        rs_test_passed++;
}

#define EXPECT(ev, full, summary) expect(__LINE__, &(ev), full, summary)
#define EXPECT_DETAIL(ev, want) expect_detail(__LINE__, &(ev), want)
#define EXPECT_LINE(ev, want) expect_line(__LINE__, &(ev), want)
#define BYTES(s) s, (int)sizeof(s) - 1

/* An exception at EIP with the instruction's bytes; CR0 as the teaching kernel sets it
 * (PE, PG, WP, ET, NE), EFLAGS with IF=1 and IOPL=0. */
static rs_event exc(int vector, int cpl, uint32_t eip, const char *bytes, int n)
{
    rs_event e;
    memset(&e, 0, sizeof e);
    e.kind = RS_EV_EXCEPTION;
    e.cpl = cpl;
    e.cs = cpl == 3 ? 0x1b : 0x08;
    e.eip = eip;
    e.u.exc.vector = vector;
    e.u.exc.has_error_code = vector == 8 || (vector >= 10 && vector <= 14) || vector == 17;
    e.u.exc.eflags = 0x202;
    e.u.exc.cr0 = 0x80010031;
    e.u.exc.double_fault_of = -1;
    e.u.exc.df_second = -1;
    e.u.exc.code32 = 1;
    memcpy(e.u.exc.insn, bytes, (size_t)n);
    e.u.exc.insn_len = n;
    return e;
}

static rs_event with_ec(rs_event e, uint32_t error_code)
{
    e.u.exc.error_code = error_code;
    return e;
}

/* A #PF with its walk: PDE and PTE as the CPU read them (PTE 0 and no table for a 4 MiB PDE). */
static rs_event pf(int cpl, uint32_t eip, const char *bytes, int n, uint32_t ec, uint32_t cr2,
                   uint32_t pde, uint32_t pte)
{
    rs_event e = with_ec(exc(14, cpl, eip, bytes, n), ec);
    e.u.exc.cr2 = cr2;
    rs_walk *w = &e.u.exc.walk;
    w->linear = cr2;
    w->pde_addr = 0x03fff000 + ((cr2 >> 22) << 2);
    w->pde = pde;
    if ((pde & RS_PTE_P) && !(pde & RS_PDE_PS)) {
        w->pte_addr = (pde & 0xfffff000u) + (((cr2 >> 12) & 0x3ff) << 2);
        w->pte = pte;
    }
    w->large = (pde & RS_PTE_P) && (pde & RS_PDE_PS);
    w->error_code = ec;
    return e;
}

/* ---- #PF: one case per cause. ---- */

static void test_pf_supervisor_page(void)
{
    /* peek: ring 3 reads the kernel's first page. */
    rs_event e = pf(3, 0x08048000, BYTES("\xa1\x00\x00\x00\xc0"), 5, 0xc0000000, 0x0010b023,
                    0x00000003);
    EXPECT(e,
           "#PF at CPL 3: `mov eax, dword ptr [0xc0000000]` at 0x08048000 read 0xc0000000\n"
           "PDE[768]=0x0010b023 present, writable, supervisor -> denied here: U/S=0\n"
           "PTE[0]=0x00000003 present, writable, supervisor -> denied here: U/S=0\n"
           "error code 0x5 = present | read | user\n"
           "User-mode accesses need U/S=1 at every level (SDM 4.6).",
           "#PF at CPL 3: `mov eax, dword ptr [0xc0000000]` at 0x08048000 read 0xc0000000: "
           "supervisor page (SDM 4.6)");
    /* poke: the same page, written. */
    e = pf(3, 0x08048006, BYTES("\xc7\x05\x00\x00\x00\xc0\x41\x41\x41\x41"), 7, 0xc0000000,
           0x0010b023, 0x00000003);
    EXPECT(e,
           "#PF at CPL 3: `mov dword ptr [0xc0000000], 0x41414141` at 0x08048006 write "
           "0xc0000000\n"
           "PDE[768]=0x0010b023 present, writable, supervisor -> denied here: U/S=0\n"
           "PTE[0]=0x00000003 present, writable, supervisor -> denied here: U/S=0\n"
           "error code 0x7 = present | write | user\n"
           "User-mode accesses need U/S=1 at every level (SDM 4.6).",
           "#PF at CPL 3: `mov dword ptr [0xc0000000], 0x41414141` at 0x08048006 write "
           "0xc0000000: supervisor page (SDM 4.6)");
    /* Only the PTE says supervisor. */
    e = pf(3, 0x08048000, BYTES("\xa1\x00\x10\x40\x00"), 5, 0x00401000, 0x00207067, 0x00301061);
    EXPECT(e,
           "#PF at CPL 3: `mov eax, dword ptr [0x401000]` at 0x08048000 read 0x00401000\n"
           "PDE[1]=0x00207067 present, writable, user\n"
           "PTE[1]=0x00301061 present, read-only, supervisor -> denied here: U/S=0\n"
           "error code 0x5 = present | read | user\n"
           "User-mode accesses need U/S=1 at every level (SDM 4.6).",
           "#PF at CPL 3: `mov eax, dword ptr [0x401000]` at 0x08048000 read 0x00401000: "
           "supervisor page (SDM 4.6)");
    /* A 4 MiB supervisor page (CR4.PSE=1, PS=1): the walk ends at the PDE. */
    e = pf(3, 0x08048000, BYTES("\xa1\x00\x00\x00\xc0"), 5, 0xc0000000, 0x000000e3, 0);
    e.u.exc.cr4 = RS_CR4_PSE;
    EXPECT(e,
           "#PF at CPL 3: `mov eax, dword ptr [0xc0000000]` at 0x08048000 read 0xc0000000\n"
           "PDE[768]=0x000000e3 present, writable, supervisor, 4 MiB page -> denied here: U/S=0\n"
           "error code 0x5 = present | read | user\n"
           "User-mode accesses need U/S=1 at every level (SDM 4.6).",
           NULL);
}

static void test_pf_not_present(void)
{
    /* nullread: no page table for the first 4 MiB. */
    rs_event e = pf(3, 0x08048022, BYTES("\x8b\x00"), 4, 0x00000000, 0x00000000, 0);
    EXPECT(e,
           "#PF at CPL 3: `mov eax, dword ptr [eax]` at 0x08048022 read 0x00000000\n"
           "PDE[0]=0x00000000 not present -> denied here: P=0\n"
           "error code 0x4 = not present | read | user\n"
           "Translation needs P=1 at every level; this PDE has P=0, so nothing in its 4 MiB "
           "region is mapped (SDM 4.3, 4.7).",
           "#PF at CPL 3: `mov eax, dword ptr [eax]` at 0x08048022 read 0x00000000: not present "
           "(PDE) (SDM 4.3, 4.7)");
    /* stackoverflow: a push into the guard page (the PTE is absent). */
    e = pf(3, 0x0804804d, BYTES("\xe8\xfb\xff\xff\xff"), 6, 0xbfffaffc, 0x03ff9027, 0x00000000);
    EXPECT(e,
           "#PF at CPL 3: `call 0x804804d` at 0x0804804d write 0xbfffaffc\n"
           "PDE[767]=0x03ff9027 present, writable, user\n"
           "PTE[1018]=0x00000000 not present -> denied here: P=0\n"
           "error code 0x6 = not present | write | user\n"
           "Translation needs P=1 at every level; this PTE has P=0, so the 4 KiB page is not "
           "mapped (SDM 4.3, 4.7).",
           "#PF at CPL 3: `call 0x804804d` at 0x0804804d write 0xbfffaffc: not present (PTE) "
           "(SDM 4.3, 4.7)");
    /* Ring 0 reads an unmapped page (error code 0). */
    e = pf(0, 0xc0101234, BYTES("\x8b\x03"), 0, 0xd0000000, 0x00000000, 0);
    EXPECT(e,
           "#PF at CPL 0: `mov eax, dword ptr [ebx]` at 0xc0101234 read 0xd0000000\n"
           "PDE[832]=0x00000000 not present -> denied here: P=0\n"
           "error code 0x0 = not present | read | supervisor\n"
           "Translation needs P=1 at every level; this PDE has P=0, so nothing in its 4 MiB "
           "region is mapped (SDM 4.3, 4.7).",
           NULL);
}

static void test_pf_read_only(void)
{
    /* writecode: ring 3 patches its own text. */
    rs_event e = pf(3, 0x08048018, BYTES("\xc6\x05\x18\x80\x04\x08\x90"), 7, 0x08048018,
                    0x03ffc027, 0x03ffd025);
    EXPECT(e,
           "#PF at CPL 3: `mov byte ptr [0x8048018], 0x90` at 0x08048018 write 0x08048018\n"
           "PDE[32]=0x03ffc027 present, writable, user\n"
           "PTE[72]=0x03ffd025 present, read-only, user -> denied here: R/W=0\n"
           "error code 0x7 = present | write | user\n"
           "User-mode writes need R/W=1 at every level (SDM 4.6).",
           "#PF at CPL 3: `mov byte ptr [0x8048018], 0x90` at 0x08048018 write 0x08048018: "
           "read-only page (SDM 4.6)");
    /* Read-only at the PDE only. */
    e = pf(3, 0x08048018, BYTES("\xc6\x05\x18\x80\x04\x08\x90"), 7, 0x08048018, 0x03ffc025,
           0x03ffd027);
    EXPECT(e,
           "#PF at CPL 3: `mov byte ptr [0x8048018], 0x90` at 0x08048018 write 0x08048018\n"
           "PDE[32]=0x03ffc025 present, read-only, user -> denied here: R/W=0\n"
           "PTE[72]=0x03ffd027 present, writable, user\n"
           "error code 0x7 = present | write | user\n"
           "User-mode writes need R/W=1 at every level (SDM 4.6).",
           NULL);
    /* Ring 0 writes a read-only page: denied because CR0.WP=1. */
    e = pf(0, 0x00103887, BYTES("\xa3\x56\x04\x30\x00"), 3, 0x00300456, 0x00051027, 0x00300001);
    EXPECT(e,
           "#PF at CPL 0: `mov dword ptr [0x300456], eax` at 0x00103887 write 0x00300456\n"
           "PDE[0]=0x00051027 present, writable, user\n"
           "PTE[768]=0x00300001 present, read-only, supervisor -> denied here: R/W=0 with "
           "CR0.WP=1\n"
           "error code 0x3 = present | write | supervisor\n"
           "With CR0.WP=1, supervisor-mode writes need R/W=1 at every level too (SDM 4.6).",
           "#PF at CPL 0: `mov dword ptr [0x300456], eax` at 0x00103887 write 0x00300456: "
           "read-only page, CR0.WP=1 (SDM 4.6)");
}

static void test_pf_fetch(void)
{
    /* jumpkernel: EIP is the kernel's first instruction; CR2 = EIP, no bytes readable. */
    rs_event e = pf(3, 0xc0100000, BYTES(""), 5, 0xc0100000, 0x0010b023, 0x00100023);
    EXPECT(e,
           "#PF at CPL 3: at 0xc0100000 fetch 0xc0100000\n"
           "PDE[768]=0x0010b023 present, writable, supervisor -> denied here: U/S=0\n"
           "PTE[256]=0x00100023 present, writable, supervisor -> denied here: U/S=0\n"
           "error code 0x5 = present | read | user\n"
           "instruction fetch: CR2 = EIP; without CR4.SMEP, 32-bit paging reports it as a read "
           "(I/D=0, SDM 4.7)\n"
           "User-mode instruction fetches need U/S=1 at every level (SDM 4.6).",
           "#PF at CPL 3: at 0xc0100000 fetch 0xc0100000: supervisor page (fetch) (SDM 4.6)");
    /* An instruction that runs into an unmapped page: CR2 inside it. */
    e = pf(3, 0x08048ffe, BYTES("\xb8\x01"), 4, 0x08049000, 0x03ffc027, 0x00000000);
    EXPECT(e,
           "#PF at CPL 3: `(bad)` at 0x08048ffe fetch 0x08049000\n"
           "PDE[32]=0x03ffc027 present, writable, user\n"
           "PTE[73]=0x00000000 not present -> denied here: P=0\n"
           "error code 0x4 = not present | read | user\n"
           "instruction fetch: CR2 is inside the instruction; without CR4.SMEP, 32-bit paging "
           "reports it as a read (I/D=0, SDM 4.7)\n"
           "Translation needs P=1 at every level; this PTE has P=0, so the 4 KiB page is not "
           "mapped (SDM 4.3, 4.7).",
           NULL);
    /* A data read of the next page by an instruction at the end of this one is not a fetch. */
    e = pf(3, 0x08048ffb, BYTES("\xa1\x00\x90\x04\x08"), 4, 0x08049000, 0x03ffc027, 0x00000000);
    EXPECT(e,
           "#PF at CPL 3: `mov eax, dword ptr [0x8049000]` at 0x08048ffb read 0x08049000\n"
           "PDE[32]=0x03ffc027 present, writable, user\n"
           "PTE[73]=0x00000000 not present -> denied here: P=0\n"
           "error code 0x4 = not present | read | user\n"
           "Translation needs P=1 at every level; this PTE has P=0, so the 4 KiB page is not "
           "mapped (SDM 4.3, 4.7).",
           NULL);
    /* With the I/D bit (CR4.SMEP=1): SMEP denies a ring-0 fetch from a user page. */
    e = pf(0, 0x08048000, BYTES("\x90"), 0x11, 0x08048000, 0x03ffc027, 0x03ffd025);
    e.u.exc.cr4 = 1u << 20;
    EXPECT(e,
           "#PF at CPL 0: `nop` at 0x08048000 fetch 0x08048000\n"
           "PDE[32]=0x03ffc027 present, writable, user\n"
           "PTE[72]=0x03ffd025 present, read-only, user\n"
           "error code 0x11 = present | read | supervisor | fetch\n"
           "With CR4.SMEP=1, supervisor-mode instruction fetches from user pages fault (SDM "
           "4.6.1).",
           "#PF at CPL 0: `nop` at 0x08048000 fetch 0x08048000: SMEP: supervisor fetch from a "
           "user page (SDM 4.6.1)");
}

static void test_pf_other(void)
{
    /* SMAP: a ring-0 read of a user page with CR4.SMAP=1. */
    rs_event e = pf(0, 0xc0101000, BYTES("\x8b\x06"), 1, 0x0804a000, 0x03ffc027, 0x03ffe067);
    e.u.exc.cr4 = 1u << 21;
    EXPECT(e,
           "#PF at CPL 0: `mov eax, dword ptr [esi]` at 0xc0101000 read 0x0804a000\n"
           "PDE[32]=0x03ffc027 present, writable, user\n"
           "PTE[74]=0x03ffe067 present, writable, user\n"
           "error code 0x1 = present | read | supervisor\n"
           "With CR4.SMAP=1, supervisor-mode data accesses to user pages fault unless "
           "EFLAGS.AC=1 (explicit accesses only) (SDM 4.6.1).",
           "#PF at CPL 0: `mov eax, dword ptr [esi]` at 0xc0101000 read 0x0804a000: SMAP: "
           "supervisor access to a user page (SDM 4.6.1)");
    /* A reserved bit in a 4 MiB PDE (error code RSVD=1). */
    e = pf(0, 0xc0101000, BYTES("\x8b\x06"), 0x9, 0x40000000, 0x000020e3, 0);
    e.u.exc.cr4 = RS_CR4_PSE;
    EXPECT(e,
           "#PF at CPL 0: `mov eax, dword ptr [esi]` at 0xc0101000 read 0x40000000\n"
           "PDE[256]=0x000020e3 present, writable, supervisor, 4 MiB page\n"
           "error code 0x9 = present | read | supervisor | reserved bit\n"
           "A paging-structure entry with a reserved bit set faults with RSVD=1, whatever the "
           "access (SDM 4.7).",
           "#PF at CPL 0: `mov eax, dword ptr [esi]` at 0xc0101000 read 0x40000000: reserved bit "
           "set in a paging entry (SDM 4.7)");
    /* The tables allow the access: a stale TLB entry. */
    e = pf(3, 0x08048000, BYTES("\xa1\x00\xa0\x04\x08"), 5, 0x0804a000, 0x03ffc027, 0x03ffe067);
    EXPECT(e,
           "#PF at CPL 3: `mov eax, dword ptr [0x804a000]` at 0x08048000 read 0x0804a000\n"
           "PDE[32]=0x03ffc027 present, writable, user\n"
           "PTE[74]=0x03ffe067 present, writable, user\n"
           "error code 0x5 = present | read | user\n"
           "The paging entries allow this access, so the CPU used a cached translation; software "
           "must invalidate it (INVLPG, MOV to CR3) after restricting an entry (SDM 4.10.4).",
           "#PF at CPL 3: `mov eax, dword ptr [0x804a000]` at 0x08048000 read 0x0804a000: the "
           "tables allow this access now (stale TLB entry?) (SDM 4.10.4)");
    /* Raised while delivering: a supervisor push for CPL 3 code, no walk recorded. */
    e = pf(3, 0x00103b2e, BYTES("\x8e\xd8"), 2, 0x0030ffe8, 0, 0);
    memset(&e.u.exc.walk, 0, sizeof e.u.exc.walk);
    e.u.exc.hint = RS_HINT_DELIVERY;
    EXPECT(e,
           "#PF at CPL 3: `mov ds, eax` at 0x00103b2e write 0x0030ffe8\n"
           "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)\n"
           "page walk not recorded\n"
           "error code 0x2 = not present | write | supervisor\n"
           "a supervisor-mode access made for CPL 3 code (descriptor table, TSS or interrupt "
           "stack; SDM 4.6, 5.5)\n"
           "Translation needs P=1 at every level of the walk (SDM 4.3, 4.7).",
           "#PF at CPL 3: `mov ds, eax` at 0x00103b2e write 0x0030ffe8: not present (SDM 4.3, "
           "4.7)");
    e.u.exc.error_code = 3;
    EXPECT(e,
           "#PF at CPL 3: `mov ds, eax` at 0x00103b2e write 0x0030ffe8\n"
           "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)\n"
           "page walk not recorded\n"
           "error code 0x3 = present | write | supervisor\n"
           "a supervisor-mode access made for CPL 3 code (descriptor table, TSS or interrupt "
           "stack; SDM 4.6, 5.5)\n"
           "A present page refused the access: user-mode accesses need U/S=1 and writes R/W=1 at "
           "every level (supervisor writes too when CR0.WP=1) (SDM 4.6).",
           NULL);
}

/* ---- #GP: privileged and I/O-sensitive instructions, I/O, gates, selectors, limits. ---- */

static void test_gp_privileged(void)
{
    static const struct {
        const char *bytes;
        int n;
        const char *summary;
    } cases[] = {
        { BYTES("\xf4"),
          "#GP(0) at CPL 3: `hlt` at 0x08048030: privileged instruction HLT at CPL 3 (SDM 5.9)" },
        { BYTES("\x0f\x22\xd8"),
          "#GP(0) at CPL 3: `mov cr3, eax` at 0x08048030: privileged instruction MOV to CR3 at "
          "CPL 3 (SDM 5.9)" },
        { BYTES("\x0f\x20\xc0"),
          "#GP(0) at CPL 3: `mov eax, cr0` at 0x08048030: privileged instruction MOV from CR0 at "
          "CPL 3 (SDM 5.9)" },
        { BYTES("\x0f\x01\x15\x00\x10\x00\x00"),
          "#GP(0) at CPL 3: `lgdt [0x1000]` at 0x08048030: privileged instruction LGDT at CPL 3 "
          "(SDM 5.9)" },
        { BYTES("\x0f\x01\x1d\x00\x10\x00\x00"),
          "#GP(0) at CPL 3: `lidt [0x1000]` at 0x08048030: privileged instruction LIDT at CPL 3 "
          "(SDM 5.9)" },
        { BYTES("\x0f\x00\xd0"),
          "#GP(0) at CPL 3: `lldt ax` at 0x08048030: privileged instruction LLDT at CPL 3 (SDM "
          "5.9)" },
        { BYTES("\x0f\x00\xd8"),
          "#GP(0) at CPL 3: `ltr ax` at 0x08048030: privileged instruction LTR at CPL 3 (SDM "
          "5.9)" },
        { BYTES("\x0f\x01\x38"),
          "#GP(0) at CPL 3: `invlpg byte ptr [eax]` at 0x08048030: privileged instruction INVLPG "
          "at CPL 3 (SDM 5.9)" },
        { BYTES("\x0f\x32"),
          "#GP(0) at CPL 3: `rdmsr` at 0x08048030: privileged instruction RDMSR at CPL 3 (SDM "
          "5.9)" },
        { BYTES("\x0f\x30"),
          "#GP(0) at CPL 3: `wrmsr` at 0x08048030: privileged instruction WRMSR at CPL 3 (SDM "
          "5.9)" },
        { BYTES("\x0f\x06"),
          "#GP(0) at CPL 3: `clts` at 0x08048030: privileged instruction CLTS at CPL 3 (SDM 5.9)" },
        { BYTES("\x0f\x09"),
          "#GP(0) at CPL 3: `wbinvd` at 0x08048030: privileged instruction WBINVD at CPL 3 (SDM "
          "5.9)" },
        { BYTES("\x0f\x23\xf8"),
          "#GP(0) at CPL 3: `mov dr7, eax` at 0x08048030: privileged instruction MOV to a debug "
          "register at CPL 3 (SDM 5.9)" },
        { BYTES("\x0f\x35"),
          "#GP(0) at CPL 3: `sysexit` at 0x08048030: privileged instruction SYSEXIT at CPL 3 "
          "(SDM Vol. 2B, SYSEXIT)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_event e = exc(13, 3, 0x08048030, cases[i].bytes, cases[i].n);
        char buf[256];
        rs_explain_exception_summary(&e, buf, sizeof buf);
        check_str(__LINE__, cases[i].bytes, buf, cases[i].summary);
    }
    rs_event e = exc(13, 3, 0x08048027, BYTES("\xf4"));
    EXPECT(e,
           "#GP(0) at CPL 3: `hlt` at 0x08048027\n"
           "HLT is a privileged instruction: it runs only at CPL 0 (SDM 5.9).",
           NULL);
    /* mov cr3 from the movcr3 program. */
    e = exc(13, 3, 0x08048033, BYTES("\x0f\x22\xd8"));
    EXPECT(e,
           "#GP(0) at CPL 3: `mov cr3, eax` at 0x08048033\n"
           "MOV to CR3 is a privileged instruction: it runs only at CPL 0 (SDM 5.9).",
           NULL);
    /* Privileged only by a CR4 bit. */
    e = exc(13, 3, 0x08048040, BYTES("\x0f\x33"));
    EXPECT(e,
           "#GP(0) at CPL 3: `rdpmc` at 0x08048040\n"
           "With CR4.PCE=0, RDPMC runs only at CPL 0 (SDM 2.5).",
           "#GP(0) at CPL 3: `rdpmc` at 0x08048040: RDPMC at CPL 3 with CR4.PCE=0 (SDM 2.5)");
    e = exc(13, 3, 0x08048040, BYTES("\x0f\x31"));
    e.u.exc.cr4 = 1u << 2;
    EXPECT(e,
           "#GP(0) at CPL 3: `rdtsc` at 0x08048040\n"
           "With CR4.TSD=1, RDTSC runs only at CPL 0 (SDM 2.5).",
           "#GP(0) at CPL 3: `rdtsc` at 0x08048040: RDTSC at CPL 3 with CR4.TSD=1 (SDM 2.5)");
    e = exc(13, 3, 0x08048040, BYTES("\x0f\x01\x05\x00\x10\x00\x00"));
    e.u.exc.cr4 = 1u << 11;
    EXPECT(e,
           "#GP(0) at CPL 3: `sgdt [0x1000]` at 0x08048040\n"
           "With CR4.UMIP=1, SGDT runs only at CPL 0 (SDM 2.5).",
           "#GP(0) at CPL 3: `sgdt [0x1000]` at 0x08048040: SGDT at CPL 3 with CR4.UMIP=1 (SDM "
           "2.5)");
}

static void test_gp_iopl(void)
{
    /* cli: the cli program (EFLAGS as the kernel leaves it: IF=0, IOPL=0). */
    rs_event e = exc(13, 3, 0x08048025, BYTES("\xfa"));
    e.u.exc.eflags = 0x46;
    EXPECT(e,
           "#GP(0) at CPL 3: `cli` at 0x08048025\n"
           "EFLAGS=0x00000046: IOPL=0\n"
           "CLI and STI are I/O-sensitive: they need CPL <= IOPL (SDM Vol. 1, 19.5.1).",
           "#GP(0) at CPL 3: `cli` at 0x08048025: CLI at CPL 3 > IOPL 0 (SDM Vol. 1, 19.5.1)");
    e = exc(13, 3, 0x08048026, BYTES("\xfb"));
    e.u.exc.eflags = 0x1046;    /* IOPL=1 */
    EXPECT(e,
           "#GP(0) at CPL 3: `sti` at 0x08048026\n"
           "EFLAGS=0x00001046: IOPL=1\n"
           "CLI and STI are I/O-sensitive: they need CPL <= IOPL (SDM Vol. 1, 19.5.1).",
           "#GP(0) at CPL 3: `sti` at 0x08048026: STI at CPL 3 > IOPL 1 (SDM Vol. 1, 19.5.1)");
    /* ioport: out to COM1, the TSS has no bitmap (the core's hint). */
    e = exc(13, 3, 0x0804802f, BYTES("\xee"));
    e.u.exc.hint = RS_HINT_IO_IOPL;
    e.u.exc.io_port = 0x3f8;
    e.u.exc.io_size = 1;
    EXPECT(e,
           "#GP(0) at CPL 3: `out dx, al` at 0x0804802f\n"
           "EFLAGS.IOPL=0 < CPL 3, so the TSS I/O permission bitmap decides\n"
           "the bitmap does not reach port 0x3f8 (TSS limit)\n"
           "At CPL > IOPL, IN, OUT, INS and OUTS need a 0 bit in the TSS I/O permission bitmap "
           "for every port byte; ports the bitmap does not reach are denied (SDM Vol. 1, "
           "19.5.1-19.5.2).",
           "#GP(0) at CPL 3: `out dx, al` at 0x0804802f: I/O at CPL 3 > IOPL 0, no bitmap for "
           "port 0x3f8 (SDM Vol. 1, 19.5.1-19.5.2)");
    /* The bitmap has 1s for the two ports of a word access. */
    e = exc(13, 3, 0x00103c1a, BYTES("\x66\xef"));
    e.u.exc.hint = RS_HINT_IO_BITMAP;
    e.u.exc.io_port = 0x3fe;
    e.u.exc.io_size = 2;
    EXPECT(e,
           "#GP(0) at CPL 3: `out dx, ax` at 0x00103c1a\n"
           "EFLAGS.IOPL=0 < CPL 3, so the TSS I/O permission bitmap decides\n"
           "the bitmap has a 1 for ports 0x3fe-0x3ff\n"
           "At CPL > IOPL, IN, OUT, INS and OUTS need a 0 bit in the TSS I/O permission bitmap "
           "for every port byte; ports the bitmap does not reach are denied (SDM Vol. 1, 19.5.2).",
           "#GP(0) at CPL 3: `out dx, ax` at 0x00103c1a: I/O bitmap denies ports 0x3fe-0x3ff "
           "(SDM Vol. 1, 19.5.2)");
    /* Without a hint: the port from the instruction, or "the port in DX". */
    e = exc(13, 3, 0x00103a9d, BYTES("\xe4\x21"));
    EXPECT(e,
           "#GP(0) at CPL 3: `in al, 0x21` at 0x00103a9d\n"
           "EFLAGS.IOPL=0 < CPL 3, so the TSS I/O permission bitmap decides\n"
           "At CPL > IOPL, IN, OUT, INS and OUTS need a 0 bit in the TSS I/O permission bitmap "
           "for every port byte; ports the bitmap does not reach are denied (SDM Vol. 1, "
           "19.5.1-19.5.2).",
           "#GP(0) at CPL 3: `in al, 0x21` at 0x00103a9d: I/O at CPL 3 > IOPL 0 (port 0x21) (SDM "
           "Vol. 1, 19.5.1-19.5.2)");
    e = exc(13, 3, 0x00103a9d, BYTES("\x6c"));
    EXPECT(e,
           "#GP(0) at CPL 3: `insb byte ptr es:[edi], dx` at 0x00103a9d\n"
           "EFLAGS.IOPL=0 < CPL 3, so the TSS I/O permission bitmap decides\n"
           "At CPL > IOPL, IN, OUT, INS and OUTS need a 0 bit in the TSS I/O permission bitmap "
           "for every port byte; ports the bitmap does not reach are denied (SDM Vol. 1, "
           "19.5.1-19.5.2).",
           "#GP(0) at CPL 3: `insb byte ptr es:[edi], dx` at 0x00103a9d: I/O at CPL 3 > IOPL 0 "
           "(the port in DX) (SDM Vol. 1, 19.5.1-19.5.2)");
}

static void test_gp_gates(void)
{
    /* int41: the core's hint says the gate's DPL refused. */
    rs_event e = with_ec(exc(13, 3, 0x08048037, BYTES("\xcd\x41")), 0x20a);
    e.u.exc.hint = RS_HINT_GATE_DPL;
    EXPECT(e,
           "#GP(0x20a) at CPL 3: `int 0x41` at 0x08048037\n"
           "error code 0x20a = IDT vector 0x41, EXT=0\n"
           "INT n, INT3 or INTO at CPL 3 asked for vector 0x41, whose gate has DPL < 3\n"
           "INT n, INT3 and INTO need CPL <= the gate's DPL; exceptions and hardware interrupts "
           "skip this check (SDM 6.12.1.1).",
           "#GP(0x20a) at CPL 3: `int 0x41` at 0x08048037: gate DPL < CPL 3 for vector 0x41 (SDM "
           "6.12.1.1)");
    /* The same error code raised while delivering INT n (no bytes: the event was an INT). */
    e = with_ec(exc(13, 3, 0x08048037, BYTES("")), 0x20a);
    e.u.exc.hint = RS_HINT_DELIVERY;
    EXPECT(e,
           "#GP(0x20a) at CPL 3: at 0x08048037\n"
           "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)\n"
           "error code 0x20a = IDT vector 0x41, EXT=0\n"
           "INT n, INT3 or INTO at CPL 3 asked for vector 0x41, whose gate has DPL < 3 (or is "
           "beyond the IDT limit, or not a gate)\n"
           "INT n, INT3 and INTO need CPL <= the gate's DPL; exceptions and hardware interrupts "
           "skip this check (SDM 6.12.1.1).",
           "#GP(0x20a) at CPL 3: at 0x08048037: probably gate DPL < CPL 3 for vector 0x41 (SDM "
           "6.12.1.1)");
    /* EXT=1: a hardware interrupt or exception found no usable IDT entry. */
    e = with_ec(exc(13, 0, 0xc0101000, BYTES("\x90")), 0x103);
    e.u.exc.hint = RS_HINT_DELIVERY;
    EXPECT(e,
           "#GP(0x103) at CPL 0: `nop` at 0xc0101000\n"
           "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)\n"
           "error code 0x103 = IDT vector 0x20, EXT=1\n"
           "A vector needs an IDT entry within the IDT limit that is an interrupt, trap or task "
           "gate (SDM 6.10, 6.11).",
           "#GP(0x103) at CPL 0: `nop` at 0xc0101000: IDT entry 0x20 unusable (SDM 6.10, 6.11)");
    /* At CPL 0 the DPL check passes: an IDT error code means a bad entry. */
    e = with_ec(exc(13, 0, 0x001039ed, BYTES("\xcd\x43")), 0x21a);
    EXPECT(e,
           "#GP(0x21a) at CPL 0: `int 0x43` at 0x001039ed\n"
           "error code 0x21a = IDT vector 0x43, EXT=0\n"
           "A vector needs an IDT entry within the IDT limit that is an interrupt, trap or task "
           "gate (SDM 6.10, 6.11).",
           NULL);
    /* The gate's code segment: beyond the GDT limit, or a null selector. */
    e = with_ec(exc(13, 0, 0x00103aeb, BYTES("\xcd\x44")), 0x80);
    e.u.exc.hint = RS_HINT_DELIVERY;
    EXPECT(e,
           "#GP(0x80) at CPL 0: `int 0x44` at 0x00103aeb\n"
           "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)\n"
           "error code 0x80 = GDT index 16 (selector 0x80, RPL not recorded), EXT=0\n"
           "A gate's selector must name a code segment within the GDT/LDT limit with DPL <= CPL "
           "(SDM 6.12.1.1).",
           "#GP(0x80) at CPL 0: `int 0x44` at 0x00103aeb: handler code segment 0x80 refused (SDM "
           "6.12.1.1)");
    e = with_ec(exc(13, 0, 0x00103a93, BYTES("\xcd\x45")), 0);
    e.u.exc.hint = RS_HINT_DELIVERY;
    EXPECT(e,
           "#GP(0) at CPL 0: `int 0x45` at 0x00103a93\n"
           "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)\n"
           "Delivery needs a non-null code-segment selector in the gate, and the handler's EIP "
           "within that segment's limit (SDM 6.12.1.1).",
           "#GP(0) at CPL 0: `int 0x45` at 0x00103a93: probably a null code-segment selector in "
           "the gate (SDM 6.12.1.1)");
}

/* With the descriptor the core read at the fault, the explanation names the check that failed. */
static void test_gp_selector_reasons(void)
{
    /* kernelds: DPL 0 data at CPL 3. */
    rs_event e = with_ec(exc(13, 3, 0x0804803e, BYTES("\x8e\xd8")), 0x10);
    e.u.exc.desc_state = 1, e.u.exc.desc_hi = 0x00cf9300u, e.u.exc.desc_lo = 0x0000ffffu;
    EXPECT(e,
           "#GP(0x10) at CPL 3: `mov ds, eax` at 0x0804803e\n"
           "error code 0x10 = GDT index 2 (selector 0x10, RPL not recorded), EXT=0\n"
           "GDT[2] = 00cf9300 0000ffff: DPL 0 < CPL 3: a data segment (or non-conforming code) is "
           "reachable only from rings up to its DPL\n"
           "Loading DS, ES, FS or GS needs a data or readable code segment within the GDT/LDT "
           "limit, with DPL >= max(CPL, RPL) unless it is conforming code (SDM 5.6).",
           NULL);
    /* Beyond the limit; execute-only code; a TSS; code into SS. */
    e = with_ec(exc(13, 0, 0x001038d6, BYTES("\x8e\xd8")), 0x80);
    e.u.exc.desc_state = 2, e.u.exc.table_limit = 0x7f;
    EXPECT_DETAIL(e, "because index 16 (bytes 0x80-0x87) lies beyond the GDT limit 0x7f");
    e = with_ec(exc(13, 0, 0x0010396e, BYTES("\x8e\xd8")), 0x30);
    e.u.exc.desc_state = 1, e.u.exc.desc_hi = 0x00cf9800u, e.u.exc.desc_lo = 0x0000ffffu;
    EXPECT_DETAIL(e, "GDT[6] = 00cf9800 0000ffff: execute-only code, which DS, ES, FS and GS cannot hold "
                     "(it cannot be read)");
    e = with_ec(exc(13, 0, 0x001039bf, BYTES("\x8e\xd8")), 0x28);
    e.u.exc.desc_state = 1, e.u.exc.desc_hi = 0x00008b10u, e.u.exc.desc_lo = 0x17502068u;
    EXPECT_DETAIL(e, "GDT[5] = 00008b10 17502068: a system descriptor (type 11: TSS, LDT or gate), not a code "
                     "or data segment");
    e = with_ec(exc(13, 0, 0x001039ff, BYTES("\x8e\xd0")), 0x8);
    e.u.exc.desc_state = 1, e.u.exc.desc_hi = 0x00cf9a00u, e.u.exc.desc_lo = 0x0000ffffu;
    EXPECT_DETAIL(e, "GDT[1] = 00cf9a00 0000ffff: a code segment, but SS needs a writable data segment");
    e = with_ec(exc(13, 0, 0x00103add, BYTES("\x8e\xd0")), 0x20);
    e.u.exc.desc_state = 1, e.u.exc.desc_hi = 0x00cff200u, e.u.exc.desc_lo = 0x0000ffffu;
    EXPECT_DETAIL(e, "GDT[4] = 00cff200 0000ffff: DPL 3, but SS needs DPL = CPL (0)");
}

static void test_gp_selectors(void)
{
    /* kernelds: mov ds with the kernel's data selector. */
    rs_event e = with_ec(exc(13, 3, 0x0804803e, BYTES("\x8e\xd8")), 0x10);
    EXPECT(e,
           "#GP(0x10) at CPL 3: `mov ds, eax` at 0x0804803e\n"
           "error code 0x10 = GDT index 2 (selector 0x10, RPL not recorded), EXT=0\n"
           "Loading DS, ES, FS or GS needs a data or readable code segment within the GDT/LDT "
           "limit, with DPL >= max(CPL, RPL) unless it is conforming code (SDM 5.6).",
           "#GP(0x10) at CPL 3: `mov ds, eax` at 0x0804803e: DS load of selector 0x10 refused at "
           "CPL 3 (SDM 5.6)");
    /* An LDT selector into ES by LES; pop into FS. */
    e = with_ec(exc(13, 0, 0x00103921, BYTES("\xc4\x05\x00\x10\x00\x00")), 0x84);
    EXPECT(e,
           "#GP(0x84) at CPL 0: `les eax, ptr [0x1000]` at 0x00103921\n"
           "error code 0x84 = LDT index 16 (selector 0x84, RPL not recorded), EXT=0\n"
           "Loading DS, ES, FS or GS needs a data or readable code segment within the GDT/LDT "
           "limit, with DPL >= max(CPL, RPL) unless it is conforming code (SDM 5.6).",
           "#GP(0x84) at CPL 0: `les eax, ptr [0x1000]` at 0x00103921: ES load of selector 0x80 "
           "refused at CPL 0 (SDM 5.6)");
    e = with_ec(exc(13, 3, 0x00103921, BYTES("\x0f\xa1")), 0x28);
    EXPECT(e,
           NULL,
           "#GP(0x28) at CPL 3: `pop fs` at 0x00103921: FS load of selector 0x28 refused at CPL "
           "3 (SDM 5.6)");
    /* SS: a code selector, and a null selector (#GP(0)). */
    e = with_ec(exc(13, 0, 0x001039ff, BYTES("\x8e\xd0")), 0x8);
    EXPECT(e,
           "#GP(0x8) at CPL 0: `mov ss, eax` at 0x001039ff\n"
           "error code 0x8 = GDT index 1 (selector 0x8, RPL not recorded), EXT=0\n"
           "Loading SS needs a writable data segment with RPL = DPL = CPL (SDM 5.7).",
           "#GP(0x8) at CPL 0: `mov ss, eax` at 0x001039ff: SS load of selector 0x8 refused at "
           "CPL 0 (SDM 5.7)");
    e = exc(13, 0, 0x00103885, BYTES("\x8e\xd0"));
    EXPECT(e,
           "#GP(0) at CPL 0: `mov ss, eax` at 0x00103885\n"
           "SS cannot be loaded with a null selector (outside 64-bit mode) (SDM 5.4.1).",
           "#GP(0) at CPL 0: `mov ss, eax` at 0x00103885: null selector loaded into SS (SDM "
           "5.4.1)");
    /* Far transfers: JMP to a data segment, RETF and IRET to an inner ring, JMP to null. */
    e = with_ec(exc(13, 0, 0x00103c6c, BYTES("\xea\x00\x00\x00\x00\x10\x00")), 0x10);
    EXPECT(e,
           "#GP(0x10) at CPL 0: `ljmp 0x10:0` at 0x00103c6c\n"
           "error code 0x10 = GDT index 2 (selector 0x10, RPL not recorded), EXT=0\n"
           "A far JMP or CALL needs code with DPL = CPL and RPL <= CPL (conforming: DPL <= CPL), "
           "or a call gate with DPL >= max(CPL, RPL) (SDM 5.8.1, 5.8.4).",
           "#GP(0x10) at CPL 0: `ljmp 0x10:0` at 0x00103c6c: far transfer to selector 0x10 "
           "refused (SDM 5.8.1, 5.8.4)");
    e = with_ec(exc(13, 3, 0x08048100, BYTES("\xcb")), 0x08);
    EXPECT(e,
           NULL,
           "#GP(0x8) at CPL 3: `retf` at 0x08048100: return to selector 0x8 refused (SDM 5.8.6)");
    e = with_ec(exc(13, 3, 0x08048100, BYTES("\xcf")), 0x08);
    EXPECT(e,
           "#GP(0x8) at CPL 3: `iretd` at 0x08048100\n"
           "error code 0x8 = GDT index 1 (selector 0x8, RPL not recorded), EXT=0\n"
           "A far RET or IRET returns only to the same or an outer level: the return CS must be "
           "code with RPL >= CPL and DPL = RPL (DPL <= RPL if conforming) (SDM 5.8.6).",
           "#GP(0x8) at CPL 3: `iretd` at 0x08048100: return to selector 0x8 refused (SDM 5.8.6)");
    e = exc(13, 0, 0x00103c6c, BYTES("\xea\x00\x00\x00\x00\x00\x00"));
    EXPECT(e,
           NULL,
           "#GP(0) at CPL 0: `ljmp 0:0` at 0x00103c6c: null code-segment selector (SDM 5.4.1, "
           "5.8)");
    /* A selector with no instruction that loads one. */
    e = with_ec(exc(13, 0, 0x00103c6c, BYTES("\x90")), 0x18);
    EXPECT(e,
           NULL,
           "#GP(0x18) at CPL 0: `nop` at 0x00103c6c: selector 0x18 refused (SDM 6.15, Interrupt "
           "13)");
}

static void test_gp_other(void)
{
    /* A memory operand and error code 0: most likely a limit (ringscope checks limits only at
     * load time, so this comes from a guest that raised it itself, or a future core). */
    rs_event e = exc(13, 3, 0x08048100, BYTES("\xa1\x00\x00\x01\x00"));
    EXPECT(e,
           "#GP(0) at CPL 3: `mov eax, dword ptr [0x10000]` at 0x08048100\n"
           "A memory operand must lie within its segment's limit, through a non-null selector, "
           "and writes need a writable data segment (SDM 5.3, 5.4).",
           "#GP(0) at CPL 3: `mov eax, dword ptr [0x10000]` at 0x08048100: probably a segment "
           "limit or type violation (SDM 5.3, 5.4)");
    /* Ring 0 only: MSRs, control registers, SYSENTER with IA32_SYSENTER_CS = 0. */
    e = exc(13, 0, 0xc0101000, BYTES("\x0f\x30"));
    EXPECT(e,
           NULL,
           "#GP(0) at CPL 0: `wrmsr` at 0xc0101000: MSR access refused (SDM Vol. 2B, RDMSR, "
           "WRMSR)");
    e = exc(13, 0, 0xc0101000, BYTES("\x0f\x22\xc0"));
    EXPECT(e,
           "#GP(0) at CPL 0: `mov cr0, eax` at 0xc0101000\n"
           "MOV to a control register faults on a reserved bit or an invalid combination "
           "(CR0.PG=1 with PE=0, CR0.NW=1 with CD=0) (SDM 2.5).",
           "#GP(0) at CPL 0: `mov cr0, eax` at 0xc0101000: invalid value for CR0 (SDM 2.5)");
    e = exc(13, 3, 0x00103932, BYTES("\x0f\x34"));
    EXPECT(e,
           NULL,
           "#GP(0) at CPL 3: `sysenter` at 0x00103932: IA32_SYSENTER_CS is 0 (SDM Vol. 2B, "
           "SYSENTER, SYSEXIT)");
    /* Nothing matches. */
    e = exc(13, 3, 0x08048100, BYTES("\x90"));
    EXPECT(e,
           "#GP(0) at CPL 3: `nop` at 0x08048100\n"
           "None of the common #GP(0) rules matches this instruction; the SDM lists them all "
           "(SDM 6.15, Interrupt 13).",
           "#GP(0) at CPL 3: `nop` at 0x08048100: cause not identified (SDM 6.15, Interrupt 13)");
}

/* ---- #NP, #SS, #TS, #DF. ---- */

static void test_segment_faults(void)
{
    rs_event e = with_ec(exc(11, 0, 0x001039a3, BYTES("\xcd\x42")), 0x212);
    EXPECT(e,
           "#NP(0x212) at CPL 0: `int 0x42` at 0x001039a3\n"
           "error code 0x212 = IDT vector 0x42, EXT=0\n"
           "A gate must have P=1; delivery through an absent one raises #NP with the vector in "
           "the error code (SDM 6.12.1.1; 6.15, Interrupt 11).",
           "#NP(0x212) at CPL 0: `int 0x42` at 0x001039a3: gate for vector 0x42 not present (SDM "
           "6.12.1.1; 6.15, Interrupt 11)");
    e = with_ec(exc(11, 0, 0x00103b24, BYTES("\x8e\xd8")), 0x40);
    EXPECT(e,
           "#NP(0x40) at CPL 0: `mov ds, eax` at 0x00103b24\n"
           "error code 0x40 = GDT index 8 (selector 0x40, RPL not recorded), EXT=0\n"
           "A segment must have P=1 when CS, DS, ES, FS or GS is loaded with it (SS raises #SS "
           "instead) (SDM 3.4.5; 6.15, Interrupt 11).",
           "#NP(0x40) at CPL 0: `mov ds, eax` at 0x00103b24: segment 0x40 not present (SDM "
           "3.4.5; 6.15, Interrupt 11)");
    e = with_ec(exc(11, 0, 0x001038a7, BYTES("\x0f\x0b")), 0x33);   /* EXT=1 */
    e.u.exc.hint = RS_HINT_DELIVERY;
    EXPECT(e,
           "#NP(0x33) at CPL 0: `ud2` at 0x001038a7\n"
           "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)\n"
           "error code 0x33 = IDT vector 0x6, EXT=1\n"
           "A gate must have P=1; delivery through an absent one raises #NP with the vector in "
           "the error code (SDM 6.12.1.1; 6.15, Interrupt 11).",
           NULL);
    e = exc(12, 3, 0x08048100, BYTES("\x50"));
    EXPECT(e,
           "#SS(0) at CPL 3: `push eax` at 0x08048100\n"
           "Pushes, pops and ESP/EBP-based operands must stay within the SS limit (SDM 5.3; "
           "6.15, Interrupt 12).",
           "#SS(0) at CPL 3: `push eax` at 0x08048100: stack access beyond the SS limit (SDM "
           "5.3; 6.15, Interrupt 12)");
    e = with_ec(exc(12, 0, 0x00103bb2, BYTES("\x8e\xd0")), 0x40);
    EXPECT(e,
           "#SS(0x40) at CPL 0: `mov ss, eax` at 0x00103bb2\n"
           "error code 0x40 = GDT index 8 (selector 0x40, RPL not recorded), EXT=0\n"
           "Loading SS, by an instruction or by the stack switch into an inner ring, needs a "
           "present stack segment (SDM 6.15, Interrupt 12).",
           "#SS(0x40) at CPL 0: `mov ss, eax` at 0x00103bb2: stack segment 0x40 not present (SDM "
           "6.15, Interrupt 12)");
    e = with_ec(exc(10, 3, 0x00103b1b, BYTES("")), 0x8);
    e.u.exc.hint = RS_HINT_DELIVERY;
    EXPECT(e,
           "#TS(0x8) at CPL 3: at 0x00103b1b\n"
           "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)\n"
           "error code 0x8 = GDT index 1 (selector 0x8, RPL not recorded), EXT=0\n"
           "A switch to an inner ring takes SS:ESP for it from the TSS; that SS must be "
           "non-null, within the limit, writable data with RPL = DPL = the new CPL (SDM 6.12.1; "
           "6.15, Interrupt 10).",
           "#TS(0x8) at CPL 3: at 0x00103b1b: invalid TSS: stack selector 0x8 (SDM 6.12.1; 6.15, "
           "Interrupt 10)");
    e = exc(10, 3, 0x00103acf, BYTES(""));
    e.u.exc.hint = RS_HINT_DELIVERY;
    EXPECT(e,
           NULL,
           "#TS(0) at CPL 3: at 0x00103acf: invalid TSS: null stack selector (SDM 6.12.1; 6.15, "
           "Interrupt 10)");
    e = with_ec(exc(10, 0, 0x00103cd6, BYTES("\xcf")), 0x10);
    EXPECT(e,
           "#TS(0x10) at CPL 0: `iretd` at 0x00103cd6\n"
           "error code 0x10 = GDT index 2 (selector 0x10, RPL not recorded), EXT=0\n"
           "A task switch (IRET with EFLAGS.NT=1 to the back link, or a far JMP or CALL to a "
           "TSS) needs a valid TSS descriptor, and the new task's segments valid (SDM 7.3; 6.15, "
           "Interrupt 10).",
           "#TS(0x10) at CPL 0: `iretd` at 0x00103cd6: task switch to TSS 0x10 refused (SDM 7.3; "
           "6.15, Interrupt 10)");
}

static void test_double_fault(void)
{
    rs_event e = exc(8, 0, 0x001038b7, BYTES("\x8e\x1d\xcc\x3c\x10\x00"));
    e.u.exc.hint = RS_HINT_DELIVERY;
    e.u.exc.double_fault_of = 13;
    EXPECT(e,
           "#DF(0) at CPL 0: `mov ds, word ptr [0x103ccc]` at 0x001038b7\n"
           "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)\n"
           "first: #GP General Protection, a contributory exception\n"
           "A contributory exception (#DE #TS #NP #SS #GP) raised while delivering another "
           "contributory one becomes #DF (SDM 6.15, Interrupt 8, Table 6-5).",
           "#DF(0) at CPL 0: `mov ds, word ptr [0x103ccc]` at 0x001038b7: fault while delivering "
           "#GP (SDM 6.15, Interrupt 8, Table 6-5)");
    /* doublefault.elf: the #GP gate is not present, so delivering the #GP raised #NP(0x6b). */
    e.u.exc.df_second = 11;
    e.u.exc.df_second_error_code = 0x6b;
    EXPECT(e,
           "#DF(0) at CPL 0: `mov ds, word ptr [0x103ccc]` at 0x001038b7\n"
           "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)\n"
           "first: #GP General Protection, a contributory exception\n"
           "then: #NP(0x6b) Segment Not Present while delivering it (IDT vector 0xd: its gate is not "
           "present), a contributory exception: it becomes #DF\n"
           "A contributory exception (#DE #TS #NP #SS #GP) raised while delivering another "
           "contributory one becomes #DF (SDM 6.15, Interrupt 8, Table 6-5).",
           NULL);
    e.u.exc.df_second = -1;
    e.u.exc.double_fault_of = 14;
    EXPECT(e,
           "#DF(0) at CPL 0: `mov ds, word ptr [0x103ccc]` at 0x001038b7\n"
           "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)\n"
           "first: #PF Page Fault\n"
           "A #PF or a contributory exception raised while delivering a #PF becomes #DF (SDM "
           "6.15, Interrupt 8, Table 6-5).",
           "#DF(0) at CPL 0: `mov ds, word ptr [0x103ccc]` at 0x001038b7: fault while delivering "
           "#PF (SDM 6.15, Interrupt 8, Table 6-5)");
    e.u.exc.double_fault_of = -1;
    EXPECT(e,
           "#DF(0) at CPL 0: `mov ds, word ptr [0x103ccc]` at 0x001038b7\n"
           "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)\n"
           "A contributory exception or #PF raised while delivering another becomes #DF (SDM "
           "6.15, Interrupt 8, Table 6-5).",
           "#DF(0) at CPL 0: `mov ds, word ptr [0x103ccc]` at 0x001038b7: fault while delivering "
           "an exception (SDM 6.15, Interrupt 8, Table 6-5)");
}

/* ---- The exceptions without error codes. ---- */

static void test_no_error_code(void)
{
    /* divzero, and DIV/IDIV of each size, and AAM 0. */
    rs_event e = exc(0, 3, 0x0804804a, BYTES("\xf7\xf1"));
    EXPECT(e,
           "#DE at CPL 3: `div ecx` at 0x0804804a\n"
           "`div ecx` divides edx:eax by ecx; the quotient must fit in eax\n"
           "DIV and IDIV fault when the divisor is 0 or the quotient does not fit the "
           "destination (SDM 6.15, Interrupt 0).",
           "#DE at CPL 3: `div ecx` at 0x0804804a: divide error (SDM 6.15, Interrupt 0)");
    e = exc(0, 0, 0x0010393b, BYTES("\x66\xf7\xf9"));
    EXPECT(e,
           "#DE at CPL 0: `idiv cx` at 0x0010393b\n"
           "`idiv cx` divides dx:ax by cx; the quotient must fit in ax\n"
           "DIV and IDIV fault when the divisor is 0 or the quotient does not fit the "
           "destination (SDM 6.15, Interrupt 0).",
           NULL);
    e = exc(0, 0, 0x0010393b, BYTES("\xf6\xf1"));
    EXPECT(e,
           "#DE at CPL 0: `div cl` at 0x0010393b\n"
           "`div cl` divides ax by cl; the quotient must fit in al\n"
           "DIV and IDIV fault when the divisor is 0 or the quotient does not fit the "
           "destination (SDM 6.15, Interrupt 0).",
           NULL);
    e = exc(0, 0, 0x00103967, BYTES("\xd4\x00"));
    EXPECT(e,
           "#DE at CPL 0: `aam 0` at 0x00103967\n"
           "AAM divides AL by its immediate, which must not be 0 (SDM 6.15, Interrupt 0).",
           "#DE at CPL 0: `aam 0` at 0x00103967: AAM with base 0 (SDM 6.15, Interrupt 0)");
    /* int3 and ud2 from the programs. */
    e = exc(3, 3, 0x08048053, BYTES("\xcc"));
    e.u.exc.software = 1;
    EXPECT(e,
           "#BP at CPL 3: `int3` at 0x08048053\n"
           "INT3 is a trap: the handler sees the EIP after it; from CPL 3 the gate needs DPL 3 "
           "(SDM 6.15, Interrupt 3).",
           "#BP at CPL 3: `int3` at 0x08048053: breakpoint (SDM 6.15, Interrupt 3)");
    e = exc(6, 3, 0x08048055, BYTES("\x0f\x0b"));
    EXPECT(e,
           "#UD at CPL 3: `ud2` at 0x08048055\n"
           "bytes at EIP: 0f 0b\n"
           "UD0, UD1 and UD2 are reserved to raise #UD (SDM 6.15, Interrupt 6).",
           "#UD at CPL 3: `ud2` at 0x08048055: ud2 (SDM 6.15, Interrupt 6)");
    /* #UD: SYSCALL in 32-bit code, LOCK NOP (Capstone cannot decode it), an invalid MOV to CS. */
    e = exc(6, 3, 0x00103b2f, BYTES("\x0f\x05"));
    EXPECT(e,
           "#UD at CPL 3: `syscall` at 0x00103b2f\n"
           "bytes at EIP: 0f 05\n"
           "SYSCALL is valid only in 64-bit mode on Intel CPUs (SDM Vol. 2B, SYSCALL).",
           "#UD at CPL 3: `syscall` at 0x00103b2f: SYSCALL outside 64-bit mode (SDM Vol. 2B, "
           "SYSCALL)");
    e = exc(6, 0, 0x001039c0, BYTES("\xf0\x90"));
    EXPECT(e,
           "#UD at CPL 0: `(bad)` at 0x001039c0\n"
           "bytes at EIP: f0 90\n"
           "LOCK is allowed only on read-modify-write instructions with a memory destination "
           "(SDM 6.15, Interrupt 6).",
           "#UD at CPL 0: `(bad)` at 0x001039c0: LOCK prefix not allowed here (SDM 6.15, "
           "Interrupt 6)");
    e = exc(6, 0, 0x001039c0, BYTES("\x8e\xc8"));
    EXPECT(e,
           "#UD at CPL 0: `mov cs, eax` at 0x001039c0\n"
           "bytes at EIP: 8e c8\n"
           "An undefined or reserved opcode, or an encoding not valid here (a LOCK prefix, a "
           "register where memory is required, MOV to CS), raises #UD (SDM 6.15, Interrupt 6).",
           "#UD at CPL 0: `mov cs, eax` at 0x001039c0: invalid opcode (SDM 6.15, Interrupt 6)");
    /* INTO with OF=1, BOUND, #NM with CR0.TS=1, #AC, #DB, and one with nothing to add. */
    e = exc(4, 3, 0x00103a57, BYTES("\xce"));
    e.u.exc.eflags = 0xa02;
    e.u.exc.software = 1;
    EXPECT(e,
           "#OF at CPL 3: `into` at 0x00103a57\n"
           "EFLAGS.OF=1\n"
           "INTO traps when EFLAGS.OF=1 (SDM 6.15, Interrupt 4).",
           "#OF at CPL 3: `into` at 0x00103a57: overflow (SDM 6.15, Interrupt 4)");
    e = exc(5, 3, 0x00103acd, BYTES("\x62\x05\x1a\x3b\x10\x00"));
    EXPECT(e,
           "#BR at CPL 3: `bound eax, qword ptr [0x103b1a]` at 0x00103acd\n"
           "BOUND faults when the index lies outside the bounds it reads from memory (SDM 6.15, "
           "Interrupt 5).",
           "#BR at CPL 3: `bound eax, qword ptr [0x103b1a]` at 0x00103acd: BOUND range exceeded "
           "(SDM 6.15, Interrupt 5)");
    e = exc(7, 3, 0x08048100, BYTES("\xd9\xe8"));
    e.u.exc.cr0 |= 1u << 3;
    EXPECT(e,
           "#NM at CPL 3: `fld1` at 0x08048100\n"
           "CR0=0x80010039: TS=1, EM=0\n"
           "x87 and SSE instructions fault while CR0.TS=1 (lazy FPU switching) or CR0.EM=1 (SDM "
           "6.15, Interrupt 7).",
           "#NM at CPL 3: `fld1` at 0x08048100: device not available (SDM 6.15, Interrupt 7)");
    e = with_ec(exc(17, 3, 0x08048100, BYTES("\x8b\x43\x01")), 0);
    e.u.exc.cr0 |= RS_CR0_AM;
    e.u.exc.eflags |= 1u << 18;
    EXPECT(e,
           "#AC(0) at CPL 3: `mov eax, dword ptr [ebx + 1]` at 0x08048100\n"
           "CR0.AM=1, EFLAGS.AC=1, CPL 3\n"
           "At CPL 3 with CR0.AM=1 and EFLAGS.AC=1 an unaligned data access faults (SDM 6.15, "
           "Interrupt 17).",
           "#AC(0) at CPL 3: `mov eax, dword ptr [ebx + 1]` at 0x08048100: unaligned access with "
           "alignment checking on (SDM 6.15, Interrupt 17)");
    e = exc(1, 3, 0x08048100, BYTES("\x90"));
    EXPECT(e,
           "#DB at CPL 3: `nop` at 0x08048100\n"
           "#DB comes from a DR0-DR3 breakpoint, single-stepping (EFLAGS.TF=1) or a task switch "
           "to a TSS with T=1 (SDM 6.15, Interrupt 1).",
           "#DB at CPL 3: `nop` at 0x08048100: debug exception (SDM 6.15, Interrupt 1)");
    e = exc(18, 0, 0xc0101000, BYTES("\x90"));
    EXPECT(e,
           "#MC at CPL 0: `nop` at 0xc0101000\n"
           "Vector 18 is Machine Check (SDM 6.15, Interrupt 18).",
           "#MC at CPL 0: `nop` at 0xc0101000: Machine Check (SDM 6.15, Interrupt 18)");
    e = exc(21, 0, 0xc0101000, BYTES("\x90"));
    EXPECT(e,
           NULL,
           "#CP at CPL 0: `nop` at 0xc0101000: Control Protection Exception (SDM 6.15, Interrupt "
           "21)");
}

/* ---- One line for every event kind. ---- */

static rs_event event(rs_event_kind kind, int cpl, uint32_t eip)
{
    rs_event e;
    memset(&e, 0, sizeof e);
    e.kind = kind;
    e.cpl = cpl;
    e.eip = eip;
    return e;
}

static void test_cpl_lines(void)
{
    rs_event e = event(RS_EV_CPL, 3, 0x08048224);
    e.u.cpl_change = (rs_event_cpl){ .from = 3, .to = 0, .cause = RS_CAUSE_INT, .vector = 0x80,
                                     .gate_type = 15, .gate_dpl = 3, .stack_switched = 1,
                                     .old_ss = 0x23, .old_esp = 0x0080fff0, .new_ss = 0x10,
                                     .new_esp = 0xc0215000, .new_cs = 0x08, .new_eip = 0xc0101000 };
    EXPECT_LINE(e, "CPL 3->0  int 0x80 via gate 0x80 (trap, DPL 3), stack 0x0023:0x0080fff0 -> "
                   "0x0010:0xc0215000");
    CHECK(strcmp(rs_explain_stack_source(&e.u.cpl_change), "TSS") == 0);
    e.u.cpl_change.cause = RS_CAUSE_EXCEPTION;
    e.u.cpl_change.vector = 14;
    e.u.cpl_change.gate_type = 14;
    e.u.cpl_change.gate_dpl = 0;
    EXPECT_LINE(e,
                "CPL 3->0  #PF via gate 0xe (interrupt, DPL 0), stack 0x0023:0x0080fff0 -> "
                "0x0010:0xc0215000");
    e.u.cpl_change.cause = RS_CAUSE_HWINT;
    e.u.cpl_change.vector = 0x20;
    EXPECT_LINE(e,
                "CPL 3->0  hardware interrupt 0x20 via gate 0x20 (interrupt, DPL 0), stack "
                "0x0023:0x0080fff0 -> 0x0010:0xc0215000");
    e.u.cpl_change.gate_type = 7;
    EXPECT_LINE(e,
                "CPL 3->0  hardware interrupt 0x20 via gate 0x20 (16-bit trap, DPL 0), stack "
                "0x0023:0x0080fff0 -> 0x0010:0xc0215000");
    e.u.cpl_change = (rs_event_cpl){ .from = 0, .to = 3, .cause = RS_CAUSE_IRET, .vector = -1,
                                     .gate_type = -1, .gate_dpl = -1, .stack_switched = 1,
                                     .old_ss = 0x10, .old_esp = 0xc0214ffc, .new_ss = 0x23,
                                     .new_esp = 0xbfffefe0, .new_cs = 0x1b, .new_eip = 0x0804801e };
    EXPECT_LINE(e, "CPL 0->3  iret to 0x001b:0x0804801e");
    e.u.cpl_change.cause = RS_CAUSE_SYSEXIT;
    EXPECT_LINE(e, "CPL 0->3  sysexit to 0x001b:0x0804801e, stack 0x0023:0xbfffefe0 (ESP from ECX)");
    CHECK(strcmp(rs_explain_stack_source(&e.u.cpl_change), "ECX (SYSEXIT)") == 0);
    e.u.cpl_change.cause = RS_CAUSE_IRET;
    CHECK(strcmp(rs_explain_stack_source(&e.u.cpl_change), "frame (IRET)") == 0);
    e.u.cpl_change.cause = RS_CAUSE_FAR;
    CHECK(strcmp(rs_explain_stack_source(&e.u.cpl_change), "frame (RET)") == 0);
    e.u.cpl_change.stack_switched = 0;
    CHECK(strcmp(rs_explain_stack_source(&e.u.cpl_change), "none") == 0);
    e.u.cpl_change = (rs_event_cpl){ .from = 3, .to = 0, .cause = RS_CAUSE_SYSENTER, .vector = -1,
                                     .gate_type = -1, .gate_dpl = -1, .stack_switched = 1,
                                     .old_ss = 0x23, .old_esp = 0xbfffefe0, .new_ss = 0x10,
                                     .new_esp = 0xc0215000, .new_cs = 0x08, .new_eip = 0xc0101200 };
    EXPECT_LINE(e,
                "CPL 3->0  sysenter to 0x0008:0xc0101200, stack 0x0023:0xbfffefe0 -> "
                "0x0010:0xc0215000");
    CHECK(strcmp(rs_explain_stack_source(&e.u.cpl_change), "MSR (SYSENTER_ESP)") == 0);
    e.u.cpl_change.cause = RS_CAUSE_FAR;
    e.u.cpl_change.gate_type = 12;
    e.u.cpl_change.gate_dpl = 3;
    EXPECT_LINE(e,
                "CPL 3->0  far transfer via call gate (DPL 3) to 0x0008:0xc0101200, stack "
                "0x0023:0xbfffefe0 -> 0x0010:0xc0215000");
    CHECK(strcmp(rs_explain_stack_source(&e.u.cpl_change), "TSS") == 0);
    e.u.cpl_change.stack_switched = 0;
    e.u.cpl_change.from = 0;
    e.u.cpl_change.to = 3;
    e.u.cpl_change.gate_type = -1;
    EXPECT_LINE(e, "CPL 0->3  far transfer to 0x0008:0xc0101200");
    e.u.cpl_change.cause = (rs_cpl_cause)42;
    EXPECT_LINE(e, "CPL 0->3  cause 42 to 0x0008:0xc0101200");
}

static void test_other_lines(void)
{
    rs_event e = event(RS_EV_INTERRUPT, 3, 0x08048037);
    e.u.intr.vector = 0x41;
    EXPECT_LINE(e, "int 0x41 from CPL 3 at 0x08048037");
    e.u.intr.hardware = 1;
    e.u.intr.vector = 0x20;
    EXPECT_LINE(e, "hardware interrupt 0x20 from CPL 3 at 0x08048037");

    e = event(RS_EV_SYSCALL, 3, 0x08048224);
    e.u.sys = (rs_event_syscall){ .nr = 4, .args = { 1, 0x08049010, 18 } };
    EXPECT_LINE(e, "syscall write(fd=1, buf=0x08049010, count=18)");
    e.u.sys.via_sysenter = 1;
    EXPECT_LINE(e, "syscall write(fd=1, buf=0x08049010, count=18) via sysenter");
    e.u.sys = (rs_event_syscall){ .nr = 999, .args = { 1, 2, 3, 4, 5, 6 } };
    EXPECT_LINE(e,
                "syscall eax=0x3e7 (no such Linux i386 call: Linux says -ENOSYS) ebx=0x00000001, "
                "ecx=0x00000002, edx=0x00000003, esi=0x00000004, edi=0x00000005, ebp=0x00000006");
    e = event(RS_EV_SYSRET, 0, 0xc0101000);
    e.u.ret = (rs_event_sysret){ .nr = 4, .ret = 18 };
    EXPECT_LINE(e, "syscall write -> 18");
    e.u.ret.ret = -14;
    EXPECT_LINE(e, "syscall write -> -14 EFAULT");
    e.u.ret = (rs_event_sysret){ .nr = 45, .ret = 0x0804c064 };
    EXPECT_LINE(e, "syscall brk -> 0x0804c064");

    e = event(RS_EV_CR, 0, 0x00100020);
    e.u.cr = (rs_event_cr){ .reg = 0, .old_value = 0x60000011, .new_value = 0xe0010011 };
    EXPECT_LINE(e, "cr0 0x60000011 -> 0xe0010011 (+WP +PG)");
    e.u.cr = (rs_event_cr){ .reg = 0, .old_value = 0x80010011, .new_value = 0x80010019 };
    EXPECT_LINE(e, "cr0 0x80010011 -> 0x80010019 (+TS)");
    e.u.cr = (rs_event_cr){ .reg = 3, .old_value = 0x00104000, .new_value = 0x03fff000 };
    EXPECT_LINE(e, "cr3 0x00104000 -> 0x03fff000");
    e.u.cr = (rs_event_cr){ .reg = 4, .old_value = 0x00000010, .new_value = 0x00300000 };
    EXPECT_LINE(e, "cr4 0x00000010 -> 0x00300000 (-PSE +SMEP +SMAP)");
    e.u.cr = (rs_event_cr){ .reg = 4, .old_value = 0, .new_value = 1u << 31 };
    EXPECT_LINE(e, "cr4 0x00000000 -> 0x80000000 (+bit31)");
    e.u.cr = (rs_event_cr){ .reg = 0, .old_value = 0x11, .new_value = 0x11 };
    EXPECT_LINE(e, "cr0 0x00000011 -> 0x00000011");

    e = event(RS_EV_IO, 0, 0xc0100400);
    e.u.io = (rs_event_io){ .port = 0x3f8, .size = 1, .write = 1, .value = 0x21 };
    EXPECT_LINE(e, "out port 0x3f8 <- 0x21 (1 byte)");
    e.u.io = (rs_event_io){ .port = 0x3fd, .size = 1, .value = 0x60 };
    EXPECT_LINE(e, "in port 0x3fd -> 0x60 (1 byte)");
    e.u.io = (rs_event_io){ .port = 0xcfc, .size = 4, .value = 0xffffffff };
    EXPECT_LINE(e, "in port 0xcfc -> 0xffffffff (4 bytes)");
    e.u.io = (rs_event_io){ .port = 0x1f0, .size = 2, .write = 1, .value = 0xbeef };
    EXPECT_LINE(e, "out port 0x1f0 <- 0xbeef (2 bytes)");
    e.cpl = 3;
    e.u.io = (rs_event_io){ .port = 0x3f8, .size = 1, .write = 1, .denied = 1 };
    EXPECT_LINE(e, "out port 0x3f8 (1 byte) denied at CPL 3");
    e.u.io = (rs_event_io){ .port = 0x3fe, .size = 2, .denied = 1 };
    EXPECT_LINE(e, "in port 0x3fe (2 bytes) denied at CPL 3");
}

static void test_stop_lines(void)
{
    rs_event e = event(RS_EV_HALT, 0, 0xc0100abc);
    e.u.stop.reason = RS_STOP_HALT;
    EXPECT_LINE(e, "halt at 0xc0100abc: HLT with IF=0, nothing can wake the CPU");
    e.u.stop.reason = RS_STOP_HALT_IF;
    EXPECT_LINE(e, "halt at 0xc0100abc: HLT with IF=1, but no interrupt source exists");
    e = event(RS_EV_EXIT, 0, 0xc0100abc);
    e.u.stop.reason = RS_STOP_EXIT;
    e.u.stop.exit_status = 1;
    EXPECT_LINE(e, "exit status 1 (the guest wrote 0x0 to isa-debug-exit)");
    e.u.stop.exit_status = 5;
    EXPECT_LINE(e, "exit status 5 (the guest wrote 0x2 to isa-debug-exit)");
    e = event(RS_EV_LIMIT, 3, 0x08048100);
    e.u.stop.reason = RS_STOP_INSN_LIMIT;
    EXPECT_LINE(e, "limit: instruction limit at 0x08048100");
    e.u.stop.reason = RS_STOP_TIMEOUT;
    EXPECT_LINE(e, "limit: time limit at 0x08048100");
    e = event(RS_EV_STOP, 0, 0x00103892);
    e.u.stop.reason = RS_STOP_TRIPLE_FAULT;
    EXPECT_LINE(e, "stop: triple fault at 0x00103892");
    snprintf(e.u.stop.detail, sizeof e.u.stop.detail, "triple fault at eip 0x00103892");
    EXPECT_LINE(e, "stop: triple fault at eip 0x00103892");
    e.u.stop.reason = RS_STOP_UNSUPPORTED;
    e.u.stop.detail[0] = '\0';
    EXPECT_LINE(e, "stop: unsupported feature at 0x00103892");
    e.u.stop.reason = RS_STOP_ENGINE_ERROR;
    EXPECT_LINE(e, "stop: engine error at 0x00103892");
    e.u.stop.reason = 99;
    EXPECT_LINE(e, "stop: unknown at 0x00103892");
    e.u.stop.reason = RS_STOP_ENGINE_ERROR;
    /* A detail that fills the array without a NUL is not read past its end. */
    memset(e.u.stop.detail, 'x', sizeof e.u.stop.detail);
    char buf[256];
    CHECK_EQ(rs_explain_event_line(&e, buf, sizeof buf), strlen("stop: ") + sizeof e.u.stop.detail);

    e = event(RS_EV_BREAKPOINT, 3, 0x08048010);
    e.u.brk.address = 0x08048010;
    EXPECT_LINE(e, "breakpoint at 0x08048010");
    e.u.brk = (rs_event_break){ .address = 0xc0000000, .watch = 1, .write = 1 };
    EXPECT_LINE(e, "watch: write of 0xc0000000 at 0x08048010");
    e.u.brk.write = 0;
    EXPECT_LINE(e, "watch: read of 0xc0000000 at 0x08048010");
    e.kind = RS_EV__COUNT;
    EXPECT_LINE(e, "event kind 12");
}

/* ---- The API around the text: the terminal's layout, other kinds, truncation. ---- */

static void test_api(void)
{
    rs_event e = pf(3, 0x08048000, BYTES("\xa1\x00\x00\x00\xc0"), 5, 0xc0000000, 0x0010b023,
                    0x00000003);
    char buf[1024];
    rs_explain_event_line(&e, buf, sizeof buf);
    check_str(__LINE__, "headline", buf,
              "#PF at CPL 3: `mov eax, dword ptr [0xc0000000]` at 0x08048000 read 0xc0000000");
    rs_explain_event_text(&e, "              ", buf, sizeof buf);
    check_str(__LINE__, "text", buf,
              "#PF at CPL 3: `mov eax, dword ptr [0xc0000000]` at 0x08048000 read 0xc0000000\n"
              "              PDE[768]=0x0010b023 present, writable, supervisor -> denied here: "
              "U/S=0\n"
              "              PTE[0]=0x00000003 present, writable, supervisor -> denied here: "
              "U/S=0\n"
              "              error code 0x5 = present | read | user\n"
              "              User-mode accesses need U/S=1 at every level (SDM 4.6).");
    /* For another kind the exception functions give the event line. */
    rs_event s = event(RS_EV_SYSCALL, 3, 0x08048224);
    s.u.sys = (rs_event_syscall){ .nr = 20 };
    rs_explain_exception(&s, buf, sizeof buf);
    check_str(__LINE__, "exception of a syscall", buf, "syscall getpid()");
    rs_explain_event_text(&s, "    ", buf, sizeof buf);
    check_str(__LINE__, "text of a syscall", buf, "syscall getpid()");
    /* snprintf's contract at every length, with exact-size heap buffers for ASan. */
    int full = rs_explain_exception(&e, NULL, 0);
    CHECK(full > 100);
    char *whole = malloc((size_t)full + 1);
    CHECK_EQ(rs_explain_exception(&e, whole, (size_t)full + 1), full);
    for (int len = 1; len <= full + 1; len++) {
        char *b = malloc((size_t)len);
        CHECK_EQ(rs_explain_exception(&e, b, (size_t)len), full);
        CHECK_EQ(strlen(b), (size_t)(len - 1 < full ? len - 1 : full));
        CHECK(strncmp(b, whole, strlen(b)) == 0);
        free(b);
    }
    free(whole);
    CHECK_EQ(rs_explain_event_line(&s, NULL, 0), strlen("syscall getpid()"));
    /* Vector names (SDM Table 6-1). */
    check_str(__LINE__, "name", rs_vector_name(14), "Page Fault");
    check_str(__LINE__, "name", rs_vector_name(15), "Reserved");
    check_str(__LINE__, "name", rs_vector_name(21), "Control Protection Exception");
    check_str(__LINE__, "name", rs_vector_name(31), "Reserved");
    check_str(__LINE__, "name", rs_vector_name(0x80), "Interrupt");
}

static void test_event_names(void)
{
    static const char *const names[RS_EV__COUNT] = {
        "cpl", "exception", "interrupt", "syscall", "sysret", "cr", "io", "halt", "exit", "limit",
        "stop", "breakpoint",
    };
    for (int k = 0; k < RS_EV__COUNT; k++) {
        const char *name = rs_event_kind_name((rs_event_kind)k);
        CHECK(name != NULL);
        if (name)
            check_str(__LINE__, "kind name", name, names[k]);
        CHECK_EQ(rs_event_kind_from_name(names[k]), k);
    }
    CHECK(rs_event_kind_name(RS_EV__COUNT) == NULL);
    CHECK(rs_event_kind_name((rs_event_kind)-1) == NULL);
    CHECK_EQ(rs_event_kind_from_name("cr3"), RS_EV_CR);
    CHECK_EQ(rs_event_kind_from_name("fault"), RS_EV_EXCEPTION);
    CHECK_EQ(rs_event_kind_from_name("Fault"), (uint64_t)-1);
    CHECK_EQ(rs_event_kind_from_name(""), (uint64_t)-1);
    CHECK_EQ(rs_event_kind_from_name(NULL), (uint64_t)-1);
    static const char *const causes[] = { "int", "exception", "hwint", "iret", "sysenter",
                                          "sysexit", "far" };
    for (int c = 0; c <= RS_CAUSE_FAR; c++)
        check_str(__LINE__, "cause", rs_cpl_cause_name((rs_cpl_cause)c), causes[c]);
    CHECK(rs_cpl_cause_name((rs_cpl_cause)(RS_CAUSE_FAR + 1)) == NULL);
}

int main(void)
{
    test_pf_supervisor_page();
    test_pf_not_present();
    test_pf_read_only();
    test_pf_fetch();
    test_pf_other();
    test_gp_privileged();
    test_gp_iopl();
    test_gp_gates();
    test_gp_selectors();
    test_gp_selector_reasons();
    test_gp_other();
    test_segment_faults();
    test_double_fault();
    test_no_error_code();
    test_cpl_lines();
    test_other_lines();
    test_stop_lines();
    test_api();
    test_event_names();
    return rs_test_done();
}
