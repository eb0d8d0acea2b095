; A guest that can keep a host busy without ever advancing, if the host gets virtual time wrong
; (issue 19 item 1). tests/cli/test_time_bounds.sh assembles it with `nasm -f bin`:
;   (default)   the 8254 at divisor 1 (an edge every ~84 instructions at the default --ips) and
;               an IRQ0 handler of 200 straight-line instructions (one translated block, longer
;               than a timer period); the main loop spins with IF=1. The guest lives in its
;               handler, but every instruction of it runs: the instruction count must advance.
;   -D BIGCODE  no timer: writes 16 MiB of straight-line code (INC EDX) ending in a jump back to
;               its start, and runs it for ever: every block is 512 instructions, translated and
;               decoded anew (the code does not fit the code cache), a millisecond-class block
;               for the bound on --timeout when blocks are slow (issue 19 item 5).
bits 32
org 0x100000

MAGIC equ 0x1BADB002
FLAGS equ 1 << 16
header:
    dd MAGIC, FLAGS, -(MAGIC + FLAGS)
    dd header, header, 0, 0, start

start:
    mov esp, 0x90000
%ifdef BIGCODE
CODE equ 0x00200000
SIZE equ 16 << 20
    cld
    mov edi, CODE
    mov ecx, SIZE / 4
    mov eax, 0x42424242        ; INC EDX x 4
    rep stosd
    mov byte [edi], 0xe9       ; JMP rel32 back to CODE
    mov dword [edi + 1], CODE - (CODE + SIZE + 5)
    jmp CODE
%else
    lgdt [gdtr]
    jmp 0x08:.cs               ; IRET reloads CS from the GDT: give it one
.cs:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    lidt [idtr]
    ; 8259A: ICW1-4 (vectors 0x20/0x28, cascade on IRQ2, 8086 mode), then only IRQ0 unmasked
    mov al, 0x11
    out 0x20, al
    out 0xa0, al
    mov al, 0x20
    out 0x21, al
    mov al, 0x28
    out 0xa1, al
    mov al, 4
    out 0x21, al
    mov al, 2
    out 0xa1, al
    mov al, 1
    out 0x21, al
    out 0xa1, al
    mov al, 0xfe
    out 0x21, al
    mov al, 0xff
    out 0xa1, al
    ; 8254 channel 0: mode 2 (rate generator), lobyte/hibyte, divisor 1
    mov al, 0x34
    out 0x43, al
    mov al, 1
    out 0x40, al
    xor al, al
    out 0x40, al
    sti
.spin:
    jmp .spin

irq0:
    times 200 inc edx          ; one straight block, longer than a timer period
    mov al, 0x20               ; non-specific EOI
    out 0x20, al
    iret

    align 8
idt:
    times 0x20 dq 0
    dw (irq0 - $$ + 0x100000) & 0xffff, 0x08    ; 0x20: 32-bit interrupt gate, DPL 0
    db 0, 0x8e
    dw (irq0 - $$ + 0x100000) >> 16
idt_end:
gdt:
    dq 0
    dq 0x00cf9a000000ffff      ; 0x08 code
    dq 0x00cf92000000ffff      ; 0x10 data
gdt_end:
gdtr:
    dw gdt_end - gdt - 1
    dd gdt
idtr:
    dw idt_end - idt - 1
    dd idt
%endif
