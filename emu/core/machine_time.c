/* Virtual time and hardware interrupts (timer_devices.h): the machine's side of the PIC and PIT.
 *
 * Virtual time is a function of the instruction count: icount * 1e9 / ips nanoseconds, plus the
 * time HLT skipped and the little a block boundary adds (below), so the same image gives the same
 * interleaving on every run, whatever the host does. The PIT says when its output next rises; the
 * tracer stops the CPU at the first block boundary at which that time has come (a block is not
 * split: interrupts are taken between blocks, which on x86 are instruction boundaries), the PIT
 * raises IRQ0 on the PIC (COM1's input and timeouts are timed the same way, machine_pc.c), and the machine delivers what the PIC presents through the IDT as an
 * external interrupt (SDM 6.3, 6.12: no gate DPL check, EXT=1 in error codes) when EFLAGS.IF=1.
 * With IF=0 the request waits; the tracer then checks IF at every block entry (STI, POPF and IRET
 * end a block) and stops when it is set. HLT with IF=1 skips virtual time to the next edge. */
#include <string.h>
#include "machine_priv.h"

uint64_t rs_machine_vtime_ns(const rs_machine *m)
{
    unsigned __int128 ns = (unsigned __int128)rs_tracer_icount(&m->tracer) * 1000000000u / m->ips;
    return (uint64_t)ns + m->idle_ns;
}

static uint64_t clock_cb(void *opaque) { return rs_machine_vtime_ns(opaque); }

/* The next change in virtual time of any timed device: the PIT's edge, COM1's input or timeout. */
static uint64_t next_event(const rs_machine *m)
{
    uint64_t pit = rs_pit_next_edge(&m->pit), pc = rs_machine_pc_next_event(m);
    return pit < pc ? pit : pc;
}

static void advance_devices(rs_machine *m, uint64_t ns)
{
    rs_pit_advance(&m->pit, ns);
    rs_machine_pc_advance(m, ns);
}

/* The instruction count at which virtual time reaches NS (the first count at or after it). */
static uint64_t icount_at(const rs_machine *m, uint64_t ns)
{
    if (ns == UINT64_MAX || ns <= m->idle_ns)
        return ns == UINT64_MAX ? UINT64_MAX : 0;
    unsigned __int128 n = ((unsigned __int128)(ns - m->idle_ns) * m->ips + 999999999u) / 1000000000u;
    return n > UINT64_MAX ? UINT64_MAX : (uint64_t)n;
}

rs_err rs_machine_time_attach(rs_machine *m, uint64_t ips)
{
    m->ips = ips ? ips : RS_DEFAULT_IPS;
    rs_io_device master, slave, pit;
    rs_pic_init(&m->pic, &master, &slave);
    rs_pit_init(&m->pit, &m->pic, clock_cb, m, &pit);
    rs_err err = rs_io_attach(&m->bus, &master);
    if (!err)
        err = rs_io_attach(&m->bus, &slave);
    if (!err)
        err = rs_io_attach(&m->bus, &pit);
    return err;
}

/* Sets the tracer's stop points for the next stretch: the PIT's next edge, and whether a waiting
 * request needs IF watched. */
void rs_machine_time_arm(rs_machine *m)
{
    rs_tracer *t = &m->tracer;
    t->deadline = icount_at(m, next_event(m));
    t->irq_watch = rs_pic_pending(&m->pic) >= 0;
    if (t->irq_watch)
        t->blk_sensitive = RS_SENS_UNSURE;   /* IF may be 1 already: look at the next block entry */
    rs_tracer_update_limit(t);
}

/* Time has come for the PIT's edge (or HLT skipped to it): advance the PIT, which raises IRQ0. */
static void advance_to(rs_machine *m, uint64_t ns)
{
    uint64_t now = rs_machine_vtime_ns(m);
    if (ns > now)
        m->idle_ns += ns - now;    /* a block boundary a little before the edge, or HLT */
    advance_devices(m, rs_machine_vtime_ns(m));
}

/* Delivers the PIC's request through the IDT if IF=1; returns 1 if one was delivered (or the
 * delivery stopped the machine). Between runs only. */
static int deliver_pending(rs_machine *m)
{
    uint32_t eflags = 0;
    uc_reg_read(m->uc, UC_X86_REG_EFLAGS, &eflags);
    /* Not with IF=0, and not in STI's shadow (the tracer then watches for a later boundary). */
    if (!(eflags & RS_EFL_IF) || rs_cpuctx_live_irq_inhibited(m->cpu) || rs_pic_pending(&m->pic) < 0)
        return 0;
    int vector = rs_pic_acknowledge(&m->pic);
    if (vector < 0)
        return 0;
    rs_cpuctx_load(m->cpu);
    uint32_t eip = rs_cpuctx_eip(m->cpu);
    rs_trap_request req = { .vector = (uint8_t)vector, .source = RS_SRC_EXTERNAL, .return_eip = eip,
                            .insn_eip = eip };
    rs_machine_deliver_external(m, &req, eflags);
    return 1;
}

int rs_machine_time_service(rs_machine *m, int halted_if)
{
    rs_tracer *t = &m->tracer;
    if (t->deadline_pending) {
        t->deadline_pending = 0;
        t->deadline_grace = 1;         /* the block it stopped before runs next, edge or not */
        advance_to(m, next_event(m));
        deliver_pending(m);
        return 1;
    }
    if (t->irq_ready) {
        t->irq_ready = 0;
        deliver_pending(m);
        return 1;
    }
    if (!halted_if)
        return 0;
    /* HLT with IF=1: a request already waiting wakes it at once; otherwise skip to the next edge
     * of the timer, if it has one whose interrupt the PIC would pass on. */
    advance_devices(m, rs_machine_vtime_ns(m));
    for (int edges = 0; rs_pic_pending(&m->pic) < 0;) {
        uint64_t next = next_event(m), edge = rs_pit_next_edge(&m->pit);
        if (next == UINT64_MAX || (edges > 2 && rs_machine_pc_next_event(m) == UINT64_MAX))
            return 0;                      /* nothing will ever wake it */
        edges += next == edge;             /* the other devices' events are finite or raise a
                                            * line that stays up: only the timer's can repeat */
        advance_to(m, next);
    }
    return deliver_pending(m);
}

int rs_machine_time_port(uint16_t port)
{
    return port == 0x20 || port == 0x21 || port == 0xa0 || port == 0xa1 || (port >= 0x40 && port <= 0x43);
}
