; doublefault - double faults and the faults that are NOT double faults (SDM 6.15
; interrupt 8, table 6-4 exception classes, table 6-5 conditions for generating a #DF).
;   contributory (#GP) then contributory (#NP: the #GP gate is not present)   -> #DF, err 0
;   #PF then #PF (delivering a #PF onto an unmapped ring-0 stack)             -> #DF, err 0
;   contributory (#GP) then #PF (the #GP frame push hits the unmapped stack)  -> #PF, serially
;   benign (#BP from INT3) then contributory (#NP: gate not present)          -> #NP, serially
;   a fault inside a handler, after delivery completed (ud2 in the #GP handler) -> #UD, nested
; #DF is an abort: the saved CS:EIP are undefined (6.15), so only err and ESP are printed.
; Handlers that must run while the ring-0 stack is unmapped go through gates to a conforming
; DPL-0 code segment: from CPL 3 they run at CPL 3 on the (mapped) user stack.
%include "lib.inc"

SEL_CONF equ 0x38
BADSTK   equ 0x310000       ; esp0 for the unmapped-stack cases; page 0x30f000 not present

main:
        PRINT `doublefault: #DF and serial/nested faults\n`
        GDTSET SEL_CONF, 0, 0xfffff, ACC_CONF0, 0xc
        call paging_on
        mov eax, BADSTK - 0x1000
        xor ebx, ebx
        call pte_set
        IDTSET 8, df_r0, KCODE, INTGATE32

        PRINT `#GP (mov ds, 0x0080) with the #GP gate not present:\n`
        IDTSET 13, rs_stubs + 13*10, KCODE, 0x0e
        TRY mov ds, [sel80]
        IDTSET 13, rs_stubs + 13*10, KCODE, INTGATE32

        PRINT `int3 with the #BP gate not present:\n`
        IDTSET 3, rs_stubs + 3*10, KCODE, 0x0e
        TRY int3
        IDTSET 3, rs_stubs + 3*10, KCODE, INTGATE32

        PRINT `#GP whose handler executes ud2:\n`
        mov dword [rs_hook], hook_ud2
        TRY mov ds, [sel80]

        PRINT `ring 3: read of a not-present page, esp0 on a not-present page:\n`
        IDTSET 8, df_conf, SEL_CONF, INTGATE32
        mov dword [rs_tss+4], BADSTK
        USER r3_pf
        PRINT `ring 3: #GP (mov ds, 0x0010), esp0 on a not-present page:\n`
        IDTSET 14, pf_conf, SEL_CONF, INTGATE32
        mov dword [rs_tss+4], BADSTK
        USER r3_gp
        DONE

r3_pf:  TRY mov eax, [BADSTK - 0x800]
        RET0
r3_gp:  mov ax, KDATA
        TRY mov ds, ax
        RET0

hook_ud2:                               ; runs inside the #GP handler
        push dword [rs_fault]
        push dword [rs_resume]
        PRINT `  in the #GP handler: ud2\n`
        TRY ud2
        PRINT `  back in the #GP handler\n`
        pop dword [rs_resume]
        pop dword [rs_fault]
        ret

df_r0:                                  ; ring-0 #DF: [esp]=err [esp+4]=EIP [esp+8]=CS
        mov ebp, esp
        PRINT "#DF err="
        PHEX32 [ebp]
        PRINT " esp="
        PHEX32 ebp
        PRINT `\n`
        add esp, 4
        mov eax, [rs_resume]
        mov dword [rs_resume], 0
        mov [esp], eax
        mov dword [esp+4], KCODE
        iretd

; conforming handlers (CPL 3, user stack): print, repair esp0, resume
df_conf:
        PRINT "#DF"
        jmp conf_common
pf_conf:                                ; (CPL 3 here: CR2 cannot be read)
        PRINT "#PF"
conf_common:
        mov ebp, esp
        PRINT " err="
        PHEX32 [ebp]
        PRINT " esp="
        PHEX32 ebp
        PRINT " cs="
        mov eax, cs
        call hex16
        PRINT `\n`
        mov dword [rs_tss+4], ESP0
        add esp, 4
        mov eax, [rs_resume]
        mov [esp], eax
        mov dword [esp+4], UCODE
        iretd

sel80:  dw 0x80
        KERNEL_END
