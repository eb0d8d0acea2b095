; rtc - CMOS and the MC146818 RTC: the boot state SeaBIOS leaves (registers A-D, the CMOS bytes
; QEMU writes for 128 MiB), the date from `--rtc 2026-01-01T00:00:00` (QEMU: -rtc
; base=2026-01-01T00:00:00), BCD/binary and 12/24-hour reads, setting the clock with SET, the
; update-in-progress bit moving with time, and the periodic, update-ended and alarm interrupts on
; IRQ 8. Ports 0x61, 0x80 and 0x92 as SeaBIOS leaves them.
; Sources: MC146818A datasheet (registers A-D, "Update Cycle", "Interrupts"); OSDev "CMOS", "RTC".
; Nothing printed depends on how fast time runs: only fields that cannot roll over during the
; test, and differences across waited-for update cycles (flagged in register C, which a slow
; host cannot miss).
%include "lib.inc"

PIC1 equ 0x20
PIC2 equ 0xa0

%macro RD 1
        mov al, %1
        out 0x70, al
        in al, 0x71
%endmacro
%macro WR 2
        mov al, %1
        out 0x70, al
        mov al, %2
        out 0x71, al
%endmacro
%macro SHOW 2                           ; SHOW "name", index
        PRINT %1
        RD %2
        call phex8
%endmacro

main:
        PRINT `rtc: CMOS and the real-time clock\n`
        call pic_init
        IDTSET 0x28, irq8, KCODE, INTGATE32
        PRINT "A&7f="
        RD 0x0a
        and al, 0x7f
        call phex8
        SHOW " B=", 0x0b
        SHOW " D=", 0x0d
        PRINT " C&7f="
        RD 0x0c
        and al, 0x6f                    ; (UF depends on how long the boot took)
        call phex8
        PRINT `\nCMOS 0e-3f:`
        mov ecx, 0x0e
.cm:    PRINT " "
        mov al, cl
        out 0x70, al
        in al, 0x71
        call phex8
        inc ecx
        cmp ecx, 0x40
        jb .cm
        PRINT `\n`
        call show_date
        ; ---- binary and 12-hour modes (the clock reads 00:mm: hour 12 AM)
        WR 0x0b, 0x00                   ; BCD, 12-hour
        SHOW "12-hour BCD hour=", 0x04
        WR 0x0b, 0x04                   ; binary, 12-hour
        SHOW " binary=", 0x04
        SHOW " year=", 0x09
        WR 0x0b, 0x06                   ; binary, 24-hour
        SHOW " 24-hour binary hour=", 0x04
        PRINT `\n`
        ; ---- set the clock: 2030-06-15 13:45:30 (BCD, 24-hour), while SET stops it
        WR 0x0b, 0x82
        WR 0x00, 0x30
        WR 0x02, 0x45
        WR 0x04, 0x13
        WR 0x07, 0x15
        WR 0x08, 0x06
        WR 0x09, 0x30
        WR 0x32, 0x20
        SHOW "set: sec=", 0x00
        PRINT `\n`
        WR 0x0b, 0x02                   ; run again
        call show_date
        WR 0x0b, 0x00
        SHOW "12-hour: hour=", 0x04
        WR 0x0b, 0x04
        SHOW " binary 12-hour=", 0x04
        WR 0x0b, 0x02
        PRINT `\n`
        ; ---- seconds advance by one per update cycle
        call wait_update
        RD 0x00
        mov bl, al
        call wait_update
        RD 0x00
        sub al, bl
        PRINT "seconds per update: "
        call phex8
        PRINT `\n`
        ; ---- interrupts on IRQ 8 (slave PIC, vector 0x28)
        WR 0x0a, 0x26                   ; 1024 Hz
        RD 0x0c
        mov dword [count], 0
        WR 0x0b, 0x42                   ; PIE
        sti
.p:     cmp dword [count], 8
        jb .p
        cli
        WR 0x0b, 0x02
        PRINT "periodic: 8 interrupts, C&c0="
        mov al, [last_c]
        and al, 0xc0
        call phex8
        PRINT `\n`
        RD 0x0c
        mov dword [count], 0
        WR 0x0b, 0x12                   ; UIE
        sti
.u:     cmp dword [count], 1
        jb .u
        cli
        WR 0x0b, 0x02
        PRINT "update-ended: C&b0="
        mov al, [last_c]
        and al, 0xb0
        call phex8
        PRINT `\n`
        ; alarm: two seconds from now, minutes and hours "don't care"
        call wait_update
        RD 0x00
        add al, 2
        daa
        cmp al, 0x60
        jb .ok
        sub al, 0x60
.ok:    mov bl, al
        WR 0x01, bl
        WR 0x03, 0xc0
        WR 0x05, 0xc0
        RD 0x0c
        mov dword [count], 0
        WR 0x0b, 0x22                   ; AIE
        sti
.a:     cmp dword [count], 1
        jb .a
        cli
        WR 0x0b, 0x02
        PRINT "alarm: C&a0="
        mov al, [last_c]
        and al, 0xa0
        call phex8
        PRINT `\n`
        ; ---- the small system ports
        PRINT "port 61&1f: "              ; (bit 5, PIT channel 2's output, runs with
        in al, 0x61                     ; QEMU's host-timed PIT whatever the gate)
        and al, 0x1f
        call phex8
        PRINT " "
        in al, 0x61
        and al, 0x1f
        call phex8
        PRINT " port 92: "
        in al, 0x92
        call phex8
        PRINT " port 80: "
        mov al, 0x55
        out 0x80, al
        in al, 0x80
        call phex8
        PRINT `\n`
        DONE

irq8:   push eax
        RD 0x0c
        mov [last_c], al
        inc dword [count]
        mov al, 0x20
        out PIC2, al
        out PIC1, al
        pop eax
        iret

; waits for the end of an update cycle: the update-ended interrupt (HLT lets virtual time skip
; there; a latched flag, so a slow host cannot miss it as it can miss the 244 us of UIP)
wait_update:
        push eax
        RD 0x0c
        mov dword [count], 0
        WR 0x0b, 0x12                   ; UIE
.w:     cli
        cmp dword [count], 0
        jne .e
        sti
        hlt
        jmp .w
.e:     WR 0x0b, 0x02
        pop eax
        ret

show_date:
        SHOW "date: 20", 0x09
        SHOW "-", 0x08
        SHOW "-", 0x07
        SHOW " weekday ", 0x06
        SHOW " century ", 0x32
        SHOW " hour ", 0x04
        SHOW " minute ", 0x02
        PRINT `\n`
        ret

pic_init:
        mov al, 0x11
        out PIC1, al
        out PIC2, al
        mov al, 0x20
        out PIC1 + 1, al
        mov al, 0x28
        out PIC2 + 1, al
        mov al, 4
        out PIC1 + 1, al
        mov al, 2
        out PIC2 + 1, al
        mov al, 1
        out PIC1 + 1, al
        out PIC2 + 1, al
        mov al, 0xfb                    ; master: only the cascade
        out PIC1 + 1, al
        mov al, 0xfe                    ; slave: only IRQ 8
        out PIC2 + 1, al
        ret

%include "hex8.inc"

count:  dd 0
last_c: db 0
        KERNEL_END
