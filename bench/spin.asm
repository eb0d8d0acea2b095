; spin - the spin oracle (issue 13): n_iters rounds of a ring-3 loop of 200 instructions followed by
; one `int 0x80` round trip through a ring-0 handler with a few blocks (a system call's shape:
; dispatch on EAX, a result, IRET). Default 1,000,000 rounds: 200M loop instructions and 1M round
; trips; then int 0x81 -> exit. The same image runs in QEMU (plain and -icount shift=0) and in
; ringscope (plain, traced, --trace FILE) for bench/bench_oracle.c.
%define DEFAULT_ITERS 1000000
EXIT_VEC   equ 0x81
LOOP_INSNS equ 208                ; mov, 100 x (dec, jnz), mov, int, 5 in the handler, dec, jnz
LOOP_FIXED equ 1

%macro BENCH_LOOP 0
        mov ecx, [n_iters]
.o:     mov edx, 100
.i:     dec edx
        jnz .i
        mov eax, 20               ; "getpid"
        int 0x80
        dec ecx
        jnz .o
%endmacro

%macro IDT_ENTRIES 0
        GATE sys_handler, 0xef    ; 0x80: trap gate, DPL 3
        GATE exit_handler, 0xef   ; 0x81
%endmacro

%macro GUEST_CODE 0
sys_handler:
        cmp eax, 20
        jne .enosys
        mov eax, 42
        jmp .done
.enosys:
        mov eax, -38
.done:  iret
%endmacro

%include "bench.inc"
