/* ringscope.boot{kernel=, modules={...}, initrd=, memory=, cmdline= (or append=), limits=}: a
 * booted machine object.
 *
 * Paths are relative to the script's folder (absolute ones are taken as they are); "builtin:NAME"
 * names an image built into ringscope (the teaching kernel, kernel.elf, and the demo programs),
 * and no kernel at all means the built-in teaching kernel. A module is "PATH [ARGS]", its whole
 * string being its Multiboot command line as written (so the kernel prints the name written, not
 * the resolved path), as with `ringscope run --module`. The kernel's command line is
 * "KERNEL CMDLINE", as QEMU builds it, for Multiboot, and CMDLINE alone for a Linux bzImage
 * (QEMU's -append). initrd = "PATH" (a file, or a directory packed as a cpio initramfs) is one
 * more module, taken whole (no arguments): a Linux kernel's initrd. See lua_priv.h. */
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "lua_priv.h"

#define BOOT_MAX_MODULES 64
#define BUILTIN_PREFIX "builtin:"

typedef struct boot_spec {
    const char *kernel;                      /* as written; NULL: the built-in teaching kernel */
    const char *modules[BOOT_MAX_MODULES];   /* "PATH [ARGS]" as written */
    int n_modules;
    const char *cmdline;
    const char *initrd;                      /* the last module when set */
    uint64_t memory_mib;
    rs_lua_limits limits;
} boot_spec;

/* ---- Reading the table (may raise Lua errors; holds no C memory) ---- */

static const char *opt_string(lua_State *L, int t, const char *key)
{
    int type = lua_getfield(L, t, key);
    const char *s = NULL;
    if (type == LUA_TSTRING)
        s = lua_tostring(L, -1);     /* stays valid: the table holds the string */
    else if (type != LUA_TNIL)
        rs_lua_fail(L, "ringscope.boot: %s must be a string, got %s", key, luaL_typename(L, -1));
    lua_pop(L, 1);
    return s;
}

static void read_modules(lua_State *L, int t, boot_spec *s)
{
    int type = lua_getfield(L, t, "modules");
    if (type == LUA_TSTRING)
        rs_lua_fail(L, "ringscope.boot: modules must be a list, e.g. modules = { \"%s\" }", lua_tostring(L, -1));
    if (type != LUA_TNIL && type != LUA_TTABLE)
        rs_lua_fail(L, "ringscope.boot: modules must be a list of file names, got %s", luaL_typename(L, -1));
    lua_Integer n = type == LUA_TTABLE ? luaL_len(L, -1) : 0;
    if (n > BOOT_MAX_MODULES)
        rs_lua_fail(L, "ringscope.boot: at most %d modules, got %lld", BOOT_MAX_MODULES, (long long)n);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, -1, i) != LUA_TSTRING)
            rs_lua_fail(L, "ringscope.boot: module %lld must be a string \"FILE [ARGS]\", got %s", (long long)i,
                        luaL_typename(L, -1));
        s->modules[s->n_modules++] = lua_tostring(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static void read_spec(lua_State *L, const rs_lua_machine *defaults_from, boot_spec *s)
{
    static const char *const fields[] = { "kernel", "modules", "initrd", "memory", "cmdline", "append", "limits", NULL };
    if (!lua_istable(L, 1))
        rs_lua_fail(L, "ringscope.boot: expects a table such as {kernel = \"kernel.elf\", modules = {\"a.elf\"}}, "
                       "got %s", luaL_typename(L, 1));
    rs_lua_check_fields(L, 1, "ringscope.boot", fields);
    *s = (boot_spec){ .memory_mib = RS_DEFAULT_RAM_MIB, .limits = defaults_from->defaults };
    s->kernel = opt_string(L, 1, "kernel");
    s->cmdline = opt_string(L, 1, "cmdline");
    const char *append = opt_string(L, 1, "append");
    if (append && s->cmdline)
        rs_lua_fail(L, "ringscope.boot: cmdline and append are the same thing; give one");
    if (append)
        s->cmdline = append;
    read_modules(L, 1, s);
    s->initrd = opt_string(L, 1, "initrd");
    if (s->initrd) {
        if (s->n_modules == BOOT_MAX_MODULES)
            rs_lua_fail(L, "ringscope.boot: at most %d modules with the initrd", BOOT_MAX_MODULES);
        s->modules[s->n_modules++] = s->initrd;
    }
    if (lua_getfield(L, 1, "memory") != LUA_TNIL)
        s->memory_mib = rs_lua_check_uint(L, -1, "ringscope.boot: memory (MiB)", RS_MIN_RAM_MIB, RS_MAX_RAM_MIB);
    lua_pop(L, 1);
    lua_getfield(L, 1, "limits");
    rs_lua_parse_limits(L, lua_gettop(L), "ringscope.boot: limits", &s->limits);
    lua_pop(L, 1);
}

/* ---- Loading (plain C: reports into MSG, never raises) ---- */

static const rs_builtin_image *find_builtin(const char *name)
{
    if (!strcmp(name, rs_demo_kernel.name))
        return &rs_demo_kernel;
    for (unsigned i = 0; i < rs_demo_module_count; i++)
        if (!strcmp(name, rs_demo_modules[i].name))
            return &rs_demo_modules[i];
    return NULL;
}

static void list_builtins(char *out, size_t len)
{
    size_t used = (size_t)snprintf(out, len, "%s", rs_demo_kernel.name);
    for (unsigned i = 0; i < rs_demo_module_count && used < len; i++)
        used += (size_t)snprintf(out + used, len - used, ", %s", rs_demo_modules[i].name);
}

/* Reads the image named by the first word of SPEC; its command line becomes CMDLINE (owned). */
static int load_image(const char *what, const char *spec, const char *script_dir, char *cmdline, rs_image *img,
                      char *msg, size_t len)
{
    char path[4096];
    int initrd = !strcmp(what, "initrd");
    snprintf(path, sizeof path, "%s", spec);
    if (!initrd)
        path[strcspn(path, " ")] = 0;
    if (!strncmp(path, BUILTIN_PREFIX, strlen(BUILTIN_PREFIX))) {
        const rs_builtin_image *b = find_builtin(path + strlen(BUILTIN_PREFIX));
        if (!b) {
            char names[512];
            list_builtins(names, sizeof names);
            snprintf(msg, len, "no built-in image '%.100s' (built in: %.400s)", path + strlen(BUILTIN_PREFIX), names);
            free(cmdline);
            return 0;
        }
        *img = (rs_image){ b->data, b->size, cmdline, 0 };
        return 1;
    }
    char full[8192];
    snprintf(full, sizeof full, "%s%s%s", path[0] == '/' ? "" : script_dir, path[0] == '/' ? "" : "/", path);
    char why[512] = "";
    struct stat st;
    rs_err err = initrd && stat(full, &st) == 0 && S_ISDIR(st.st_mode)
                     ? rs_image_pack_directory(full, img, why, sizeof why)
                     : rs_image_read_file(full, img, why, sizeof why);
    if (err) {
        const char *text = why;      /* it starts with "PATH: "; the line names the path once */
        if (!strncmp(text, full, strlen(full)) && !strncmp(text + strlen(full), ": ", 2))
            text += strlen(full) + 2;
        snprintf(msg, len, "cannot read %s %.400s: %.300s", what, full, *text ? text : rs_strerror(err));
        free(cmdline);
        return 0;
    }
    img->cmdline = cmdline;
    return 1;
}

/* "builtin:hello.elf ARGS" is seen by the guest as "hello.elf ARGS". */
static char *guest_cmdline(const char *spec, const char *extra)
{
    if (!strncmp(spec, BUILTIN_PREFIX, strlen(BUILTIN_PREFIX)))
        spec += strlen(BUILTIN_PREFIX);
    size_t n = strlen(spec) + (extra ? strlen(extra) + 1 : 0) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", spec, extra ? " " : "", extra ? extra : "");
    return s;
}

static int load_images(const boot_spec *s, const char *dir, rs_image *kernel, rs_image *mods, char *msg, size_t len)
{
    const char *k = s->kernel ? s->kernel : BUILTIN_PREFIX "kernel.elf";
    /* QEMU passes "KERNEL ARGS" (with the space even when there are no arguments, as `run` does) */
    if (!load_image("kernel", k, dir, guest_cmdline(k, s->cmdline ? s->cmdline : ""), kernel, msg, len))
        return 0;
    if (rs_image_is_linux(kernel)) {  /* Linux gets the arguments alone */
        free(kernel->cmdline);
        kernel->cmdline = strdup(s->cmdline ? s->cmdline : "");
    }
    for (int i = 0; i < s->n_modules; i++) {
        int initrd = s->initrd && i == s->n_modules - 1;
        if (!load_image(initrd ? "initrd" : "module", s->modules[i], dir, guest_cmdline(s->modules[i], NULL),
                        &mods[i], msg, len))
            return 0;
    }
    return 1;
}

static void serial_sink(void *opaque, uint8_t byte) { rs_lua_bytes_put(&((rs_lua_machine *)opaque)->serial, byte); }
static void debugcon_sink(void *opaque, uint8_t byte) { rs_lua_bytes_put(&((rs_lua_machine *)opaque)->debugcon, byte); }

static rs_err start_machine(rs_lua_machine *lm, const boot_spec *s, rs_image *kernel, rs_image *mods, char *msg,
                            size_t len)
{
    rs_machine_config cfg = { .ram_bytes = s->memory_mib << 20, .serial_sink = serial_sink, .serial_opaque = lm,
                              .debugcon_sink = debugcon_sink, .debugcon_opaque = lm, .trace = 1 };
    rs_err err = rs_machine_create(&cfg, &lm->m);
    if (err) {
        snprintf(msg, len, "cannot create the machine: %s", rs_strerror(err));
        return err;
    }
    char why[256] = "";
    err = rs_machine_boot(lm->m, kernel, mods, (size_t)s->n_modules, why, sizeof why);
    if (err)
        snprintf(msg, len, "cannot load %s: %s", s->kernel ? s->kernel : "the built-in kernel",
                 *why ? why : rs_strerror(err));
    if (!err && (err = rs_dbg_create(lm->m, &lm->dbg)) != RS_OK)
        snprintf(msg, len, "cannot attach the debugger: %s", rs_strerror(err));
    if (err) {
        rs_machine_destroy(lm->m);
        lm->m = NULL;
    }
    return err;
}

static void set_where(lua_State *L, rs_lua_machine *lm)
{
    rs_lua_push_where(L);
    snprintf(lm->where, sizeof lm->where, "%s", lua_tostring(L, -1));
    size_t n = strlen(lm->where);
    if (n >= 2 && !strcmp(lm->where + n - 2, ": "))
        lm->where[n - 2] = 0;
    if (!lm->where[0])
        snprintf(lm->where, sizeof lm->where, "?");
    lua_pop(L, 1);
}

int rs_lua_boot(lua_State *L)
{
    rs_lua_context *ctx = rs_lua_context_get(L);
    boot_spec s;
    rs_lua_machine defaults = { .defaults = { RS_LUA_DEFAULT_MAX_INSNS, RS_LUA_DEFAULT_TIMEOUT_S } };
    read_spec(L, &defaults, &s);
    rs_lua_machine *lm = lua_newuserdatauv(L, sizeof *lm, 0);
    memset(lm, 0, sizeof *lm);
    luaL_setmetatable(L, RS_LUA_MACHINE_MT);
    lm->defaults = s.limits;
    set_where(L, lm);
    rs_image kernel = { 0 }, mods[BOOT_MAX_MODULES] = { { 0 } };
    char msg[1024] = "";
    int ok = load_images(&s, ctx->cfg->script_dir, &kernel, mods, msg, sizeof msg) &&
             start_machine(lm, &s, &kernel, mods, msg, sizeof msg) == RS_OK;
    rs_image_free(&kernel);
    for (int i = 0; i < s.n_modules; i++)
        rs_image_free(&mods[i]);
    if (!ok)
        return rs_lua_fail(L, "ringscope.boot: %s", msg);
    lm->cursor = rs_machine_event_log(lm->m)->next_seq;
    lm->next = ctx->open;
    if (ctx->open)
        ctx->open->prev = lm;
    ctx->open = lm;
    return 1;
}
