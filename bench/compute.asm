; compute - the CPU-bound benchmark guest (see bench.inc for the frame).
; Loop: 7 instructions per iteration with one store, n_iters iterations, then int 0x80 -> exit.
; Assemble with -DRING0 for the variant that runs the loop at CPL 0 with paging off.
%define DEFAULT_ITERS 500000000
EXIT_VEC   equ 0x80
LOOP_INSNS equ 7
LOOP_FIXED equ 4                  ; the 4 set-up instructions before .l

%macro BENCH_LOOP 0
        mov ecx, [n_iters]
        mov edi, BUF
        xor eax, eax
        mov ebx, 0x12345678
.l:     add eax, ecx
        xor ebx, eax
        rol ebx, 3
        mov [edi], ebx
        lea edx, [eax + ebx]
        dec ecx
        jnz .l
%endmacro

%macro IDT_ENTRIES 0
        GATE exit_handler, 0xef   ; 0x80: trap gate, DPL 3
%endmacro

%macro GUEST_CODE 0
%endmacro

%include "bench.inc"
