; The smallest Multiboot kernel: an a.out-kludge image (header flag 16, so the header gives the
; load addresses) that spins forever. tests/cli/test_cli.sh assembles it with `nasm -f bin`:
;   -D LOAD=ADDR      load (and link) it at ADDR instead of 1 MiB
;   -D HALT=sti|cli   set or clear IF, then HLT (ringscope: exit 12 or 0); with sti, every PIC
;                     input is masked first, so the timer SeaBIOS left running cannot wake it
;   -D EXIT=V         write V to isa-debug-exit (port 0xf4; exit status (V << 1) | 1)
;   -D STORM=PORT     spin writing '!' to PORT for ever (0x3f8: COM1, 0xe9: the debug console,
;                     0x80: nothing but trace events)
bits 32
%ifndef LOAD
%define LOAD 0x100000
%endif
org LOAD

MAGIC equ 0x1BADB002
FLAGS equ 1 << 16
header:
    dd MAGIC, FLAGS, -(MAGIC + FLAGS)
    dd header          ; header_addr
    dd header          ; load_addr: the file starts with the header
    dd 0               ; load_end_addr: the whole file
    dd 0               ; bss_end_addr: no bss
    dd start           ; entry_addr
start:
%ifdef EXIT
    mov al, EXIT
    out 0xf4, al
%endif
%ifdef HALT
    mov al, 0xff
    out 0x21, al       ; mask the master PIC (the slave sits behind it on IRQ2)
    HALT
    hlt
%endif
.spin:
%ifdef STORM
    mov dx, STORM
    mov al, '!'
    out dx, al
%endif
    jmp .spin
