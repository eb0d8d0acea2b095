; kbd - the i8042 keyboard controller and a PS/2 keyboard, polled: the state SeaBIOS leaves
; (status, command byte, last byte), controller commands (self-test, interface test, command byte
; write/read, disable/enable), keyboard commands (echo, identify, LEDs with an argument, scan code
; set query, reset), and the loops hobby kernels write, which must end: "wait while the input
; buffer is full", "drain while the output buffer is full". kbd_typed.asm builds it with TYPED:
; then it only prints the scan codes `--keyboard 'Hi!'` types (ringscope only, guests.cmake).
; Sources: IBM PS/2 Hardware Interface Technical Reference (8042 commands, keyboard commands);
; OSDev "8042 PS/2 Controller", "PS/2 Keyboard"; answers measured under QEMU 7.2 + SeaBIOS.
%include "lib.inc"

%macro CMD 1                            ; a controller command
        call wait_ibf
        mov al, %1
        out 0x64, al
%endmacro
%macro KBD 1                            ; a byte to the keyboard
        call wait_ibf
        mov al, %1
        out 0x60, al
%endmacro

main:
%ifdef TYPED
        PRINT `kbd_typed: keys typed by --keyboard\n`
        jmp typed
%endif
        PRINT `kbd: i8042 and keyboard, polled\n`
        PRINT "status="
        in al, 0x64
        call phex8
        PRINT " data="
        in al, 0x60
        call phex8
        PRINT " again="
        in al, 0x60
        call phex8
        PRINT `\n`
        call drain
        CMD 0x20
        PRINT "command byte="
        call get
        PRINT " status after write to 0x64="
        in al, 0x64
        call phex8
        PRINT `\n`
        CMD 0xaa
        PRINT "self-test="
        call get
        CMD 0xab
        PRINT " interface test="
        call get
        CMD 0xd0
        PRINT " output port&02="
        call wait_obf
        in al, 0x60
        and al, 2
        call phex8
        PRINT `\n`
        CMD 0x60                        ; command byte: keyboard interrupt off, translation on
        KBD 0x40
        CMD 0x20
        PRINT "command byte now="
        call get
        PRINT " status after write to 0x60="
        KBD 0xee                        ; echo
        in al, 0x64
        and al, 0xf7
        call phex8
        PRINT " echo="
        call get
        PRINT `\n`
        PRINT "identify="
        KBD 0xf2
        call get
        call get
        call get
        PRINT " leds="
        KBD 0xed
        call get
        KBD 0x07
        call get
        PRINT " set="
        KBD 0xf0
        call get
        KBD 0x00
        call get
        call get
        PRINT " reset="
        KBD 0xff
        call get
        call get
        PRINT `\n`
        CMD 0xad                        ; keyboard off, then a command that answers
        KBD 0xee
        PRINT "disabled: status&01="
        in al, 0x64
        and al, 1
        call phex8
        CMD 0xae
        PRINT " enabled: echo="
        call get
        PRINT `\n`
        CMD 0x60
        KBD 0x61                        ; back to SeaBIOS's command byte
        DONE

%ifdef TYPED
; prints the next ten bytes from the keyboard ("Hi!" in set 1: Shift H, i, Shift 1)
typed:  PRINT "typed:"
        mov ecx, 10
.key:   call wait_obf
        in al, 0x60
        PRINT " "
        call phex8
        loop .key
        PRINT `\n`
        DONE
%endif

; wait while the input buffer is full (status bit 1): a controller that never empties it hangs here
wait_ibf:
        push eax
.w:     in al, 0x64
        test al, 2
        jnz .w
        pop eax
        ret

wait_obf:
        push eax
.w:     in al, 0x64
        test al, 1
        jz .w
        pop eax
        ret

; print " " and the next byte of the output buffer
get:    call wait_obf
        push eax
        in al, 0x60
        call phex8
        PRINT " "
        pop eax
        ret

; read until the output buffer is empty (an absent controller's 0xFF status never ends this)
drain:  in al, 0x64
        test al, 1
        jz .e
        in al, 0x60
        jmp drain
.e:     ret

%include "hex8.inc"
        KERNEL_END
