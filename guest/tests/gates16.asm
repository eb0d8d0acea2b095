; gates16 - 16-bit interrupt and trap gates (types 6 and 7; SDM 6.11 fig. 6-2, 6.12.1 and the
; INT n pseudocode): the frame is made of words - IP, CS, FLAGS (and SP, SS on a privilege
; change) - ESP drops by 6 (10); IF is cleared by type 6 only. The gate's offset is 16 bits:
; the INT n pseudocode loads EIP <- gate offset AND 0000FFFFH. QEMU 7.2 uses all 32 bits,
; so here bits 31:16 of the offset are 0; gates16hi.asm (sdm-only) sets them to 0xABCD. The handler returns
; with a 16-bit IRET.
; To make IP meaningful the code that raises the interrupts runs in 32-bit code segments
; based at 0x100000 (the kernel's load address), so offsets are small. The handler runs in
; such a segment too. Ring-3 code uses a stack below 64 KiB (SP is all the frame keeps).
%include "lib.inc"
%ifndef GATE16_HIGH
%define GATE16_HIGH 0
%endif

SEL_K16 equ 0x30            ; 32-bit code, DPL 0, base 0x100000
SEL_U16 equ 0x40            ; 32-bit code, DPL 3, base 0x100000
BASE    equ 0x100000
U16STK  equ 0xf000

%macro GATE16 3             ; vector, attr, selector: offset = h16 - BASE, bits 31:16 = GATE16_HIGH
        mov eax, %1
        mov ebx, h16 - BASE
        and ebx, 0xffff
        or ebx, GATE16_HIGH << 16
        mov ecx, %3
        mov edx, %2
        call idt_set
%endmacro

main:
        PRINT `gates16: 16-bit interrupt and trap gates, offset bits 31:16 = `
        mov eax, GATE16_HIGH
        call hex16
        PRINT `\n`
        GDTSET SEL_K16, BASE, 0xfffff, ACC_CODE0, 0xc
        GDTSET SEL_U16, BASE, 0xfffff, ACC_CODE3, 0xc
        GATE16 0x40, INTGATE16, SEL_K16
        GATE16 0x41, TRAPGATE16, SEL_K16
        GATE16 0x42, INTGATE16 | DPL3, SEL_K16
        call SEL_K16:(r0_code - BASE)
        USER (r3_code - BASE), 0x2, U16STK, SEL_U16 | 3
        DONE

r0_code:                                ; CPL 0, CS = SEL_K16
        PRINT `ring 0: int 0x40 (16-bit interrupt gate), IF=1:\n`
        sti
        TRY int 0x40
        PRINT `ring 0: int 0x41 (16-bit trap gate), IF=1:\n`
        TRY int 0x41
        cli
        retf

r3_code:                                ; CPL 3, CS = SEL_U16 | 3, ESP = 0xf000
        PRINT `ring 3: int 0x42 (16-bit interrupt gate, DPL 3):\n`
        TRY int 0x42
        PRINT "  back in ring 3: esp="
        mov eax, esp
        call hex32
        PRINT `\n`
        RET0

h16:                                    ; frame: [esp]=IP [esp+2]=CS [esp+4]=FLAGS [+6 SP, +8 SS]
        push ebp
        lea ebp, [esp+4]
        push eax
        PRINT "INT16 ip="
        movzx eax, word [ebp]
        add eax, BASE
        call pr_eip
        PRINT " cs="
        PHEX16 [ebp+2]
        PRINT " flags="
        PHEX16 [ebp+4]
        test byte [ebp+2], 3
        jz .same
        PRINT " ss="
        PHEX16 [ebp+8]
        PRINT " sp="
        PHEX16 [ebp+6]
.same:  PRINT " esp="
        PHEX32 ebp
        PRINT " IF inside="
        pushfd
        pop eax
        shr eax, 9
        and eax, 1
        add al, '0'
        call putc
        mov al, 10
        call putc
        pop eax
        pop ebp
        o16 iret
        KERNEL_END
