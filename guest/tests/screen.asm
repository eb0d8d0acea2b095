; screen - VGA text mode as a text-mode kernel uses it: the 80x25 cells at 0xB8000 (character and
; attribute), CP437 characters beyond ASCII (box drawing, shades, the glyphs of the control
; range), the CRTC's cursor registers through 0x3D4/0x3D5 and the registers read back, the misc
; output register, the attribute controller's flip-flop reset by 0x3DA.
; tests/pc/check_screen.sh compares the screen ringscope leaves (--screen) with QEMU's (its memory
; at 0xB8000, through the monitor) and with expected/screen.screen.txt.
; Sources: IBM VGA technical reference (CRTC registers 0x0A-0x0F, misc output, input status 1);
; OSDev "Text Mode Cursor", "Printing To Screen"; the CP437 code page.
%include "lib.inc"

VGA equ 0xb8000

main:
        PRINT `screen: VGA text mode\n`
        ; clear: spaces on blue
        mov edi, VGA
        mov ecx, 80 * 25
        mov ax, 0x1f20
        rep stosw
        mov esi, line0
        mov edi, VGA
        mov ah, 0x1e                    ; yellow on blue
        call put
        mov esi, line1
        mov edi, VGA + 2 * 80 * 2
        mov ah, 0x4f                    ; white on red
        call put
        mov esi, line2
        mov edi, VGA + 3 * 80 * 2
        mov ah, 0x0a
        call put
        mov esi, line3
        mov edi, VGA + 24 * 80 * 2 + 2 * 60
        mov ah, 0x70
        call put
        ; cursor to row 5, column 10 (cell 410)
        mov dx, 0x3d4
        mov al, 0x0e
        out dx, al
        inc dx
        mov al, 410 >> 8
        out dx, al
        dec dx
        mov al, 0x0f
        out dx, al
        inc dx
        mov al, 410 & 0xff
        out dx, al
        PRINT "cursor="
        mov dx, 0x3d4
        mov al, 0x0e
        out dx, al
        inc dx
        in al, dx
        call phex8
        dec dx
        mov al, 0x0f
        out dx, al
        inc dx
        in al, dx
        call phex8
        PRINT " misc="
        mov dx, 0x3cc
        in al, dx
        call phex8
        ; the attribute controller: 0x3DA resets the flip-flop, so index then data
        mov dx, 0x3da
        in al, dx
        mov dx, 0x3c0
        mov al, 0x30                    ; index 0x10 (mode control) with palette source on
        out dx, al
        inc dx
        in al, dx
        PRINT " attr mode="
        call phex8
        ; outw to the CRTC: index and data in one access (cursor start: bit 5 hides it)
        mov dx, 0x3d4
        mov ax, 0x0e0a
        out dx, ax
        mov al, 0x0a
        out dx, al
        inc dx
        in al, dx
        PRINT " cursor start="
        call phex8
        PRINT `\n`
        DONE

; put: ESI = zero-terminated CP437 text, EDI = cell, AH = attribute
put:    lodsb
        test al, al
        jz .e
        stosw
        jmp put
.e:     ret

%include "hex8.inc"

line0:  db "ringscope text screen", 0
line1:  db 0xc9, 0xcd, 0xcd, 0xcd, 0xbb, " box ", 0xb0, 0xb1, 0xb2, 0xdb, " shades  ", 0x01, 0x02, 0x03, 0x04
        db 0x05, 0x06, " glyphs ", 0xe0, 0xe1, 0xe3, 0xf8, 0xfb, " greek ", 0x7f, 0x1a, 0x1b, 0
line2:  db "tab", 9, "and trailing blanks   ", 0
line3:  db "bottom right corner", 0
        KERNEL_END
