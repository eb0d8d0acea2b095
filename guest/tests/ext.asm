; ext - the EXT bit (bit 0) of error codes and the #SS for a not-present new stack.  [sdm-only]
; SDM 6.13: EXT is set when the exception occurred during delivery of an event external to the
; program (hardware interrupt or an earlier exception); INT n, INT3, INTO are software and
; leave it clear. INT n pseudocode (Vol. 2A): a not-present stack segment from the TSS gives
; #SS(selector + EXT), not #TS.
; QEMU 7.2 never sets EXT and raises #TS for a not-present ss0; see manifest.txt.
%include "lib.inc"

SEL_CONF   equ 0x38
SEL_NPDATA equ 0x40

main:
        PRINT `ext: EXT bit, #SS for a not-present ss0\n`
        GDTSET SEL_CONF, 0, 0xfffff, ACC_CONF0, 0xc
        GDTSET SEL_NPDATA, 0, 0xfffff, 0x12, 0xc
        PRINT `ud2 with the #UD gate not present (benign, then #NP: EXT=1):\n`
        IDTSET 6, rs_stubs + 6*10, KCODE, 0x0e
        TRY ud2
        IDTSET 6, rs_stubs + 6*10, KCODE, INTGATE32
        PRINT `bound with the #BR gate not present (EXT=1):\n`
        IDTSET 5, rs_stubs + 5*10, KCODE, 0x0e
        mov eax, 9
        TRY bound eax, [bounds]
        IDTSET 5, rs_stubs + 5*10, KCODE, INTGATE32
        PRINT `int 6 with the #UD gate not present (software: EXT=0):\n`
        IDTSET 6, rs_stubs + 6*10, KCODE, 0x0e
        TRY int 6
        IDTSET 6, rs_stubs + 6*10, KCODE, INTGATE32
        IDTSET 10, conf_ts, SEL_CONF, INTGATE32
        IDTSET 12, conf_ss, SEL_CONF, INTGATE32
        IDTSET 0x4a, rs_stubs + 0x4a*10, KCODE, INTGATE32 | DPL3
        USER ring3
        DONE

ring3:
        PRINT `ring 3: ud2 with ss0 = 0x0008 (#TS during #UD delivery: EXT=1):\n`
        mov dword [rs_tss+8], KCODE
        TRY ud2
        PRINT `ring 3: int 0x4a with ss0 = 0x0008 (software: EXT=0):\n`
        mov dword [rs_tss+8], KCODE
        TRY int 0x4a
        PRINT `ring 3: int 0x4a with ss0 = 0x0040, not present (#SS, EXT=0):\n`
        mov dword [rs_tss+8], SEL_NPDATA
        TRY int 0x4a
        PRINT `ring 3: ud2 with ss0 = 0x0040, not present (#SS, EXT=1):\n`
        mov dword [rs_tss+8], SEL_NPDATA
        TRY ud2
        RET0

; conforming handlers (CPL 3, user stack): [esp]=err [esp+4]=EIP [esp+8]=CS [esp+12]=EFLAGS
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
        PRINT " esp="
        mov eax, ebp
        call hex32
        PRINT `\n`
        mov dword [rs_tss+8], KDATA
        mov eax, [rs_resume]
        mov [ebp+4], eax
        pop eax
        pop ebp
        add esp, 4
        iretd
bounds: dd 1, 4
        KERNEL_END
