; priv - privileged and IOPL-sensitive instructions at CPL 3 (SDM 5.9 privileged instructions,
; Vol. 1 19.5.1 I/O privilege level (IOPL-sensitive instructions), HLT/CLI/STI/POPF pseudocode in Vol. 2).
;   HLT, MOV CR, LGDT, RDMSR, WRMSR, INVLPG at CPL 3 -> #GP(0)
;   CLI / STI with CPL > IOPL -> #GP(0); with IOPL 3 they work
;   POPF with CPL > IOPL: no fault, IF silently unchanged; IOPL itself is never changed at CPL>0
%include "lib.inc"

main:
        PRINT `priv: privileged instructions at CPL 3\n`
        USER ring3_iopl0
        USER ring3_iopl3, 0x2 | EFL_IOPL3
        DONE

ring3_iopl0:
        PRINT `-- ring 3, IOPL 0\n`
        PRINT `hlt:\n`
        TRY hlt
        PRINT `cli:\n`
        TRY cli
        PRINT `sti:\n`
        TRY sti
        PRINT `mov eax, cr0:\n`
        TRY mov eax, cr0
        PRINT `mov cr3, eax:\n`
        TRY mov cr3, eax
        PRINT `lgdt:\n`
        TRY lgdt [rs_gdtr]
        PRINT `rdmsr:\n`
        xor ecx, ecx
        TRY rdmsr
        PRINT `wrmsr:\n`
        TRY wrmsr
        PRINT `invlpg:\n`
        TRY invlpg [0]
        PRINT "popfd with IF=1 and IOPL=3 in the image: "
        push dword 0x3202
        popfd
        pushfd
        pop eax
        PRINT "efl="
        PHEX32 eax
        PRINT `\n`
        RET0

ring3_iopl3:
        PRINT `-- ring 3, IOPL 3\n`
        PRINT "cli; sti: "
        cli
        sti
        cli
        PRINT `no fault\n`
        PRINT `hlt:\n`
        TRY hlt
        RET0
        KERNEL_END
