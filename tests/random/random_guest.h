/* One case of the random-guest campaign and of the machine fuzzer: randhost.asm with its stream
 * of CODE_SIZE bytes replaced, booted and run to a stop with the tracer on. */
#ifndef RS_RANDOM_GUEST_H
#define RS_RANDOM_GUEST_H
#include <stddef.h>
#include <stdint.h>
#include "machine.h"

#define RS_RANDOM_CODE_OFF 0x2000u     /* randhost.asm's CODE_OFF and CODE_SIZE */
#define RS_RANDOM_CODE_SIZE 0x800u

typedef struct rs_random_host {
    uint8_t *image;                    /* randhost.bin (malloc'd), at least CODE_OFF + CODE_SIZE */
    size_t size;
} rs_random_host;

/* Reads PATH (a randhost.bin); prints why and returns 0 on failure. */
int rs_random_host_read(const char *path, rs_random_host *h);

/* Runs the host with CODE (N bytes, the rest of the stream NOPs) in 32 MiB of RAM for at most
 * MAX_INSNS instructions, and WATCHDOG_MS of wall-clock time (0: none): the run's own timeout and
 * a thread that interrupts it (RS_STOP_INTERRUPTED: the engine's timeout did not stop it, a
 * livelock). Fills *stop; returns 0, or -1 with *stop's detail saying what failed (creating or
 * booting the machine). */
int rs_random_guest_run(const rs_random_host *h, const uint8_t *code, size_t n, uint64_t max_insns,
                        unsigned watchdog_ms, rs_stop *stop);

/* Fills BUF with a random instruction stream from STATE (an xorshift64 state, advanced): plain
 * random bytes mixed with the encodings that cross the line (IN/OUT/INS/OUTS, INT n, IRET,
 * SYSENTER, MOV CRn, LGDT/LIDT, far jumps and calls, POPF, HLT, CLI/STI, jumps above RAM). */
void rs_random_stream(uint64_t *state, uint8_t *buf, size_t n);

#endif
