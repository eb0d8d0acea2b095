/* Mouse and keys for the window (win_input.c). UI thread only. */
#ifndef RS_WIN_INPUT_H
#define RS_WIN_INPUT_H
#include <SDL.h>
#include "win_ui.h"

void win_input_event(win_ui *ui, const SDL_Event *ev);
void win_input_key(win_ui *ui, SDL_Keycode key);
void win_input_click(win_ui *ui, int x, int y, int button);
void win_input_wheel(win_ui *ui, int x, int y, int dy);

#endif
