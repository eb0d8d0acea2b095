; rf - RF (EFLAGS bit 16) in the EFLAGS image pushed for a fault.        [sdm-only]
; SDM Vol. 3 17.3.1.1: for any fault-class exception other than an instruction breakpoint the
; processor sets RF in the EFLAGS image on the stack (so IRET re-executes the instruction
; without re-triggering an instruction breakpoint). Traps (INT n, INT3, INTO) do not set it.
; lib.inc masks RF in every other kernel's transcript; here the raw image is printed.
; QEMU 7.2 TCG never sets RF on delivery: see manifest.txt / README.md.
%include "lib.inc"

main:
        PRINT `rf: RF in the pushed EFLAGS image\n`
        IDTSET 6, raw_handler, KCODE, INTGATE32
        IDTSET 0x40, raw_handler, KCODE, INTGATE32
        PRINT "ud2 (fault): "
        mov dword [resume], .a
        ud2
.a:     PRINT "int 0x40 (trap-like, software): "
        mov dword [resume], .b
        int 0x40
.b:     DONE

raw_handler:                            ; no error code for #UD / INT 0x40
        mov ebp, esp
        PRINT "pushed efl="
        PHEX32 [ebp+8]
        PRINT " RF="
        mov eax, [esp+8]
        shr eax, 16
        and eax, 1
        add al, '0'
        call putc
        mov al, 10
        call putc
        mov eax, [resume]
        mov [esp], eax
        iretd
resume: dd 0
        KERNEL_END
