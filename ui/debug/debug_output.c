/* The guest's COM1 output when it shares stdout with the debugger.
 *
 * During a command the bytes are held back, each tagged with the seq the next event will get,
 * so the report can print them between the event lines in the order things happened:
 *
 *     [   539732] syscall write(fd=1, buf=0x08048618, count=13)
 *   hello, world
 *     [   540045] syscall write -> 13
 *
 * A run that goes on (over 0.3 s when stdout is a terminal, or over 1 MiB of output) prints what
 * it holds and then writes the rest live, so a long `continue` is never silent; its events then
 * follow the output. Piped output never goes live on time, which keeps transcripts exact. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "debug_session.h"

#define HOLD_MAX (1u << 20)
#define LIVE_AFTER_US 300000u

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void put_guest(dbg_session *s, uint8_t byte)
{
    putchar(byte);
    s->guest_midline = byte != '\n';
}

void dbg_output_begin_run(dbg_session *s)
{
    s->held_len = s->held_done = 0;
    s->live = 0;
    s->run_start_us = now_us();
}

static void go_live(dbg_session *s)
{
    dbg_output_guest_upto(s, UINT64_MAX);
    s->live = 1;
}

void dbg_output_guest_byte(dbg_session *s, uint8_t byte)
{
    if (!s->serial_on_stdout) {
        fputc(byte, s->serial);
        return;
    }
    if (!s->live && s->stdout_tty && now_us() - s->run_start_us > LIVE_AFTER_US)
        go_live(s);
    if (!s->live && s->held_len == HOLD_MAX)
        go_live(s);
    if (!s->live && !s->held) {
        s->held = malloc(HOLD_MAX);
        s->held_seq = malloc(HOLD_MAX * sizeof *s->held_seq);
        if (!s->held || !s->held_seq)
            go_live(s);
    }
    if (s->live) {
        put_guest(s, byte);
        if (byte == '\n')
            fflush(stdout);
        return;
    }
    s->held[s->held_len] = byte;
    s->held_seq[s->held_len++] = rs_machine_event_log(s->m)->next_seq;
}

void dbg_output_guest_upto(dbg_session *s, uint64_t seq)
{
    while (s->held_done < s->held_len && s->held_seq[s->held_done] <= seq)
        put_guest(s, s->held[s->held_done++]);
}

void dbg_output_end_guest_line(dbg_session *s)
{
    if (s->guest_midline) {
        putchar('\n');        /* the guest's partial line ends here, not inside ours */
        s->guest_midline = 0;
    }
}

void dbg_output_free(dbg_session *s)
{
    free(s->held);
    free(s->held_seq);
    s->held = NULL;
    s->held_seq = NULL;
}
