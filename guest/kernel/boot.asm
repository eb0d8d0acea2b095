; Multiboot header and the boot stub.
;
; The loader jumps here with paging off, so this code runs at its PHYSICAL address even though
; it is linked at 0xC01xxxxx: _start (the ELF entry point) is entry's physical address. Until
; paging is on, every address of a symbol must have KERNBASE subtracted by hand.
;
; The stub maps the first 4 MiB of RAM twice with one page table - at 0 (so the instruction after
; "enable paging" still exists) and at KERNBASE (where the kernel is linked) - turns paging on and
; jumps high. main.c then builds the real kernel page directory, which drops the identity map.

KERNBASE        equ 0xC0000000
MB_MAGIC        equ 0x1BADB002
MB_FLAGS        equ 0x00000003      ; bit 0: page-align modules, bit 1: give us memory info
KSTACK_SIZE     equ 16384

section .multiboot
align 4
        dd MB_MAGIC
        dd MB_FLAGS
        dd -(MB_MAGIC + MB_FLAGS)

section .text
global _start
_start  equ entry - KERNBASE        ; physical entry point, named in kernel.ld's ENTRY()

extern kmain
entry:
        ; eax = multiboot magic, ebx = physical address of the info structure: keep both.
        mov esi, eax
        mov edi, ebx

        ; Fill the boot page table: entry i maps physical page i (present, writable, supervisor).
        mov ecx, 0
.fill:
        mov edx, ecx
        shl edx, 12
        or edx, 0x003
        mov [boot_page_table - KERNBASE + ecx*4], edx
        inc ecx
        cmp ecx, 1024
        jne .fill

        ; Directory entries 0 (identity) and 768 (KERNBASE >> 22) both point at that table.
        mov edx, boot_page_table - KERNBASE
        or edx, 0x003
        mov [boot_page_dir - KERNBASE + 0*4], edx
        mov [boot_page_dir - KERNBASE + 768*4], edx

        mov eax, boot_page_dir - KERNBASE
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80010001          ; PG | WP | PE
        mov cr0, eax

        ; Jump to the linked (high) address: an absolute indirect jump, not a relative one.
        mov eax, .high
        jmp eax
.high:
        mov esp, boot_stack_top
        xor ebp, ebp
        push edi                    ; multiboot info (physical)
        push esi                    ; multiboot magic
        call kmain
        ; kmain never returns (it ends the run through isa-debug-exit); if it does, stop here
        ; with interrupts off rather than run off the end.
.stuck:
        cli
        hlt
        jmp .stuck

section .bss
align 4096
global boot_page_dir
boot_page_dir:   resb 4096
boot_page_table: resb 4096
; The scheduler's stack: kmain and the loop that runs the programs live here. Each process
; traps onto its own kernel stack (proc.c), named in the TSS.
boot_stack:      resb KSTACK_SIZE
boot_stack_top:
