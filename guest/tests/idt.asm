; idt - IDT gate checks on INT n / INT3 / INTO and on exceptions (SDM 6.10-6.12, INT n
; pseudocode in Vol. 2A; all error codes have EXT=0 because every event here is a software
; interrupt or an exception that faulted on an instruction, not during another delivery).
;   gate not present            -> #NP(vector*8+2)                        (6.12.1, 6.13)
;   vector beyond the IDT limit -> #GP(vector*8+2)                        (6.10)
;   not an interrupt/trap/task gate type -> #GP(vector*8+2)               (6.11)
;   INT n / INT3 / INTO at CPL 3 through a gate with DPL < 3 -> #GP(vector*8+2);
;   the DPL check comes before the present check; exceptions are not DPL-checked (6.12.1.1)
;   target code segment: null selector -> #GP(0); beyond GDT limit, not a code segment, or
;   DPL > CPL -> #GP(selector); not present -> #NP(selector); conforming -> runs at CPL 3 on
;   the same stack (6.12.1.1; 5.8.1.2 conforming code segments)
%include "lib.inc"

SEL_NP_CODE  equ 0x30        ; code segment, DPL 0, not present
SEL_CONF     equ 0x38        ; conforming code segment, DPL 0

main:
        PRINT `idt: gate and target-segment checks\n`
        GDTSET SEL_NP_CODE, 0, 0xfffff, 0x1a, 0xc     ; P=0
        GDTSET SEL_CONF, 0, 0xfffff, ACC_CONF0, 0xc
        IDTSET 0x42, rs_stubs + 0x42*10, KCODE, 0x0e          ; P=0 interrupt gate
        IDTSET 0x43, rs_stubs + 0x43*10, KCODE, 0x8c          ; a 32-bit call gate in the IDT
        IDTSET 0x44, rs_stubs + 0x44*10, 0, INTGATE32         ; null selector
        IDTSET 0x45, rs_stubs + 0x45*10, 0x80, INTGATE32      ; beyond the GDT limit (0x7f)
        IDTSET 0x46, rs_stubs + 0x46*10, KDATA, INTGATE32     ; a data segment
        IDTSET 0x47, rs_stubs + 0x47*10, UCODE, INTGATE32     ; code DPL 3 > CPL 0 (sel RPL 3)
        IDTSET 0x48, rs_stubs + 0x48*10, SEL_NP_CODE, INTGATE32 ; code not present
        IDTSET 0x49, conf_handler, SEL_CONF, INTGATE32 | DPL3 ; conforming, callable from ring 3
        IDTSET 0x4a, rs_stubs + 0x4a*10, KCODE, INTGATE32 | DPL3 ; plain DPL-3 gate

        PRINT `-- ring 0\n`
        PRINT `int 0x42, gate not present:\n`
        TRY int 0x42
        PRINT `int 0x43, call-gate type in the IDT:\n`
        TRY int 0x43
        PRINT `int 0x50 with IDT limit 0x27f (vectors 0-0x4f):\n`
        lidt [short_idtr]
        TRY int 0x50
        lidt [rs_idtr]
        PRINT `int 0x44, gate selector null:\n`
        TRY int 0x44
        PRINT `int 0x45, gate selector 0x80 beyond the GDT limit:\n`
        TRY int 0x45
        PRINT `int 0x46, gate selector is a data segment:\n`
        TRY int 0x46
        PRINT `int 0x47, gate selector 0x1b: code DPL 3 > CPL 0:\n`
        TRY int 0x47
        PRINT `int 0x48, code segment not present:\n`
        TRY int 0x48
        PRINT `int 0x49, conforming code segment from ring 0:\n`
        int 0x49

        USER ring3
        DONE

ring3:
        PRINT `-- ring 3\n`
        PRINT `int 0x4a, DPL 3 gate:\n`
        TRY int 0x4a
        PRINT `int 0x40, DPL 0 gate:\n`
        TRY int 0x40
        PRINT `int 0x42, DPL 0 and not present (DPL check first):\n`
        TRY int 0x42
        PRINT `int3, DPL 0 gate:\n`
        TRY int3
        PRINT `into with OF=1, DPL 0 gate:\n`
        mov al, 0x7f
        add al, 1                       ; OF=1
        TRY into
        PRINT `int 6, DPL 0 gate:\n`
        TRY int 6
        PRINT `ud2 (#UD is an exception: no DPL check):\n`
        TRY ud2
        PRINT `int 13, DPL 0 gate (the #GP itself goes through the same DPL 0 gate):\n`
        TRY int 13
        PRINT `int 0x49, conforming code segment from ring 3 (no stack switch, CPL stays 3):\n`
        int 0x49
        RET0

; Runs in the conforming segment at the caller's CPL, so it must not load DPL-0 data segments.
; Frame (same privilege level, 6.12.1 fig. 6-4): [esp]=EIP [esp+4]=CS [esp+8]=EFLAGS.
conf_handler:
        push ebp
        lea ebp, [esp+4]
        PRINT "  conforming handler: own cs="
        push eax
        mov eax, cs
        call hex16
        PRINT " frame cs="
        PHEX16 [ebp+4]
        PRINT " efl="
        PHEX32 [ebp+8]
        PRINT " esp="
        mov eax, ebp
        call hex32
        mov al, 10
        call putc
        pop eax
        pop ebp
        iretd

short_idtr:
        dw 0x50*8 - 1
        dd rs_idt
        KERNEL_END
