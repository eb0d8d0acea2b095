; gates16hi - gates16 with bits 31:16 of every 16-bit gate's offset set to 0xABCD.  [sdm-only]
; INT n pseudocode (Vol. 2A): for a 16-bit gate EIP <- gate offset AND 0000FFFFH, so the
; transcript must equal gates16's except for the first line. QEMU 7.2 jumps to the full 32-bit
; offset (base + 0xABCDxxxx: unmapped memory) and hangs until the timeout.
%define GATE16_HIGH 0xabcd
%include "gates16.asm"
