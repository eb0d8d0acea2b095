; Trap entry and exit, and the kernel context switch.
;
; Every one of the 256 vectors gets a stub (generated below by nasm's %rep, so there is no
; generated file to keep in sync). A stub makes the stack look the same for every vector - pushes
; a 0 where the CPU pushes no error code, then the vector number - and joins alltraps, which
; saves the rest of the registers as a struct trapframe (trap.h) and calls trap(tf).

section .text
extern trap

; Vectors for which the CPU itself pushes an error code (SDM 6.13, table 6-1):
; #DF 8, #TS 10, #NP 11, #SS 12, #GP 13, #PF 14, #AC 17, #CP 21, #VC 29, #SX 30.
%macro VECTOR 1
vector%1:
%if %1 == 8 || (%1 >= 10 && %1 <= 14) || %1 == 17 || %1 == 21 || %1 == 29 || %1 == 30
%else
        push dword 0
%endif
        push dword %1
        jmp alltraps
%endmacro

%assign i 0
%rep 256
VECTOR i
%assign i i+1
%endrep

alltraps:
        push ds
        push es
        push fs
        push gs
        pushad
        ; The CPU loaded CS and SS for ring 0; the data segments still hold the user's selectors.
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        push esp                    ; trap(struct trapframe *tf)
        call trap
        add esp, 4

; Also the first "return" of a new process: proc.c builds a trapframe and switches here.
global trapret
trapret:
        popad
        pop gs
        pop fs
        pop es
        pop ds
        add esp, 8                  ; vector number and error code
        iretd

; void swtch(struct context **old, struct context *new)
; Saves the callee-saved registers on the current stack, stores that stack pointer in *old,
; switches to new and pops its registers; the final ret resumes wherever new was saved (or at
; the eip a fresh context was given).
global swtch
swtch:
        mov eax, [esp + 4]
        mov edx, [esp + 8]
        push ebp
        push ebx
        push esi
        push edi
        mov [eax], esp
        mov esp, edx
        pop edi
        pop esi
        pop ebx
        pop ebp
        ret

; The 256 stub addresses, for trap.c to build the IDT.
section .rodata
global trap_vectors
trap_vectors:
%assign i 0
%rep 256
        dd vector %+ i
%assign i i+1
%endrep
