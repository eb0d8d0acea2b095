/* RDTSC returns virtual time: one tick per virtual instruction time, i.e. the time stamp counter
 * runs at --ips Hz (100 MHz by default) and reads vtime_ns * ips / 1e9, a function of the
 * instruction count and the time HLT skipped, never of the host. A kernel that calibrates its TSC
 * against the PIT therefore finds the same speed in every run, and two runs stay identical.
 *
 * Unicorn 2.1.1 cannot hook RDTSC; cpuctx.h (rs_cpuctx_intercept_rdtsc) makes every RDTSC leave
 * translated code at its own address as UC_HOOK_INTR vector RS_CPUCTX_RDTSC_EXIT, and
 * rs_machine_rdtsc does the instruction here (SDM Vol. 2B, RDTSC: EDX:EAX = TSC; CR4.TSD=1 at
 * CPL > 0 is #GP(0), which QEMU checks before the intercept, so it never reaches us). */
#include "machine_priv.h"
#include "mmu.h"

/* The length of the RDTSC at EIP: prefixes, then 0F 31. 0 if it is not there. */
static uint32_t rdtsc_length(rs_machine *m, uint32_t eip)
{
    uint8_t code[16];
    rs_segcache cs = rs_cpuctx_seg(m->cpu, RS_CS);
    if (!rs_mmu_read(&m->pm, rs_cpuctx_paging(m->cpu), cs.base + eip, code, sizeof code, rs_cpuctx_cpl(m->cpu) == 3, NULL))
        return 0;
    for (uint32_t i = 0; i + 1 < sizeof code; i++) {
        uint8_t b = code[i];
        if (b == 0x0f)
            return code[i + 1] == 0x31 ? i + 2 : 0;
        if (b != 0x66 && b != 0x67 && b != 0xf2 && b != 0xf3 && b != 0xf0 && b != 0x26 && b != 0x2e &&
            b != 0x36 && b != 0x3e && b != 0x64 && b != 0x65)
            return 0;
    }
    return 0;
}

uint64_t rs_machine_tsc(const rs_machine *m)
{
    return (uint64_t)((unsigned __int128)rs_machine_vtime_ns(m) * m->ips / 1000000000u);
}

void rs_machine_rdtsc(rs_machine *m)
{
    if (!m->tracer.on) {
        /* No instruction count without the tracer: turn it on (between runs) and run the RDTSC
         * again; the time it reads then is deterministic, as the moment of turning on is. */
        m->want_tracer = 1;
        uc_emu_stop(m->uc);
        return;
    }
    rs_cpuctx_load(m->cpu);
    uint32_t eip = rs_cpuctx_eip(m->cpu);
    uint32_t len = rdtsc_length(m, eip);
    if (!len) {
        rs_cpuctx_rollback(m->cpu);
        rs_machine_stop_from_hook(m, RS_STOP_ENGINE_ERROR, "an RDTSC exit without an RDTSC instruction");
        return;
    }
    rs_tracer_settle(m);                 /* the count before the RDTSC: the time it reads */
    uint64_t tsc = rs_machine_tsc(m);
    m->tracer.base++;                    /* and the RDTSC itself is done */
    rs_cpuctx_set_gpr(m->cpu, RS_EAX, (uint32_t)tsc);
    rs_cpuctx_set_gpr(m->cpu, RS_EDX, (uint32_t)(tsc >> 32));
    rs_cpuctx_set_eip(m->cpu, eip + len);
    rs_cpuctx_store(m->cpu);
}
