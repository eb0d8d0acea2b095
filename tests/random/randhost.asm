; randhost - the host kernel of the random-guest campaign (tests/random/README.md). A flat
; a.out-kludge Multiboot image; the runner fills CODE_SIZE bytes at file offset CODE_OFF with a
; random instruction stream and runs it at ring 0 (nasm -D RING=0) or ring 3 (-D RING=3).
;
; Set-up: flat GDT (ring-0 and ring-3 code/data, a TSS with ss0:esp0), an IDT of 256 interrupt
; gates with DPL 3 (so INT n from ring 3 is delivered, not #GP), the PICs masked. Every
; exception or interrupt goes to one handler that counts it and resumes one byte after the
; pushed EIP (a new, random instruction boundary); it ends the run through isa-debug-exit
; (status 1) after MAX_EVENTS events or when the stream ran off its end (a UD2 tail).
; Nothing here must ever make ringscope stop with an engine error.
bits 32
org 0x100000

CODE_OFF   equ 0x2000              ; file offset (and address - 0x100000) of the random bytes
CODE_SIZE  equ 0x800
MAX_EVENTS equ 200
KSTACK     equ 0x90000
USTACK     equ 0x70000

header:
        dd 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000)
        dd header, header, 0, bss_end, start

start:
        cli
        lgdt [gdtr]
        jmp 0x08:.flat
.flat:  mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax
        mov ss, ax
        mov esp, KSTACK
        mov al, 0xff                    ; mask both PICs
        out 0x21, al
        out 0xa1, al
        ; the TSS descriptor's base (the TSS sits in this image, below 16 MiB)
        mov eax, tss
        mov [gdt + 0x28 + 2], ax
        shr eax, 16
        mov [gdt + 0x28 + 4], al
        mov ax, 0x28
        ltr ax
        ; 256 gates: stub i is at stubs + i*16
        xor ecx, ecx
.gate:  lea eax, [stubs + ecx*8]
        lea eax, [eax + ecx*8]
        mov [idt + ecx*8], ax
        mov word [idt + ecx*8 + 2], 0x08
        mov word [idt + ecx*8 + 4], 0xee00      ; P, DPL 3, 32-bit interrupt gate
        shr eax, 16
        mov [idt + ecx*8 + 6], ax
        inc ecx
        cmp ecx, 256
        jb .gate
        lidt [idtr]
        xor eax, eax
        xor ebx, ebx
        xor ecx, ecx
        xor edx, edx
        xor esi, esi
        xor edi, edi
        xor ebp, ebp
%if RING == 3
        push 0x23
        push USTACK
        push 0x002
        push 0x1b
        push code
        iret
%else
        jmp code
%endif

; ---- the handler: [esp] = vector, [esp+4] = error code (0 if none), then EIP, CS, EFLAGS
on_event:
        push ds
        push eax
        mov ax, 0x10
        mov ds, ax
        inc dword [events]
        cmp dword [events], MAX_EVENTS
        jae done
        mov eax, [esp + 16]             ; pushed EIP
        cmp eax, code_end
        jae done                        ; ran off the end of the stream
        inc eax                         ; a new boundary, one byte on
        cmp eax, code
        jae .in
        mov eax, code                   ; outside the stream (a jump): back to its start
.in:    mov [esp + 16], eax
        pop eax
        pop ds
        add esp, 8
        iret
done:   mov al, 0
        out 0xf4, al
        cli
        hlt

        align 16
stubs:
%assign i 0
%rep 256
  %if i == 8 || (i >= 10 && i <= 14) || i == 17 || i == 21
        push i                          ; the CPU pushed an error code
        jmp on_event
        align 16
  %else
        push 0
        push i
        jmp on_event
        align 16
  %endif
%assign i i+1
%endrep

        align 8
gdt:    dq 0
        dq 0x00cf9a000000ffff           ; 0x08 ring-0 code
        dq 0x00cf92000000ffff           ; 0x10 ring-0 data
        dq 0x00cffa000000ffff           ; 0x18 ring-3 code
        dq 0x00cff2000000ffff           ; 0x20 ring-3 data
        dq 0x0000890000000067           ; 0x28 32-bit TSS (base filled in at start)
gdt_end:
gdtr:   dw gdt_end - gdt - 1
        dd gdt
idtr:   dw 256 * 8 - 1
        dd idt
tss:    dd 0, KSTACK - 0x1000, 0x10     ; link, esp0, ss0
        times 0x68 - 12 db 0
events: dd 0

        times CODE_OFF - ($ - $$) db 0
code:   times CODE_SIZE db 0x90
code_end:
        times 16 db 0x0f, 0x0b          ; UD2: the handler sees EIP past the stream and ends
        align 16
idt:    times 256 * 8 db 0
bss_end:
