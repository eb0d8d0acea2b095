; mbinfo: a Multiboot v1 kernel that prints, on COM1, everything its boot loader handed it
; (registers, every field of the information structure, the memory map, the modules, the
; command lines) and then leaves through isa-debug-exit (port 0xf4).
;
; It is assembled with `nasm -f bin` so that the file is the same byte for byte on every host:
; no linker, hand-written headers. Two variants come from this one source:
;   default   an ELF32 executable (what `ld` would make, but fixed): one PF_X PT_LOAD segment
;             holding the headers and code at physical 0x100000 with its virtual address in the
;             higher half (0xC0100000), so the loader must load by p_paddr and translate the
;             entry point; and a bss-only PT_LOAD segment [0x104000, 0x105000).
;   -DAOUT    a flat image with the a.out kludge (Multiboot 0.6.96, 3.1.1 flag bit 16): the
;             header gives load_addr/load_end_addr/bss_end_addr/entry_addr itself.
; Both end at 0x105000, so the loader's page after the kernel (modules, command lines) is at a
; fixed address and the transcripts do not depend on the size of the code below.
;
; The output is one line per item, `name=HEX`, strings in double quotes; see README.md.

BITS 32

%define LOAD_PHYS   0x00100000
%define VIRT_OFFSET 0xC0000000
%define BSS_START   0x00104000
%define BSS_END     0x00105000
%define COM1        0x3F8
%define DEBUG_EXIT  0xF4

%define MB_MAGIC    0x1BADB002
%ifdef AOUT
%define MB_FLAGS    0x00010003      ; page-align modules, memory info, a.out kludge
%else
%define MB_FLAGS    0x00000003      ; page-align modules, memory info
%endif

        org LOAD_PHYS

%ifndef AOUT
; ---- ELF header (System V ABI, i386 supplement) ----
elf_header:
        db 0x7F, "ELF", 1, 1, 1, 0          ; ELFCLASS32, ELFDATA2LSB, EV_CURRENT, SYSV
        times 8 db 0
        dw 2                                ; ET_EXEC
        dw 3                                ; EM_386
        dd 1                                ; EV_CURRENT
        dd start + VIRT_OFFSET              ; e_entry: virtual, as a higher-half link makes it
        dd program_headers - elf_header     ; e_phoff
        dd 0                                ; e_shoff: no sections
        dd 0                                ; e_flags
        dw 52                               ; e_ehsize
        dw 32                               ; e_phentsize
        dw 2                                ; e_phnum
        dw 40                               ; e_shentsize
        dw 0                                ; e_shnum
        dw 0                                ; e_shstrndx
program_headers:
        dd 1                                ; PT_LOAD: headers + code + data
        dd 0                                ; p_offset
        dd LOAD_PHYS + VIRT_OFFSET          ; p_vaddr
        dd LOAD_PHYS                        ; p_paddr
        dd image_end - LOAD_PHYS            ; p_filesz
        dd image_end - LOAD_PHYS            ; p_memsz
        dd 5                                ; PF_R | PF_X
        dd 0x1000                           ; p_align
        dd 1                                ; PT_LOAD: bss
        dd image_end - LOAD_PHYS            ; p_offset (nothing is read)
        dd BSS_START + VIRT_OFFSET
        dd BSS_START
        dd 0
        dd BSS_END - BSS_START
        dd 6                                ; PF_R | PF_W
        dd 0x1000
%endif

        align 4
; ---- Multiboot header (0.6.96, 3.1.1) ----
multiboot_header:
        dd MB_MAGIC
        dd MB_FLAGS
        dd -(MB_MAGIC + MB_FLAGS)
%ifdef AOUT
        dd multiboot_header                 ; header_addr
        dd LOAD_PHYS                        ; load_addr
        dd image_end                        ; load_end_addr
        dd BSS_END                          ; bss_end_addr
        dd start                            ; entry_addr
%endif

; ---- entry: EAX = magic, EBX = info (physical), flat 4 GiB segments, paging off ----
start:
        mov esi, eax
        mov edi, ebx
        ; The bss must read as zero before anything (the stack included) writes to it.
        xor edx, edx
        mov ecx, BSS_START
.scan:  or dl, [ecx]
        inc ecx
        cmp ecx, BSS_END
        jne .scan
        mov esp, BSS_END
        push edx

        mov eax, s_start
        call puts
        mov eax, s_eax
        mov ebx, esi
        call put_field
        mov eax, s_ebx
        mov ebx, edi
        call put_field
        pop edx
        mov eax, s_bss_zero
        test dl, dl
        jz .bss_ok
        mov eax, s_bss_dirty
.bss_ok:
        call puts

        call dump_info_fields
        call dump_strings
        call dump_mmap
        call dump_modules

        mov eax, s_done
        call puts
        mov al, 0
        out DEBUG_EXIT, al
.halt:  cli
        hlt
        jmp .halt

; ---- the 88 bytes QEMU fills (3.3): one line per field, from a table of
; {offset, width, "name", 0} ended by 0xFF ----
dump_info_fields:
        push esi
        mov esi, info_fields
.next:  movzx ecx, byte [esi]               ; offset in multiboot_info
        cmp ecx, 0xFF
        je .done
        movzx edx, byte [esi + 1]           ; width: 2 or 4 bytes
        mov ebx, [edi + ecx]
        cmp edx, 2
        jne .wide
        movzx ebx, bx
.wide:  lea eax, [esi + 2]
        call put_field
        add esi, 2
.skip:  lodsb                               ; past the name and its NUL
        test al, al
        jnz .skip
        jmp .next
.done:  pop esi
        ret

; cmdline (flag bit 2) and boot_loader_name (flag bit 9) as strings
dump_strings:
        test dword [edi], 1 << 2
        jz .no_cmdline
        mov eax, s_cmdline_str
        mov ebx, [edi + 16]
        call put_string_field
.no_cmdline:
        test dword [edi], 1 << 9
        jz .no_name
        mov eax, s_name_str
        mov ebx, [edi + 64]
        call put_string_field
.no_name:
        ret

; memory map (flag bit 6): entries of `size` bytes after their own size field, at most 32
dump_mmap:
        test dword [edi], 1 << 6
        jz .done
        push esi
        push ebp
        mov esi, [edi + 48]                 ; mmap_addr
        mov ebp, esi
        add ebp, [edi + 44]                 ; + mmap_length
        xor ecx, ecx
.next:  cmp esi, ebp
        jae .end
        cmp ecx, 32
        jae .end
        push ecx
        mov eax, s_mmap
        call puts
        mov eax, ecx
        call put_dec
        mov eax, s_size
        call puts
        mov eax, [esi]
        call put_hex
        mov eax, s_base
        call puts
        mov eax, [esi + 8]
        call put_hex
        mov eax, [esi + 4]
        call put_hex
        mov eax, s_length
        call puts
        mov eax, [esi + 16]
        call put_hex
        mov eax, [esi + 12]
        call put_hex
        mov eax, s_type
        call puts
        mov eax, [esi + 20]
        call put_hex
        call put_newline
        mov eax, [esi]
        lea esi, [esi + eax + 4]
        pop ecx
        inc ecx
        jmp .next
.end:   pop ebp
        pop esi
.done:  ret

; modules (flag bit 3): start, end, cmdline, and the first 16 bytes (fewer if shorter)
dump_modules:
        test dword [edi], 1 << 3
        jz .done
        push esi
        push ebp
        mov esi, [edi + 24]                 ; mods_addr
        xor ebp, ebp
.next:  cmp ebp, [edi + 20]                 ; mods_count
        jae .end
        cmp ebp, 16
        jae .end
        mov eax, s_mod
        call puts
        mov eax, ebp
        call put_dec
        mov eax, s_mod_start
        call puts
        mov eax, [esi]
        call put_hex
        mov eax, s_mod_end
        call puts
        mov eax, [esi + 4]
        call put_hex
        mov eax, s_mod_reserved
        call puts
        mov eax, [esi + 12]
        call put_hex
        mov eax, s_mod_cmdline
        call puts
        mov eax, [esi + 8]
        call put_hex
        mov al, ' '
        call putc
        mov eax, [esi + 8]
        call put_quoted
        mov eax, s_mod_bytes
        call puts
        call put_module_bytes
        call put_newline
        add esi, 16
        inc ebp
        jmp .next
.end:   pop ebp
        pop esi
.done:  ret

; the first min(16, end - start) bytes of the module at [esi], in hex
put_module_bytes:
        push ebx
        mov ebx, [esi]
        mov ecx, [esi + 4]
        sub ecx, ebx
        cmp ecx, 16
        jbe .go
        mov ecx, 16
.go:    test ecx, ecx
        jz .out
        movzx eax, byte [ebx]
        push ecx
        call put_hex8
        pop ecx
        inc ebx
        dec ecx
        jz .out
        mov al, ' '
        call putc
        jmp .go
.out:   pop ebx
        ret

; ---- output helpers; all preserve ESI, EDI, EBP ----
; put_field: "<name EAX>=<hex EBX>\n"
put_field:
        call puts
        mov al, '='
        call putc
        mov eax, ebx
        call put_hex
        jmp put_newline

; put_string_field: "<name EAX>=<hex EBX> \"<string at EBX>\"\n"
put_string_field:
        push ebx
        call puts
        mov al, '='
        call putc
        mov eax, [esp]
        call put_hex
        mov al, ' '
        call putc
        pop eax
        call put_quoted
        jmp put_newline

; put_quoted: the NUL-terminated string at EAX in quotes, at most 256 bytes, bytes outside
; printable ASCII (and the quote and backslash) as \xHH, so the transcript is plain text.
put_quoted:
        push esi
        mov esi, eax
        mov al, '"'
        call putc
        mov ecx, 256
.next:  movzx eax, byte [esi]
        test al, al
        jz .end
        cmp al, 0x20
        jb .escape
        cmp al, 0x7E
        ja .escape
        cmp al, '"'
        je .escape
        cmp al, '\'
        je .escape
        call putc
        jmp .step
.escape:
        push eax
        mov al, '\'
        call putc
        mov al, 'x'
        call putc
        pop eax
        call put_hex8
.step:  inc esi
        dec ecx
        jnz .next
        mov eax, s_ellipsis
        call puts
.end:   mov al, '"'
        call putc
        pop esi
        ret

; puts: the NUL-terminated string at EAX
puts:
        push esi
        mov esi, eax
.next:  mov al, [esi]
        test al, al
        jz .end
        call putc
        inc esi
        jmp .next
.end:   pop esi
        ret

put_newline:
        mov al, 10
        jmp putc

; put_hex: EAX as 8 upper-case hex digits
put_hex:
        push ebx
        mov ebx, eax
        mov ecx, 8
.next:  rol ebx, 4
        mov eax, ebx
        call put_nibble
        dec ecx
        jnz .next
        pop ebx
        ret

; put_hex8: AL as 2 hex digits
put_hex8:
        push ebx
        mov ebx, eax
        shr eax, 4
        call put_nibble
        mov eax, ebx
        call put_nibble
        pop ebx
        ret

put_nibble:
        and eax, 0xF
        mov al, [hex_digits + eax]
        jmp putc

; put_dec: EAX (< 100) in decimal
put_dec:
        push ebx
        xor edx, edx
        mov ebx, 10
        div ebx
        test eax, eax
        jz .units
        add al, '0'
        push edx
        call putc
        pop edx
.units: mov al, dl
        add al, '0'
        call putc
        pop ebx
        ret

; putc: AL to COM1 once the transmit holding register is empty (LSR bit 5)
putc:
        push edx
        push eax
        mov dx, COM1 + 5
.wait:  in al, dx
        test al, 0x20
        jz .wait
        pop eax
        mov dx, COM1
        out dx, al
        pop edx
        ret

; ---- data ----
%macro FIELD 3                              ; name, offset, width
        db %2, %3, %1, 0
%endmacro

info_fields:
        FIELD "flags", 0, 4
        FIELD "mem_lower", 4, 4
        FIELD "mem_upper", 8, 4
        FIELD "boot_device", 12, 4
        FIELD "cmdline", 16, 4
        FIELD "mods_count", 20, 4
        FIELD "mods_addr", 24, 4
        FIELD "syms0", 28, 4
        FIELD "syms1", 32, 4
        FIELD "syms2", 36, 4
        FIELD "syms3", 40, 4
        FIELD "mmap_length", 44, 4
        FIELD "mmap_addr", 48, 4
        FIELD "drives_length", 52, 4
        FIELD "drives_addr", 56, 4
        FIELD "config_table", 60, 4
        FIELD "boot_loader_name", 64, 4
        FIELD "apm_table", 68, 4
        FIELD "vbe_control_info", 72, 4
        FIELD "vbe_mode_info", 76, 4
        FIELD "vbe_mode", 80, 2
        FIELD "vbe_interface_seg", 82, 2
        FIELD "vbe_interface_off", 84, 2
        FIELD "vbe_interface_len", 86, 2
        db 0xFF

hex_digits:     db "0123456789ABCDEF"
s_start:        db "mbinfo: start", 10, 0
s_eax:          db "eax", 0
s_ebx:          db "ebx", 0
s_bss_zero:     db "bss=zero", 10, 0
s_bss_dirty:    db "bss=dirty", 10, 0
s_cmdline_str:  db "cmdline_string", 0
s_name_str:     db "boot_loader_name_string", 0
s_mmap:         db "mmap[", 0
s_size:         db "] size=", 0
s_base:         db " base=", 0
s_length:       db " length=", 0
s_type:         db " type=", 0
s_mod:          db "mod[", 0
s_mod_start:    db "] start=", 0
s_mod_end:      db " end=", 0
s_mod_reserved: db " reserved=", 0
s_mod_cmdline:  db " cmdline=", 0
s_mod_bytes:    db " bytes=", 0
s_ellipsis:     db "...", 0
s_done:         db "mbinfo: done", 10, 0

image_end:
        ; Fails to assemble (negative TIMES) if the image grew into its bss.
        times ((image_end - $$) > (BSS_START - LOAD_PHYS)) * -1 db 0
