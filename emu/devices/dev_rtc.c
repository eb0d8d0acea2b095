/* CMOS and the real-time clock: see rtc.h. Register semantics from the MC146818A datasheet
 * ("Register A/B/C/D", "Update Cycle", "Interrupts") and QEMU 7.2's mc146818rtc.c (read, not
 * copied); the CMOS contents as measured under QEMU 7.2 + SeaBIOS. */
#include <stdio.h>
#include <string.h>
#include "rtc.h"

enum {
    REG_SEC = 0x00, REG_SEC_ALARM = 0x01, REG_MIN = 0x02, REG_MIN_ALARM = 0x03, REG_HOUR = 0x04,
    REG_HOUR_ALARM = 0x05, REG_WDAY = 0x06, REG_MDAY = 0x07, REG_MONTH = 0x08, REG_YEAR = 0x09,
    REG_A = 0x0a, REG_B = 0x0b, REG_C = 0x0c, REG_D = 0x0d, REG_CENTURY = 0x32, REG_PS2_CENTURY = 0x37,
    A_UIP = 0x80, B_SET = 0x80, B_PIE = 0x40, B_AIE = 0x20, B_UIE = 0x10, B_DM_BINARY = 0x04, B_24H = 0x02,
    C_IRQF = 0x80, C_PF = 0x40, C_AF = 0x20, C_UF = 0x10,
};

#define NS_PER_S 1000000000ull
#define UIP_NS 244000ull             /* UIP is set this long before each update (QEMU: 244 us) */
#define ALARM_SEARCH 86400           /* seconds: every alarm matches within a day */

/* ---- calendar (proleptic Gregorian, days since 1970-01-01) ---- */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

typedef struct fields { int year, month, mday, wday, hour, min, sec; } fields;

static fields fields_of(int64_t t)
{
    fields f;
    int64_t days = t / 86400, rem = t % 86400;
    f.hour = (int)(rem / 3600), f.min = (int)(rem / 60 % 60), f.sec = (int)(rem % 60);
    f.wday = (int)((days + 4) % 7) + 1;           /* 1 = Sunday; 1970-01-01 was a Thursday */
    int64_t z = days + 719468, era = z / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    f.mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    f.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    f.year = (int)(yoe + era * 400 + (f.month <= 2));
    return f;
}

static int64_t time_of(const fields *f)
{
    return days_from_civil(f->year, (unsigned)f->month, (unsigned)f->mday) * 86400 + f->hour * 3600 +
           f->min * 60 + f->sec;
}

int rs_rtc_parse(const char *s, int64_t *out)
{
    fields f = { 0 };
    char sep = 0, z = 0, extra = 0;
    int n = sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%c%c", &f.year, &f.month, &f.mday, &sep, &f.hour, &f.min, &f.sec, &z,
                   &extra);
    if (n < 7 || (sep != 'T' && sep != ' ') || (n >= 8 && z != 'Z') || n == 9 || strlen(s) < 19)
        return 0;
    if (f.year < 1970 || f.year > 2199 || f.month < 1 || f.month > 12 || f.mday < 1 || f.hour > 23 || f.min > 59 ||
        f.sec > 59 || f.hour < 0 || f.min < 0 || f.sec < 0)
        return 0;
    static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (f.year % 4 == 0 && f.year % 100 != 0) || f.year % 400 == 0;
    if (f.mday > mdays[f.month - 1] || (f.month == 2 && f.mday == 29 && !leap))
        return 0;
    *out = time_of(&f);
    return 1;
}

/* ---- the clock in virtual time ---- */

static uint64_t now_of(const rs_rtc *r) { return r->clock ? r->clock(r->clock_opaque) : r->checked_ns; }

int64_t rs_rtc_time(const rs_rtc *r, uint64_t now_ns)
{
    if (!r->running || now_ns < r->base_ns)
        return r->base_s;
    return r->base_s + (int64_t)((now_ns - r->base_ns) / NS_PER_S);
}

static uint64_t period_ns(const rs_rtc *r)
{
    unsigned rate = r->cmos[REG_A] & 0x0f;
    if (!rate || (r->cmos[REG_A] & 0x70) != 0x20)
        return 0;
    if (rate <= 2)
        rate += 7;                  /* rates 1 and 2 repeat 8 and 9 (256 and 128 Hz) */
    return (NS_PER_S << (rate - 1)) / 32768;
}

static uint8_t enc(const rs_rtc *r, int v)
{
    return (r->cmos[REG_B] & B_DM_BINARY) ? (uint8_t)v : (uint8_t)(((v / 10) << 4) | (v % 10));
}

static int dec(const rs_rtc *r, uint8_t v)
{
    return (r->cmos[REG_B] & B_DM_BINARY) ? v : (v >> 4) * 10 + (v & 0x0f);
}

static uint8_t enc_hour(const rs_rtc *r, int h)
{
    if (r->cmos[REG_B] & B_24H)
        return enc(r, h);
    return (uint8_t)(enc(r, h % 12 ? h % 12 : 12) | (h >= 12 ? 0x80 : 0));
}

static int dec_hour(const rs_rtc *r, uint8_t v)
{
    if (r->cmos[REG_B] & B_24H)
        return dec(r, v);
    int h = dec(r, v & 0x7f) % 12;
    return (v & 0x80) ? h + 12 : h;
}

static int alarm_matches(const rs_rtc *r, int64_t t)
{
    fields f = fields_of(t);
    uint8_t a[3] = { r->cmos[REG_SEC_ALARM], r->cmos[REG_MIN_ALARM], r->cmos[REG_HOUR_ALARM] };
    return (a[0] >= 0xc0 || dec(r, a[0]) == f.sec) && (a[1] >= 0xc0 || dec(r, a[1]) == f.min) &&
           (a[2] >= 0xc0 || dec_hour(r, a[2]) == f.hour);
}

static void update_irq(rs_rtc *r)
{
    uint8_t level = (r->flags & r->cmos[REG_B] & (B_PIE | B_AIE | B_UIE)) != 0;
    if (level != r->irq_level) {
        r->irq_level = level;
        if (r->pic)
            rs_pic_set_irq(r->pic, r->irq, level);
    }
}

/* Sets the flags for what happened in (checked_ns, now]: periodic ticks, updates, alarms. */
static void catch_up(rs_rtc *r, uint64_t now)
{
    if (now <= r->checked_ns)
        return;
    uint64_t p = period_ns(r), t0 = r->checked_ns;
    if (p && now / p > t0 / p)
        r->flags |= C_PF;
    if (r->running && now >= r->base_ns) {
        int64_t s0 = rs_rtc_time(r, t0 > r->base_ns ? t0 : r->base_ns), s1 = rs_rtc_time(r, now);
        if (s1 > s0) {
            r->flags |= C_UF;
            for (int64_t s = s0 + 1; s <= s1 && s <= s0 + ALARM_SEARCH; s++)
                if (alarm_matches(r, s)) {
                    r->flags |= C_AF;
                    break;
                }
        }
    }
    r->checked_ns = now;
    update_irq(r);
}

void rs_rtc_advance(rs_rtc *r, uint64_t now_ns) { catch_up(r, now_ns); }

uint64_t rs_rtc_next_event(const rs_rtc *r)
{
    uint8_t want = r->cmos[REG_B] & (B_PIE | B_AIE | B_UIE);
    if (r->irq_level || !want)
        return UINT64_MAX;
    uint64_t next = UINT64_MAX, t = r->checked_ns, p = period_ns(r);
    if ((want & B_PIE) && p)
        next = (t / p + 1) * p;
    if ((want & (B_UIE | B_AIE)) && r->running) {
        uint64_t since = t > r->base_ns ? t - r->base_ns : 0;
        uint64_t boundary = r->base_ns + (since / NS_PER_S + 1) * NS_PER_S;
        if (want & B_UIE) {
            next = boundary < next ? boundary : next;
        } else {
            int64_t s = rs_rtc_time(r, boundary);
            for (int i = 0; i < ALARM_SEARCH && boundary < next; i++, s++, boundary += NS_PER_S)
                if (alarm_matches(r, s)) {
                    next = boundary;
                    break;
                }
        }
    }
    return next;
}

/* ---- registers ---- */

static int is_clock_field(uint8_t i)
{
    return i == REG_SEC || i == REG_MIN || i == REG_HOUR || i == REG_WDAY || i == REG_MDAY || i == REG_MONTH ||
           i == REG_YEAR || i == REG_CENTURY || i == REG_PS2_CENTURY;
}

static uint8_t read_clock_field(const rs_rtc *r, uint8_t i, uint64_t now)
{
    fields f = fields_of(rs_rtc_time(r, now));
    switch (i) {
    case REG_SEC: return enc(r, f.sec);
    case REG_MIN: return enc(r, f.min);
    case REG_HOUR: return enc_hour(r, f.hour);
    case REG_WDAY: return enc(r, f.wday);
    case REG_MDAY: return enc(r, f.mday);
    case REG_MONTH: return enc(r, f.month);
    case REG_YEAR: return enc(r, f.year % 100);
    default: return enc(r, f.year / 100);
    }
}

/* Sets one field; the second keeps its phase while the clock runs. */
static void write_clock_field(rs_rtc *r, uint8_t i, uint8_t v, uint64_t now)
{
    fields f = fields_of(rs_rtc_time(r, now));
    int x = dec(r, v);
    switch (i) {
    case REG_SEC: f.sec = x % 60; break;
    case REG_MIN: f.min = x % 60; break;
    case REG_HOUR: f.hour = dec_hour(r, v) % 24; break;
    case REG_WDAY: return;                         /* derived from the date */
    case REG_MDAY: f.mday = x >= 1 && x <= 31 ? x : 1; break;
    case REG_MONTH: f.month = x >= 1 && x <= 12 ? x : 1; break;
    case REG_YEAR: f.year = f.year / 100 * 100 + x % 100; break;
    default: f.year = x * 100 + f.year % 100; break;
    }
    if (f.year < 1970)
        f.year = 1970;
    uint64_t frac = r->running && now >= r->base_ns ? (now - r->base_ns) % NS_PER_S : 0;
    r->base_s = time_of(&f);
    if (r->running)
        r->base_ns = now - frac;
}

static void write_b(rs_rtc *r, uint8_t v, uint64_t now)
{
    if ((v & B_SET) && r->running) {            /* stop: the clock holds the current second */
        r->base_s = rs_rtc_time(r, now);
        r->running = 0;
    } else if (!(v & B_SET) && !r->running) {   /* go: the next second starts now */
        r->running = 1;
        r->base_ns = now;
    }
    if (v & B_SET)
        v &= (uint8_t)~B_UIE;                   /* datasheet: SET clears UIE */
    r->cmos[REG_B] = v;
    update_irq(r);
}

static uint32_t rtc_read(void *opaque, uint16_t off, int size)
{
    (void)size;
    rs_rtc *r = opaque;
    if (off == 0)
        return 0xff;
    uint64_t now = now_of(r);
    catch_up(r, now);
    uint8_t i = r->index;
    if (is_clock_field(i))
        return read_clock_field(r, i, now);
    if (i == REG_A) {
        int uip = r->running && now >= r->base_ns && (now - r->base_ns) % NS_PER_S >= NS_PER_S - UIP_NS;
        return (uint32_t)((r->cmos[REG_A] & 0x7f) | (uip ? A_UIP : 0));
    }
    if (i == REG_C) {
        uint8_t v = r->flags | (r->irq_level ? C_IRQF : 0);
        r->flags = 0;
        update_irq(r);
        return v;
    }
    return r->cmos[i];
}

static void rtc_write(void *opaque, uint16_t off, int size, uint32_t value)
{
    (void)size;
    rs_rtc *r = opaque;
    uint8_t v = (uint8_t)value;
    if (off == 0) {
        r->index = v & 0x7f;
        r->nmi_masked = v >> 7;
        return;
    }
    uint64_t now = now_of(r);
    catch_up(r, now);
    uint8_t i = r->index;
    if (is_clock_field(i))
        write_clock_field(r, i, v, now);
    else if (i == REG_A)
        r->cmos[REG_A] = v & 0x7f;
    else if (i == REG_B)
        write_b(r, v, now);
    else if (i != REG_C && i != REG_D)
        r->cmos[i] = v;
}

void rs_rtc_init(rs_rtc *r, uint64_t ram_bytes, int64_t epoch_s, rs_pic *pic, int irq,
                 uint64_t (*clock)(void *opaque), void *clock_opaque, rs_io_device *dev)
{
    *r = (rs_rtc){ .running = 1, .base_s = epoch_s, .flags = C_UF, .pic = pic, .irq = irq, .clock = clock,
                   .clock_opaque = clock_opaque };
    uint8_t *c = r->cmos;
    c[REG_A] = 0x26;
    c[REG_B] = B_24H;
    c[REG_D] = 0x80;
    c[0x10] = 0x50;                 /* floppy drive types */
    c[0x14] = 0x07;                 /* equipment: floppy, FPU */
    c[0x15] = 0x80;                 /* base memory 640 KiB */
    c[0x16] = 0x02;
    uint64_t ext_kib = ram_bytes / 1024 > 1024 ? ram_bytes / 1024 - 1024 : 0;
    if (ext_kib > 65535)
        ext_kib = 65535;
    c[0x17] = c[0x30] = (uint8_t)ext_kib;
    c[0x18] = c[0x31] = (uint8_t)(ext_kib >> 8);
    uint64_t above16 = ram_bytes > (16u << 20) ? (ram_bytes - (16u << 20)) / 65536 : 0;
    if (above16 > 65535)
        above16 = 65535;
    c[0x34] = (uint8_t)above16;
    c[0x35] = (uint8_t)(above16 >> 8);
    c[0x38] = 0x30;                 /* boot order (SeaBIOS's layout) */
    c[0x3d] = 0x12;
    *dev = (rs_io_device){ "cmos", 0x70, 2, rtc_read, rtc_write, r };
}
