; noerr - exceptions that push no error code (SDM 6.15, table 6-1): #DE, #UD, #BP, #OF, #BR.
; Fault-class (#DE, #UD, #BR) push the faulting EIP; trap-class (#BP from INT3, #OF from
; INTO) push the EIP of the next instruction (6.5). A 12-byte frame (ring 0 -> ring 0) or a
; 20-byte frame (ring 3 -> ring 0) shows that no error code was pushed.
%include "lib.inc"

main:
        PRINT `noerr: exceptions without an error code\n`
        IDTSET 3, rs_stubs + 3*10, KCODE, INTGATE32 | DPL3
        IDTSET 4, rs_stubs + 4*10, KCODE, INTGATE32 | DPL3
        PRINT `-- ring 0\n`
        call tests
        USER ring3
        DONE
ring3:
        PRINT `-- ring 3\n`
        call tests
        RET0

tests:
        PRINT `div by zero:\n`
        xor ecx, ecx
        mov eax, 1
        xor edx, edx
        TRY div ecx
        PRINT `idiv 0x80000000 by -1 (quotient overflow):\n`
        mov eax, 0x80000000
        cdq
        mov ecx, -1
        TRY idiv ecx
        PRINT `aam 0:\n`
        TRY aam 0
        PRINT `ud2:\n`
        TRY ud2
        PRINT `lock nop:\n`
        TRY db 0xf0, 0x90
        PRINT `int3:\n`
        TRY int3
        PRINT `int 3 (CD 03):\n`
        TRY int 3
        PRINT `into with OF=1:\n`
        mov al, 0x7f
        add al, 1
        TRY into
        PRINT "into with OF=0: "
        xor eax, eax
        into
        PRINT `no trap\n`
        PRINT `bound eax=5, [1,4]:\n`
        mov eax, 5
        TRY bound eax, [bounds]
        PRINT "bound eax=4, [1,4]: "
        mov eax, 4
        bound eax, [bounds]
        PRINT `no fault\n`
        ret
bounds: dd 1, 4
        KERNEL_END
