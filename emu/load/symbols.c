/* See symbols.h. One array of symbols kept sorted by address (then source), names on the heap;
 * sources in a small array. ELF symbol tables are read in place, every offset checked against
 * the file (System V ABI, "Sections" and "Symbol Table"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "elf32.h"
#include "symbols.h"

#define FINGERPRINT_MAX 4096u

typedef struct source {
    char *name;
    int global;
    uint8_t *print;          /* fingerprint bytes (per-address-space sources) */
    uint32_t print_addr, print_len;
    uint32_t seg_lo[8], seg_hi[8];   /* the ranges its symbols can cover (ELF: its PT_LOAD */
    int n_seg;                       /* segments); none: up to the next symbol only */
} source;

typedef struct entry {
    uint32_t address, size;
    int source;
    char *name;
} entry;

struct rs_symtab {
    source src[RS_SYMTAB_MAX_SOURCES];
    int n_src;
    entry *sym;
    size_t n, cap;
};

rs_err rs_symtab_create(rs_symtab **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? RS_OK : RS_ERR_NOMEM;
}

void rs_symtab_destroy(rs_symtab *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->sym[i].name);
    for (int i = 0; i < t->n_src; i++)
        free(t->src[i].name), free(t->src[i].print);
    free(t->sym);
    free(t);
}

rs_err rs_symtab_add_source(rs_symtab *t, const char *name, int global, int *index)
{
    if (t->n_src == RS_SYMTAB_MAX_SOURCES)
        return RS_ERR_TOO_BIG;
    source *s = &t->src[t->n_src];
    memset(s, 0, sizeof *s);
    s->name = strdup(name ? name : "");
    if (!s->name)
        return RS_ERR_NOMEM;
    s->global = global;
    *index = t->n_src++;
    return RS_OK;
}

static int by_address(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->address != y->address)
        return x->address < y->address ? -1 : 1;
    return x->source - y->source;
}

/* Appends without sorting (the callers sort once at the end). */
static rs_err append(rs_symtab *t, int source, const char *name, size_t name_len, uint32_t address, uint32_t size)
{
    if (source < 0 || source >= t->n_src || name_len == 0)
        return RS_ERR_ARG;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        entry *e = realloc(t->sym, cap * sizeof *e);
        if (!e)
            return RS_ERR_NOMEM;
        t->sym = e, t->cap = cap;
    }
    char *copy = malloc(name_len + 1);
    if (!copy)
        return RS_ERR_NOMEM;
    memcpy(copy, name, name_len);
    copy[name_len] = '\0';
    t->sym[t->n++] = (entry){ .address = address, .size = size, .source = source, .name = copy };
    return RS_OK;
}

static void sort(rs_symtab *t)
{
    if (t->n == 0)   /* an image without symbols: qsort's array may not be NULL, even for 0 */
        return;
    qsort(t->sym, t->n, sizeof *t->sym, by_address);
}

rs_err rs_symtab_add(rs_symtab *t, int source, const char *name, uint32_t address, uint32_t size)
{
    rs_err e = append(t, source, name, name ? strlen(name) : 0, address, size);
    if (!e)
        sort(t);
    return e;
}

rs_err rs_symtab_set_fingerprint(rs_symtab *t, int index, uint32_t address, const uint8_t *bytes, uint32_t len,
                                 uint32_t lo, uint32_t hi)
{
    if (index < 0 || index >= t->n_src || len == 0)
        return RS_ERR_ARG;
    source *s = &t->src[index];
    len = len < FINGERPRINT_MAX ? len : FINGERPRINT_MAX;
    uint8_t *copy = malloc(len);
    if (!copy)
        return RS_ERR_NOMEM;
    memcpy(copy, bytes, len);
    free(s->print);
    s->print = copy, s->print_addr = address, s->print_len = len;
    if (!s->n_seg && hi > lo)
        s->seg_lo[0] = lo, s->seg_hi[0] = hi, s->n_seg = 1;
    return RS_OK;
}

/* ---- ELF ---- */

/* Elf32_Ehdr e_shoff, e_shentsize, e_shnum; Elf32_Shdr and Elf32_Sym field offsets. */
enum {
    E_SHOFF = 32, E_SHENTSIZE = 46, E_SHNUM = 48, SHDR_SIZE = 40, SYM_SIZE = 16,
    SH_TYPE = 4, SH_OFFSET = 16, SH_SIZE = 20, SH_LINK = 24,
    SHT_SYMTAB = 2, SHN_UNDEF = 0, SHN_LORESERVE = 0xff00,
    STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2,
};

static int inside(size_t size, uint64_t off, uint64_t len)
{
    return off <= size && len <= size - off;
}

/* The PT_LOAD segments are the ranges its symbols cover; the first executable one with file
 * bytes is the fingerprint (what a mapped copy of the program shows). */
static rs_err segments_elf(rs_symtab *t, int index, const uint8_t *data, size_t size, const rs_elf32_header *h)
{
    source *s = &t->src[index];
    const uint8_t *print = NULL;
    uint32_t print_addr = 0, print_len = 0;
    for (unsigned i = 0; i < h->phnum; i++) {
        rs_elf32_phdr ph;
        rs_elf32_read_phdr(data, h, i, &ph);
        if (ph.type != RS_ELF_PT_LOAD || ph.memsz == 0)
            continue;
        uint64_t end = (uint64_t)ph.vaddr + ph.memsz;
        if (s->n_seg < 8) {
            s->seg_lo[s->n_seg] = ph.vaddr;
            s->seg_hi[s->n_seg++] = end > UINT32_MAX ? UINT32_MAX : (uint32_t)end;
        }
        if (!print && (ph.flags & RS_ELF_PF_X) && ph.filesz && inside(size, ph.offset, ph.filesz)) {
            print = data + ph.offset;
            print_addr = ph.vaddr;
            print_len = ph.filesz;
        }
    }
    if (s->global || !print)
        return RS_OK;      /* no fingerprint: a per-space source's names are then never shown */
    return rs_symtab_set_fingerprint(t, index, print_addr, print, print_len, 0, 0);
}

static rs_err read_symtab(rs_symtab *t, int index, const uint8_t *data, size_t size)
{
    uint32_t shoff = rs_le32(data + E_SHOFF);
    unsigned shentsize = rs_le16(data + E_SHENTSIZE), shnum = rs_le16(data + E_SHNUM);
    if (shoff == 0 || shnum == 0)
        return RS_OK;
    if (shentsize < SHDR_SIZE || !inside(size, shoff, (uint64_t)shnum * shentsize))
        return RS_ERR_BAD_IMAGE;
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sh = data + shoff + (size_t)i * shentsize;
        if (rs_le32(sh + SH_TYPE) != SHT_SYMTAB)
            continue;
        uint32_t off = rs_le32(sh + SH_OFFSET), len = rs_le32(sh + SH_SIZE), link = rs_le32(sh + SH_LINK);
        if (link >= shnum || !inside(size, off, len))
            return RS_ERR_BAD_IMAGE;
        const uint8_t *str_sh = data + shoff + (size_t)link * shentsize;
        uint32_t str_off = rs_le32(str_sh + SH_OFFSET), str_len = rs_le32(str_sh + SH_SIZE);
        if (!inside(size, str_off, str_len))
            return RS_ERR_BAD_IMAGE;
        const char *strtab = (const char *)data + str_off;
        for (uint32_t k = 1; k < len / SYM_SIZE; k++) {     /* entry 0 is the undefined symbol */
            const uint8_t *s = data + off + (size_t)k * SYM_SIZE;
            uint32_t name = rs_le32(s), value = rs_le32(s + 4), sz = rs_le32(s + 8);
            unsigned type = s[12] & 0xf, shndx = rs_le16(s + 14);
            if ((type != STT_NOTYPE && type != STT_OBJECT && type != STT_FUNC) || shndx == SHN_UNDEF ||
                shndx >= SHN_LORESERVE || name >= str_len)
                continue;
            size_t n = strnlen(strtab + name, str_len - name);
            if (n == 0 || n == str_len - name)
                continue;
            rs_err e = append(t, index, strtab + name, n, value, sz);
            if (e)
                return e;
        }
    }
    return RS_OK;
}

rs_err rs_symtab_add_elf(rs_symtab *t, const char *name, int global, const uint8_t *data, size_t size, int *out)
{
    rs_elf32_header h;
    if (rs_elf32_read_header(data, size, &h, NULL, 0) != RS_OK || size < E_SHNUM + 2)
        return RS_ERR_BAD_IMAGE;
    int index;
    rs_err e = rs_symtab_add_source(t, name, global, &index);
    if (!e)
        e = segments_elf(t, index, data, size, &h);
    if (!e)
        e = read_symtab(t, index, data, size);
    sort(t);
    if (!e && out)
        *out = index;
    return e;
}

/* ---- System.map ---- */

rs_err rs_symtab_add_system_map(rs_symtab *t, const char *name, const char *text, size_t len, int *out)
{
    int index;
    rs_err e = rs_symtab_add_source(t, name, 1, &index);
    const char *p = text, *end = text + len;
    while (!e && p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = eol ? eol : end;
        /* "c1000000 T _text": 8 hex digits, a space, a letter, a space, the name. */
        uint32_t address = 0;
        int digits = 0;
        const char *q = p;
        for (; q < line_end && digits < 8; q++, digits++) {
            int c = *q, v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (v < 0)
                break;
            address = address << 4 | (uint32_t)v;
        }
        if (digits == 8 && line_end - q >= 4 && q[0] == ' ' && q[2] == ' ' && q[1] != 'a' && q[1] != 'A') {
            const char *nm = q + 3;
            size_t n = (size_t)(line_end - nm);
            while (n && (nm[n - 1] == '\r' || nm[n - 1] == ' '))
                n--;
            if (n)
                e = append(t, index, nm, n, address, 0);
        }
        p = line_end + 1;
    }
    sort(t);
    if (!e && out)
        *out = index;
    return e;
}

/* ---- Queries ---- */

int rs_symtab_sources(const rs_symtab *t) { return t->n_src; }
size_t rs_symtab_count(const rs_symtab *t) { return t->n; }

const char *rs_symtab_source_name(const rs_symtab *t, int index)
{
    return index >= 0 && index < t->n_src ? t->src[index].name : NULL;
}

uint64_t rs_symtab_spaces(const rs_symtab *t, rs_symtab_reader read, void *opaque)
{
    uint64_t mask = 0;
    uint8_t buf[FINGERPRINT_MAX];
    for (int i = 0; i < t->n_src; i++) {
        const source *s = &t->src[i];
        if (s->global)
            mask |= (uint64_t)1 << i;
        else if (s->print && read(opaque, s->print_addr, buf, s->print_len) == s->print_len &&
                 memcmp(buf, s->print, s->print_len) == 0)
            mask |= (uint64_t)1 << i;
    }
    return mask;
}

static int counts(const rs_symtab *t, int source, uint64_t spaces)
{
    return t->src[source].global || (spaces >> source & 1);
}

/* Index of the first symbol with address > A. */
static size_t upper_bound(const rs_symtab *t, uint32_t a)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->sym[mid].address <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether symbol I of the table (source S) covers A. */
static int covers(const rs_symtab *t, size_t i, uint32_t a)
{
    const entry *e = &t->sym[i];
    const source *s = &t->src[e->source];
    if (e->size)
        return a - e->address < e->size;
    int in_segment = s->n_seg == 0;
    for (int k = 0; k < s->n_seg; k++)
        in_segment |= a >= s->seg_lo[k] && a < s->seg_hi[k] && e->address >= s->seg_lo[k];
    if (!in_segment)
        return 0;
    for (size_t k = i + 1; k < t->n; k++)
        if (t->sym[k].source == e->source && t->sym[k].address != e->address)
            return a < t->sym[k].address;
    return s->n_seg > 0 || a == e->address;
}

static void fill(const rs_symtab *t, size_t i, rs_symbol *out)
{
    *out = (rs_symbol){ .name = t->sym[i].name, .address = t->sym[i].address, .size = t->sym[i].size,
                        .source = t->sym[i].source };
}

int rs_symtab_lookup(const rs_symtab *t, uint32_t address, uint64_t spaces, rs_symbol *out)
{
    if (!t)
        return 0;
    /* Walk back from the nearest symbol below: the first that counts and covers the address, a
     * per-address-space source before a global one at the same address. Sized symbols may
     * nest (a function inside a section-sized object): the innermost wins by being nearest. */
    int found = -1;
    size_t stop = upper_bound(t, address);
    for (size_t i = stop; i-- > 0;) {
        const entry *e = &t->sym[i];
        if (found >= 0 && t->sym[found].address != e->address)
            break;
        if (!counts(t, e->source, spaces) || !covers(t, i, address))
            continue;
        if (found < 0 || (t->src[t->sym[found].source].global && !t->src[e->source].global))
            found = (int)i;
        if (stop - i > 4096)
            break;
    }
    if (found < 0)
        return 0;
    fill(t, (size_t)found, out);
    return 1;
}

int rs_symtab_find(const rs_symtab *t, const char *name, uint64_t spaces, rs_symbol *out)
{
    if (!t || !name)
        return 0;
    const char *colon = strchr(name, ':');
    int want_src = -1;
    if (colon) {
        for (int i = 0; i < t->n_src; i++)
            if (strlen(t->src[i].name) == (size_t)(colon - name) && memcmp(t->src[i].name, name, (size_t)(colon - name)) == 0)
                want_src = i;
        if (want_src < 0)
            return 0;
        name = colon + 1;
    }
    long best = -1;
    for (size_t i = 0; i < t->n; i++) {
        const entry *e = &t->sym[i];
        if (strcmp(e->name, name) != 0 || (want_src >= 0 && e->source != want_src))
            continue;
        if (want_src >= 0 || counts(t, e->source, spaces)) {
            best = (long)i;
            break;
        }
        if (best < 0)
            best = (long)i;
    }
    if (best < 0)
        return 0;
    fill(t, (size_t)best, out);
    return 1;
}

int rs_symtab_format(const rs_symtab *t, uint32_t address, uint64_t spaces, char *buf, size_t len)
{
    rs_symbol s;
    if (len)
        buf[0] = '\0';
    if (!rs_symtab_lookup(t, address, spaces, &s))
        return 0;
    uint32_t off = address - s.address;
    return off ? snprintf(buf, len, "%s+%u", s.name, (unsigned)off) : snprintf(buf, len, "%s", s.name);
}

/* ---- Images ---- */

/* "hello.elf" from a command line "/path/to/hello.elf arg": the first word's last component. */
static void image_name(const rs_image *img, const char *fallback, char *buf, size_t len)
{
    const char *cmd = img->cmdline && *img->cmdline ? img->cmdline : fallback;
    size_t n = strcspn(cmd, " \t");
    const char *start = cmd;
    for (size_t i = 0; i < n; i++)
        if (cmd[i] == '/')
            start = cmd + i + 1;
    snprintf(buf, len, "%.*s", (int)(cmd + n - start), start);
}

rs_err rs_symtab_add_images(rs_symtab *t, const rs_image *kernel, const rs_image *modules, size_t n_modules)
{
    char name[128];
    for (size_t i = 0; i <= n_modules; i++) {
        const rs_image *img = i == 0 ? kernel : &modules[i - 1];
        if (!img || !rs_elf32_has_magic(img->data, img->size))
            continue;
        image_name(img, i == 0 ? "kernel" : "module", name, sizeof name);
        int before = t->n_src;
        rs_err e = rs_symtab_add_elf(t, name, i == 0, img->data, img->size, NULL);
        if (e == RS_ERR_BAD_IMAGE) {
            /* No names for that one (it booted, so it is no reason to stop): drop its source. */
            for (size_t k = 0; k < t->n;)
                if (t->sym[k].source >= before) {
                    free(t->sym[k].name);
                    t->sym[k] = t->sym[--t->n];
                } else {
                    k++;
                }
            for (int k = before; k < t->n_src; k++)
                free(t->src[k].name), free(t->src[k].print);
            t->n_src = before;
            sort(t);
            continue;
        }
        if (e)
            return e;
    }
    return RS_OK;
}

int rs_symtab_source_overlaps(const rs_symtab *t, int index, uint32_t lo, uint32_t hi)
{
    if (!t || index < 0 || index >= t->n_src)
        return 0;
    const source *s = &t->src[index];
    for (int k = 0; k < s->n_seg; k++)
        if (lo < s->seg_hi[k] && hi >= s->seg_lo[k])
            return 1;
    return 0;
}

int rs_symtab_source_global(const rs_symtab *t, int index)
{
    return t && index >= 0 && index < t->n_src && t->src[index].global;
}
