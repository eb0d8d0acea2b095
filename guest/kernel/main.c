/* ringscope's teaching kernel: runs each Multiboot module as a ring-3 program, one after another;
 * or, with `preempt` on the kernel command line (QEMU's -append, ringscope's --append), all of them
 * at once, sharing the CPU round robin on the timer tick.
 *
 * Everything it says goes to COM1, one line per event, always starting with "[kernel] " (a
 * program's own output is passed through unchanged). The lines, with N a decimal number and
 * 0xXXXXXXXX eight hex digits:
 *
 *   [kernel] boot: N module(s)
 *   [kernel] preempt: round robin on IRQ0, the 8254 at 100 Hz     only with `preempt`
 *   [kernel] exec pid N NAME                      NAME = basename of the module's command line
 *   [kernel] exec pid N NAME failed: REASON       not loaded; the run goes on with the next one
 *        (with `preempt` every exec line comes first, then the programs run)
 *   [kernel] pid N exit N                         exit(status), status & 0xff
 *   [kernel] pid N unknown syscall N (-ENOSYS)
 *   [kernel] pid N killed: WHAT at eip 0xXXXXXXXX[: DETAIL] (SIGNAL)
 *        WHAT   = the exception's name: "page fault", "general protection fault",
 *                 "divide error", "invalid opcode", "breakpoint", ...
 *        DETAIL for a page fault:
 *                 ACCESS of 0xXXXXXXXX, REASON
 *                 ACCESS = read | write | instruction fetch
 *                 REASON = not present | protection: supervisor page | protection: read-only page
 *        DETAIL for #GP/#NP/#SS/#TS:
 *                 error code 0xE[, privileged instruction INSN]
 *                 error code 0xE, IDT vector 0xV is not for ring 3
 *                 error code 0xE, GDT selector 0xS is not for ring 3
 *        SIGNAL = what Linux would send: SIGSEGV, SIGFPE (#DE), SIGILL (#UD), SIGTRAP (#BP), ...
 *        (for #BP, a trap, eip is the address after the int3)
 *   [kernel] done: N run, N exited, N killed, N failed to load
 *   [kernel] panic: TEXT                          a fault in ring 0 or a broken boot
 *
 * The run then ends through isa-debug-exit (port 0xF4): 0 when every module was loaded and run,
 * 2 when one failed to load, 1 on a panic (QEMU's own exit status is 2*code+1).
 * Nothing printed depends on where the loader put things or on time: with `preempt`, what the
 * programs print may interleave as the ticks fall, so the programs meant for it (user/spin.c,
 * user/sleep.c) print in an order they fix themselves.
 */
#include <stdint.h>
#include "console.h"
#include "exec.h"
#include "kalloc.h"
#include "memlayout.h"
#include "mmu.h"
#include "multiboot.h"
#include "pic.h"
#include "proc.h"
#include "seg.h"
#include "string.h"
#include "timer.h"
#include "trap.h"
#include "vm.h"
#include "x86.h"

extern char kernel_end[];   /* kernel.ld */

static uint32_t max_u32(uint32_t a, uint32_t b) { return a > b ? a : b; }

/* RAM the kernel maps: the contiguous block from 0 up, at most PHYSTOP_MAX. */
static uint32_t find_phystop(const struct multiboot_info *mbi)
{
    if ((mbi->flags & MULTIBOOT_INFO_MEMORY) == 0)
        panic("the boot loader gave no memory size");
    uint32_t top = 0x100000u + mbi->mem_upper * 1024u;
    if (mbi->mem_upper > (PHYSTOP_MAX >> 10) || top > PHYSTOP_MAX)
        top = PHYSTOP_MAX;
    return PGROUNDDOWN(top);
}

/* The first physical byte not used by the kernel image, the info structure, the module list,
 * the modules or their names: free memory starts there. Panics if any of it is not mapped. */
static uint32_t boot_data_end(const struct multiboot_info *mbi, uint32_t mbi_pa, uint32_t phystop)
{
    uint32_t end = max_u32(V2P(kernel_end), mbi_pa + sizeof *mbi);
    if (mbi->flags & MULTIBOOT_INFO_MODS) {
        end = max_u32(end, mbi->mods_addr + mbi->mods_count * sizeof(struct multiboot_module));
        if (end > phystop)
            panic("module list beyond mapped memory");
        const struct multiboot_module *mods = P2V(mbi->mods_addr);
        for (uint32_t i = 0; i < mbi->mods_count; i++) {
            end = max_u32(end, mods[i].mod_end);
            if (mods[i].cmdline != 0 && mods[i].cmdline < phystop)
                end = max_u32(end, mods[i].cmdline + strlen(P2V(mods[i].cmdline)) + 1);
        }
    }
    if (end > phystop)
        panic("boot modules beyond mapped memory");
    return PGROUNDUP(end);
}

/* Copies the part of CMDLINE after its last '/' into NAME: the name, not where the host kept it. */
static void module_name(const struct multiboot_module *mod, int pid, char *name, uint32_t size)
{
    const char *s = mod->cmdline != 0 ? P2V(mod->cmdline) : "";
    const char *base = s;
    for (const char *c = s; *c != '\0'; c++)
        if (*c == '/')
            base = c + 1;
    uint32_t n = 0;
    for (; base[n] != '\0' && n + 1 < size; n++)
        name[n] = base[n];
    name[n] = '\0';
    if (n == 0) {   /* no command line: "module1", "module2", ... */
        const char *prefix = "module";
        for (n = 0; prefix[n] != '\0'; n++)
            name[n] = prefix[n];
        name[n++] = (char)('0' + pid % 10);
        name[n] = '\0';
    }
}

/* Whether WORD is one of the arguments on the kernel command line ("KERNEL-PATH ARG ARG..."). */
static int cmdline_has(const struct multiboot_info *mbi, uint32_t phystop, const char *word)
{
    if ((mbi->flags & MULTIBOOT_INFO_CMDLINE) == 0 || mbi->cmdline >= phystop)
        return 0;
    const char *s = P2V(mbi->cmdline);
    while (*s != '\0' && *s != ' ')   /* the kernel's own path */
        s++;
    while (*s != '\0') {
        while (*s == ' ')
            s++;
        uint32_t n = 0;
        while (s[n] != '\0' && s[n] != ' ')
            n++;
        if (n == strlen(word) && memcmp(s, word, n) == 0)
            return 1;
        s += n;
    }
    return 0;
}

struct tally {
    int run, exited, killed, failed;
};

/* Loads module MOD as process PID and prints its exec line. Returns the process, ready to
 * start, or 0 if it could not be loaded (nothing left allocated). */
static struct proc *load_module(const struct multiboot_module *mod, int pid, struct tally *t)
{
    char name[32];
    module_name(mod, pid, name, sizeof name);
    struct proc *p = proc_alloc(pid);
    const char *why = "too many processes";
    if (p != 0 && mod->mod_end < mod->mod_start)
        why = "bad module bounds";
    else if (p != 0 && exec_load(p, P2V(mod->mod_start), mod->mod_end - mod->mod_start, &why) == 0)
        why = 0;
    if (why != 0) {
        kprintf("[kernel] exec pid %d %s failed: %s\n", pid, name, why);
        if (p != 0)
            proc_free(p);
        t->failed++;
        return 0;
    }
    memcpy(p->name, name, sizeof name);
    kprintf("[kernel] exec pid %d %s\n", pid, p->name);
    t->run++;
    return p;
}

static void count_end(struct proc *p, void *arg)
{
    struct tally *t = arg;
    if (p->end == PROC_EXITED)
        t->exited++;
    else
        t->killed++;
}

/* Every page a process had must be back once it has ended (PID 0: all processes). */
static void check_no_leak(uint32_t free_before, int pid)
{
    int lost = (int)(free_before - kalloc_free_pages());
    if (lost != 0 && pid > 0)
        panic("pid %d leaked %d pages", pid, lost);
    if (lost != 0)
        panic("the programs leaked %d pages", lost);
}

/* Without `preempt`: each module runs alone, to its end, before the next is loaded. */
static void run_one_by_one(const struct multiboot_module *mods, uint32_t count, struct tally *t)
{
    for (uint32_t i = 0; i < count; i++) {
        uint32_t free_before = kalloc_free_pages();
        struct proc *p = load_module(&mods[i], (int)i + 1, t);
        if (p == 0)
            continue;
        proc_start(p);
        scheduler(count_end, t);
        check_no_leak(free_before, (int)i + 1);
    }
}

/* With `preempt`: every module is loaded first, then the timer starts and they share the CPU.
 * The programs run with IF=1, so the tick can interrupt them anywhere in ring 3. */
static void run_all_at_once(const struct multiboot_module *mods, uint32_t count, struct tally *t)
{
    if (!pic_present())
        panic("no 8259A interrupt controller answers at port 0x21");
    if (!timer_present())
        panic("no 8254 timer answers at ports 0x40-0x43");
    kprintf("[kernel] preempt: round robin on IRQ0, the 8254 at %d Hz\n", TICK_HZ);
    uint32_t free_before = kalloc_free_pages();
    for (uint32_t i = 0; i < count; i++) {
        struct proc *p = load_module(&mods[i], (int)i + 1, t);
        if (p == 0)
            continue;
        p->tf->eflags |= FL_IF;
        proc_start(p);
    }
    timer_init();
    pic_unmask(IRQ_TIMER);
    scheduler(count_end, t);
    check_no_leak(free_before, 0);
}

void kmain(uint32_t magic, uint32_t mbi_pa)
{
    console_init();
    pic_init();   /* the BIOS leaves IRQ0 unmasked, on vector 8 (#DF's): remapped, all masked */
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
        panic("not started by a Multiboot loader (magic 0x%08x)", magic);
    seg_init();
    trap_init();

    /* The boot stub mapped only the first 4 MiB; the info structure lives there (loaders put
     * it low), which is enough to learn how much RAM to map. */
    const struct multiboot_info *mbi = P2V(mbi_pa);
    uint32_t phystop = find_phystop(mbi);
    vm_init_kernel(phystop);
    int preempt = cmdline_has(mbi, phystop, "preempt");   /* before kalloc may reuse its page */
    kalloc_init(P2V(boot_data_end(mbi, mbi_pa, phystop)), P2V(phystop));

    uint32_t count = (mbi->flags & MULTIBOOT_INFO_MODS) ? mbi->mods_count : 0;
    kprintf("[kernel] boot: %u module(s)\n", count);
    const struct multiboot_module *mods = P2V(mbi->mods_addr);
    struct tally t = {0, 0, 0, 0};
    if (preempt)
        run_all_at_once(mods, count, &t);
    else
        run_one_by_one(mods, count, &t);

    kprintf("[kernel] done: %d run, %d exited, %d killed, %d failed to load\n", t.run, t.exited,
            t.killed, t.failed);
    debug_exit(t.failed == 0 ? 0 : 2);
}
