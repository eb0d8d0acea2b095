/* COM1 as the window shows it: the guest's serial output kept in a bounded buffer on the engine
 * side, copied into each snapshot (win_snapshot.h) for the console pane.
 *
 * Plain memory, owned by whoever embeds it; not thread-safe (the engine thread writes it). */
#ifndef RS_WIN_SERIAL_H
#define RS_WIN_SERIAL_H
#include <stdint.h>

#define WIN_SERIAL_KEEP 65536u    /* bytes the engine keeps (a power of two) */
#define WIN_CONSOLE_BYTES 6144u   /* bytes a snapshot carries: more than the pane can show */

typedef struct win_serial {
    uint8_t ring[WIN_SERIAL_KEEP];
    uint64_t total;               /* bytes ever written */
} win_serial;

/* The newest bytes, as a NUL-terminated string (NULs and other control bytes but '\n' and '\t'
 * become '.'; '\r' is dropped). */
typedef struct win_console_text {
    char text[WIN_CONSOLE_BYTES + 1];
    uint64_t total;
} win_console_text;

void win_serial_put(win_serial *s, uint8_t byte);
void win_serial_clear(win_serial *s);
void win_serial_copy(const win_serial *s, win_console_text *out);

#endif
