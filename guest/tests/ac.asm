; ac - alignment check (SDM 6.15 interrupt 17, 2.5 CR0.AM, 3.4.3 EFLAGS.AC).   [sdm-only]
; With CR0.AM=1 and EFLAGS.AC=1, a misaligned data access at CPL 3 raises #AC(0) (a fault:
; EIP of the access; error code always 0). At CPL 0, or with AM=0 or AC=0, no check.
; QEMU 7.2 TCG does not implement alignment checking: no #AC line appears under QEMU.
%include "lib.inc"

main:
        PRINT `ac: alignment check\n`
        mov eax, cr0
        or eax, 0x40000                 ; CR0.AM
        mov cr0, eax
        PRINT "ring 0, AC=1, misaligned dword: "
        pushfd
        or dword [esp], EFL_AC
        popfd
        mov eax, [buf + 1]
        PRINT `no fault\n`
        USER ring3, 0x2 | EFL_AC
        DONE
ring3:
        PRINT `ring 3, AM=1 AC=1, misaligned dword read:\n`
        TRY mov eax, [buf + 1]
        PRINT `ring 3, AM=1 AC=1, misaligned word write:\n`
        TRY mov [buf + 3], ax
        PRINT "ring 3, AM=1 AC=1, aligned dword: "
        mov eax, [buf + 4]
        PRINT `no fault\n`
        PRINT "ring 3, AM=1 AC=0, misaligned dword: "
        pushfd
        and dword [esp], ~EFL_AC
        popfd
        mov eax, [buf + 1]
        PRINT `no fault\n`
        RET0
        align 8
buf:    dq 0
        KERNEL_END
