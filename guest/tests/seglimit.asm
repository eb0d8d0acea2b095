; seglimit - segment checks on memory accesses (SDM 5.3 limit checking, 5.4 type checking,
; 3.4.2 null selectors, 6.15 #GP/#SS).                                    [sdm-only]
;   read through a null DS -> #GP(0); access beyond a data-segment limit, or straddling it
;   -> #GP(0); write through a CS override -> #GP(0); push beyond the SS limit -> #SS(0).
; QEMU 7.2 TCG performs none of these checks (limits and rights are only checked when a
; selector is loaded), so under QEMU each access succeeds and no line appears.
%include "lib.inc"

SEL_SMALL equ 0x48          ; data, DPL 0, limit 0xfff (byte granular)
SEL_USTK  equ 0x50          ; data, DPL 3, limit 0x6ffff (byte granular): a small ring-3 stack

main:
        PRINT `seglimit: limit and type checks on accesses\n`
        GDTSET SEL_SMALL, 0, 0xfff, ACC_DATA0, 0x4
        GDTSET SEL_USTK, 0, 0x6ffff, ACC_DATA3, 0x4
        PRINT `read through a null ds:\n`
        xor ax, ax
        mov bx, KDATA
        mov es, bx
        mov ds, ax
        es mov dword [rs_fault], .f1
        es mov dword [rs_resume], .n1
.f1:    mov eax, [0x100]
.n1:    mov ds, bx
        PRINT `es limit 0xfff: dword read at 0x1000:\n`
        mov ax, SEL_SMALL
        mov es, ax
        TRY mov eax, [es:0x1000]
        PRINT `es limit 0xfff: dword read at 0xffe (straddles the limit):\n`
        TRY mov eax, [es:0xffe]
        PRINT "es limit 0xfff: dword read at 0xffc: "
        mov eax, [es:0xffc]
        PRINT `no fault\n`
        mov ax, KDATA
        mov es, ax
        PRINT `write into the code segment (cs: override):\n`
        TRY mov [cs:scratch], eax
        USER ring3
        DONE

ring3:                                  ; from ring 3 so #SS is delivered on the TSS stack
        PRINT `ring 3: push with ss limit 0x6ffff, esp=0x00070004:\n`
        mov ebp, esp
        mov ax, SEL_USTK | 3
        mov ss, ax
        mov esp, 0x70004
        TRY push eax
        mov ax, UDATA
        mov ss, ax
        mov esp, ebp
        PRINT `ring 3: push with ss limit 0x6ffff, esp=0x00070002 (straddles):\n`
        mov ax, SEL_USTK | 3
        mov ss, ax
        mov esp, 0x70002
        TRY push eax
        mov ax, UDATA
        mov ss, ax
        mov esp, ebp
        RET0
scratch: dd 0
        KERNEL_END
