/* Looking at what was drawn: reading pixels back from the renderer (for PNG screenshots and for
 * tests), the places tests look at (a map cell, the ring indicator, the fault marker), and names
 * for the theme's colours. Used by scripts (--keys "probe:ring") and by tests/ui. UI thread. */
#ifndef RS_WIN_PROBE_H
#define RS_WIN_PROBE_H
#include <stddef.h>
#include <stdint.h>
#include "win_ui.h"

/* The pixel at X, Y of the frame just drawn (before it is presented), as 0xRRGGBB. */
int win_probe_pixel(win_ui *ui, int x, int y, uint32_t *rgb);

/* Saves the frame just drawn as a PNG. Returns 1, or 0 with ERR filled. */
int win_probe_save_png(win_ui *ui, const char *path, char *err, size_t len);

/* Where WHAT is on screen: "ring" (inside the ring indicator's coloured band), "cell:ADDR" (the
 * centre of ADDR's cell on the map), "fault" (on the faulting page's marker outline), "eip" (on
 * the EIP marker's outline). Returns 0 if WHAT is unknown or not on screen. */
int win_probe_point(const win_ui *ui, const char *what, int *x, int *y);

/* The theme colour RGB is ("ring3", "supervisor-writable", "fault", ...), or "other". */
const char *win_probe_colour_name(uint32_t rgb);

#endif
