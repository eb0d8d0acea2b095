; realmode - leave protected mode and take interrupts through the real-mode IVT (SDM 9.9.2
; switching back to real-address mode; 20.1.4 interrupt and exception handling in
; real-address mode; INT n pseudocode REAL-ADDRESS-MODE). Also the a.out-kludge loader path:
; this is a flat binary with Multiboot header flag bit 16 (Multiboot 0.6.96 section 3.1.3).
;   PM -> 16-bit code/data segments (limit 0xFFFF) -> clear CR0.PE -> far jmp -> real mode.
;   INT n: push FLAGS, CS, IP (6 bytes); IF, TF (and AC) cleared; CS:IP from IVT[n*4].
;   Exceptions push the faulting IP for faults (#DE, #UD) and the next IP for INT3.
%define AOUT
%include "lib.inc"

RM_BASE equ 0x7000          ; the real-mode part is copied here (below 64 KiB)
SEL_C16 equ 0x30
SEL_D16 equ 0x38

main:
        PRINT `realmode: real-address mode via the IVT (a.out kludge image)\n`
        GDTSET SEL_C16, 0, 0xffff, ACC_CODE0, 0x0
        GDTSET SEL_D16, 0, 0xffff, ACC_DATA0, 0x0
        mov esi, section..rm.start       ; load address of the .rm section in this image
        mov edi, RM_BASE
        mov ecx, rm_end - rm_start
        rep movsb
        jmp SEL_C16:RM_BASE

        section .rm vstart=RM_BASE follows=.text
        BITS 16
rm_start:                               ; 16-bit protected mode, CS = SEL_C16
        mov ax, SEL_D16
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov fs, ax
        mov gs, ax
        mov eax, cr0
        and eax, ~1                     ; PE = 0
        mov cr0, eax
        jmp 0:rm_real
rm_real:
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x6000
        lidt [rm_idtr]
        mov si, s_in
        call rm_puts
        mov word [0x40*4], rm_int40     ; IVT[0x40] = 0000:rm_int40
        mov word [0x40*4+2], 0
        mov word [6*4], rm_ud
        mov word [6*4+2], 0
        mov word [0*4], rm_de
        mov word [0*4+2], 0
        mov word [3*4], rm_bp
        mov word [3*4+2], 0
        mov si, s_int40
        call rm_puts
        sti
        mov word [expect], .n1
        int 0x40
.n1:    cli
        mov si, s_ud
        call rm_puts
        mov word [expect], .f2
.f2:    ud2
        mov si, s_de
        call rm_puts
        xor cx, cx
        mov word [expect], .f3
.f3:    div cx
        mov si, s_bp
        call rm_puts
        mov word [expect], .n4
        int3
.n4:    mov si, s_done
        call rm_puts
        mov al, 0
        out 0xf4, al
.hang:  cli
        hlt
        jmp .hang

; handlers: [sp]=IP [sp+2]=CS [sp+4]=FLAGS
rm_int40:
        mov si, s_h40
        jmp rm_frame
rm_bp:  mov si, s_hbp
        jmp rm_frame
rm_ud:  mov si, s_hud
        call rm_frame_p
        add word [bp], 2                ; skip ud2
        pop bp
        iret
rm_de:  mov si, s_hde
        call rm_frame_p
        add word [bp], 2                ; skip div cx
        pop bp
        iret
rm_frame:
        call rm_frame_p
        pop bp
        iret
rm_frame_p:                             ; prints the frame; leaves bp pushed, bp -> frame
        pop dx                          ; return address
        push bp
        mov bp, sp
        add bp, 2
        push dx
        call rm_puts
        mov si, s_ip
        call rm_puts
        mov ax, [bp]
        cmp ax, [expect]
        jne .hex
        mov si, s_exp
        call rm_puts
        jmp .cs
.hex:   call rm_hex
.cs:    mov si, s_cs
        call rm_puts
        mov ax, [bp+2]
        call rm_hex
        mov si, s_fl
        call rm_puts
        mov ax, [bp+4]
        call rm_hex
        mov si, s_sp
        call rm_puts
        mov ax, bp
        call rm_hex
        mov si, s_if
        call rm_puts
        pushf
        pop ax
        shr ax, 9
        and al, 1
        add al, '0'
        call rm_putc
        mov al, 10
        call rm_putc
        ret

rm_putc:
        push dx
        push ax
        mov dx, 0x3fd
.w:     in al, dx
        test al, 0x20
        jz .w
        pop ax
        mov dx, 0x3f8
        out dx, al
        pop dx
        ret
rm_puts:
        lodsb
        test al, al
        jz .e
        call rm_putc
        jmp rm_puts
.e:     ret
rm_hex:                                 ; ax as 0x%04x
        push cx
        push ax
        mov al, '0'
        call rm_putc
        mov al, 'x'
        call rm_putc
        pop ax
        mov cx, 4
.l:     rol ax, 4
        push ax
        and al, 0x0f
        add al, '0'
        cmp al, '9'
        jbe .d
        add al, 'a' - '0' - 10
.d:     call rm_putc
        pop ax
        loop .l
        pop cx
        ret

rm_idtr: dw 0x3ff
         dd 0
expect:  dw 0
s_in:    db "in real mode: IVT at 0000:0000, ss:sp = 0000:6000", 10, 0
s_int40: db "int 0x40 with IF=1:", 10, 0
s_ud:    db "ud2:", 10, 0
s_de:    db "div cx, cx=0:", 10, 0
s_bp:    db "int3:", 10, 0
s_done:  db "DONE", 10, 0
s_h40:   db "INT 0x40", 0
s_hud:   db "#UD", 0
s_hde:   db "#DE", 0
s_hbp:   db "#BP", 0
s_ip:    db " ip=", 0
s_exp:   db "@expected", 0
s_cs:    db " cs=", 0
s_fl:    db " flags=", 0
s_sp:    db " sp=", 0
s_if:    db " IF inside=", 0
rm_end:
        section .text
        BITS 32
rs_load_end equ section..rm.start + (rm_end - rm_start)   ; (no KERNEL_END: .rm is last)
rs_bss_end equ rs_load_end
