/* CMOS and the RTC (emu/devices/dev_rtc.c): date parsing, the boot state, fields in BCD/binary and
 * 12/24-hour modes, the clock in virtual time with UIP in the last 244 us of each second, SET and
 * writing the time, register C's flags, and the periodic, update-ended and alarm interrupts on
 * IRQ 8 at exact virtual times. */
#include "rtc.h"
#include "rs_test.h"

static rs_rtc r;
static rs_io_device dev;
static rs_pic pic;
static rs_io_device pm, ps;
static uint64_t clock_ns;

static uint64_t clock_fn(void *o) { (void)o; return clock_ns; }
static uint8_t rd(uint8_t i)
{
    dev.write(dev.opaque, 0, 1, i);
    return (uint8_t)dev.read(dev.opaque, 1, 1);
}
static void wr(uint8_t i, uint8_t v)
{
    dev.write(dev.opaque, 0, 1, i);
    dev.write(dev.opaque, 1, 1, v);
}

static void reset(int64_t epoch)
{
    rs_pic_init(&pic, &pm, &ps);
    clock_ns = 0;
    rs_rtc_init(&r, 128u << 20, epoch, &pic, 8, clock_fn, NULL, &dev);
}

static void test_parse(void)
{
    int64_t t = 0;
    CHECK(rs_rtc_parse("2026-01-01T00:00:00", &t));
    CHECK_EQ(t, RS_RTC_DEFAULT_EPOCH);
    CHECK(rs_rtc_parse("1970-01-01 00:00:00Z", &t));
    CHECK_EQ(t, 0);
    CHECK(rs_rtc_parse("2000-02-29T23:59:59", &t));
    CHECK_EQ(t, 951868799);
    CHECK(!rs_rtc_parse("2001-02-29T00:00:00", &t));   /* not a leap year */
    CHECK(!rs_rtc_parse("2026-13-01T00:00:00", &t));
    CHECK(!rs_rtc_parse("2026-01-01T24:00:00", &t));
    CHECK(!rs_rtc_parse("1969-12-31T23:59:59", &t));
    CHECK(!rs_rtc_parse("2026-01-01", &t));
    CHECK(!rs_rtc_parse("2026-01-01T00:00:00x", &t));
    CHECK(!rs_rtc_parse("tomorrow", &t));
}

static void test_boot_state_and_fields(void)
{
    reset(RS_RTC_DEFAULT_EPOCH + 13 * 3600 + 5 * 60 + 9);   /* 2026-01-01 13:05:09, a Thursday */
    CHECK_EQ(dev.read(dev.opaque, 0, 1), 0xff);
    CHECK_EQ(rd(0x0a), 0x26);
    CHECK_EQ(rd(0x0b), 0x02);
    CHECK_EQ(rd(0x0d), 0x80);
    CHECK_EQ(rd(0x0c), 0x10);
    CHECK_EQ(rd(0x0c), 0x00);                               /* read clears */
    CHECK_EQ(rd(0x15), 0x80);
    CHECK_EQ(rd(0x16), 0x02);
    CHECK_EQ(rd(0x17), 0xff);
    CHECK_EQ(rd(0x35), 0x07);                               /* (128 - 16) MiB / 64 KiB = 0x700 */
    CHECK_EQ(rd(0x00), 0x09);
    CHECK_EQ(rd(0x02), 0x05);
    CHECK_EQ(rd(0x04), 0x13);
    CHECK_EQ(rd(0x06), 5);
    CHECK_EQ(rd(0x07), 0x01);
    CHECK_EQ(rd(0x08), 0x01);
    CHECK_EQ(rd(0x09), 0x26);
    CHECK_EQ(rd(0x32), 0x20);
    wr(0x0b, 0x00);                                         /* BCD, 12-hour: 1 PM */
    CHECK_EQ(rd(0x04), 0x81);
    wr(0x0b, 0x06);                                         /* binary, 24-hour */
    CHECK_EQ(rd(0x04), 13);
    CHECK_EQ(rd(0x09), 26);
    rs_rtc_init(&r, 4u << 20, 0, NULL, 8, clock_fn, NULL, &dev);
    CHECK_EQ(rd(0x17) | rd(0x18) << 8, 3072);               /* 4 MiB: 3 MiB above 1 MiB */
    CHECK_EQ(rd(0x34) | rd(0x35) << 8, 0);
}

static void test_time_and_uip(void)
{
    reset(RS_RTC_DEFAULT_EPOCH + 59);
    clock_ns = 1000000000ull - 244001;
    CHECK_EQ(rd(0x0a), 0x26);
    clock_ns = 1000000000ull - 244000;
    CHECK_EQ(rd(0x0a), 0xa6);                               /* the last 244 us before the update */
    CHECK_EQ(rd(0x00), 0x59);
    clock_ns = 1000000000ull;
    CHECK_EQ(rd(0x0a), 0x26);
    CHECK_EQ(rd(0x00), 0x00);
    CHECK_EQ(rd(0x02), 0x01);
    CHECK_EQ(rd(0x0c), 0x50);                               /* an update happened; periodic ticks too */
    /* SET stops the clock; writes set it; clearing SET starts the next second now. */
    wr(0x0b, 0x82);
    wr(0x09, 0x30);
    wr(0x08, 0x06);
    wr(0x07, 0x15);
    wr(0x04, 0x23);
    wr(0x02, 0x59);
    wr(0x00, 0x58);
    clock_ns += 5000000000ull;
    CHECK_EQ(rd(0x00), 0x58);                               /* stopped */
    wr(0x0b, 0x02);
    clock_ns += 2500000000ull;
    CHECK_EQ(rd(0x00), 0x00);
    CHECK_EQ(rd(0x04), 0x00);
    CHECK_EQ(rd(0x07), 0x16);
    CHECK_EQ(rd(0x06), 1);                                  /* 2030-06-16 is a Sunday */
}

static void test_interrupts(void)
{
    reset(RS_RTC_DEFAULT_EPOCH);
    rd(0x0c);
    CHECK_EQ(rs_rtc_next_event(&r), UINT64_MAX);            /* nothing enabled */
    wr(0x0b, 0x42);                                         /* PIE at 1024 Hz */
    CHECK_EQ(rs_rtc_next_event(&r), 976562);
    rs_rtc_advance(&r, 976562);
    CHECK_EQ(r.irq_level, 1);
    CHECK_EQ((pic.chip[1].irr & 1), 1);                     /* IRQ 8: the slave's line 0 */
    CHECK_EQ(rs_rtc_next_event(&r), UINT64_MAX);            /* until C is read */
    clock_ns = 976562;
    CHECK_EQ(rd(0x0c), 0xc0);
    CHECK_EQ(r.irq_level, 0);
    CHECK_EQ(rs_rtc_next_event(&r), 2 * 976562);            /* the next multiple of the period */
    wr(0x0b, 0x12);                                         /* UIE */
    CHECK_EQ(rs_rtc_next_event(&r), 1000000000ull);
    wr(0x0b, 0x22);                                         /* AIE at hh:mm:05, any hour/minute */
    wr(0x01, 0x05);
    wr(0x03, 0xc0);
    wr(0x05, 0xc0);
    CHECK_EQ(rs_rtc_next_event(&r), 5000000000ull);
    rs_rtc_advance(&r, 5000000000ull);
    clock_ns = 5000000000ull;
    CHECK_EQ(rd(0x0c), 0xf0);                               /* IRQF, and PF AF UF: flags rise enabled or not */
}

int main(void)
{
    test_parse();
    test_boot_state_and_fields();
    test_time_and_uip();
    test_interrupts();
    return rs_test_done();
}
