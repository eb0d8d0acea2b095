/* The 8254 programmable interval timer: see timer_devices.h.
 *
 * Sources: the Intel 8254 datasheet (order 231164-005): "Control Word Format" (fig. 7), "Write
 * Operations", "Read Operations" (counter latch command, read-back command, status byte, figs.
 * 10-14), "Mode Definitions" (modes 0-5); the OSDev wiki page "Programmable Interval Timer".
 *
 * Each counter is a pure function of virtual time: d(t) = floor((t - start_ns) * RS_PIT_HZ / 1e9)
 * CLK pulses have passed at time t since the count N was loaded, and the count and OUT follow
 * from d and N. Rising edges of OUT, the only thing IRQ0 sees:
 *   mode 0 (interrupt on terminal count)     once, N CLKs after the load; OUT stays high
 *   mode 2 (rate generator)                  every N CLKs (OUT is low for the CLK before each)
 *   mode 3 (square wave)                     every N CLKs (high for ceil(N/2), low for floor(N/2))
 *   mode 4 (software triggered strobe)       once, N CLKs after the load (low for the CLK before)
 *   modes 1 and 5 (started by a GATE edge)   never: GATE is wired high on the PC, so no trigger
 * Two simplifications, both QEMU 7.2's, so guests see the same periods in both machines: a count
 * takes effect the moment it is written (the 8254 loads it on the next CLK), and a new count in
 * mode 2 or 3 restarts the period at once (the 8254 finishes the current period first).
 * Writing a control word stops the counter and sets OUT to the mode's initial level (low in mode
 * 0, high otherwise) until a count is written, as the datasheet says; QEMU keeps counting there.
 */
#include "timer_devices.h"

#define NS_PER_S 1000000000ull

enum { ACCESS_LATCH = 0, ACCESS_LO = 1, ACCESS_HI = 2, ACCESS_LOHI = 3, READ_BACK = 3 };

/* CLK pulses in NS nanoseconds, exactly, without overflowing for any NS. */
static uint64_t clocks_in(uint64_t ns)
{
    return ns / NS_PER_S * RS_PIT_HZ + ns % NS_PER_S * RS_PIT_HZ / NS_PER_S;
}

/* The first nanosecond at which CLOCKS pulses have passed: ceil(CLOCKS * 1e9 / HZ); saturates. */
static uint64_t ns_for(uint64_t clocks)
{
    uint64_t whole = clocks / RS_PIT_HZ, rest = clocks % RS_PIT_HZ;
    if (whole >= UINT64_MAX / NS_PER_S)
        return UINT64_MAX;
    return whole * NS_PER_S + (rest * NS_PER_S + RS_PIT_HZ - 1) / RS_PIT_HZ;
}

static uint64_t add_sat(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

static uint64_t elapsed(const rs_pit_channel *c, uint64_t t)
{
    return t > c->start_ns ? clocks_in(t - c->start_ns) : 0;
}

static int periodic(const rs_pit_channel *c) { return c->armed && (c->mode == 2 || c->mode == 3); }
static int one_shot(const rs_pit_channel *c) { return c->armed && (c->mode == 0 || c->mode == 4); }

static uint8_t out_at(const rs_pit_channel *c, uint64_t t)
{
    if (!c->armed)
        return c->out;
    uint64_t d = elapsed(c, t), n = c->reload;
    switch (c->mode) {
    case 0: return d >= n;
    case 2: return n < 2 || d % n != n - 1;
    case 3: return d % n < (n + 1) / 2;
    case 4: return d != n - 1;
    default: return 1;   /* modes 1 and 5: never triggered */
    }
}

/* Rising edges of OUT in the interval (A, B]. */
static uint64_t edges_between(const rs_pit_channel *c, uint64_t a, uint64_t b)
{
    uint64_t da = elapsed(c, a), db = elapsed(c, b);
    if (periodic(c))
        return db / c->reload - da / c->reload;
    if (one_shot(c))
        return da < c->reload && db >= c->reload;
    return 0;
}

/* The first rising edge of OUT after time T, or UINT64_MAX. */
static uint64_t next_edge_after(const rs_pit_channel *c, uint64_t t)
{
    uint64_t d = elapsed(c, t);
    if (periodic(c)) {
        uint64_t k = d / c->reload + 1;
        if (k > UINT64_MAX / c->reload)
            return UINT64_MAX;
        return add_sat(c->start_ns, ns_for(k * c->reload));
    }
    if (one_shot(c) && d < c->reload)
        return add_sat(c->start_ns, ns_for(c->reload));
    return UINT64_MAX;
}

static uint32_t modulus(const rs_pit_channel *c) { return c->bcd ? 10000u : 65536u; }

static uint16_t to_bcd(uint32_t v)
{
    return (uint16_t)((v / 1000 % 10) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 | v % 10);
}

static uint32_t from_bcd(uint16_t v)
{
    return (v >> 12 & 15) * 1000u + (v >> 8 & 15) * 100u + (v >> 4 & 15) * 10u + (v & 15);
}

/* The counting element at time T, as the 16 bits a read returns. A reload of 65536 (or 10000 in
 * BCD) reads as 0. Mode 3 counts down by two in each half period (QEMU's formula). */
static uint16_t count_at(const rs_pit_channel *c, uint64_t t)
{
    uint32_t m = modulus(c), n = c->reload, v;
    uint64_t d = elapsed(c, t);
    if (!c->armed)
        v = n % m;
    else if (c->mode == 2)
        v = (uint32_t)(n - d % n) % m;
    else if (c->mode == 3)
        v = (uint32_t)(n - 2 * d % n) % m;
    else
        v = (uint32_t)((n + m - d % m) % m);
    return c->bcd ? to_bcd((uint16_t)v) : (uint16_t)v;
}

static uint64_t now_of(const rs_pit *t)
{
    return t->clock ? t->clock(t->clock_opaque) : t->now_ns;
}

/* Sets a channel's OUT; channel 0's drives IRQ0. */
static void set_out(rs_pit *t, int ch, uint8_t level)
{
    if (ch == 0 && t->pic && level != t->ch[0].out)
        rs_pic_set_irq(t->pic, 0, level);
    t->ch[ch].out = level;
}

/* Loads count RAW (as written: binary or BCD; 0 is the largest count) at the current time. */
static void load_count(rs_pit *t, int ch, uint16_t raw)
{
    rs_pit_channel *c = &t->ch[ch];
    uint32_t n = c->bcd ? from_bcd(raw) : raw;
    c->reload = n == 0 ? modulus(c) : n;
    c->start_ns = t->now_ns;
    c->null_count = 0;
    c->armed = c->mode != 1 && c->mode != 5;
    set_out(t, ch, c->armed ? out_at(c, t->now_ns) : 1);
}

static void write_count(rs_pit *t, int ch, uint8_t v)
{
    rs_pit_channel *c = &t->ch[ch];
    switch (c->access) {
    case ACCESS_LO: load_count(t, ch, v); break;
    case ACCESS_HI: load_count(t, ch, (uint16_t)(v << 8)); break;
    default:
        if (!c->write_hi_next) {
            c->pending_lo = v;
            c->write_hi_next = 1;
            /* Mode 0: "writing the first byte disables counting; OUT is set low immediately". */
            if (c->mode == 0) {
                c->armed = 0;
                set_out(t, ch, 0);
            }
        } else {
            c->write_hi_next = 0;
            load_count(t, ch, (uint16_t)(c->pending_lo | v << 8));
        }
        break;
    }
}

static void latch_count(rs_pit *t, int ch)
{
    rs_pit_channel *c = &t->ch[ch];
    if (c->latched)   /* "latched again before the count is read: the second command is ignored" */
        return;
    c->latched = 1;
    c->latch_hi_next = 0;
    c->latch_value = count_at(c, t->now_ns);
}

/* Status byte (fig. 13): OUT, NULL COUNT, RW1 RW0, M2 M1 M0, BCD. */
static void latch_status(rs_pit *t, int ch)
{
    rs_pit_channel *c = &t->ch[ch];
    if (c->status_latched)
        return;
    c->status_latched = 1;
    c->status_value = (uint8_t)(out_at(c, t->now_ns) << 7 | c->null_count << 6 | c->access << 4 |
                                c->mode << 1 | c->bcd);
}

static void write_control(rs_pit *t, uint8_t v)
{
    int sc = v >> 6, rw = (v >> 4) & 3;
    if (sc == READ_BACK) {   /* bit 5 = 0: latch counts, bit 4 = 0: latch status; bits 1-3: CNT0-2 */
        for (int ch = 0; ch < 3; ch++) {
            if (!(v & (2 << ch)))
                continue;
            if (!(v & 0x10))
                latch_status(t, ch);
            if (!(v & 0x20))
                latch_count(t, ch);
        }
        return;
    }
    if (rw == ACCESS_LATCH) {
        latch_count(t, sc);
        return;
    }
    rs_pit_channel *c = &t->ch[sc];
    int mode = (v >> 1) & 7;
    c->mode = (uint8_t)(mode >= 6 ? mode - 4 : mode);   /* 6 and 7 are modes 2 and 3 (X10, X11) */
    c->access = (uint8_t)rw;
    c->bcd = v & 1;
    c->write_hi_next = c->read_hi_next = 0;
    c->latched = c->status_latched = 0;
    c->null_count = 1;
    c->armed = 0;
    set_out(t, sc, c->mode == 0 ? 0 : 1);
}

static uint8_t read_counter(rs_pit *t, int ch)
{
    rs_pit_channel *c = &t->ch[ch];
    if (c->status_latched) {
        c->status_latched = 0;
        return c->status_value;
    }
    uint16_t v;
    int high;
    if (c->latched) {
        v = c->latch_value;
        high = c->access == ACCESS_HI || (c->access == ACCESS_LOHI && c->latch_hi_next);
        if (c->access == ACCESS_LOHI && !c->latch_hi_next)
            c->latch_hi_next = 1;
        else
            c->latched = c->latch_hi_next = 0;
    } else {
        v = count_at(c, t->now_ns);
        high = c->access == ACCESS_HI || (c->access == ACCESS_LOHI && c->read_hi_next);
        if (c->access == ACCESS_LOHI)
            c->read_hi_next ^= 1;
    }
    return (uint8_t)(high ? v >> 8 : v);
}

/* Every port access first brings the counters up to the machine's current time. Wider accesses
 * are split into byte accesses to consecutive ports; the control port reads as 0 (write-only). */
static uint32_t pit_read(void *opaque, uint16_t off, int size)
{
    rs_pit *t = opaque;
    rs_pit_advance(t, now_of(t));
    uint32_t v = 0;
    for (int i = 0; i < size; i++) {
        int port = off + i;
        uint8_t b = port < 3 ? read_counter(t, port) : port == 3 ? 0 : 0xff;
        v |= (uint32_t)b << (8 * i);
    }
    return v;
}

static void pit_write(void *opaque, uint16_t off, int size, uint32_t value)
{
    rs_pit *t = opaque;
    rs_pit_advance(t, now_of(t));
    for (int i = 0; i < size && off + i < 4; i++) {
        uint8_t b = (uint8_t)(value >> (8 * i));
        if (off + i == 3)
            write_control(t, b);
        else
            write_count(t, off + i, b);
    }
}

void rs_pit_init(rs_pit *t, rs_pic *pic, uint64_t (*clock)(void *opaque), void *opaque, rs_io_device *dev)
{
    *t = (rs_pit){ .pic = pic, .clock = clock, .clock_opaque = opaque };
    for (int ch = 0; ch < 3; ch++)
        t->ch[ch] = (rs_pit_channel){ .mode = 3, .access = ACCESS_LOHI, .reload = 65536, .armed = 1, .out = 1 };
    *dev = (rs_io_device){ "pit", 0x40, 4, pit_read, pit_write, t };
}

void rs_pit_boot_state(rs_pit *t)
{
    pit_write(t, 3, 1, 0x34);   /* channel 0, lo/hi, mode 2, binary */
    pit_write(t, 0, 1, 0);
    pit_write(t, 0, 1, 0);
}

uint64_t rs_pit_next_edge(const rs_pit *t)
{
    return next_edge_after(&t->ch[0], t->now_ns);
}

unsigned rs_pit_advance(rs_pit *t, uint64_t now_ns)
{
    if (now_ns <= t->now_ns)
        return 0;
    rs_pit_channel *c = &t->ch[0];
    uint64_t edges = edges_between(c, t->now_ns, now_ns);
    t->now_ns = now_ns;
    for (int ch = 1; ch < 3; ch++)
        t->ch[ch].out = out_at(&t->ch[ch], now_ns);
    uint8_t level = out_at(c, now_ns);
    if (edges > 0 && t->pic) {
        /* However many edges, the PIC latches one request: show it one low-to-high transition. */
        rs_pic_set_irq(t->pic, 0, 0);
        rs_pic_set_irq(t->pic, 0, 1);
        c->out = 1;
    }
    set_out(t, 0, level);
    return edges > UINT32_MAX ? UINT32_MAX : (unsigned)edges;
}

uint8_t rs_pit_output(const rs_pit *t, int ch)
{
    return out_at(&t->ch[ch], now_of(t));
}
