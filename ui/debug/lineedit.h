/* A small line editor with history, for `ringscope debug` (no readline dependency).
 *
 * When standard input and output are both terminals, a line is edited in raw mode (termios):
 *   Left/Right, Ctrl-B/Ctrl-F   move          Home/End, Ctrl-A/Ctrl-E    start / end of the line
 *   Backspace, Ctrl-H           delete left   Delete, Ctrl-D             delete under the cursor
 *   Up/Down, Ctrl-P/Ctrl-N      history       Ctrl-U / Ctrl-K / Ctrl-W   kill to start / end / word
 *   Ctrl-C                      abandon the line ("^C", a fresh prompt)
 *   Ctrl-D on an empty line     end of input  Ctrl-L                     clear the screen
 *   Enter                       accept
 * The terminal is put back as it was before the call returns, at exit, and when a signal that
 * ends the process (SIGTERM, SIGHUP, SIGQUIT, SIGINT sent by kill) arrives while a line is being
 * edited. Between calls the terminal is in its normal (cooked) mode.
 *
 * Otherwise (a pipe, a file) lines are read plainly with no escape sequences: the prompt is
 * written, and when standard input is not a terminal the line read is echoed after it, so a
 * scripted session's output reads like a typed one.
 *
 * One editor per process (the terminal is a process-wide resource). Not thread-safe. */
#ifndef RS_LINEEDIT_H
#define RS_LINEEDIT_H
#include <stddef.h>

typedef struct rs_lineedit rs_lineedit;

/* Creates the editor for standard input/output, keeping at most HISTORY_MAX lines (0: 500).
 * Returns NULL when out of memory. */
rs_lineedit *rs_lineedit_create(size_t history_max);
/* Restores the terminal if needed and frees everything, including the history. Accepts NULL. */
void rs_lineedit_destroy(rs_lineedit *le);

/* Writes PROMPT and reads one line, without its newline. The returned string belongs to the
 * editor and stays valid until the next call. Returns NULL at the end of input (Ctrl-D on an
 * empty line, end of file, or a read error). Flushes stdout first, so earlier printf output
 * comes before the prompt. */
const char *rs_lineedit_read(rs_lineedit *le, const char *prompt);

/* Adds LINE to the history (copied) unless it is empty or equal to the newest entry; the oldest
 * entry goes when the history is full. Fails silently when out of memory. */
void rs_lineedit_history_add(rs_lineedit *le, const char *line);

#endif
