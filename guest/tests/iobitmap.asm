; iobitmap - I/O permission checks (SDM Vol. 1 ch. 19 "Input/Output": 19.5.1 I/O privilege
; level, 19.5.2 I/O permission bit map; IN/OUT/INS/OUTS pseudocode in Vol. 2).
; With CPL > IOPL every port byte of the access must have a 0 bit in the TSS bitmap, else
; #GP(0) with EIP at the instruction and NO side effect (nothing written, register/memory
; unchanged). A bitmap byte beyond the TSS limit counts as all 1s. IOPL 3: no bitmap check.
; lib.inc's bitmap allows exactly 0x3F8-0x3FF (COM1). The UART scratch register 0x3FF is
; used to see whether a denied OUT wrote anything.
%include "lib.inc"

MAPBYTE equ rs_iomap + 0x7f     ; bits for ports 0x3F8-0x3FF
MAPNEXT equ rs_iomap + 0x80     ; bits for ports 0x400-0x407

main:
        PRINT `iobitmap: I/O permission bitmap\n`
        mov dx, 0x3ff
        mov al, 0x11
        out dx, al                      ; SCR = 0x11
        USER r3_basic
        mov byte [MAPBYTE], 0x80        ; deny 0x3FF
        USER r3_deny3ff
        PRINT "  SCR after the denied writes (0x11 expected): "
        mov dx, 0x3ff
        in al, dx
        movzx eax, al
        call hex16
        PRINT `\n`
        mov byte [MAPBYTE], 0x00
        USER r3_straddle400
        ; TSS limit cut just before the bitmap byte for 0x3F8-0x3FF: that byte is beyond the
        ; limit, so COM1 is denied too (ring 3 cannot print: the handler lines show it)
        PRINT `ring 3, TSS limit ends before the bitmap byte of 0x3F8-0x3FF: in al, 0x3fd:\n`
        mov ebx, MAPBYTE - rs_tss - 1
        call set_tss_limit
        USER r3_in3fd
        PRINT `ring 3, I/O map base >= TSS limit (no bitmap): in al, 0x3fd:\n`
        mov word [rs_tss + 0x66], 0x68
        mov ebx, 0x67
        call set_tss_limit
        USER r3_in3fd
        mov word [rs_tss + 0x66], rs_iomap - rs_tss
        mov ebx, rs_tss_end - rs_tss - 1
        call set_tss_limit
        USER r3_iopl3, 0x2 | EFL_IOPL3
        DONE

r3_basic:
        PRINT `-- ring 3, IOPL 0\n`
        PRINT "in al, 0x3ff (allowed): "
        mov dx, 0x3ff
        in al, dx
        movzx eax, al
        call hex16
        PRINT `\n`
        PRINT `in al, 0x21 (denied), al=0x5a before:\n`
        mov al, 0x5a
        TRY in al, 0x21
        PRINT "  al after: "
        movzx eax, al
        call hex16
        PRINT `\n`
        PRINT `out 0x80, al (denied):\n`
        TRY out 0x80, al
        PRINT "in eax, 0x3fc (4 allowed ports): "
        mov dx, 0x3fc
        in eax, dx
        PRINT `no fault\n`
        RET0

r3_deny3ff:
        PRINT `-- ring 3, 0x3FF denied\n`
        PRINT `out 0x3ff, al=0x22:\n`
        mov dx, 0x3ff
        mov al, 0x22
        TRY out dx, al
        PRINT `out 0x3fe, ax (0x3fe allowed, 0x3ff denied):\n`
        mov dx, 0x3fe
        mov ax, 0x2233
        TRY out dx, ax
        PRINT `in ax, 0x3fe (straddles), ax=0xbeef before:\n`
        mov ax, 0xbeef
        TRY in ax, dx
        PRINT "  ax after: "
        movzx eax, ax
        call hex16
        PRINT `\n`
        PRINT `outsb to 0x3ff:\n`
        mov dx, 0x3ff
        mov esi, outbyte
        TRY outsb
        PRINT "  esi advanced by: "
        sub esi, outbyte
        mov eax, esi
        call hex16
        PRINT `\n`
        PRINT `insb from 0x3ff, buffer=0x77 before:\n`
        mov edi, inbyte
        TRY insb
        PRINT "  buffer after: "
        movzx eax, byte [inbyte]
        call hex16
        PRINT " edi advanced by: "
        sub edi, inbyte
        mov eax, edi
        call hex16
        PRINT `\n`
        RET0

r3_straddle400:
        PRINT `-- ring 3, 0x3F8-0x3FF allowed, 0x400 denied\n`
        PRINT `in eax, 0x3fe (0x3fe-0x401):\n`
        mov dx, 0x3fe
        TRY in eax, dx
        PRINT `in ax, 0x3f7 (0x3f7 denied, 0x3f8 allowed):\n`
        mov dx, 0x3f7
        TRY in ax, dx
        RET0

r3_in3fd:
        mov dx, 0x3fd
        TRY in al, dx
        RET0

r3_iopl3:
        mov byte [MAPBYTE], 0xff        ; even COM1 denied by the bitmap now
        PRINT `-- ring 3, IOPL 3, bitmap denies everything\n`
        PRINT "in al, 0x21: "
        in al, 0x21
        movzx eax, al
        call hex16
        PRINT `\n`
        mov byte [MAPBYTE], 0x00
        RET0

; set_tss_limit: ebx = new limit; rewrites the TSS descriptor (available, type 9) and reloads TR
set_tss_limit:
        GDTSET TSSSEL, rs_tss, ebx, 0x89, 0x0
        mov ax, TSSSEL
        ltr ax
        ret

outbyte: db 0x44
inbyte:  db 0x77
        KERNEL_END
