; segerr - error codes of segment-related faults (SDM 6.13 error code, 6.15 #TS/#NP/#SS/#GP,
; 5.5-5.7 privilege checks on segment loads; MOV/IRET pseudocode in Vol. 2).
;   #GP(0): null selector into SS.
;   (Checks on memory accesses - null DS, limits, writes to code - are in the sdm-only kernel
;   seglimit.asm: QEMU's TCG does not check segment limits or rights on accesses.)
;   #GP(selector): beyond the GDT limit; TI=1 with no LDT; DS <- execute-only code or a system
;           segment; SS <- code / read-only data / RPL != CPL / DPL != CPL; DS <- DPL < CPL;
;           far JMP to a data segment.
;   #NP(selector): DS <- not-present data.   #SS(selector): SS <- not-present data.
;   #TS(selector): IRET with NT=1 whose TSS back link is not a busy TSS (task return).
%include "lib.inc"

SEL_XO    equ 0x30          ; execute-only code, DPL 0
SEL_RO    equ 0x38          ; read-only data, DPL 0
SEL_NP    equ 0x40          ; data, DPL 0, not present

main:
        PRINT `segerr: segment error codes\n`
        GDTSET SEL_XO, 0, 0xfffff, 0x98, 0xc
        GDTSET SEL_RO, 0, 0xfffff, 0x90, 0xc
        GDTSET SEL_NP, 0, 0xfffff, 0x12, 0xc

%macro SEG 3                            ; SEG "text", sreg, selector
        PRINT %1
        mov ax, %3
        TRY mov %2, ax
%endmacro
        PRINT `-- ring 0\n`
        SEG `mov ss, 0x0000:\n`, ss, 0
        SEG `mov ds, 0x0080 (beyond GDT limit 0x7f):\n`, ds, 0x80
        SEG `mov ds, 0x0084 (TI=1, LDTR null):\n`, ds, 0x84
        SEG `mov ds, 0x0030 (execute-only code):\n`, ds, SEL_XO
        SEG `mov ds, 0x0028 (TSS, a system segment):\n`, ds, TSSSEL
        SEG `mov ss, 0x0008 (code):\n`, ss, KCODE
        SEG `mov ss, 0x0038 (read-only data):\n`, ss, SEL_RO
        SEG `mov ss, 0x0013 (RPL 3 != CPL 0):\n`, ss, KDATA | 3
        SEG `mov ss, 0x0020 (DPL 3 != CPL 0):\n`, ss, UDATA & ~3
        SEG `mov ds, 0x0040 (not present):\n`, ds, SEL_NP
        SEG `mov es, 0x0040 (not present):\n`, es, SEL_NP
        SEG `mov ss, 0x0040 (not present):\n`, ss, SEL_NP
        PRINT "mov ds, 0x0008 (readable code) and mov ds, 0x0000: "
        mov ax, KCODE
        mov ds, ax
        xor ax, ax
        mov ds, ax
        mov ax, KDATA
        mov ds, ax
        PRINT `no fault\n`
        PRINT `jmp 0x0010:x (far jmp to a data segment):\n`
        TRY jmp KDATA:0
        PRINT `iret with NT=1, back link 0x0010 (not a TSS):\n`
        mov word [rs_tss], KDATA
        pushfd
        or dword [esp], EFL_NT
        popfd
        TRY iretd
        pushfd
        and dword [esp], ~EFL_NT
        popfd
        PRINT `iret with NT=1, back link 0x0034 (TI=1):\n`
        mov word [rs_tss], 0x34
        pushfd
        or dword [esp], EFL_NT
        popfd
        TRY iretd
        pushfd
        and dword [esp], ~EFL_NT
        popfd
        mov word [rs_tss], 0

        USER ring3
        DONE

ring3:
        PRINT `-- ring 3\n`
        SEG `mov ds, 0x0010 (DPL 0 < CPL 3):\n`, ds, KDATA
        SEG `mov ds, 0x0013 (DPL 0 < CPL 3, RPL 3):\n`, ds, KDATA | 3
        SEG `mov ss, 0x0020 (RPL 0 != CPL 3):\n`, ss, UDATA & ~3
        SEG `mov es, 0x0008 (code, DPL 0):\n`, es, KCODE
        RET0

        KERNEL_END
