; cpu - the CPU ringscope presents: CPUID of the default model (pentium2, cpu_model.h) and RDTSC
; as virtual time (one tick per instruction at the default --ips, so exact deltas can be printed).
;                                                                         [ringscope-only]
; Sources: SDM Vol. 2A CPUID (leaves 0-2, Table 3-11 feature bits; a leaf above the maximum
; returns the highest basic leaf), Vol. 2B RDTSC (CR4.TSD=1 makes it #GP(0) at CPL > 0).
; QEMU's TSC follows the host clock and its pentium2 has an APIC, so this kernel is checked in
; ringscope only; the determinism test runs it twice.
%include "lib.inc"

main:
        PRINT `cpu: CPUID and RDTSC\n`
        xor eax, eax
        call leaf
        mov eax, 1
        call leaf
        mov eax, 2
        call leaf
        mov eax, 7                      ; above the maximum (2): leaf 2's data
        call leaf
        mov eax, 0x80000000             ; no extended leaves either
        call leaf
        PRINT "vendor "
        xor eax, eax
        cpuid
        mov [vendor], ebx
        mov [vendor + 4], edx
        mov [vendor + 8], ecx
        mov esi, vendor
        call puts
        PRINT `\n`

        ; two RDTSCs with one instruction between: 2 ticks (the first RDTSC and the MOV)
        rdtsc
        mov ebx, eax
        rdtsc
        sub eax, ebx
        PRINT "rdtsc delta over rdtsc+mov: "
        PHEX32 eax
        PRINT `\n`
        ; a loop of 1000 DEC/JNZ pairs: 2000 instructions, plus the RDTSC, MOV EBX, MOV ECX
        rdtsc
        mov ebx, eax
        mov ecx, 1000
.spin:  dec ecx
        jnz .spin
        rdtsc
        sub eax, ebx
        PRINT "rdtsc delta over a 1000-pass loop: "
        PHEX32 eax
        PRINT `\n`

        ; CPL 3: allowed while CR4.TSD=0, #GP(0) once it is 1
        USER user_rdtsc
        mov eax, cr4
        or eax, 4
        mov cr4, eax
        PRINT `CR4.TSD=1:\n`
        USER user_rdtsc
        DONE

user_rdtsc:
        TRY rdtsc
        PRINT `rdtsc at CPL 3 ran\n`
        RET0

; leaf - print "cpuid EAX: a b c d"
leaf:
        PRINT "cpuid "
        PHEX32 eax
        PRINT ":"
        cpuid
        PRINT " "
        PHEX32 eax
        PRINT " "
        PHEX32 ebx
        PRINT " "
        PHEX32 ecx
        PRINT " "
        PHEX32 edx
        PRINT `\n`
        ret

vendor: times 13 db 0
        KERNEL_END
