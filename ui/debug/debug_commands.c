/* The debugger's command table (name, aliases, arguments, help, handler), the parser that finds
 * a line's command in it, `help`, and the inspection commands' argument handling. The handlers
 * that run the guest are in debug_run.c; the views in debug_regs.c, debug_memory.c and
 * debug_events.c. */
#include <ctype.h>
#include <string.h>
#include "debug_session.h"

typedef struct dbg_command {
    const char *name;
    const char *aliases;     /* space-separated; "" for none */
    const char *args;        /* how the arguments are written, for help and errors */
    int min_args, max_args;
    int takes_format;        /* accepts /FMT after the name, as in x/4i */
    int repeats;             /* an empty line repeats it (like gdb) */
    void (*run)(dbg_session *s, int argc, char **argv, const char *fmt);
    const char *summary;     /* one line */
    const char *help;        /* the rest, for `help NAME`; may be NULL */
} dbg_command;

/* ---- Inspection (the work is in the other files) ---- */

static void cmd_regs(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc, (void)argv, (void)fmt;
    dbg_cmd_regs_print(s);
}

static void cmd_x(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc;
    /* FMT: [COUNT][b|w|i|s], COUNT in decimal as in gdb; bytes by default */
    char letter = 'b';
    uint64_t count = 0;
    if (fmt) {
        size_t digits = strspn(fmt, "0123456789");
        if (fmt[digits] && (fmt[digits + 1] || !strchr("bwis", fmt[digits]))) {
            dbg_error("bad format '/%s' (x/N bytes, x/Nw words, x/Ni instructions, x/s string)", fmt);
            return;
        }
        if (fmt[digits])
            letter = fmt[digits];
        char num[16];
        if (digits >= sizeof num) {
            dbg_error("count in '/%s' is too big", fmt);
            return;
        }
        snprintf(num, sizeof num, "%.*s", (int)digits, fmt);
        if (digits && !dbg_parse_count(num, letter == 'i' ? 1000 : 65536, &count))
            return;
    }
    if (!count)
        count = letter == 'i' ? 1 : letter == 'w' ? 16 : letter == 's' ? 256 : 64;
    uint32_t addr;
    if (dbg_parse_address(s, argv[0], &addr))
        dbg_dump_memory(s, addr, (uint32_t)count, letter);
}

static void cmd_disas(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)fmt;
    uint64_t n = 8;
    if (argc > 0 && !dbg_parse_count(argv[0], 1000, &n))
        return;
    uint32_t addr;
    if (argc > 1) {
        if (dbg_parse_address(s, argv[1], &addr))
            dbg_disassemble(s, addr, (uint32_t)n, 0);
        return;
    }
    dbg_disassemble(s, dbg_current_linear(s), (uint32_t)n, 1);
}

static void cmd_pagewalk(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc, (void)fmt;
    uint32_t addr;
    if (dbg_parse_address(s, argv[0], &addr))
        dbg_pagewalk(s, addr);
}

static void cmd_map(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc, (void)argv, (void)fmt;
    dbg_print_map(s);
}

static void cmd_events(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)fmt;
    uint64_t n = 10;
    int kind = -1;
    for (int i = 0; i < argc; i++) {
        if (isdigit((unsigned char)argv[i][0])) {
            if (!dbg_parse_count(argv[i], RS_EVLOG_DEFAULT_CAPACITY, &n))
                return;
        } else if ((kind = dbg_parse_kind(argv[i])) < 0) {
            return;
        }
    }
    dbg_print_events(s, n, kind);
}

static void cmd_explain(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc, (void)argv, (void)fmt;
    dbg_explain_last_exception(s);
}

static void cmd_help(dbg_session *s, int argc, char **argv, const char *fmt);

static void cmd_quit(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc, (void)argv, (void)fmt;
    s->quit = 1;
}

/* ---- The table ---- */

static const dbg_command commands[] = {
    { "step", "s si", "[N]", 0, 1, 0, 1, dbg_cmd_step,
      "run N instructions (default 1), into CALL and INT n",
      "An exception delivered counts no instruction: one step over a faulting instruction ends\n"
      "at the first instruction of the handler. A breakpoint inside the N stops the step." },
    { "next", "n", "", 0, 0, 0, 1, dbg_cmd_next,
      "step, but over CALL and INT n (a system call)",
      "Runs until the instruction after the CALL or INT n is reached; a breakpoint, watch or\n"
      "the end of the guest stops it earlier." },
    { "continue", "c", "", 0, 0, 0, 1, dbg_cmd_continue,
      "run to a breakpoint, a watch, or the end", NULL },
    { "until", "u", "KIND...", 1, 4, 0, 1, dbg_cmd_until,
      "run to the next event of a KIND (help until)",
      "KIND: " DBG_KIND_WORDS ".\n"
      "The run stops just after the event: `until syscall` stops in the kernel at the first\n"
      "instruction of the system call handler; `until fault` once the exception is delivered." },
    { "break", "b", "ADDR", 1, 1, 0, 0, dbg_cmd_break,
      "stop before the instruction at ADDR", NULL },
    { "delete", "d", "ADDR|all", 1, 1, 0, 0, dbg_cmd_delete, "delete the breakpoint at ADDR, or all", NULL },
    { "watch", "", "ADDR", 1, 1, 0, 0, dbg_cmd_watch,
      "stop at a read or write of ADDR's 4 KiB page",
      "ADDR must be mapped: the page is watched at the physical frame it maps to now, through\n"
      "any mapping of that frame." },
    { "unwatch", "", "ADDR", 1, 1, 0, 0, dbg_cmd_unwatch, "stop watching ADDR's page", NULL },
    { "info", "i", "WHAT", 1, 1, 0, 0, dbg_cmd_info,
      "breakpoints, watches, registers; idt, gdt, ldt, tss",
      "info breakpoints (info b): the breakpoints, then the watched pages; info watches;\n"
      "info registers (info r): the same as regs;\n"
      "info idt | gdt | ldt | tss: a descriptor table decoded (each gate's type, DPL, target,\n"
      "and what int n at CPL 3 does with it; each descriptor; the TSS's stacks and I/O bitmap)." },
    { "regs", "r", "", 0, 0, 0, 1, cmd_regs,
      "registers, decoded; '*': changed by the last run",
      "General registers, EIP, EFLAGS (IOPL and IF decoded), segment registers (RPL of the\n"
      "selector, DPL of the cached descriptor, base, limit), CPL, CR0/CR2/CR3/CR4 decoded, GDTR,\n"
      "IDTR, and the TSS's esp0/ss0 (the stack a switch to ring 0 loads). '*' follows each\n"
      "value the last command that ran the guest changed." },
    { "x", "", "/FMT ADDR", 1, 1, 1, 1, cmd_x,
      "memory: x/N bytes, x/Nw words, x/Ni insns, x/s",
      "FMT is [COUNT][LETTER], COUNT in decimal: b bytes (the default; 64 without a count),\n"
      "w 32-bit words (16), i instructions (1), s a NUL-terminated string of at most COUNT\n"
      "bytes (256). ADDR is linear; memory is read through the current page tables with\n"
      "supervisor rights. An unmapped address is an error that names the entry not present." },
    { "disas", "", "[N] [ADDR]", 0, 2, 0, 1, cmd_disas,
      "N instructions (default 8) from EIP, or at ADDR",
      "Without ADDR, up to 3 instructions before EIP come first (found by decoding backwards,\n"
      "so they are a best guess). '=>' marks EIP, 'b' a breakpoint." },
    { "pagewalk", "pw", "ADDR", 1, 1, 0, 0, cmd_pagewalk,
      "the page walk for ADDR, every level decoded",
      "With the current CR3: the directory and table entries (address, value, every bit\n"
      "decoded), the physical address and effective rights, and what a user and a supervisor\n"
      "read and write would get: allowed, or the #PF error code and the entry bit that denies." },
    { "map", "", "", 0, 0, 0, 1, cmd_map, "the address space as regions with their rights",
      "Runs of present pages with the same U/S and R/W, in address order (like QEMU's\n"
      "`info mem`), for the current CR3." },
    { "events", "ev", "[N] [KIND]", 0, 2, 0, 1, cmd_events,
      "the last N events (default 10), as --explain",
      "Allowed port accesses (the serial console's chatter) are left out unless KIND is io.\n"
      "KIND: " DBG_KIND_WORDS "." },
    { "explain", "", "", 0, 0, 0, 0, cmd_explain, "the full explanation of the last exception", NULL },
    { "help", "h ?", "[COMMAND]", 0, 1, 0, 0, cmd_help, "this list, or more about COMMAND", NULL },
    { "quit", "q exit", "", 0, 0, 0, 0, cmd_quit, "leave (so does Ctrl-D, or the end of input)", NULL },
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static int has_alias(const dbg_command *c, const char *word)
{
    size_t n = strlen(word);
    for (const char *a = c->aliases; *a;) {
        size_t len = strcspn(a, " ");
        if (len == n && !strncmp(a, word, n))
            return 1;
        a += len;
        a += strspn(a, " ");
    }
    return 0;
}

/* By name or alias, else by a prefix of exactly one name ("cont", "pagew"). */
static const dbg_command *find_command(const char *word, int report)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(commands[i].name, word) || has_alias(&commands[i], word))
            return &commands[i];
    const dbg_command *found = NULL;
    int matches = 0;
    size_t n = strlen(word);
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strncmp(commands[i].name, word, n)) {
            found = &commands[i];
            matches++;
        }
    if (matches == 1)
        return found;
    if (report && matches > 1) {
        char list[256] = "";
        for (size_t i = 0; i < N_COMMANDS; i++)
            if (!strncmp(commands[i].name, word, n))
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", *list ? ", " : "", commands[i].name);
        dbg_error("ambiguous command '%s': %s", word, list);
    } else if (report) {
        dbg_error("unknown command '%s' (try 'help')", word);
    }
    return NULL;
}

static void print_usage_of(FILE *out, const dbg_command *c)
{
    fprintf(out, "%s%s%s", c->name, *c->args && c->args[0] != '/' ? " " : "", c->args);
}

void dbg_print_command_list(FILE *out)
{
    for (size_t i = 0; i < N_COMMANDS; i++) {
        char usage[64];
        snprintf(usage, sizeof usage, "%s%s%s", commands[i].name,
                 *commands[i].args && commands[i].args[0] != '/' ? " " : "", commands[i].args);
        fprintf(out, "  %-17s %-6s %s\n", usage, commands[i].aliases, commands[i].summary);
    }
}

static void cmd_help(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)s, (void)fmt;
    if (argc == 0) {
        printf("commands (aliases in the second column; a unique prefix of a name also works):\n");
        dbg_print_command_list(stdout);
        printf("ADDR is a linear address: 0x hex or decimal, or a register ($eip, $esp+8, ...).\n"
               "N is 0x hex or decimal. An empty line repeats the last step, next, continue,\n"
               "until, x, disas, events, regs or map. # starts a comment. 'help COMMAND' tells more.\n");
        return;
    }
    const dbg_command *c = find_command(argv[0], 1);
    if (!c)
        return;
    fputs("usage: ", stdout);
    print_usage_of(stdout, c);
    if (*c->aliases)
        printf("   (also: %s)", c->aliases);
    printf("\n%s\n", c->summary);
    if (c->help)
        printf("%s\n", c->help);
}

/* ---- Dispatch ---- */

#define MAX_WORDS 8

int dbg_execute(dbg_session *s, const char *line, const char *last_line)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", line);
    char *words[MAX_WORDS + 1];
    int n = 0;
    for (char *tok = strtok(buf, " \t"); tok; tok = strtok(NULL, " \t")) {
        if (n == MAX_WORDS) {
            dbg_error("too many words on the line");
            return 0;
        }
        words[n++] = tok;
    }
    if (n == 0)
        return last_line && *last_line ? dbg_execute(s, last_line, NULL) : 0;
    char *fmt = strchr(words[0], '/');
    if (fmt)
        *fmt++ = '\0';
    if (!*words[0]) {
        dbg_error("a command name must come before '/'");
        return 0;
    }
    for (const char *p = words[0]; *p; p++) {
        if ((unsigned char)*p < 32 || *p == 127) {     /* shown escaped, never sent raw */
            char shown[64] = "";
            for (const char *q = words[0]; *q && strlen(shown) < sizeof shown - 5; q++)
                snprintf(shown + strlen(shown), sizeof shown - strlen(shown),
                         (unsigned char)*q < 32 || *q == 127 ? "\\x%02x" : "%c", (unsigned char)*q);
            dbg_error("unknown command '%s' (try 'help')", shown);
            return 0;
        }
    }
    const dbg_command *c = find_command(words[0], 1);
    if (!c)
        return 0;
    if (fmt && !c->takes_format) {
        dbg_error("%s takes no /FORMAT", c->name);
        return 0;
    }
    int argc = n - 1;
    if (argc < c->min_args || argc > c->max_args) {
        dbg_error("%s %s (usage: %s%s%s)", c->name, argc < c->min_args ? "needs an argument" : "has too many arguments",
                  c->name, *c->args && c->args[0] != '/' ? " " : "", c->args);
        return 0;
    }
    c->run(s, argc, words + 1, fmt);
    return c->repeats;
}

