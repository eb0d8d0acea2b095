/* #PF explained from the walk the event holds: each level the CPU read, the bit that refused the
 * access, the error code, and the rule (SDM 4.3 "32-bit paging", 4.6 "Access rights", 4.7
 * "Page-fault exceptions"). The bits are decoded here from the entries' values. */
#include "explain_priv.h"

/* 32-bit paging reports an instruction fetch with I/D=0 unless CR4.SMEP=1 (SDM 4.7), so a fetch
 * is recognised as the teaching kernel's fault handler does it: CR2 is EIP, or lies inside the
 * instruction (it runs into the next page). A data access cannot fault on the instruction's own
 * bytes without the fetch of those bytes having faulted first. */
xp_access rs_xp_pf_access(const rs_event *ev, const xp_insn *in)
{
    uint32_t ec = ev->u.exc.error_code, into = ev->u.exc.cr2 - ev->eip;
    if (ec & RS_PF_ID)
        return XP_FETCH;
    if (ec & RS_PF_W)
        return XP_WRITE;
    if (into == 0 || (into < RS_EVENT_INSN_MAX && (!in->ok || into < (uint32_t)in->size)))
        return XP_FETCH;
    return XP_READ;
}

/* The bit of entry E that refuses the access, or NULL. SDM 4.6: P first; then U/S for user-mode
 * accesses; then R/W for user-mode writes, and for supervisor-mode writes when CR0.WP=1. */
static const char *entry_denies(uint32_t e, xp_access a, int user, int wp)
{
    if (!(e & RS_PTE_P))
        return "P=0";
    if (user && !(e & RS_PTE_US))
        return "U/S=0";
    if (a == XP_WRITE && !(e & RS_PTE_RW) && user)
        return "R/W=0";
    if (a == XP_WRITE && !(e & RS_PTE_RW) && wp)
        return "R/W=0 with CR0.WP=1";
    return NULL;
}

/* "PDE[768]=0x00203003 present, writable, supervisor -> denied here: U/S=0". With P=0 the other
 * bits mean nothing to the CPU (SDM 4.3), so they are not decoded. */
static void entry_line(xp_out *o, const char *level, uint32_t index, uint32_t e, int large,
                       const char *denied)
{
    xp_detail(o, "%s[%u]=0x%08x ", level, (unsigned)index, (unsigned)e);
    if (e & RS_PTE_P)
        xp_put(o, "present, %s, %s%s", (e & RS_PTE_RW) ? "writable" : "read-only",
               (e & RS_PTE_US) ? "user" : "supervisor", large ? ", 4 MiB page" : "");
    else
        xp_put(o, "not present");
    if (denied)
        xp_put(o, " -> denied here: %s", denied);
}

/* One line per level the CPU read; a 4 MiB PDE (CR4.PSE=1, PS=1) ends the walk (SDM 4.3). */
static void walk_lines(xp_out *o, const rs_walk *w, xp_access a, int user, int wp)
{
    entry_line(o, "PDE", w->linear >> 22, w->pde, w->large, entry_denies(w->pde, a, user, wp));
    if ((w->pde & RS_PTE_P) && !w->large)
        entry_line(o, "PTE", (w->linear >> 12) & 0x3ff, w->pte, 0,
                   entry_denies(w->pte, a, user, wp));
}

/* "error code 0x5 = present | read | user" (SDM 4.7, Figure 4-12). */
static void error_code_line(xp_out *o, uint32_t ec)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } extra[] = {
        { RS_PF_RSVD, "reserved bit" }, { RS_PF_ID, "fetch" }, { RS_PF_PK, "protection key" },
        { RS_PF_SS, "shadow stack" }, { RS_PF_SGX, "SGX" },
    };
    xp_detail(o, "error code 0x%x = %s | %s | %s", (unsigned)ec,
              (ec & RS_PF_P) ? "present" : "not present", (ec & RS_PF_W) ? "write" : "read",
              (ec & RS_PF_U) ? "user" : "supervisor");
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (ec & extra[i].bit)
            xp_put(o, " | %s", extra[i].name);
}

static void not_present(const rs_walk *w, xp_verdict *v)
{
    if (!(w->pde & RS_PTE_P)) {
        xp_cause(v, "SDM 4.3, 4.7", "not present (PDE)");
        xp_rule(v, "Translation needs P=1 at every level; this PDE has P=0, so nothing in its "
                   "4 MiB region is mapped");
    } else {
        xp_cause(v, "SDM 4.3, 4.7", "not present (PTE)");
        xp_rule(v, "Translation needs P=1 at every level; this PTE has P=0, so the 4 KiB page "
                   "is not mapped");
    }
}

/* A present page refused: which access right (SDM 4.6, and 4.6.1 for SMEP/SMAP). */
static void protection(const rs_event *ev, xp_access a, int user, xp_verdict *v)
{
    const rs_event_exception *x = &ev->u.exc;
    const rs_walk *w = &x->walk;
    uint32_t rights = w->large ? w->pde : (w->pde & w->pte);   /* both levels must allow */
    int wp = (x->cr0 & RS_CR0_WP) != 0, user_page = (rights & RS_PTE_US) != 0;
    if (user && !user_page) {
        xp_cause(v, "SDM 4.6", a == XP_FETCH ? "supervisor page (fetch)" : "supervisor page");
        xp_rule(v, "User-mode %s need U/S=1 at every level",
                a == XP_FETCH ? "instruction fetches" : "accesses");
    } else if (a == XP_WRITE && !(rights & RS_PTE_RW) && user) {
        xp_cause(v, "SDM 4.6", "read-only page");
        xp_rule(v, "User-mode writes need R/W=1 at every level");
    } else if (a == XP_WRITE && !(rights & RS_PTE_RW) && wp) {
        xp_cause(v, "SDM 4.6", "read-only page, CR0.WP=1");
        xp_rule(v, "With CR0.WP=1, supervisor-mode writes need R/W=1 at every level too");
    } else if (!user && user_page && a == XP_FETCH && (x->cr4 & RS_CR4_SMEP)) {
        xp_cause(v, "SDM 4.6.1", "SMEP: supervisor fetch from a user page");
        xp_rule(v, "With CR4.SMEP=1, supervisor-mode instruction fetches from user pages fault");
    } else if (!user && user_page && a != XP_FETCH && (x->cr4 & RS_CR4_SMAP)) {
        xp_cause(v, "SDM 4.6.1", "SMAP: supervisor access to a user page");
        xp_rule(v, "With CR4.SMAP=1, supervisor-mode data accesses to user pages fault unless "
                   "EFLAGS.AC=1 (explicit accesses only)");
    } else {
        xp_cause(v, "SDM 4.10.4", "the tables allow this access now (stale TLB entry?)");
        xp_rule(v, "The paging entries allow this access, so the CPU used a cached translation; "
                   "software must invalidate it (INVLPG, MOV to CR3) after restricting an entry");
    }
}

/* A #PF raised while delivering another event comes without a walk (all zero): only the error
 * code speaks then. */
static int walk_recorded(const rs_walk *w)
{
    return w->pde_addr || w->pde || w->pte_addr || w->pte || w->ok;
}

static void unwalked_protection(xp_verdict *v)
{
    xp_cause(v, "SDM 4.6", "protection (walk not recorded)");
    xp_rule(v, "A present page refused the access: user-mode accesses need U/S=1 and writes "
               "R/W=1 at every level (supervisor writes too when CR0.WP=1)");
}

void rs_xp_explain_pf(const rs_event *ev, const xp_insn *in, xp_out *o, xp_verdict *v)
{
    const rs_event_exception *x = &ev->u.exc;
    uint32_t ec = x->error_code;
    int user = (ec & RS_PF_U) != 0, walked = walk_recorded(&x->walk);
    xp_access a = rs_xp_pf_access(ev, in);
    if (walked)
        walk_lines(o, &x->walk, a, user, (x->cr0 & RS_CR0_WP) != 0);
    else
        xp_detail(o, "page walk not recorded");
    error_code_line(o, ec);
    if (a == XP_FETCH && !(ec & RS_PF_ID))
        xp_detail(o, "instruction fetch: CR2 %s; without CR4.SMEP, 32-bit paging reports it as a "
                     "read (I/D=0, SDM 4.7)",
                  x->cr2 == ev->eip ? "= EIP" : "is inside the instruction");
    if (!user && ev->cpl == 3)
        xp_detail(o, "a supervisor-mode access made for CPL 3 code (descriptor table, TSS or "
                     "interrupt stack; SDM 4.6, 5.5)");
    if (ec & RS_PF_RSVD) {
        xp_cause(v, "SDM 4.7", "reserved bit set in a paging entry");
        xp_rule(v, "A paging-structure entry with a reserved bit set faults with RSVD=1, "
                   "whatever the access");
    } else if (!(ec & RS_PF_P) && !walked) {
        xp_cause(v, "SDM 4.3, 4.7", "not present");
        xp_rule(v, "Translation needs P=1 at every level of the walk");
    } else if (!(ec & RS_PF_P)) {
        not_present(&x->walk, v);
    } else if (!walked) {
        unwalked_protection(v);
    } else {
        protection(ev, a, user, v);
    }
}
