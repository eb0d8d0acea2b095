; gates32 - 32-bit interrupt gate vs trap gate (SDM 6.11, 6.12.1.3).
; An interrupt gate (type 0xE) clears IF after pushing EFLAGS; a trap gate (type 0xF) leaves IF
; alone. Both clear TF/VM/RF/NT (6.12.1.3). The handler line shows the pushed EFLAGS (IF as
; it was before the event); the "  IF inside=" line shows IF as seen by the handler (pushfd).
; Interrupts stay harmless with IF=1: both PICs are masked by lib.inc.
%include "lib.inc"

main:
        PRINT `gates32: interrupt vs trap gates\n`
        IDTSET 0x40, rs_stubs + 0x40*10, KCODE, INTGATE32
        IDTSET 0x41, rs_stubs + 0x41*10, KCODE, TRAPGATE32
        IDTSET 6, rs_stubs + 6*10, KCODE, TRAPGATE32

        PRINT `int 0x40 (interrupt gate), IF=1:\n`
        sti
        mov dword [rs_hook], show_if
        TRY int 0x40
        PRINT `int 0x41 (trap gate), IF=1:\n`
        mov dword [rs_hook], show_if
        TRY int 0x41
        PRINT `ud2 -> #UD through a trap gate, IF=1:\n`
        mov dword [rs_hook], show_if
        TRY ud2
        cli
        PRINT `int 0x40 (interrupt gate), IF=0:\n`
        mov dword [rs_hook], show_if
        TRY int 0x40
        PRINT `int 0x41 (trap gate), IF=0:\n`
        mov dword [rs_hook], show_if
        TRY int 0x41
        ; IRET restores the pushed EFLAGS: IF is 1 again after the interrupt-gate handler
        PRINT `int 0x40 then check IF after iret, IF=1:\n`
        sti
        TRY int 0x40
        pushfd
        pop eax
        cli
        PRINT "  IF after iret="
        shr eax, 9
        and eax, 1
        add al, '0'
        call putc
        mov al, 10
        call putc
        DONE

show_if:                                ; runs inside the handler
        pushfd
        pop eax
        PRINT "  IF inside="
        shr eax, 9
        and eax, 1
        add al, '0'
        call putc
        mov al, 10
        call putc
        ret
        KERNEL_END
