/* COM1: the guest's serial output, the newest lines at the bottom, long lines wrapped. */
#include <stdio.h>
#include <string.h>
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

#define MAX_ROWS 64

typedef struct row {
    const char *start;
    int len;
} row;

/* The last MAX screen rows of TEXT wrapped at COLS, oldest first; returns how many. */
static int wrap_tail(const char *text, int cols, row *out, int max)
{
    row ring[MAX_ROWS];
    int n = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        do {
            int take = len < cols ? len : cols;
            ring[n++ % MAX_ROWS] = (row){ p, take };
            p += take;
            len -= take;
        } while (len > 0);
        p = nl ? nl + 1 : p;
    }
    int keep = n < max ? n : max;
    for (int i = 0; i < keep; i++)
        out[i] = ring[(n - keep + i) % MAX_ROWS];
    return keep;
}

void win_console_draw(win_ui *ui)
{
    const win_snapshot *s = ui->snap;
    char title[80];
    snprintf(title, sizeof title, "COM1 (%llu bytes)", (unsigned long long)s->console.total);
    win_panel(ui, ui->lay.console, title);
    SDL_Rect b = win_panel_body(ui, ui->lay.console);
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT);
    int cols = b.w / win_text_advance(&ui->text, WIN_FONT_TEXT);
    int max = b.h / lh < MAX_ROWS ? b.h / lh : MAX_ROWS;
    row rows[MAX_ROWS];
    int n = wrap_tail(s->console.text, cols > 8 ? cols : 8, rows, max);
    for (int i = 0; i < n; i++) {
        char line[512];
        int len = rows[i].len < (int)sizeof line - 1 ? rows[i].len : (int)sizeof line - 1;
        memcpy(line, rows[i].start, (size_t)len);
        line[len] = '\0';
        for (char *t = line; *t; t++)
            if (*t == '\t')
                *t = ' ';
        win_text_draw(&ui->text, WIN_FONT_TEXT, b.x, b.y + i * lh, WIN_RGB_TEXT, line, b.w);
    }
}
