/* The ELF loader. Segments are mapped with the permissions their program header asks for: text
 * without PTE_W (so a program cannot patch its own code), data and bss with it. */
#include "exec.h"
#include "elf.h"
#include "memlayout.h"
#include "mmu.h"
#include "string.h"

static const char *check_header(const struct elf_header *eh, uint32_t size)
{
    if (size < sizeof *eh || eh->magic != ELF_MAGIC)
        return "not an ELF file";
    if (eh->elf_class != ELFCLASS32 || eh->data != ELFDATA2LSB || eh->machine != EM_386)
        return "not an ELF32 i386 file";
    if (eh->type != ET_EXEC)
        return "not a static executable";
    if (eh->phentsize != sizeof(struct elf_program_header) || eh->phoff > size ||
        (size - eh->phoff) / sizeof(struct elf_program_header) < eh->phnum)
        return "program headers outside the file";
    if (eh->entry >= USER_TOP)
        return "entry point in kernel space";
    return 0;
}

/* Copies LEN bytes from the kernel address SRC to user address VA, which must be mapped. */
static void copy_to_user(pde_t *pgdir, uint32_t va, const uint8_t *src, uint32_t len)
{
    while (len > 0) {
        uint32_t chunk = PGSIZE - (va % PGSIZE);
        if (chunk > len)
            chunk = len;
        memcpy(vm_user_to_kernel(pgdir, va), src, chunk);
        va += chunk;
        src += chunk;
        len -= chunk;
    }
}

static const char *load_segment(pde_t *pgdir, const struct elf_program_header *ph,
                                const uint8_t *image, uint32_t size)
{
    if (ph->filesz > ph->memsz || ph->offset > size || size - ph->offset < ph->filesz)
        return "segment outside the file";
    /* Below the heap limit, so the segment can meet neither the stack nor the kernel. */
    if (ph->vaddr < PGSIZE || ph->vaddr > BRK_LIMIT || BRK_LIMIT - ph->vaddr < ph->memsz)
        return "segment outside user space";
    if (vm_alloc_user(pgdir, ph->vaddr, ph->vaddr + ph->memsz, (ph->flags & PF_W) != 0) < 0)
        return "out of memory";
    copy_to_user(pgdir, ph->vaddr, image + ph->offset, ph->filesz);
    return 0;   /* the rest up to memsz (bss) is already zero: kalloc zeroes pages */
}

/* The first user registers: ring 3 selectors, IF=0 (main.c turns it on when the timer runs), and
 * a stack holding argc = 0, argv = {0}, envp = {0} as the i386 ABI lays them out. */
static void build_trapframe(struct proc *p, uint32_t entry)
{
    struct trapframe *tf = (struct trapframe *)(proc_kernel_stack_top(p) - sizeof *tf);
    memset(tf, 0, sizeof *tf);
    tf->cs = SELECTOR(SEG_UCODE, DPL_USER);
    tf->ds = tf->es = tf->fs = tf->gs = tf->ss = SELECTOR(SEG_UDATA, DPL_USER);
    tf->eflags = FL_RESERVED1;
    tf->esp = USTACK_TOP - 16;
    tf->eip = entry;
    p->tf = tf;
}

int exec_load(struct proc *p, const uint8_t *image, uint32_t size, const char **why)
{
    const struct elf_header *eh = (const struct elf_header *)image;
    *why = check_header(eh, size);
    if (*why != 0)
        return -1;
    pde_t *pgdir = vm_new_pgdir();
    if (pgdir == 0) {
        *why = "out of memory";
        return -1;
    }
    uint32_t image_end = 0;
    const struct elf_program_header *ph = (const void *)(image + eh->phoff);
    for (uint32_t i = 0; i < eh->phnum; i++, ph++) {
        if (ph->type != PT_LOAD || ph->memsz == 0)
            continue;
        *why = load_segment(pgdir, ph, image, size);
        if (*why != 0)
            goto fail;
        if (ph->vaddr + ph->memsz > image_end)
            image_end = ph->vaddr + ph->memsz;
    }
    if (image_end == 0) {
        *why = "no loadable segment";
        goto fail;
    }
    if (vm_alloc_user(pgdir, USTACK_BOTTOM, USTACK_TOP, 1) < 0) {
        *why = "out of memory";
        goto fail;
    }
    p->pgdir = pgdir;
    p->start_brk = p->brk = PGROUNDUP(image_end);
    build_trapframe(p, eh->entry);
    return 0;
fail:
    vm_free_pgdir(pgdir);
    return -1;
}
