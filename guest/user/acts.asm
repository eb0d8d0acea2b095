; The illegal acts, one function each: do one thing ring 3 may not do, then return (which only
; happens if the kernel let it through). They live in .text.acts, which user.ld places first, so
; their addresses are fixed (0x08048000 upwards) whatever the C compiler produces.
section .text.acts

%macro ACT 1
global act_%1
act_%1:
%endmacro

ACT peek                        ; read a kernel page
        mov eax, [0xc0000000]
        ret

ACT poke                        ; write a kernel page
        mov dword [0xc0000000], 0x41414141
        ret

ACT jump_kernel                 ; execute a kernel page: the kernel's first instruction
        mov eax, 0xc0100000
        jmp eax

ACT write_code                  ; patch our own (read-only) text
        mov byte [act_write_code], 0x90
        ret

ACT null_read                   ; dereference a null pointer
        xor eax, eax
        mov eax, [eax]
        ret

ACT cli                         ; turn interrupts off: needs IOPL >= CPL
        cli
        ret

ACT hlt                         ; stop the CPU: ring 0 only
        hlt
        ret

ACT out                         ; write straight to COM1, bypassing the kernel
        mov dx, 0x3f8
        mov al, '!'
        out dx, al
        ret

ACT mov_cr3                     ; switch page directories: ring 0 only
        xor eax, eax
        mov cr3, eax
        ret

ACT int41                       ; a software interrupt through a DPL 0 gate
        int 0x41
        ret

ACT kernel_ds                   ; load the kernel data selector (DPL 0) into DS
        mov ax, 0x10
        mov ds, ax
        ret

ACT divide_by_zero
        mov eax, 1
        xor edx, edx
        xor ecx, ecx
        div ecx
        ret

ACT recurse                     ; push return addresses until the stack runs into the guard page
        call act_recurse
        ret

ACT int3                        ; a breakpoint: the gate has DPL 3, so this is #BP, not #GP
        int3
        ret

ACT ud2                         ; the architecturally undefined instruction
        ud2
        ret
