; kbd_typed - kbd.asm's keyboard, typed on: with `--keyboard 'Hi!'` (ringscope only:
; tests/guests.cmake) the scan codes arrive one key every 10 ms of virtual time once the kernel
; reads port 0x60; it prints the ten bytes of "Hi!" in scan code set 1 (Shift around H and !).
%define TYPED
%include "kbd.asm"
