/* See machine.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "machine_priv.h"

const char *rs_stop_reason_name(rs_stop_reason r)
{
    switch (r) {
    case RS_STOP_EXIT: return "exit";
    case RS_STOP_HALT: return "halted";
    case RS_STOP_HALT_IF: return "halted-waiting-for-interrupt";
    case RS_STOP_TRIPLE_FAULT: return "triple-fault";
    case RS_STOP_INSN_LIMIT: return "instruction-limit";
    case RS_STOP_TIMEOUT: return "timeout";
    case RS_STOP_UNSUPPORTED: return "unsupported";
    case RS_STOP_ENGINE_ERROR: return "engine-error";
    }
    return "unknown";
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
    rs_uart_init(&m->uart, cfg->serial_sink, cfg->serial_opaque, &dev);
    rs_err err = rs_io_attach(&m->bus, &dev);
    rs_debugcon_init(&m->debugcon, cfg->debugcon_sink, cfg->debugcon_opaque, &dev);
    if (!err)
        err = rs_io_attach(&m->bus, &dev);
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
    /* A 64 MiB code cache instead of Unicorn's default 1 GiB: flushing it is then cheap. */
    uc_ctl_set_tcg_buffer_size(m->uc, 64u << 20);
    if (cs_open(CS_ARCH_X86, CS_MODE_32, &m->disasm32) != CS_ERR_OK ||
        cs_open(CS_ARCH_X86, CS_MODE_16, &m->disasm16) != CS_ERR_OK)
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
        err = rs_hooks_install(m, cfg->count_instructions);
    m->counting = cfg->count_instructions;
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
    rs_cpuctx_destroy(m->cpu);
    if (m->uc)
        uc_close(m->uc);
    if (m->disasm32)
        cs_close(&m->disasm32);
    if (m->disasm16)
        cs_close(&m->disasm16);
    if (m->pm.ram)
        munmap(m->pm.ram, m->pm.size);
    free(m);
}

/* Multiboot 0.6.96, 3.2 "Machine state": flat 4 GiB 32-bit segments (we use QEMU's selectors,
 * CS 0x08 and data 0x10), PE on, PG off, IF off, EAX magic, EBX info. CR0 as QEMU leaves it. */
static rs_err set_entry_state(rs_machine *m)
{
    uint32_t cr0 = 0x60000011u, eflags = 0x2, zero = 0;
    uint32_t eax = m->boot.eax, ebx = m->boot.ebx, eip = m->boot.eip;
    uc_err e = uc_reg_write(m->uc, UC_X86_REG_CR0, &cr0);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_EFLAGS, &eflags);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_EAX, &eax);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_EBX, &ebx);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_ESP, &zero);
    if (!e) e = uc_reg_write(m->uc, UC_X86_REG_EIP, &eip);
    if (e)
        return RS_ERR_ENGINE;
    rs_cpuctx_load(m->cpu);
    rs_segcache code = { 0x08, 0, 0xffffffffu, 0x00cf9b00u }, data = { 0x10, 0, 0xffffffffu, 0x00cf9300u };
    for (int s = 0; s < RS_SEG_COUNT; s++)
        rs_cpuctx_set_seg(m->cpu, (enum rs_seg)s, s == RS_CS ? code : data);
    rs_cpuctx_set_cpl(m->cpu, 0);
    rs_cpuctx_clear_exception_in_flight(m->cpu);
    rs_cpuctx_arm_io_abort(m->cpu);
    rs_cpuctx_store(m->cpu);
    return RS_OK;
}

rs_err rs_machine_boot(rs_machine *m, const rs_image *kernel, const rs_image *modules,
                       size_t n_modules, char *msg, size_t msg_len)
{
    if (m->booted)
        return RS_ERR_STATE;
    rs_err err = rs_multiboot_load(m->pm.ram, m->pm.size, kernel, modules, n_modules, &m->boot, msg, msg_len);
    if (err)
        return err;
    /* Nothing has been translated yet, but runs with paging on measured 40% slower (bench/) when
     * the code cache was never flushed; the cause is inside Unicorn and not yet known. */
    uc_ctl_flush_tb(m->uc);
    err = rs_codewatch_install(&m->codewatch, m->uc, kernel, m->pm.ram, &m->boot);
    if (!err)
        err = set_entry_state(m);
    if (!err)
        m->booted = 1;
    return err;
}

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int is_terminal(rs_stop_reason r)
{
    return r != RS_STOP_INSN_LIMIT && r != RS_STOP_TIMEOUT;
}

/* The engine returned without a stop of ours: a timeout, HLT, or an engine error. */
static void classify_return(rs_machine *m, uc_err e, rs_stop *stop)
{
    uint32_t eip = rs_machine_reg(m, UC_X86_REG_EIP);
    size_t timed_out = 0;
    uc_query(m->uc, UC_QUERY_TIMEOUT, &timed_out);
    if (e != UC_ERR_OK) {
        stop->reason = RS_STOP_ENGINE_ERROR;
        snprintf(stop->detail, sizeof stop->detail, "Unicorn stopped at eip 0x%08x: %s", eip, uc_strerror(e));
    } else if (timed_out) {
        stop->reason = RS_STOP_TIMEOUT;
        snprintf(stop->detail, sizeof stop->detail, "time limit reached at eip 0x%08x", eip);
    } else {
        /* HLT ends uc_emu_start with EIP after it. IF decides whether anything could wake it. */
        uint32_t eflags = rs_machine_reg(m, UC_X86_REG_EFLAGS);
        stop->reason = (eflags & (1u << 9)) ? RS_STOP_HALT_IF : RS_STOP_HALT;
        snprintf(stop->detail, sizeof stop->detail, "%s at eip 0x%08x",
                 (eflags & (1u << 9)) ? "HLT with interrupts enabled, but no interrupt source exists"
                                      : "HLT with interrupts disabled",
                 eip - 1);
    }
}

rs_err rs_machine_run(rs_machine *m, const rs_run_limits *limits, rs_stop *stop)
{
    memset(stop, 0, sizeof *stop);
    if (!m->booted || m->finished)
        return RS_ERR_STATE;
    if (limits->max_insns && !m->counting)
        return RS_ERR_ARG;
    m->insn_limit = limits->max_insns ? limits->max_insns : UINT64_MAX;
    m->stop_pending = 0;
    memset(&m->stop, 0, sizeof m->stop);
    uint64_t start = now_us();
    uc_err e;
    for (;;) {
        uint64_t timeout = 0;
        if (limits->timeout_us) {
            uint64_t spent = now_us() - start;
            timeout = spent < limits->timeout_us ? limits->timeout_us - spent : 1;
        }
        e = uc_emu_start(m->uc, rs_machine_reg(m, UC_X86_REG_EIP), 0, timeout, 0);
        if (e != UC_ERR_OK || m->stop_pending || !rs_codewatch_service(&m->codewatch, m->uc))
            break;
    }
    if (m->stop_pending)
        *stop = m->stop;
    else
        classify_return(m, e, stop);
    stop->eip = rs_machine_reg(m, UC_X86_REG_EIP);
    if (is_terminal(stop->reason))
        m->finished = 1;
    return RS_OK;
}

uint32_t rs_machine_reg(rs_machine *m, int uc_reg_id)
{
    uint32_t v = 0;
    uc_reg_read(m->uc, uc_reg_id, &v);
    return v;
}

const rs_boot_state *rs_machine_boot_state(const rs_machine *m) { return &m->boot; }
uint64_t rs_machine_events_delivered(const rs_machine *m) { return m->delivered; }
