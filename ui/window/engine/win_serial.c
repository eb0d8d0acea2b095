/* See win_serial.h. */
#include <string.h>
#include "win_serial.h"

void win_serial_put(win_serial *s, uint8_t byte)
{
    if (byte == '\r')
        return;
    s->ring[s->total & (WIN_SERIAL_KEEP - 1)] = byte;
    s->total++;
}

void win_serial_clear(win_serial *s) { s->total = 0; }

static char printable(uint8_t b)
{
    return (b == '\n' || b == '\t' || (b >= 0x20 && b < 0x7f)) ? (char)b : '.';
}

void win_serial_copy(const win_serial *s, win_console_text *out)
{
    uint64_t n = s->total < WIN_CONSOLE_BYTES ? s->total : WIN_CONSOLE_BYTES;
    uint64_t from = s->total - n;
    for (uint64_t i = 0; i < n; i++)
        out->text[i] = printable(s->ring[(from + i) & (WIN_SERIAL_KEEP - 1)]);
    out->text[n] = '\0';
    out->total = s->total;
}
