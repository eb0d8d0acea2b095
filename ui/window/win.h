/* The window (issue 4): `ringscope [window] [options] [KERNEL]` opens a live map of the address
 * space and of the ring the CPU is in, on the built-in demo or on KERNEL; --screenshot renders the
 * same view into a PNG without a display. See win_main.c for the options, win_ui.h for the panes. */
#ifndef RS_WIN_H
#define RS_WIN_H
#include <stdio.h>

/* ARGV[0] is the command's name ("ringscope" or "window"); the rest are options and the kernel.
 * Returns the exit status. */
int rs_win_main(int argc, char **argv);
void rs_win_usage(FILE *out);

#endif
