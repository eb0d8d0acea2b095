/* --keys: a script of input for the window, for tests and demos. Tokens, separated by spaces:
 *
 *   KEY            a key by its name in the key table (win_keys.c): space s n c y f ... help esc q
 *   wait:N         let N frames pass
 *   idle           wait until the engine has done every command and is not running
 *   gdbstop        (--gdb) wait until gdb has run the CPU and stopped it, then print
 *                  "gdbstop eip 0x... cpl N icount N" from the snapshot the window shows
 *   move:X,Y  click:X,Y  rclick:X,Y  wheel:X,Y,D     the mouse
 *   zoom:ADDR      show ADDR's 4 MiB region (as clicking its map row does)
 *   hover:ADDR     move the pointer over ADDR's cell on the map
 *   shot:FILE      save the frame as a PNG
 *   probe:WHAT     print "probe WHAT #rrggbb NAME at X,Y" for a place win_probe_point knows, or
 *                  "probe icount N", "probe zoom ROW" (-1: the whole 4 GiB)
 *   quit           close the window
 *
 * In the window, keys and mouse actions are pushed as SDL events, so they take the same path as
 * real input; off screen they are applied directly. UI thread only. */
#ifndef RS_WIN_SCRIPT_H
#define RS_WIN_SCRIPT_H
#include <stdio.h>
#include "win_ui.h"

#define WIN_SCRIPT_TOKENS 256

typedef struct win_script {
    char *tokens[WIN_SCRIPT_TOKENS];
    int n, next;
    int wait_frames;
    int waiting_idle;
    int waiting_gdb;         /* gdbstop */
    uint64_t posted_before_idle;
    int use_events;          /* push SDL events (a real window) rather than act directly */
    FILE *out;               /* where probe lines go */
    int failed;              /* a shot could not be saved, or a token was bad */
} win_script;

/* Splits TEXT into tokens and checks them. Returns 0 with ERR filled for a bad token. */
int win_script_parse(win_script *s, const char *text, char *err, size_t len);
void win_script_free(win_script *s);

/* After a frame is drawn (before it is presented): runs tokens until one waits. Returns 1 while
 * the script has more to do. */
int win_script_step(win_script *s, win_ui *ui);

#endif
