; sysenter - SYSENTER/SYSEXIT (SYSENTER and SYSEXIT in Vol. 2B; MSRs IA32_SYSENTER_CS 0x174,
; _ESP 0x175, _EIP 0x176) and SYSCALL in 32-bit mode (SYSCALL in Vol. 2B).
;   SYSENTER: CS = MSR_CS & 0xfffc (CPL 0), SS = CS + 8, ESP/EIP from the MSRs, IF/VM/RF
;   cleared; #GP(0) if IA32_SYSENTER_CS[15:2] = 0.
;   SYSEXIT (at CPL 0 only): CS = MSR_CS + 16 | 3, SS = MSR_CS + 24 | 3, EIP = EDX, ESP = ECX;
;   #GP(0) at CPL != 0 or if IA32_SYSENTER_CS = 0.
;   SYSCALL outside 64-bit mode: #UD on Intel; with EFER.SCE=0 #UD on any vendor.
%include "lib.inc"

SYSSTK equ 0x7e000

main:
        PRINT `sysenter: SYSENTER/SYSEXIT, SYSCALL\n`
        mov ecx, 0x174
        xor edx, edx
        mov eax, KCODE
        wrmsr
        inc ecx
        mov eax, SYSSTK
        wrmsr
        inc ecx
        mov eax, sys_entry
        wrmsr
        USER r3_roundtrip, 0x202        ; IF=1 in ring 3 (the PICs are masked)
        PRINT `sysexit at CPL 0 with IA32_SYSENTER_CS = 0:\n`
        call cs_zero
        mov edx, .x
        mov ecx, esp
        TRY sysexit
.x:     call cs_kcode
        USER r3_faults
        call cs_zero
        USER r3_cs0
        call cs_kcode
        DONE

r3_cs0:
        PRINT `ring 3: sysenter with IA32_SYSENTER_CS = 0:\n`
        TRY sysenter
        RET0

cs_zero:
        pushad
        mov ecx, 0x174
        xor eax, eax
        xor edx, edx
        wrmsr
        popad
        ret
cs_kcode:
        pushad
        mov ecx, 0x174
        mov eax, KCODE
        xor edx, edx
        wrmsr
        popad
        ret

r3_roundtrip:
        PRINT `ring 3: sysenter, edx=return eip, ecx=return esp\n`
        mov edx, .back
        mov ecx, esp
        sysenter
.back:  PRINT "  back in ring 3: cs="
        mov eax, cs
        call hex16
        PRINT " ss="
        mov eax, ss
        call hex16
        PRINT " esp="
        mov eax, esp
        call hex32
        PRINT " IF="
        pushfd
        pop eax
        shr eax, 9
        and eax, 1
        call hex16
        PRINT `\n`
        RET0

sys_entry:                              ; CPL 0, DS still the ring-3 UDATA (flat)
        PRINT "  sysenter handler: cs="
        mov eax, cs
        call hex16
        PRINT " ss="
        mov eax, ss
        call hex16
        PRINT " esp="
        mov eax, esp
        call hex32
        PRINT " IF="
        pushfd
        pop eax
        shr eax, 9
        and eax, 1
        call hex16
        PRINT `\n`
        sti                             ; sysexit does not restore EFLAGS
        sysexit

r3_faults:
        PRINT `ring 3: sysexit:\n`
        TRY sysexit
        PRINT `ring 3: syscall:\n`
        TRY syscall
        RET0
        KERNEL_END
