/* Where guest output goes (COM1, the debug console): one byte at a time. The callee owns
 * whatever OPAQUE points to; a sink is called on the thread that runs the machine. */
#ifndef RS_BYTE_SINK_H
#define RS_BYTE_SINK_H
#include <stdint.h>

typedef void (*rs_byte_sink)(void *opaque, uint8_t byte);

#endif
