; stack - stack switching on interrupt delivery (SDM 6.12.1, fig. 6-4; 7.2.1 TSS; INT n
; pseudocode in Vol. 2A).
;   CPL 3 -> DPL 0 handler: SS:ESP come from TSS ss0:esp0; the frame holds the old SS:ESP.
;   CPL 0 -> DPL 0 handler: no switch, no SS:ESP in the frame, TSS ss0/esp0 not even read.
;   Bad TSS ss0 on a switch: null -> #TS(0); selector RPL != new CPL, DPL != new CPL, not a
;   writable data segment, or beyond the GDT limit -> #TS(selector). (A not-present ss0 must
;   give #SS(selector); QEMU gives #TS, so that case lives in the sdm-only kernel ext.asm.)
;   EXT = 0 in all of these: the event being delivered is INT n (software).
; #TS and #SS are delivered through gates to a conforming DPL-0 code segment, so their
; delivery from CPL 3 needs no stack switch (the TSS is broken); that handler runs at CPL 3 on
; the user stack, prints, repairs ss0 and resumes.
%include "lib.inc"

SEL_DATA2  equ 0x30          ; another flat DPL-0 data segment (valid alternative ss0)
SEL_CONF   equ 0x38          ; conforming code, DPL 0
SEL_RODATA equ 0x48          ; read-only data DPL 0

main:
        PRINT `stack: TSS stack switch\n`
        GDTSET SEL_DATA2, 0, 0xfffff, ACC_DATA0, 0xc
        GDTSET SEL_CONF, 0, 0xfffff, ACC_CONF0, 0xc
        GDTSET SEL_RODATA, 0, 0xfffff, 0x90, 0xc
        IDTSET 0x4a, rs_stubs + 0x4a*10, KCODE, INTGATE32 | DPL3
        IDTSET 10, conf_ts, SEL_CONF, INTGATE32
        IDTSET 12, conf_ss, SEL_CONF, INTGATE32

        PRINT `ring 0: int 0x4a, no switch (ss0 is 0 meanwhile):\n`
        mov dword [rs_tss+8], 0
        mov dword [rs_hook], show_ss
        TRY int 0x4a
        mov dword [rs_tss+8], KDATA

        USER ring3
        DONE

ring3:
        PRINT `ring 3: int 0x4a, ss0:esp0 = 0x0010:0x00080000:\n`
        mov dword [rs_hook], show_ss
        TRY int 0x4a
        PRINT `ring 3: int 0x4a, ss0:esp0 = 0x0030:0x0007c000:\n`
        mov dword [rs_tss+8], SEL_DATA2
        mov dword [rs_tss+4], 0x7c000
        mov dword [rs_hook], show_ss
        TRY int 0x4a
        mov dword [rs_tss+8], KDATA
        mov dword [rs_tss+4], ESP0
        PRINT `ring 3: int 0x4a with ring-3 esp=0x0006f123 (unaligned):\n`
        mov ebp, esp
        mov esp, 0x6f123
        TRY int 0x4a
        mov esp, ebp
%macro BADSS 2
        PRINT %2
        mov dword [rs_tss+8], %1
        TRY int 0x4a
%endmacro
        BADSS 0, `ss0 = 0x0000 (null):\n`
        BADSS KCODE, `ss0 = 0x0008 (code segment):\n`
        BADSS KDATA | 3, `ss0 = 0x0013 (RPL 3 != CPL 0):\n`
        BADSS UDATA, `ss0 = 0x0023 (DPL 3 != CPL 0):\n`
        BADSS SEL_RODATA, `ss0 = 0x0048 (read-only data):\n`
        BADSS 0x80, `ss0 = 0x0080 (beyond the GDT limit):\n`
        RET0

show_ss:                                ; hook inside the ring-0 handler
        PRINT "  handler ss="
        mov eax, ss
        call hex16
        mov al, 10
        call putc
        ret

; conforming handlers: run at CPL 3, frame [esp]=err [esp+4]=EIP [esp+8]=CS [esp+12]=EFLAGS
conf_ts:
        PRINT "#TS"
        jmp conf_common
conf_ss:
        PRINT "#SS"
conf_common:
        push ebp
        lea ebp, [esp+4]
        PRINT " err="
        PHEX32 [ebp]
        PRINT " eip="
        push eax
        mov eax, [ebp+4]
        call pr_eip
        PRINT " cs="
        PHEX16 [ebp+8]
        PRINT " efl="
        PHEX32 [ebp+12]
        PRINT " esp="
        mov eax, ebp
        call hex32
        PRINT " (handler cs="
        mov eax, cs
        call hex16
        PRINT `)\n`
        mov dword [rs_tss+8], KDATA     ; repair ss0
        mov eax, [rs_resume]
        mov [ebp+4], eax
        pop eax
        pop ebp
        add esp, 4                      ; drop the error code
        iretd
        KERNEL_END
