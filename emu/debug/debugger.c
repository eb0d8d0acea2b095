/* See debugger.h.
 *
 * Breakpoints are one-address UC_HOOK_CODE hooks: a hook bounded to one address costs nothing
 * elsewhere, but only reaches code translated after it was added, so adding one flushes the
 * translated code (between commands, never from a hook). The hook stops the engine before the
 * instruction runs; resuming at a breakpoint lets that one instruction through first, as gdb
 * does. Watches are UC_HOOK_MEM_READ/WRITE hooks on the page's physical frame (Unicorn 2.1 gives
 * memory hooks physical addresses when paging is on). Stopping inside a memory access would make
 * Unicorn redo the instruction on resume (its stores before the stop stay done), so a watch stops
 * the run at the next block entry, after the block that touched the page. */
#include <stdlib.h>
#include <string.h>
#include "debugger.h"
#include "machine_priv.h"

typedef struct dbg_break {
    uint32_t linear;
    uc_hook hook;
} dbg_break;

typedef struct dbg_watch {
    uint32_t linear_page;
    uint32_t phys_page;
    uc_hook hook;
} dbg_watch;

struct rs_dbg {
    rs_machine *m;
    rs_run_limits limits;
    dbg_break brk[RS_DBG_MAX_BREAKPOINTS];
    int n_brk;
    dbg_watch watch[RS_DBG_MAX_WATCHES];
    int n_watch;
    uint32_t skip_once;      /* the breakpoint address being resumed from; ~0u: none */
    uint32_t last_hit;       /* where the last breakpoint stopped the CPU; ~0u: none */
    uint32_t temp_break;     /* `next`: the return address; ~0u: none */
    uc_hook temp_hook;
    int temp_set;
    rs_regs before, now;
};

static void hit(rs_dbg *d, uint32_t address, int watch, int write)
{
    rs_machine *m = d->m;
    if (m->stop_pending || m->tracer.stop_next_block)
        return;
    rs_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = RS_EV_BREAKPOINT;
    ev.icount = rs_tracer_icount(&m->tracer);
    ev.cr3 = m->tracer.cr3;
    ev.cpl = m->tracer.cpl;
    ev.eip = address;
    ev.u.brk.address = address;
    ev.u.brk.watch = watch;
    ev.u.brk.write = write;
    char line[96];
    snprintf(line, sizeof line, "%s at 0x%08x", watch ? (write ? "write to watched page" : "read of watched page")
                                                      : "breakpoint", address);
    if (watch)       /* inside a memory access: stopping now would redo the instruction on resume */
        rs_tracer_request_stop(&m->tracer, RS_STOP_BREAKPOINT, line);
    else
        rs_machine_stop_from_hook(m, RS_STOP_BREAKPOINT, line);
    uint32_t mask = m->tracer.stop_mask;
    m->tracer.stop_mask = 0;
    rs_tracer_emit(m, &ev);
    m->tracer.stop_mask = mask;
}

static void hook_break(uc_engine *uc, uint64_t address, uint32_t size, void *user_data)
{
    (void)uc, (void)size;
    rs_dbg *d = user_data;
    if ((uint32_t)address == d->skip_once) {
        d->skip_once = ~0u;
        return;
    }
    d->skip_once = ~0u;
    d->last_hit = (uint32_t)address;
    hit(d, (uint32_t)address, 0, 0);
}

static void hook_temp(uc_engine *uc, uint64_t address, uint32_t size, void *user_data)
{
    (void)uc, (void)size;
    rs_dbg *d = user_data;
    if ((uint32_t)address != d->temp_break || d->m->stop_pending)
        return;
    rs_machine_stop_from_hook(d->m, RS_STOP_STEP, "stepped over");
}

static bool hook_mem(uc_engine *uc, uc_mem_type type, uint64_t address, int size, int64_t value, void *user_data)
{
    (void)uc, (void)size, (void)value;
    rs_dbg *d = user_data;
    for (int i = 0; i < d->n_watch; i++)
        if ((uint32_t)(address & ~0xfffull) == d->watch[i].phys_page) {
            uint32_t linear = d->watch[i].linear_page | (uint32_t)(address & 0xfff);
            hit(d, linear, 1, type == UC_MEM_WRITE);
        }
    return true;
}

static void flush_code(rs_dbg *d)
{
    uc_ctl_flush_tb(d->m->uc);
    rs_tracer_code_flushed(&d->m->tracer);
}

rs_err rs_dbg_create(rs_machine *m, rs_dbg **out)
{
    *out = NULL;
    if (!m->booted)
        return RS_ERR_STATE;
    rs_dbg *d = calloc(1, sizeof *d);
    if (!d)
        return RS_ERR_NOMEM;
    d->m = m;
    d->skip_once = d->temp_break = d->last_hit = ~0u;
    rs_err err = rs_machine_set_tracing(m, 1);
    if (err) {
        free(d);
        return err;
    }
    rs_machine_regs(m, &d->now);
    d->before = d->now;
    *out = d;
    return RS_OK;
}

void rs_dbg_destroy(rs_dbg *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->n_brk; i++)
        uc_hook_del(d->m->uc, d->brk[i].hook);
    for (int i = 0; i < d->n_watch; i++)
        uc_hook_del(d->m->uc, d->watch[i].hook);
    if (d->n_brk || d->n_watch)
        flush_code(d);
    free(d);
}

void rs_dbg_set_limits(rs_dbg *d, const rs_run_limits *limits) { d->limits = *limits; }
const rs_regs *rs_dbg_regs_before(const rs_dbg *d) { return &d->before; }
const rs_regs *rs_dbg_regs_now(const rs_dbg *d) { return &d->now; }

static uint32_t current_linear(rs_dbg *d)
{
    rs_regs r;
    rs_machine_regs(d->m, &r);
    return r.seg[RS_SREG_CS].base + r.eip;
}

static int is_break(const rs_dbg *d, uint32_t linear)
{
    for (int i = 0; i < d->n_brk; i++)
        if (d->brk[i].linear == linear)
            return 1;
    return 0;
}

int rs_dbg_is_breakpoint(const rs_dbg *d, uint32_t linear) { return is_break(d, linear); }

static void command_begin(rs_dbg *d)
{
    rs_machine_regs(d->m, &d->before);
    uint32_t at = d->before.seg[RS_SREG_CS].base + d->before.eip;
    /* Resuming from the breakpoint that stopped us runs its instruction; a run that merely
     * ended on a breakpoint's address (a time slice, an event) has not hit it yet. */
    d->skip_once = (is_break(d, at) && at == d->last_hit) ? at : ~0u;
    d->last_hit = ~0u;
}

static rs_err command_end(rs_dbg *d, rs_err err)
{
    rs_machine_regs(d->m, &d->now);
    d->skip_once = ~0u;
    return err;
}

rs_err rs_dbg_step(rs_dbg *d, uint64_t n, rs_stop *stop)
{
    command_begin(d);      /* a breakpoint later in the stepped range stops the step, as in gdb */
    return command_end(d, rs_machine_step(d->m, n, &d->limits, stop));
}

rs_err rs_dbg_continue(rs_dbg *d, rs_stop *stop)
{
    command_begin(d);
    rs_machine_stop_on(d->m, 0);
    return command_end(d, rs_machine_run(d->m, &d->limits, stop));
}

rs_err rs_dbg_until(rs_dbg *d, uint32_t kind_mask, rs_stop *stop)
{
    command_begin(d);
    rs_machine_stop_on(d->m, kind_mask);
    rs_err err = rs_machine_run(d->m, &d->limits, stop);
    rs_machine_stop_on(d->m, 0);
    return command_end(d, err);
}

/* The length of the instruction at EIP if it is a CALL or INT n (so `next` steps over it); 0
 * otherwise. */
static uint32_t call_length(rs_dbg *d, uint32_t linear)
{
    uint8_t code[16];
    uint32_t n = rs_machine_read_linear(d->m, linear, code, sizeof code, NULL);
    rs_insn insn;
    if (!rs_disasm_one(d->m->dis, rs_machine_code32(d->m), code, n, linear, &insn))
        return 0;
    return insn.id == X86_INS_CALL || insn.id == X86_INS_INT || insn.id == X86_INS_INTO ? insn.size : 0;
}

rs_err rs_dbg_next(rs_dbg *d, rs_stop *stop)
{
    uint32_t at = current_linear(d);
    uint32_t len = call_length(d, at);
    if (!len)
        return rs_dbg_step(d, 1, stop);
    command_begin(d);
    d->temp_break = at + len;
    if (uc_hook_add(d->m->uc, &d->temp_hook, UC_HOOK_CODE, (void *)hook_temp, d, d->temp_break, d->temp_break))
        return command_end(d, RS_ERR_ENGINE);
    flush_code(d);
    rs_machine_stop_on(d->m, 0);
    rs_err err = rs_machine_run(d->m, &d->limits, stop);
    uc_hook_del(d->m->uc, d->temp_hook);
    flush_code(d);
    d->temp_break = ~0u;
    return command_end(d, err);
}

rs_err rs_dbg_break_add(rs_dbg *d, uint32_t linear)
{
    if (is_break(d, linear))
        return RS_OK;
    if (d->n_brk == RS_DBG_MAX_BREAKPOINTS)
        return RS_ERR_TOO_BIG;
    dbg_break *b = &d->brk[d->n_brk];
    if (uc_hook_add(d->m->uc, &b->hook, UC_HOOK_CODE, (void *)hook_break, d, linear, linear))
        return RS_ERR_ENGINE;
    b->linear = linear;
    d->n_brk++;
    flush_code(d);
    return RS_OK;
}

rs_err rs_dbg_break_remove(rs_dbg *d, uint32_t linear)
{
    for (int i = 0; i < d->n_brk; i++) {
        if (d->brk[i].linear == linear) {
            uc_hook_del(d->m->uc, d->brk[i].hook);
            d->brk[i] = d->brk[--d->n_brk];
            flush_code(d);
            return RS_OK;
        }
    }
    return RS_ERR_ARG;
}

int rs_dbg_breakpoints(const rs_dbg *d, uint32_t *out, int max)
{
    for (int i = 0; i < d->n_brk && i < max; i++)
        out[i] = d->brk[i].linear;
    return d->n_brk;
}

rs_err rs_dbg_watch_add(rs_dbg *d, uint32_t linear)
{
    if (d->n_watch == RS_DBG_MAX_WATCHES)
        return RS_ERR_TOO_BIG;
    rs_walk w;
    if (!rs_mmu_walk(&d->m->pm, rs_machine_paging(d->m), linear, RS_ACC_READ, 0, 0, &w))
        return RS_ERR_ARG;
    dbg_watch *wt = &d->watch[d->n_watch];
    wt->linear_page = linear & ~0xfffu;
    wt->phys_page = w.phys & ~0xfffu;
    if (uc_hook_add(d->m->uc, &wt->hook, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, (void *)hook_mem, d, wt->phys_page,
                    wt->phys_page + 0xfffu))
        return RS_ERR_ENGINE;
    d->n_watch++;
    flush_code(d);
    return RS_OK;
}

rs_err rs_dbg_watch_remove(rs_dbg *d, uint32_t linear)
{
    for (int i = 0; i < d->n_watch; i++) {
        if (d->watch[i].linear_page == (linear & ~0xfffu)) {
            uc_hook_del(d->m->uc, d->watch[i].hook);
            d->watch[i] = d->watch[--d->n_watch];
            flush_code(d);
            return RS_OK;
        }
    }
    return RS_ERR_ARG;
}
