/* COM1's receive line for `ringscope run`: the bytes of --serial-in FILE, or, without it, what
 * standard input holds when it is a pipe or a regular file with data (or its end) ready at start:
 * `echo ls | ringscope run K`. Standard input is read to its end, or until it stays quiet for a
 * second; a terminal, /dev/null or an idle pipe give no input. The bytes then arrive on COM1 in
 * virtual time (uart.h), so the same input gives the same run.
 *
 * Returns 1 with *IN filled (empty when there is no input; free with rs_image_free), or 0 after
 * printing one line "ringscope COMMAND: cannot read --serial-in PATH: why" (exit status 2). */
#ifndef RS_SERIAL_INPUT_H
#define RS_SERIAL_INPUT_H
#include <stdio.h>
#include "image.h"

int rs_cli_serial_input(const char *command, const char *path, rs_image *in);

#endif
