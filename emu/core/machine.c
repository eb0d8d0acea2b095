/* See machine.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "machine_priv.h"
#include "linux_boot.h"
#include "mmu.h"
#include "cpu_model.h"
#include "cpu_model_uc.h"

/* A 32-bit register through Unicorn's API, between runs. */
static uint32_t reg32(rs_machine *m, int uc_reg_id)
{
    uint32_t v = 0;
    uc_reg_read(m->uc, uc_reg_id, &v);
    return v;
}

/* Physical addresses above RAM read as all ones and ignore writes, like an unclaimed bus. */
static uint64_t open_bus_read(uc_engine *uc, uint64_t offset, unsigned size, void *opaque)
{
    (void)uc, (void)offset, (void)opaque;
    return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

static void open_bus_write(uc_engine *uc, uint64_t offset, unsigned size, uint64_t value, void *opaque)
{
    (void)uc, (void)offset, (void)size, (void)value, (void)opaque;
}

static rs_err attach_devices(rs_machine *m, const rs_machine_config *cfg)
{
    rs_io_device dev;
    rs_debugcon_init(&m->debugcon, cfg->debugcon_sink, cfg->debugcon_opaque, &dev);
    rs_err err = rs_io_attach(&m->bus, &dev);
    rs_debugexit_init(&m->debugexit, &dev);
    if (!err)
        err = rs_io_attach(&m->bus, &dev);
    return err;
}

static rs_err map_memory(rs_machine *m, uint64_t ram_bytes)
{
    void *ram = mmap(NULL, ram_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ram == MAP_FAILED)
        return RS_ERR_NOMEM;
    m->pm.ram = ram;
    m->pm.size = ram_bytes;
    if (uc_mem_map_ptr(m->uc, 0, ram_bytes, UC_PROT_ALL, ram) != UC_ERR_OK)
        return RS_ERR_ENGINE;
    if (uc_mmio_map(m->uc, ram_bytes, (1ull << 32) - ram_bytes, open_bus_read, NULL, open_bus_write, NULL))
        return RS_ERR_ENGINE;
    /* A 4 MiB page's PSE-36 bits (PDE bits 16:13) reach physical addresses up to 64 GiB. */
    if (uc_mmio_map(m->uc, 1ull << 32, (1ull << 36) - (1ull << 32), open_bus_read, NULL, open_bus_write, NULL))
        return RS_ERR_ENGINE;
    return RS_OK;
}

/* Run until stopped, never at a particular address: no "until" exit. */
static rs_err disable_exits(uc_engine *uc)
{
    if (uc_ctl_exits_enable(uc) != UC_ERR_OK)
        return RS_ERR_ENGINE;
    return uc_ctl_set_exits(uc, NULL, 0) == UC_ERR_OK ? RS_OK : RS_ERR_ENGINE;
}

rs_err rs_machine_create(const rs_machine_config *cfg, rs_machine **out)
{
    *out = NULL;
    uint64_t ram = cfg->ram_bytes ? cfg->ram_bytes : (uint64_t)RS_DEFAULT_RAM_MIB << 20;
    if (ram % (1u << 20) || ram < ((uint64_t)RS_MIN_RAM_MIB << 20) || ram > ((uint64_t)RS_MAX_RAM_MIB << 20))
        return RS_ERR_ARG;
    rs_machine *m = calloc(1, sizeof *m);
    if (!m)
        return RS_ERR_NOMEM;
    rs_err err = RS_OK;
    if (uc_open(UC_ARCH_X86, UC_MODE_32, &m->uc) != UC_ERR_OK) {
        free(m);
        return RS_ERR_ENGINE;
    }
    /* The code cache size is what every flush of translated code costs: Unicorn 2.1.1's tb_flush
     * zeroes the whole buffer (tcg_region_reset_all -> tcg_region_assign memsets it), and the
     * first flush of a machine also faults in all its pages (fresh memory: up to ~2.6 ms per MiB
     * on this project's VM). Measured per flush: 64 MiB ~4 ms warm and 30-170 ms cold (the first
     * machine's boot), 8 MiB ~0.1-1 ms. 8 MiB still holds ~100k guest instructions of translated
     * code; if it fills, TCG flushes it itself. Unicorn's default is 1 GiB. */
    uc_ctl_set_tcg_buffer_size(m->uc, 8u << 20);
    /* The CPU model must be chosen before anything makes Unicorn build its CPU. */
    m->cpu_model = rs_cpu_model_name(cfg->cpu_model) ? cfg->cpu_model : RS_CPU_DEFAULT;
    if (uc_ctl_set_cpu_model(m->uc, rs_cpu_model_uc(m->cpu_model)) != UC_ERR_OK)
        err = RS_ERR_ENGINE;
    if (err || rs_disasm_create(&m->dis) != RS_OK)
        err = RS_ERR_ENGINE;
    if (!err)
        err = rs_cpuctx_create(m->uc, &m->cpu);
    if (!err)
        err = map_memory(m, ram);
    if (!err)
        err = disable_exits(m->uc);
    if (!err)
        err = attach_devices(m, cfg);
    if (!err)
        err = rs_machine_time_attach(m, cfg->ips);
    if (!err)
        err = rs_machine_pc_attach(m, cfg);
    if (!err)
        err = rs_hooks_install(m);
    if (!err)
        err = rs_tracer_init(&m->tracer);
    /* Serial input and scripted keys arrive in virtual time, which only the tracer counts. */
    if (!err && (cfg->trace || cfg->serial_input_len || (cfg->keys && *cfg->keys)))
        err = rs_tracer_enable(m, 1);
    if (err) {
        rs_machine_destroy(m);
        return err;
    }
    *out = m;
    return RS_OK;
}

void rs_machine_destroy(rs_machine *m)
{
    if (!m)
        return;
    rs_tracer_free(&m->tracer);
    rs_symtab_destroy(m->symbols);
    rs_cpuctx_destroy(m->cpu);
    if (m->uc)
        uc_close(m->uc);
    rs_disasm_destroy(m->dis);
    if (m->pm.ram)
        munmap(m->pm.ram, m->pm.size);
    free(m);
}

/* The entry state of the boot protocol. Multiboot 0.6.96, 3.2 "Machine state": flat 4 GiB
 * 32-bit segments (QEMU's selectors, CS 0x08 and data 0x10; no GDT is promised), PE on, PG off,
 * IF off, EAX magic, EBX info. Linux, boot.rst "32-bit BOOT PROTOCOL": a loaded GDT with flat
 * __BOOT_CS (0x10) and __BOOT_DS (0x18), CS/DS/ES/SS loaded from them, IF off, ESI the zero page,
 * EBP, EDI and EBX zero. CR0 as QEMU leaves it for both. */
static rs_err set_entry_state(rs_machine *m)
{
    uint32_t cr0 = 0x60000011u, eflags = 0x2, zero = 0;
    uint32_t eax = m->boot.eax, ebx = m->boot.ebx, esi = m->boot.esi, eip = m->boot.eip;
    uc_x86_mmr gdtr = { 0, m->boot.gdt_base, m->boot.gdt_limit, 0 };
    uc_err e = uc_reg_write(m->uc, UC_X86_REG_CR0, &cr0);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_EFLAGS, &eflags);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_EAX, &eax);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_EBX, &ebx);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_ESI, &esi);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_EDI, &zero);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_EBP, &zero);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_ESP, &zero);
    if (!e && m->boot.gdt_limit) e = uc_reg_write(m->uc, UC_X86_REG_GDTR, &gdtr);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_EIP, &eip);
    if (e)
        return RS_ERR_ENGINE;
    rs_cpuctx_load(m->cpu);
    rs_segcache code = { m->boot.code_selector, 0, 0xffffffffu, 0x00cf9b00u },
                data = { m->boot.data_selector, 0, 0xffffffffu, 0x00cf9300u };
    for (int s = 0; s < RS_SEG_COUNT; s++)
        rs_cpuctx_set_seg(m->cpu, (enum rs_seg)s, s == RS_CS ? code : data);
    rs_cpuctx_set_cpl(m->cpu, 0);
    rs_cpuctx_clear_exception_in_flight(m->cpu);
    rs_cpuctx_arm_io_abort(m->cpu);
    rs_cpuctx_intercept_rdtsc(m->cpu);
    rs_cpuctx_store(m->cpu);
    return RS_OK;
}

/* Linux (a "HdrS" header) or Multiboot, as QEMU decides. */
static rs_err load_kernel(rs_machine *m, const rs_image *kernel, const rs_image *modules,
                          size_t n_modules, char *msg, size_t msg_len)
{
    if (!rs_image_is_linux(kernel))
        return rs_multiboot_load(m->pm.ram, m->pm.size, kernel, modules, n_modules, &m->boot, msg, msg_len);
    if (n_modules > 1) {
        if (msg && msg_len)
            snprintf(msg, msg_len, "a Linux kernel takes one initrd, not %zu", n_modules);
        return RS_ERR_ARG;
    }
    return rs_linux_load(m->pm.ram, m->pm.size, kernel, n_modules ? modules : NULL, kernel->cmdline,
                         &m->boot, msg, msg_len);
}

rs_err rs_machine_boot(rs_machine *m, const rs_image *kernel, const rs_image *modules,
                       size_t n_modules, char *msg, size_t msg_len)
{
    if (m->booted)
        return RS_ERR_STATE;
    rs_machine_pc_boot(m);
    rs_err err = load_kernel(m, kernel, modules, n_modules, msg, msg_len);
    if (err)
        return err;
    /* Nothing has been translated yet, but this flush is a guard, not a clean-up: Unicorn 2.1.1's
     * tcg_region_init assigns no region (QEMU does it per vCPU thread, which Unicorn removed), so
     * when the code cache first fills before any flush, TCG "allocates" region 0 again: it zeroes
     * the buffer under the live translated blocks without dropping them, and the engine crashes
     * (a 1 MiB cache segfaulted after ~60k blocks in a probe; with one flush first it ran fine).
     * A flush assigns the region, so later overflows flush properly. (The "paging-on code runs
     * 40% slower without it" once measured here was this same first flush moved into the timed
     * run, at the guest's first MOV CR3 (codewatch.c), zeroing and faulting in the whole cache
     * there: 2.4 s for a fresh 1 GiB cache, up to 0.17 s for 64 MiB. Ring-0 code without paging
     * loads no CR3 and was not affected.) */
    uc_ctl_flush_tb(m->uc);
    err = rs_codewatch_install(&m->codewatch, m->uc, kernel, m->pm.ram, &m->boot);
    if (!err)
        err = rs_machine_symbols_load(m, kernel, modules, n_modules);
    if (!err)
        err = set_entry_state(m);
    if (!err) {
        m->booted = 1;
        rs_tracer_sync(m);
        /* The PIC and PIT as SeaBIOS leaves them under QEMU (timer_devices.h). */
        rs_pic_boot_state(&m->pic);
        rs_pit_boot_state(&m->pit);
    }
    return err;
}

static int halted(rs_machine *m);

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* The engine returned without a stop of ours: a timeout, HLT, or an engine error. */
static void classify_return(rs_machine *m, uc_err e, rs_stop *stop)
{
    uint32_t eip = reg32(m, UC_X86_REG_EIP);
    size_t timed_out = 0;
    uc_query(m->uc, UC_QUERY_TIMEOUT, &timed_out);
    if (e != UC_ERR_OK) {
        stop->reason = RS_STOP_ENGINE_ERROR;
        snprintf(stop->detail, sizeof stop->detail, "Unicorn stopped at eip 0x%08x: %s", eip, uc_strerror(e));
    } else if (timed_out || m->tracer.timed_out) {
        stop->reason = RS_STOP_TIMEOUT;
        snprintf(stop->detail, sizeof stop->detail, "time limit reached at eip 0x%08x", eip);
    } else if (!halted(m)) {
        /* Nothing of ours stopped it and it is not at a HLT: an rs_machine_interrupt that came
         * before the tracer could see it (or with the tracer off). */
        stop->reason = RS_STOP_INTERRUPTED;
        snprintf(stop->detail, sizeof stop->detail, "interrupted at eip 0x%08x", eip);
    } else {
        /* HLT ends uc_emu_start with EIP after it. IF decides whether anything could wake it. */
        uint32_t eflags = reg32(m, UC_X86_REG_EFLAGS);
        stop->reason = (eflags & RS_EFL_IF) ? RS_STOP_HALT_IF : RS_STOP_HALT;
        snprintf(stop->detail, sizeof stop->detail, "%s at eip 0x%08x",
                 (eflags & RS_EFL_IF) ? "HLT with interrupts enabled, but no unmasked interrupt source can wake it"
                                      : "HLT with interrupts disabled",
                 eip - 1);
    }
}

static uint64_t remaining_us(uint64_t start, uint64_t timeout_us)
{
    if (!timeout_us)
        return 0;
    uint64_t spent = now_us() - start;
    return spent < timeout_us ? timeout_us - spent : 1;
}

/* Unicorn cannot execute from the open bus (it stops with UC_ERR_FETCH_PROT, EIP at the
 * instruction). A CPU fetches all ones there: FF FF is FF /7, an undefined encoding, so #UD
 * (SDM Vol. 2, Table A-6: group 5 /7 is reserved) at that EIP. */
static void fetch_from_open_bus(rs_machine *m)
{
    uint32_t eflags = reg32(m, UC_X86_REG_EFLAGS);
    rs_cpuctx_load(m->cpu);
    uint32_t eip = rs_cpuctx_eip(m->cpu);
    rs_trap_request req = { .vector = 6, .source = RS_SRC_EXCEPTION, .return_eip = eip, .insn_eip = eip };
    rs_machine_deliver_external(m, &req, eflags);
}

/* One stretch of the engine, resumed across code-cache flushes (codewatch.h). COUNT: as
 * uc_emu_start's (0: no limit). */
static uc_err run_engine(rs_machine *m, uint64_t start, uint64_t timeout_us, uint64_t count)
{
    /* Unicorn 2.1.1 adds its counting hook for a counted run without flushing translated code,
     * so code translated before it would run uncounted (it does flush when the hook goes). */
    if (count && !m->count_hook_on) {
        uc_ctl_flush_tb(m->uc);
        rs_tracer_code_flushed(&m->tracer);
    }
    m->count_hook_on = count != 0;
    for (;;) {
        /* With the tracer on, the tracer watches the clock (rs_tracer_set_timeout): Unicorn's own
         * timeout stops a chained block without storing its EIP, and resuming would go back. */
        uint64_t left = remaining_us(start, timeout_us);
        if (m->tracer.on)
            rs_tracer_set_timeout(&m->tracer, left ? now_us() + left : 0);
        uc_err e = uc_emu_start(m->uc, reg32(m, UC_X86_REG_EIP), 0, m->tracer.on ? 0 : left,
                                (size_t)count);
        rs_tracer_settle(m);
        if (m->tracer.stop_next_block && !m->stop_pending) {   /* stopped before the tracer saw it */
            int reason = m->tracer.stop_next_block;
            m->tracer.stop_next_block = 0;
            rs_tracer_update_limit(&m->tracer);
            rs_machine_stop_from_hook(m, (rs_stop_reason)reason,
                                      reason == RS_STOP_INTERRUPTED ? "interrupted" : m->tracer.stop_detail);
        }
        if ((e == UC_ERR_FETCH_PROT || e == UC_ERR_FETCH_UNMAPPED) && !m->stop_pending) {
            fetch_from_open_bus(m);
            e = UC_ERR_OK;
            if (timeout_us && now_us() - start >= timeout_us)
                m->tracer.timed_out = 1;      /* #UD after #UD with no instruction between */
            if (m->stop_pending || count || m->tracer.timed_out)
                return e;
            continue;
        }
        if (e != UC_ERR_OK || m->stop_pending)
            return e;
        if (!rs_codewatch_service(&m->codewatch, m->uc))
            return e;
        rs_tracer_code_flushed(&m->tracer);
        if (count)
            return e;     /* the count restarts with every call: let the caller recount */
    }
}

/* The machine ends with an event for the trace: halt, exit, limit, or why it stopped. */
static void record_stop_event(rs_machine *m, const rs_stop *stop, rs_event_kind kind)
{
    if (!m->tracer.on)
        return;
    rs_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    ev.icount = rs_tracer_icount(&m->tracer);
    ev.cr3 = reg32(m, UC_X86_REG_CR3);
    ev.cs = (uint16_t)reg32(m, UC_X86_REG_CS);
    ev.cpl = rs_cpuctx_live_cpl(m->cpu);     /* never CS.RPL */
    ev.eip = stop->eip - (kind == RS_EV_HALT ? 1u : 0u);     /* the HLT itself */
    ev.u.stop.reason = stop->reason;
    ev.u.stop.exit_status = stop->exit_status;
    snprintf(ev.u.stop.detail, sizeof ev.u.stop.detail, "%.159s", stop->detail);
    uint32_t saved = m->tracer.stop_mask;
    m->tracer.stop_mask = 0;     /* already stopping */
    int pending = m->stop_pending;
    rs_tracer_emit(m, &ev);
    m->stop_pending = pending;
    m->tracer.stop_mask = saved;
}

static void emit_stop_event(rs_machine *m, const rs_stop *stop)
{
    switch (stop->reason) {
    case RS_STOP_HALT: case RS_STOP_HALT_IF: record_stop_event(m, stop, RS_EV_HALT); return;
    case RS_STOP_EXIT: record_stop_event(m, stop, RS_EV_EXIT); return;
    case RS_STOP_INSN_LIMIT: case RS_STOP_TIMEOUT: record_stop_event(m, stop, RS_EV_LIMIT); return;
    case RS_STOP_TRIPLE_FAULT: case RS_STOP_UNSUPPORTED: case RS_STOP_ENGINE_ERROR:
        record_stop_event(m, stop, RS_EV_STOP);
        return;
    default:
        return;     /* resumable stops the caller asked for: no event */
    }
}

void rs_machine_record_end(rs_machine *m, const rs_stop *stop)
{
    record_stop_event(m, stop, stop->reason == RS_STOP_TIMEOUT || stop->reason == RS_STOP_INSN_LIMIT ? RS_EV_LIMIT
                                                                                                     : RS_EV_STOP);
}

static void finish(rs_machine *m, uc_err e, rs_stop *stop, const rs_run_limits *limits)
{
    if (m->stop_pending)
        *stop = m->stop;
    else
        classify_return(m, e, stop);
    stop->eip = reg32(m, UC_X86_REG_EIP);
    stop->icount = rs_tracer_icount(&m->tracer);
    if (!(limits->slice && stop->reason == RS_STOP_TIMEOUT))
        emit_stop_event(m, stop);
    if (rs_stop_is_final(stop->reason) || (stop->reason == RS_STOP_TIMEOUT && !m->tracer.on))
        m->finished = 1;      /* (Unicorn's timeout may leave EIP behind: not resumable) */
}

static void begin_run(rs_machine *m, rs_stop *stop)
{
    m->tracer.timed_out = 0;
    memset(stop, 0, sizeof *stop);
    m->stop_pending = 0;
    memset(&m->stop, 0, sizeof m->stop);
    m->tracer.limit_pending = 0;
    m->tracer.deadline_pending = 0;
}

/* Between runs nothing stops the CPU: the next run arms its own limits. */
static void end_run(rs_machine *m)
{
    rs_tracer *t = &m->tracer;
    t->insn_limit = UINT64_MAX;
    t->deadline = UINT64_MAX;
    t->irq_watch = 0;
    t->limit_pending = 0;
    rs_tracer_update_limit(t);
}

/* HLT ended the engine's run (EIP just after an F4 byte) with IF=1. */
static int halted_with_if(rs_machine *m)
{
    return halted(m) && (reg32(m, UC_X86_REG_EFLAGS) & RS_EFL_IF);
}

/* The one run loop of every run and step: runs until a stop of ours or until the instruction
 * count reaches TARGET exactly, taking timer edges and hardware interrupts on the way, and
 * turning the tracer on when the guest takes over the PIC/PIT (it needs block boundaries).
 *
 * Why one loop: where an interrupt is taken must not depend on where the user stopped. Timer
 * edges are taken at the block entry before the block that would pass them (tracer.c), and a
 * stop inside a block resumes with a block that ends where the whole one ends, so a run that
 * stops anywhere (steps, limits, breakpoints, watches, time slices) meets the same block
 * entries with the same deadlines as a straight run, and delivers at the same instructions, as
 * long as every stretch, counted or not, checks the same deadline. The last stretch to TARGET
 * is counted by Unicorn (uc_emu_start's count), which also counts an instruction that faults,
 * so it is re-measured with ours and repeated. */
static uc_err run_loop(rs_machine *m, uint64_t target, uint64_t start, uint64_t timeout_us)
{
    rs_tracer *t = &m->tracer;
    t->insn_limit = target;
    for (;;) {
        if (t->on && rs_tracer_icount(t) >= target)
            return UC_ERR_OK;
        if (timeout_us && now_us() - start >= timeout_us && t->on) {
            t->timed_out = 1;
            return UC_ERR_OK;
        }
        if (t->on)
            rs_machine_time_arm(m);
        uint64_t count = t->on && t->limit_pending ? target - rs_tracer_icount(t) : 0;
        uc_err e = run_engine(m, start, timeout_us, count);
        if (e != UC_ERR_OK || m->stop_pending || t->timed_out)
            return e;
        if (m->want_tracer) {
            m->want_tracer = 0;
            if (rs_tracer_enable(m, 1) != RS_OK)
                return UC_ERR_NOMEM;
            continue;
        }
        size_t timed_out = 0;
        uc_query(m->uc, UC_QUERY_TIMEOUT, &timed_out);
        if (timed_out)
            return e;
        if (rs_machine_time_service(m, halted_with_if(m))) {
            if (m->stop_pending)       /* stopping on the interrupt: at its first handler instruction */
                return e;
            continue;
        }
        if (t->limit_pending && !halted(m))
            continue;                  /* the counted stretch ended early (a fault, a code flush) */
        return e;                      /* HLT, or interrupted */
    }
}

rs_err rs_machine_run(rs_machine *m, const rs_run_limits *limits, rs_stop *stop)
{
    begin_run(m, stop);
    if (!m->booted || m->finished)
        return RS_ERR_STATE;
    if (limits->max_insns && !m->tracer.on)
        return RS_ERR_ARG;
    uint64_t start = now_us();
    rs_tracer *t = &m->tracer;
    uc_err e = run_loop(m, limits->max_insns ? limits->max_insns : UINT64_MAX, start, limits->timeout_us);
    end_run(m);
    if (e == UC_ERR_OK && !m->stop_pending && limits->max_insns && rs_tracer_icount(t) >= limits->max_insns) {
        char line[96];
        snprintf(line, sizeof line, "instruction limit reached (%llu)", (unsigned long long)limits->max_insns);
        rs_machine_stop_from_hook(m, RS_STOP_INSN_LIMIT, line);
    }
    finish(m, e, stop, limits);
    return RS_OK;
}

rs_err rs_machine_step(rs_machine *m, uint64_t n, const rs_run_limits *limits, rs_stop *stop)
{
    begin_run(m, stop);
    if (!m->booted || m->finished || !m->tracer.on)
        return RS_ERR_STATE;
    uint64_t start = now_us();
    uint64_t target = rs_tracer_icount(&m->tracer) + n;
    if (limits->max_insns && limits->max_insns < target)
        target = limits->max_insns;
    uc_err e = run_loop(m, target, start, limits->timeout_us);
    end_run(m);
    if (e == UC_ERR_OK && !m->stop_pending && rs_tracer_icount(&m->tracer) >= target) {
        rs_machine_stop_from_hook(m, RS_STOP_STEP, "step done");
        if (limits->max_insns && target == limits->max_insns)
            m->stop.reason = RS_STOP_INSN_LIMIT;
    }
    finish(m, e, stop, limits);
    return RS_OK;
}


/* HLT ends uc_emu_start with EIP just after an F4 byte. An F4 byte before EIP is not enough
 * (`jmp $-10` is EB F4): with the tracer on, the HLT must also be the last instruction of the
 * block that just ran to its end (a stop of ours leaves EIP at a block's start, or inside one). */
static int halted(rs_machine *m)
{
    rs_cpuctx_load(m->cpu);
    rs_segcache cs = rs_cpuctx_seg(m->cpu, RS_CS);
    const rs_tracer *t = &m->tracer;
    uint32_t at = cs.base + rs_cpuctx_eip(m->cpu);
    if (t->on && (at != t->blk_pc + t->blk_size || t->blk_last != at - 1))
        return 0;
    rs_paging pg = rs_cpuctx_paging(m->cpu);
    uint8_t b = 0;
    rs_walk w;
    if (!rs_mmu_walk(&m->pm, pg, cs.base + rs_cpuctx_eip(m->cpu) - 1, RS_ACC_EXEC, 0, 0, &w) ||
        !rs_phys_in_ram(&m->pm, w.phys, 1))
        return 0;
    b = m->pm.ram[w.phys];
    return b == 0xf4;
}

void rs_machine_interrupt(rs_machine *m)
{
    rs_tracer_request_stop(&m->tracer, RS_STOP_INTERRUPTED, NULL);
    /* With the tracer on, its block hook stops at the next block entry with EIP stored. Unicorn's
     * own stop from another thread can end a chained block without storing EIP, and the resumed
     * run would do that block's instructions again (its port accesses too): the window's pauses
     * changed the guest that way. Without the tracer there is no other way (and it may be lost
     * just as a run begins). */
    if (!m->tracer.on)
        uc_emu_stop(m->uc);
}

rs_err rs_machine_set_tracing(rs_machine *m, int on) { return rs_tracer_enable(m, on); }
int rs_machine_tracing(const rs_machine *m) { return m->tracer.on; }

rs_err rs_machine_add_listener(rs_machine *m, rs_event_listener fn, void *opaque)
{
    rs_tracer *t = &m->tracer;
    if (t->n_listeners >= RS_TRACER_LISTENERS)
        return RS_ERR_TOO_BIG;
    t->listeners[t->n_listeners].fn = fn;
    t->listeners[t->n_listeners].opaque = opaque;
    t->n_listeners++;
    return RS_OK;
}

void rs_machine_remove_listeners(rs_machine *m) { m->tracer.n_listeners = 0; }
void rs_machine_stop_on(rs_machine *m, uint32_t kind_mask) { m->tracer.stop_mask = kind_mask; }
const rs_evlog *rs_machine_event_log(const rs_machine *m) { return &m->tracer.log; }
uint64_t rs_machine_icount(const rs_machine *m) { return rs_tracer_icount(&m->tracer); }

rs_paging rs_machine_paging(rs_machine *m) { return rs_cpuctx_live_paging(m->cpu); }

const rs_physmem *rs_machine_physmem(const rs_machine *m) { return &m->pm; }

uint32_t rs_machine_read_linear(rs_machine *m, uint32_t linear, void *dst, uint32_t len, rs_walk *fault)
{
    rs_paging pg = rs_machine_paging(m);
    uint8_t *out = dst;
    uint32_t done = 0;
    while (done < len) {
        rs_walk w;
        if (!rs_mmu_walk(&m->pm, pg, linear + done, RS_ACC_READ, 0, 0, &w) || !rs_phys_in_ram(&m->pm, w.phys, 1)) {
            if (fault)
                *fault = w;
            break;
        }
        uint32_t chunk = 4096 - ((linear + done) & 4095);
        if (chunk > len - done)
            chunk = len - done;
        if (!rs_phys_in_ram(&m->pm, w.phys, chunk))
            chunk = (uint32_t)(m->pm.size - w.phys);
        memcpy(out + done, m->pm.ram + w.phys, chunk);
        done += chunk;
    }
    return done;
}

uint32_t rs_machine_read_phys(const rs_machine *m, uint64_t pa, void *dst, uint32_t len)
{
    if (pa >= m->pm.size)
        return 0;
    uint64_t n = m->pm.size - pa < len ? m->pm.size - pa : len;
    memcpy(dst, m->pm.ram + pa, (size_t)n);
    return (uint32_t)n;
}

int rs_machine_code32(rs_machine *m)
{
    rs_cpuctx_load(m->cpu);
    return (rs_cpuctx_seg(m->cpu, RS_CS).flags & RS_DESC_B) != 0;
}

void rs_machine_regs(rs_machine *m, rs_regs *r)
{
    memset(r, 0, sizeof *r);
    r->eflags = reg32(m, UC_X86_REG_EFLAGS);
    rs_cpuctx_load(m->cpu);
    for (int i = 0; i < 8; i++)
        r->gpr[i] = rs_cpuctx_gpr(m->cpu, (enum rs_gpr)i);
    r->eip = rs_cpuctx_eip(m->cpu);
    for (int s = 0; s < RS_SEG_COUNT; s++) {
        rs_segcache c = rs_cpuctx_seg(m->cpu, (enum rs_seg)s);
        r->seg[s] = (rs_sreg){ c.selector, c.base, c.limit, (int)((c.flags >> 13) & 3) };
    }
    r->cr0 = rs_cpuctx_cr(m->cpu, 0);
    r->cr2 = rs_cpuctx_cr(m->cpu, 2);
    r->cr3 = rs_cpuctx_cr(m->cpu, 3);
    r->cr4 = rs_cpuctx_cr(m->cpu, 4);
    r->cpl = rs_cpuctx_cpl(m->cpu);
    rs_dtreg g = rs_cpuctx_gdtr(m->cpu), i = rs_cpuctx_idtr(m->cpu), tr = rs_cpuctx_tr(m->cpu);
    r->gdtr_base = g.base;
    r->gdtr_limit = g.limit;
    r->idtr_base = i.base;
    r->idtr_limit = i.limit;
    r->tr = tr.selector;
    r->tss_base = tr.base;
    r->tss_limit = tr.limit;
    rs_dtreg ldtr = rs_cpuctx_ldtr(m->cpu);
    r->ldtr = ldtr.selector;
    r->ldtr_base = ldtr.base;
    r->ldtr_limit = ldtr.limit;
    uint8_t tss[8];
    if (tr.limit >= 7 && rs_machine_read_linear(m, tr.base + 4, tss, 8, NULL) == 8) {
        memcpy(&r->tss_esp0, tss, 4);
        memcpy(&r->tss_ss0, tss + 4, 2);
    }
}

rs_err rs_machine_set_reg(rs_machine *m, const char *name, uint32_t value)
{
    static const char *const gprs[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
    if (!m->booted || m->finished)
        return RS_ERR_STATE;
    if (!strcmp(name, "eflags")) {
        /* bit 1 is always set; the register API folds the arithmetic flags in as the CPU keeps them */
        uint32_t v = value | 2u;
        return uc_reg_write(m->uc, UC_X86_REG_EFLAGS, &v) == UC_ERR_OK ? RS_OK : RS_ERR_ENGINE;
    }
    if (!strcmp(name, "eip"))
        return uc_reg_write(m->uc, UC_X86_REG_EIP, &value) == UC_ERR_OK ? RS_OK : RS_ERR_ENGINE;
    for (int i = 0; i < 8; i++) {
        if (!strcmp(name, gprs[i])) {
            rs_cpuctx_load(m->cpu);
            rs_cpuctx_set_gpr(m->cpu, (enum rs_gpr)i, value);
            rs_cpuctx_store(m->cpu);
            return RS_OK;
        }
    }
    return RS_ERR_ARG;
}

uint32_t rs_machine_write_linear(rs_machine *m, uint32_t linear, const void *src, uint32_t len, rs_walk *fault)
{
    rs_paging pg = rs_machine_paging(m);
    for (uint32_t done = 0; done < len;) {        /* check every page before writing any byte */
        rs_walk w;
        uint32_t chunk = 4096 - ((linear + done) & 4095);
        if (chunk > len - done)
            chunk = len - done;
        if (!rs_mmu_walk(&m->pm, pg, linear + done, RS_ACC_READ, 0, 0, &w) || !rs_phys_in_ram(&m->pm, w.phys, chunk)) {
            if (fault)
                *fault = w;
            return 0;
        }
        done += chunk;
    }
    const uint8_t *in = src;
    for (uint32_t done = 0; done < len;) {
        rs_walk w;
        uint32_t chunk = 4096 - ((linear + done) & 4095);
        if (chunk > len - done)
            chunk = len - done;
        rs_mmu_walk(&m->pm, pg, linear + done, RS_ACC_READ, 0, 0, &w);
        memcpy(m->pm.ram + w.phys, in + done, chunk);
        done += chunk;
    }
    /* Unicorn does not see host writes to RAM. uc_ctl_remove_cache translates the address with
     * the CPU's current privilege (a kernel page at CPL 3 would be skipped), so drop all
     * translated code: ~0.1 ms with the 8 MiB cache. */
    uc_ctl_flush_tb(m->uc);
    rs_tracer_code_flushed(&m->tracer);
    return len;
}
