; halt - HLT with IF=0 at CPL 0 as the last instruction.                  [ringscope-only]
; HLT stops the processor until an interrupt, NMI, SMI or reset (HLT, Vol. 2A); with IF=0 and
; every IRQ masked nothing can wake it. QEMU would sit there until the timeout; ringscope must
; end the run and report "halted". No debug-exit.
%include "lib.inc"

main:
        PRINT `halt: cli; hlt at CPL 0, no debug-exit follows\n`
        cli
        hlt
        PRINT `NOT REACHED\n`
        EXIT 0x7e
        KERNEL_END
