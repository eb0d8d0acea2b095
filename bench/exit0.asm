; exit0 - the start-up benchmark guest: its first instruction writes 0 to isa-debug-exit.
BITS 32
        org 0x100000
mbh:    dd 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000)
        dd mbh, 0x100000, load_end, load_end, entry
entry:  mov dx, 0xf4
        xor eax, eax
        out dx, al
.hang:  cli
        hlt
        jmp .hang
load_end:
