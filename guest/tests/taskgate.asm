; taskgate - a task gate in the IDT (SDM 6.11 "IDT Descriptors", 7.3 "Task Switching").
; ringscope does not model task switches: delivery through a task gate must stop the run with a
; clear "unsupported" reason, never do something else. QEMU would switch tasks, so this kernel is
; ringscope-only; its transcript is the line printed before the INT.
%include "lib.inc"

main:
        PRINT `taskgate: int 0x50 through a task gate (ringscope stops: unsupported)\n`
        IDTSET 0x50, 0, TSSSEL, 0x85
        int 0x50
        PRINT `still running: the task gate was not refused\n`
        DONE
