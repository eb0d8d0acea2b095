; serial - COM1's 16550A with interrupts on IRQ 4: transmit driven by the THRE interrupt (16 bytes
; per interrupt with the FIFOs on, as Linux's 8250 driver does), then receive driven by the
; character-timeout and received-data interrupts. Run with input (tests/guests.cmake gives both
; emulators the same file on COM1's receive line).
; Sources: PC16550D datasheet (IER, IIR priorities and FIFO bits, FCR, MCR OUT2), QEMU 7.2
; hw/char/serial.c (THRE comes back as soon as a byte is written), OSDev "Serial Ports".
;
; Input: serial_input.txt, "#\n#\nsync\nring\nscope\n". The kernel never clears the receive FIFO
; (lib.inc's set-up does, once): QEMU may already have put the first bytes in before that clear
; and lose them, ringscope holds input until IER asks for it; so lines are dropped up to the one
; ending in "sync", and whatever the timing both see "ring" and "scope" whole. The
; "ring" line arrives below the trigger level (14) and comes by the character timeout; the
; handler leaves "scope" in the FIFO, where the trigger level 1 of the last part finds it.
; Nothing printed depends on when bytes arrive: QEMU reads its input as fast as the FIFO takes
; it, ringscope delivers one byte per character time.
%include "lib.inc"

PIC1 equ 0x20
COM1 equ 0x3f8
LINE_LEN equ 72

main:
        PRINT `serial: 16550A interrupts on IRQ 4\n`
        IDTSET 0x24, irq4_handler, KCODE, INTGATE32
        ; master PIC: vectors 0x20-0x27, only IRQ 4 unmasked; slave masked
        mov al, 0x11
        out PIC1, al
        out 0xa0, al
        mov al, 0x20
        out PIC1 + 1, al
        mov al, 0x28
        out 0xa1, al
        mov al, 4
        out PIC1 + 1, al
        mov al, 2
        out 0xa1, al
        mov al, 1
        out PIC1 + 1, al
        out 0xa1, al
        mov al, 0xef
        out PIC1 + 1, al
        mov al, 0xff
        out 0xa1, al

        PRINT "IIR at rest: "
        mov dx, COM1 + 2
        in al, dx
        call phex8
        PRINT `\n`

        ; ---- transmit: the THRE interrupt pulls the text out, 16 bytes at a time
        mov dx, COM1 + 4
        mov al, 0x0b                    ; DTR RTS OUT2
        out dx, al
        mov dx, COM1 + 2
        mov al, 0xc1                    ; FIFOs on (already, so nothing is cleared), trigger 14
        out dx, al
        mov dword [tx_pos], 0
        mov byte [mode], 1
        mov dx, COM1 + 1
        mov al, 0x02                    ; THRI: THR is empty, so the interrupt comes at once
        out dx, al
.tx:    cli                             ; test and wait without a window:
        cmp byte [mode], 0              ; STI; HLT takes the interrupt only
        je .txdone                     ; once HLT has begun
        sti
        hlt
        jmp .tx
.txdone:
        cli
        PRINT "tx interrupts: "
        mov eax, [tx_irqs]
        call phex8
        PRINT " IIR values:"
        call print_iirs
        PRINT `\n`

        ; ---- receive: the sync line, dropped; then a 5-byte line below trigger level 14, which
        ; the character timeout brings
        call rx_clear
        mov byte [mode], 2
        mov dx, COM1 + 1
        mov al, 0x01                    ; received-data interrupt on
        out dx, al
.sync:  cli
        cmp byte [mode], 0
        je .line
        sti
        hlt
        jmp .sync
.line:  mov ebx, [rx_len]               ; a line came: the sync line is the one ending in "sync"
        cmp ebx, 5
        jb .again
        cmp dword [rx_buf + ebx - 5], 'sync'
        je .synced
.again: call rx_clear
        mov byte [mode], 2
        jmp .sync
.synced:
        call rx_clear
        mov byte [mode], 2
.rx:    cli                             ; test and wait without a window:
        cmp byte [mode], 0              ; STI; HLT takes the interrupt only
        je .rxdone                     ; once HLT has begun
        sti
        hlt
        jmp .rx
.rxdone:
        cli
        PRINT "rx line: "
        mov esi, rx_buf
        call puts
        PRINT "IIR values:"
        call print_iirs
        PRINT `\n`

        ; ---- receive with trigger level 1: every byte is a received-data interrupt
        call rx_clear
        mov byte [mode], 2
        mov dx, COM1 + 2
        mov al, 0x01                    ; FIFOs stay on (no clearing), trigger level 1
        out dx, al
.rx1:   cli                             ; test and wait without a window:
        cmp byte [mode], 0              ; STI; HLT takes the interrupt only
        je .rx1done                     ; once HLT has begun
        sti
        hlt
        jmp .rx1
.rx1done:
        cli
        PRINT "rx line: "
        mov esi, rx_buf
        call puts
        mov dx, COM1 + 1
        xor al, al
        out dx, al
        PRINT "IIR after: "
        mov dx, COM1 + 2
        in al, dx
        call phex8
        PRINT `\n`
        DONE

; IRQ 4: service every cause IIR reports until it says none (as Linux's serial8250_handle_irq)
irq4_handler:
        pushad
.again: mov dx, COM1 + 2
        in al, dx
        test al, 1
        jnz .none
        mov ecx, [n_iir]
        cmp ecx, 8
        jae .noted
        mov [iirs + ecx], al
        inc dword [n_iir]
.noted: and al, 0x0f
        cmp al, 0x02
        je .thre
        cmp al, 0x04
        je .data
        cmp al, 0x0c
        je .data
        jmp .again
.thre:  inc dword [tx_irqs]
        mov ecx, 16
.fill:  mov ebx, [tx_pos]
        cmp ebx, LINE_LEN
        jae .txend
        mov al, [tx_text + ebx]
        mov dx, COM1
        out dx, al
        inc dword [tx_pos]
        loop .fill
        jmp .again
.txend: mov dx, COM1 + 1                ; all sent: THRI off
        xor al, al
        out dx, al
        mov byte [mode], 0
        jmp .again
.data:  mov dx, COM1 + 5
        in al, dx
        test al, 1
        jz .again
        mov dx, COM1
        in al, dx
        mov ebx, [rx_len]
        cmp ebx, 60
        jae .data
        mov [rx_buf + ebx], al
        inc dword [rx_len]
        cmp al, 10
        jne .data
        mov byte [mode], 0              ; a whole line: leave the rest in the FIFO for later
        jmp .again
.none:  mov al, 0x20
        out PIC1, al
        popad
        iret

rx_clear:
        mov dword [n_iir], 0
        mov dword [rx_len], 0
        mov edi, rx_buf
        mov ecx, 64
        xor al, al
        rep stosb
        ret

; print_iirs: the distinct IIR values seen, in order (how many of each depends on how QEMU's
; input arrives, in one piece or several)
print_iirs:
        xor ecx, ecx
.l:     cmp ecx, [n_iir]
        jae .e
        movzx eax, byte [iirs + ecx]
        xor edx, edx
.seen:  cmp edx, ecx                    ; printed already?
        jae .new
        cmp al, [iirs + edx]
        je .next
        inc edx
        jmp .seen
.new:   PRINT " "
        call phex8
.next:  inc ecx
        jmp .l
.e:     ret

%include "hex8.inc"

tx_text: db "This line went out 16 bytes per THRE interrupt, from the IRQ 4 handler.", 10
mode:    db 0
tx_pos:  dd 0
tx_irqs: dd 0
rx_len:  dd 0
n_iir:   dd 0
iirs:    times 8 db 0
rx_buf:  times 64 db 0
        KERNEL_END
