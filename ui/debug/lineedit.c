/* See lineedit.h.
 *
 * Raw mode turns off what the terminal driver would do with keys itself (canonical lines, echo,
 * signals from Ctrl-C/Ctrl-Z/Ctrl-\, flow control with Ctrl-S/Ctrl-Q, CR->NL on input) but keeps
 * output processing, so a "\n" still starts a new line at column 0. The line is redrawn whole
 * after each key: prompt, the visible part of the text, erase to the end, cursor to its column.
 * A line wider than the terminal scrolls sideways so the cursor stays visible. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "lineedit.h"

#define LINE_MAX_BYTES 4096
#define DEFAULT_HISTORY 500

struct rs_lineedit {
    int interactive;        /* edit in raw mode */
    int echo;               /* plain mode: echo each line after the prompt */
    char **history;         /* oldest first */
    size_t n_history, history_max;
    char *line;             /* the line returned last (plain mode: getline's buffer) */
    size_t line_cap;
};

/* ---- The terminal, process-wide: restored at exit and on fatal signals ---- */

static struct termios saved_termios;
static volatile sig_atomic_t raw_active;
static const int restore_signals[] = { SIGTERM, SIGHUP, SIGQUIT, SIGINT };
#define N_RESTORE_SIGNALS (sizeof restore_signals / sizeof restore_signals[0])
static struct sigaction previous_actions[N_RESTORE_SIGNALS];

static void terminal_restore(void)
{
    if (raw_active) {
        tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_termios);
        raw_active = 0;
    }
}

/* Async-signal-safe: tcsetattr, write and raise all are. The handler is one-shot
 * (SA_RESETHAND), so the re-raised signal takes its default action once the handler returns. */
static void on_fatal_signal(int sig)
{
    if (raw_active) {
        tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_termios);
        if (write(STDOUT_FILENO, "\n", 1) < 0) {}     /* leave the half-typed line */
    }
    raw_active = 0;
    raise(sig);
}

static int terminal_raw(void)
{
    static int atexit_done;
    if (tcgetattr(STDIN_FILENO, &saved_termios) < 0)
        return 0;
    if (!atexit_done && atexit(terminal_restore) == 0)
        atexit_done = 1;
    struct termios raw = saved_termios;
    raw.c_iflag &= ~(tcflag_t)(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
    raw.c_cflag |= CS8;
    raw.c_lflag &= ~(tcflag_t)(ECHO | ICANON | IEXTEN | ISIG);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = (int)SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < N_RESTORE_SIGNALS; i++)
        sigaction(restore_signals[i], &sa, &previous_actions[i]);
    raw_active = 1;
    if (tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) < 0) {
        raw_active = 0;
        for (size_t i = 0; i < N_RESTORE_SIGNALS; i++)
            sigaction(restore_signals[i], &previous_actions[i], NULL);
        return 0;
    }
    return 1;
}

static void terminal_cooked(void)
{
    terminal_restore();
    for (size_t i = 0; i < N_RESTORE_SIGNALS; i++)
        sigaction(restore_signals[i], &previous_actions[i], NULL);
}

static int terminal_columns(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

static void write_all(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static void write_str(const char *s) { write_all(s, strlen(s)); }

/* ---- Creating, history ---- */

rs_lineedit *rs_lineedit_create(size_t history_max)
{
    rs_lineedit *le = calloc(1, sizeof *le);
    if (!le)
        return NULL;
    le->history_max = history_max ? history_max : DEFAULT_HISTORY;
    le->interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    le->echo = !isatty(STDIN_FILENO);
    return le;
}

void rs_lineedit_destroy(rs_lineedit *le)
{
    if (!le)
        return;
    terminal_restore();
    for (size_t i = 0; i < le->n_history; i++)
        free(le->history[i]);
    free(le->history);
    free(le->line);
    free(le);
}


void rs_lineedit_history_add(rs_lineedit *le, const char *line)
{
    if (!*line || (le->n_history && !strcmp(le->history[le->n_history - 1], line)))
        return;
    char *copy = strdup(line);
    if (!copy)
        return;
    if (le->n_history == le->history_max) {
        free(le->history[0]);
        memmove(le->history, le->history + 1, (le->n_history - 1) * sizeof *le->history);
        le->n_history--;
    }
    if (!le->history) {
        le->history = calloc(le->history_max, sizeof *le->history);
        if (!le->history) {
            free(copy);
            return;
        }
    }
    le->history[le->n_history++] = copy;
}

/* ---- Plain reading ---- */

static const char *read_plain(rs_lineedit *le, const char *prompt)
{
    fputs(prompt, stdout);
    fflush(stdout);
    ssize_t n = getline(&le->line, &le->line_cap, stdin);
    if (n < 0) {
        fputc('\n', stdout);
        fflush(stdout);
        return NULL;
    }
    while (n > 0 && (le->line[n - 1] == '\n' || le->line[n - 1] == '\r'))
        le->line[--n] = '\0';
    if (le->echo) {
        fputs(le->line, stdout);
        fputc('\n', stdout);
    }
    return le->line;
}

/* ---- Raw editing ---- */

typedef struct edit {
    rs_lineedit *le;
    const char *prompt;
    char buf[LINE_MAX_BYTES];
    size_t len, pos;
    /* History browsing: index n_history is the new line; scratch[i] holds an edited copy of
     * entry i (NULL: unchanged), so browsing never changes the history itself. */
    size_t index;
    char **scratch;
} edit;

static void refresh(edit *e)
{
    size_t plen = strlen(e->prompt);
    size_t cols = (size_t)terminal_columns();
    size_t room = cols > plen + 1 ? cols - plen - 1 : 1;
    size_t start = e->pos > room ? e->pos - room : 0;
    size_t shown = e->len - start < room ? e->len - start : room;
    char out[LINE_MAX_BYTES + 256];
    int n = snprintf(out, sizeof out, "\r%s%.*s\x1b[K\r", e->prompt, (int)shown, e->buf + start);
    size_t col = plen + e->pos - start;
    if (n > 0 && (size_t)n < sizeof out && col > 0)
        snprintf(out + n, sizeof out - (size_t)n, "\x1b[%zuC", col);
    write_str(out);
}

static void set_text(edit *e, const char *text)
{
    size_t n = strlen(text);
    if (n >= sizeof e->buf)
        n = sizeof e->buf - 1;
    memcpy(e->buf, text, n);
    e->buf[n] = '\0';
    e->len = e->pos = n;
}

static void history_move(edit *e, int delta)
{
    rs_lineedit *le = e->le;
    if ((delta < 0 && e->index == 0) || (delta > 0 && e->index >= le->n_history))
        return;
    char *copy = strdup(e->buf);
    if (!copy)
        return;
    free(e->scratch[e->index]);
    e->scratch[e->index] = copy;
    e->index = delta < 0 ? e->index - 1 : e->index + 1;
    const char *text = e->scratch[e->index] ? e->scratch[e->index]
                       : e->index < le->n_history ? le->history[e->index] : "";
    set_text(e, text);
    refresh(e);
}

static void insert_char(edit *e, char c)
{
    if (e->len + 1 >= sizeof e->buf) {
        write_str("\a");
        return;
    }
    memmove(e->buf + e->pos + 1, e->buf + e->pos, e->len - e->pos + 1);
    e->buf[e->pos++] = c;
    e->len++;
    refresh(e);
}

static void delete_range(edit *e, size_t from, size_t to)
{
    memmove(e->buf + from, e->buf + to, e->len - to + 1);
    e->len -= to - from;
    e->pos = from;
    refresh(e);
}

static int read_byte(unsigned char *c)
{
    for (;;) {
        ssize_t n = read(STDIN_FILENO, c, 1);
        if (n == 1)
            return 1;
        if (n < 0 && errno == EINTR)
            continue;      /* SIGWINCH and the like: keep reading */
        return 0;
    }
}

/* Keys that arrive as escape sequences and have no control character of their own. */
enum { KEY_DELETE = 0x100 };

/* The key after ESC: arrows, Home/End, Delete, as xterm and the Linux console send them
 * ("ESC [ A", "ESC O A", "ESC O H", "ESC [ 3 ~", "ESC [ 1 ; 5 C"...). Returns the control character with
 * the same meaning (Ctrl-B/F/P/N/A/E), KEY_DELETE, or 0 for a sequence that means nothing here
 * (it is read whole and dropped). */
static int escape_key(void)
{
    unsigned char a, b;
    if (!read_byte(&a))
        return 0;
    if (a != '[' && a != 'O')
        return 0;
    if (a == 'O') {           /* SS3: application cursor keys, and Home/End on some terminals */
        if (!read_byte(&b))
            return 0;
        const char *keys = "ABCDHF", *hit = strchr(keys, b);
        static const int codes[] = { 16, 14, 6, 2, 1, 5 };
        return b && hit ? codes[hit - keys] : 0;
    }
    unsigned param = 0;       /* the first numeric parameter */
    int in_first = 1;
    for (;;) {                /* parameter bytes 0x30-0x3f, then one final byte 0x40-0x7e */
        if (!read_byte(&b))
            return 0;
        if (b >= '0' && b <= '9' && in_first)
            param = param * 10 + (unsigned)(b - '0');
        else if (b >= 0x30 && b <= 0x3f)
            in_first = 0;
        else
            break;
    }
    switch (b) {
    case 'A': return 16;
    case 'B': return 14;
    case 'C': return 6;
    case 'D': return 2;
    case 'H': return 1;
    case 'F': return 5;
    case '~': return param == 1 || param == 7 ? 1 : param == 4 || param == 8 ? 5 : param == 3 ? KEY_DELETE : 0;
    }
    return 0;
}

/* Handles one key. Returns 1 to accept the line, -1 at end of input, 0 to go on. */
static int edit_key(edit *e, int c)
{
    switch (c) {
    case '\r': case '\n':
        e->pos = e->len;
        refresh(e);
        write_str("\n");
        return 1;
    case 3:                                    /* Ctrl-C: abandon the line */
        write_str("^C\n");
        e->len = e->pos = 0;
        e->buf[0] = '\0';
        e->index = e->le->n_history;
        refresh(e);
        return 0;
    case 4:                                    /* Ctrl-D: end of input on an empty line */
        if (e->len == 0) {
            write_str("\n");
            return -1;
        }
        /* fall through */
    case KEY_DELETE:
        if (e->pos < e->len)
            delete_range(e, e->pos, e->pos + 1);
        return 0;
    case 127: case 8:                          /* Backspace */
        if (e->pos > 0)
            delete_range(e, e->pos - 1, e->pos);
        return 0;
    case 1: e->pos = 0; break;                 /* Ctrl-A, Home */
    case 5: e->pos = e->len; break;            /* Ctrl-E, End */
    case 2: if (e->pos > 0) e->pos--; break;   /* Ctrl-B, Left */
    case 6: if (e->pos < e->len) e->pos++; break;   /* Ctrl-F, Right */
    case 16: history_move(e, -1); return 0;    /* Ctrl-P, Up */
    case 14: history_move(e, +1); return 0;    /* Ctrl-N, Down */
    case 11: delete_range(e, e->pos, e->len); return 0;   /* Ctrl-K */
    case 21: delete_range(e, 0, e->pos); return 0;        /* Ctrl-U */
    case 23: {                                 /* Ctrl-W: the word before the cursor */
        size_t from = e->pos;
        while (from > 0 && e->buf[from - 1] == ' ')
            from--;
        while (from > 0 && e->buf[from - 1] != ' ')
            from--;
        delete_range(e, from, e->pos);
        return 0;
    }
    case 12: write_str("\x1b[H\x1b[2J"); break;   /* Ctrl-L */
    default:
        if (c >= 32 && c < 256 && c != 127)
            insert_char(e, (char)c);
        return 0;
    }
    refresh(e);
    return 0;
}

static const char *read_raw(rs_lineedit *le, const char *prompt)
{
    edit e = { .le = le, .prompt = prompt, .index = le->n_history };
    e.scratch = calloc(le->n_history + 1, sizeof *e.scratch);
    if (!e.scratch || !terminal_raw()) {
        free(e.scratch);
        return read_plain(le, prompt);
    }
    refresh(&e);
    int done = 0;
    while (!done) {
        unsigned char c;
        if (!read_byte(&c)) {
            done = -1;
            break;
        }
        int key = c == 27 ? escape_key() : c;
        if (key)
            done = edit_key(&e, key);
    }
    terminal_cooked();
    for (size_t i = 0; i <= le->n_history; i++)
        free(e.scratch[i]);
    free(e.scratch);
    if (done < 0)
        return NULL;
    if (le->line_cap < e.len + 1) {
        char *p = realloc(le->line, e.len + 1);
        if (!p)
            return NULL;
        le->line = p;
        le->line_cap = e.len + 1;
    }
    memcpy(le->line, e.buf, e.len + 1);
    return le->line;
}

const char *rs_lineedit_read(rs_lineedit *le, const char *prompt)
{
    fflush(stdout);
    return le->interactive ? read_raw(le, prompt) : read_plain(le, prompt);
}
