; syscall - the system-call benchmark guest (see bench.inc for the frame).
; Ring-3 loop of n_iters `int 0x80` (trap gate DPL 3; the CPU switches to the TSS esp0 stack) to a
; ring-0 handler that only irets; then int 0x81 -> exit.
%define DEFAULT_ITERS 1000000
EXIT_VEC   equ 0x81
LOOP_INSNS equ 4                  ; int, iret, dec, jnz
LOOP_FIXED equ 1

%macro BENCH_LOOP 0
        mov ecx, [n_iters]
.l:     int 0x80
        dec ecx
        jnz .l
%endmacro

%macro IDT_ENTRIES 0
        GATE null_handler, 0xef   ; 0x80: trap gate, DPL 3
        GATE exit_handler, 0xef   ; 0x81
%endmacro

%macro GUEST_CODE 0
null_handler:
        iret
%endmacro

%include "bench.inc"
