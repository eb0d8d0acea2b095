; bss - an ELF kernel with .data and a large .bss (p_memsz > p_filesz): the loader must copy
; the file part and zero the rest (Multiboot 1 + ELF32 program headers; QEMU
; hw/i386/multiboot.c). Also checks that .data is where the ELF says.
%include "lib.inc"

main:
        PRINT `bss: ELF .data and .bss\n`
        PRINT ".data word = "
        PHEX32 [magic]
        PRINT `\n`
        mov edi, bss_start
        mov ecx, (bss_end - bss_start) / 4
        xor eax, eax
        repe scasd
        jne .dirty
        PRINT ".bss: "
        mov eax, bss_end - bss_start
        call hex32
        PRINT ` bytes, all zero\n`
        mov dword [bss_end - 4], 0x12345678
        PRINT "last .bss dword written and read back: "
        PHEX32 [bss_end - 4]
        PRINT `\n`
        DONE
.dirty: PRINT "NOT ZERO at "
        PHEX32 edi
        PRINT `\n`
        EXIT 0x7d

        section .data
magic:  dd 0xcafef00d
        section .bss
        alignb 4096
bss_start:
        resb 0x20000
bss_end:
        section .text
        KERNEL_END
