/* Z and z packets on the debugger core (gdb_priv.h).
 *
 * Z0 and Z1 are both core breakpoints at a linear address (the core needs no memory patch, so
 * software and hardware breakpoints are the same thing here); the stop reply says which one gdb
 * asked for. A breakpoint the core already had (the window's) is shared and never removed.
 *
 * Z2/Z3/Z4 watch a range of bytes, but the core watches pages and stops after the block that
 * first touched one (debugger.h), naming that access. A stop is gdb's when that access lies in a
 * watched range and has the watched direction, or - the access named may be another one in the
 * same block - when the bytes of a write or access watchpoint changed since the run began (a
 * read later in the block is then missed: see the report on the core). Other stops are not
 * reported: the run goes on. */
#include <string.h>
#include "gdb_priv.h"

#define E_ARG "E01"
#define E_FAULT "E14"
#define E_FULL "E28"          /* ENOSPC: no room for another one */

static gdb_breakpoint *find_bp(rs_gdb *g, uint32_t addr)
{
    for (int i = 0; i < g->n_bps; i++)
        if (g->bps[i].addr == addr)
            return &g->bps[i];
    return NULL;
}

static int core_has_bp(rs_gdb *g, uint32_t addr)
{
    uint32_t all[RS_DBG_MAX_BREAKPOINTS];
    int n = rs_dbg_breakpoints(g->d, all, RS_DBG_MAX_BREAKPOINTS);
    for (int i = 0; i < n && i < RS_DBG_MAX_BREAKPOINTS; i++)
        if (all[i] == addr)
            return 1;
    return 0;
}

static const char *insert_bp(rs_gdb *g, uint32_t addr, int hw)
{
    gdb_breakpoint *b = find_bp(g, addr);
    if (!b) {
        if (g->n_bps == RS_DBG_MAX_BREAKPOINTS)
            return E_FULL;
        int foreign = core_has_bp(g, addr);
        if (!foreign && rs_dbg_break_add(g->d, addr) != RS_OK)
            return E_FULL;
        b = &g->bps[g->n_bps++];
        *b = (gdb_breakpoint){ .addr = addr, .foreign = (uint8_t)foreign };
    }
    if (hw)
        b->hw = 1;
    else
        b->sw = 1;
    return "OK";
}

static const char *remove_bp(rs_gdb *g, uint32_t addr, int hw)
{
    gdb_breakpoint *b = find_bp(g, addr);
    if (!b || !(hw ? b->hw : b->sw))
        return "OK";                /* gdb may remove what it never managed to insert */
    if (hw)
        b->hw = 0;
    else
        b->sw = 0;
    if (b->sw || b->hw)
        return "OK";
    if (!b->foreign)
        rs_dbg_break_remove(g->d, addr);
    *b = g->bps[--g->n_bps];
    return "OK";
}

int gdb_break_is_ours(const rs_gdb *g, uint32_t linear, int *hw)
{
    for (int i = 0; i < g->n_bps; i++)
        if (g->bps[i].addr == linear) {
            *hw = !g->bps[i].sw;
            return 1;
        }
    return 0;
}

/* ---- Pages the core watches for gdb ---- */

static int page_ref(rs_gdb *g, uint32_t page)
{
    for (int i = 0; i < g->n_pages; i++)
        if (g->pages[i].page == page) {
            g->pages[i].refs++;
            return 1;
        }
    if (g->n_pages == RS_DBG_MAX_WATCHES || rs_dbg_watch_add(g->d, page) != RS_OK)
        return 0;
    g->pages[g->n_pages++] = (gdb_page){ .page = page, .refs = 1 };
    return 1;
}

static void page_unref(rs_gdb *g, uint32_t page)
{
    for (int i = 0; i < g->n_pages; i++)
        if (g->pages[i].page == page && --g->pages[i].refs == 0) {
            rs_dbg_watch_remove(g->d, page);
            g->pages[i] = g->pages[--g->n_pages];
            return;
        }
}

static uint32_t last_page(const gdb_watchpoint *w) { return (w->addr + w->len - 1) & ~0xfffu; }

static const char *insert_wp(rs_gdb *g, const gdb_zpacket *z)
{
    if (z->kind == 0 || z->kind > GDB_WATCH_MAX_LEN || (uint64_t)z->addr + z->kind > 0x100000000ull)
        return E_ARG;
    if (g->n_wps == GDB_MAX_WATCHPOINTS)
        return E_FULL;
    uint8_t probe;
    if (rs_machine_read_linear(g->m, z->addr, &probe, 1, NULL) != 1 ||
        rs_machine_read_linear(g->m, z->addr + z->kind - 1, &probe, 1, NULL) != 1)
        return E_FAULT;
    gdb_watchpoint *w = &g->wps[g->n_wps];
    *w = (gdb_watchpoint){ .addr = z->addr, .len = z->kind, .type = z->type };
    if (!page_ref(g, w->addr & ~0xfffu))
        return E_FULL;
    if (last_page(w) != (w->addr & ~0xfffu) && !page_ref(g, last_page(w))) {
        page_unref(g, w->addr & ~0xfffu);
        return E_FULL;
    }
    w->old_len = rs_machine_read_linear(g->m, w->addr, w->old, w->len, NULL);
    g->n_wps++;
    return "OK";
}

static void drop_wp(rs_gdb *g, int i)
{
    gdb_watchpoint *w = &g->wps[i];
    page_unref(g, w->addr & ~0xfffu);
    if (last_page(w) != (w->addr & ~0xfffu))
        page_unref(g, last_page(w));
    *w = g->wps[--g->n_wps];
}

static const char *remove_wp(rs_gdb *g, const gdb_zpacket *z)
{
    for (int i = 0; i < g->n_wps; i++)
        if (g->wps[i].addr == z->addr && g->wps[i].len == z->kind && g->wps[i].type == z->type) {
            drop_wp(g, i);
            break;
        }
    return "OK";
}

void gdb_handle_z(rs_gdb *g, const char *p)
{
    gdb_zpacket z;
    if (!gdb_parse_z(p, &z)) {
        gdb_send_str(g, E_ARG);
        return;
    }
    const char *reply;
    if (z.type <= 1)
        reply = z.insert ? insert_bp(g, z.addr, z.type) : remove_bp(g, z.addr, z.type);
    else
        reply = z.insert ? insert_wp(g, &z) : remove_wp(g, &z);
    gdb_send_str(g, reply);
}

void gdb_break_clear_all(rs_gdb *g)
{
    while (g->n_wps > 0)
        drop_wp(g, g->n_wps - 1);
    for (int i = 0; i < g->n_bps; i++)
        if (!g->bps[i].foreign)
            rs_dbg_break_remove(g->d, g->bps[i].addr);
    g->n_bps = 0;
}

/* ---- Watch hits ---- */

void gdb_watch_snapshot(rs_gdb *g)
{
    for (int i = 0; i < g->n_wps; i++)
        g->wps[i].old_len = rs_machine_read_linear(g->m, g->wps[i].addr, g->wps[i].old, g->wps[i].len, NULL);
}

static int changed(rs_gdb *g, gdb_watchpoint *w)
{
    uint8_t now[GDB_WATCH_MAX_LEN];
    uint32_t n = rs_machine_read_linear(g->m, w->addr, now, w->len, NULL);
    return n != w->old_len || memcmp(now, w->old, n) != 0;
}

static int direction_fits(int type, int write) { return type == 4 || (type == 2) == (write != 0); }

int gdb_watch_match(rs_gdb *g, const rs_event *ev, char *out, size_t out_len)
{
    static const char *const names[] = { [2] = "watch", [3] = "rwatch", [4] = "awatch" };
    uint32_t at = ev->u.brk.address;
    gdb_watchpoint *hit = NULL;
    for (int i = 0; i < g->n_wps && !hit; i++) {
        gdb_watchpoint *w = &g->wps[i];
        if (at - w->addr < w->len && direction_fits(w->type, ev->u.brk.write))
            hit = w;
    }
    for (int i = 0; i < g->n_wps && !hit; i++)
        if (g->wps[i].type != 3 && changed(g, &g->wps[i]))
            hit = &g->wps[i], at = hit->addr;
    if (!hit)
        return 0;
    snprintf(out, out_len, "%s:%x;", names[hit->type], at);
    return 1;
}
