/* The window's keys, as one table: the key, what the help overlay says, the name --keys scripts
 * use, and the action. The help overlay, the buttons, scripts and the keyboard all go through it. */
#ifndef RS_WIN_KEYS_H
#define RS_WIN_KEYS_H
#include <SDL.h>
#include "win_ui.h"

typedef struct win_key {
    SDL_Keycode key, alt;     /* alt: a second key for the same action (0: none) */
    const char *label;        /* as the help overlay shows the keys: "Space", "+ or =" */
    const char *name;         /* as --keys scripts name it: "space", "plus" */
    const char *help;
    void (*act)(win_ui *ui);
} win_key;

extern const win_key win_keys[];
extern const int win_n_keys;

int win_key_for(SDL_Keycode key);            /* the table index, or -1 */
int win_key_named(const char *name);         /* likewise, by script name */
void win_key_run(win_ui *ui, int index);     /* does what the key does */

#endif
