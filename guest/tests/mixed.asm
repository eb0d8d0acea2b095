; mixed - a long run of unrelated exceptions from ring 0 and ring 3, each handled and resumed
; (SDM 6.15 for each vector; table 6-5: an exception raised after the previous one was fully
; delivered and handled is never a double fault). Every line must show its own vector: an
; emulator that forgets to clear its "delivering an exception" state after IRET reports the
; second one as #DF.
%include "lib.inc"

TPAGE equ 0x300000           ; not present
SEL_NP equ 0x40

main:
        PRINT `mixed: many exceptions in one run\n`
        GDTSET SEL_NP, 0, 0xfffff, 0x12, 0xc
        IDTSET 0x80, rs_stubs + 0x80*10, KCODE, INTGATE32 | DPL3
        IDTSET 3, rs_stubs + 3*10, KCODE, INTGATE32 | DPL3
        call paging_on
        mov eax, TPAGE
        xor ebx, ebx
        call pte_set
        PRINT `-- ring 0\n`
        call seq
        USER r3
        PRINT `-- ring 0 again\n`
        call seq
        DONE
r3:     PRINT `-- ring 3\n`
        call seq
        RET0

seq:    TRY mov eax, [TPAGE]
        TRY mov [TPAGE + 4], eax
        mov ax, 0x80
        TRY mov ds, ax
        TRY int 0x80
        mov ax, 0x84
        TRY mov es, ax
        TRY mov eax, [TPAGE + 8]
        TRY mov eax, [TPAGE + 12]
        TRY ud2
        xor ecx, ecx
        TRY div ecx
        TRY int3
        mov ax, SEL_NP
        TRY mov fs, ax
        TRY int 0x80
        TRY mov byte [TPAGE + 16], 1
        TRY ud2
        mov ax, KCODE
        TRY mov ss, ax
        ret
        KERNEL_END
