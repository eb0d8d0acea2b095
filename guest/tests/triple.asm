; triple - a fault while delivering #DF shuts the processor down (SDM 6.15 interrupt 8,
; "triple fault"). #GP (mov ds, 0x80) -> its gate is not present -> #NP while delivering a
; contributory exception -> #DF -> the #DF gate is not present too -> shutdown.
; QEMU with -no-reboot exits (status 0); ringscope reports "triple". The transcript stops
; after the second line.
%include "lib.inc"

main:
        PRINT `triple: fault while delivering #DF\n`
        IDTSET 13, rs_stubs + 13*10, KCODE, 0x0e        ; not present
        IDTSET 11, rs_stubs + 11*10, KCODE, 0x0e
        IDTSET 8, rs_stubs + 8*10, KCODE, 0x0e
        PRINT `provoking #GP -> #NP -> #DF -> #NP: triple fault\n`
        mov ax, 0x80
        mov ds, ax
        PRINT `NOT REACHED\n`
        EXIT 0x7e
        KERNEL_END
