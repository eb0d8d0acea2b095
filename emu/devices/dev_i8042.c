/* The i8042 and a PS/2 keyboard: see i8042.h. Commands from IBM's PS/2 technical reference and
 * OSDev "8042 PS/2 Controller" / "PS/2 Keyboard"; the boot state and the answers measured under
 * QEMU 7.2 + SeaBIOS. */
#include <string.h>
#include "i8042.h"

#define KEY_GAP_NS 10000000ull         /* 10 ms between scripted keys */
#define SCRIPT_LATEST_NS 1000000000ull  /* the script starts after 1 s at the latest */

enum {
    POLLS_FOR_INPUT = 64,
    ST_OBF = 0x01, ST_SYS = 0x04, ST_CMD = 0x08, ST_UNLOCKED = 0x10, ST_AUX = 0x20,
    CB_KBD_INT = 0x01, CB_AUX_INT = 0x02, CB_KBD_OFF = 0x10, CB_AUX_OFF = 0x20,
};

static void update_irq(rs_i8042 *k)
{
    uint8_t irq1 = k->out_full && !k->out_aux && (k->command & CB_KBD_INT);
    uint8_t irq12 = k->out_full && k->out_aux && (k->command & CB_AUX_INT);
    if (k->pic && irq1 != k->irq1)
        rs_pic_set_irq(k->pic, 1, irq1);
    if (k->pic && irq12 != k->irq12)
        rs_pic_set_irq(k->pic, 12, irq12);
    k->irq1 = irq1, k->irq12 = irq12;
}

/* Moves the next keyboard byte to the output buffer if it is free and the port is on. */
static void refill(rs_i8042 *k)
{
    if (!k->out_full && k->q_count && !(k->command & CB_KBD_OFF)) {
        k->out = k->q[k->q_head];
        k->q_head = (uint8_t)((k->q_head + 1) % RS_I8042_QUEUE);
        k->q_count--;
        k->out_full = 1;
        k->out_aux = 0;
    }
    update_irq(k);
}

/* A byte from the controller itself: straight into the output buffer. */
static void controller_reply(rs_i8042 *k, uint8_t v, int aux)
{
    k->out = v;
    k->out_full = 1;
    k->out_aux = (uint8_t)aux;
    update_irq(k);
}

static void kbd_reply(rs_i8042 *k, uint8_t v)
{
    if (k->q_count < RS_I8042_QUEUE)
        k->q[(k->q_head + k->q_count++) % RS_I8042_QUEUE] = v;
    refill(k);
}

void rs_i8042_key(rs_i8042 *k, uint8_t code)
{
    if (!k->kbd_enabled)
        return;
    k->keys_typed++;
    kbd_reply(k, code);
}

static void kbd_command(rs_i8042 *k, uint8_t v)
{
    if (k->kbd_pending) {                   /* the argument of 0xED, 0xF3 or 0xF0 */
        uint8_t cmd = k->kbd_pending;
        k->kbd_pending = 0;
        kbd_reply(k, 0xfa);
        if (cmd == 0xf0 && v == 0)          /* the set in use: 2, as translated (0x41) if on */
            kbd_reply(k, (k->command & 0x40) ? 0x41 : 2);
        return;
    }
    switch (v) {
    case 0xff: k->q_count = 0; k->kbd_enabled = 1; kbd_reply(k, 0xfa); kbd_reply(k, 0xaa); break;
    case 0xf2: kbd_reply(k, 0xfa); kbd_reply(k, 0xab); kbd_reply(k, 0x41); break;
    case 0xee: kbd_reply(k, 0xee); break;
    case 0xed: case 0xf3: case 0xf0: k->kbd_pending = v; kbd_reply(k, 0xfa); break;
    case 0xf4: k->kbd_enabled = 1; kbd_reply(k, 0xfa); break;
    case 0xf5: k->kbd_enabled = 0; k->q_count = 0; kbd_reply(k, 0xfa); break;
    default: kbd_reply(k, 0xfa); break;
    }
}

static void controller_command(rs_i8042 *k, uint8_t v)
{
    switch (v) {
    case 0x20: controller_reply(k, k->command, 0); break;
    case 0x60: case 0xd1: case 0xd2: case 0xd3: case 0xd4: k->pending = v; break;
    case 0xaa: controller_reply(k, 0x55, 0); break;
    case 0xab: case 0xa9: controller_reply(k, 0x00, 0); break;
    case 0xad: k->command |= CB_KBD_OFF; update_irq(k); break;
    case 0xae: k->command &= (uint8_t)~CB_KBD_OFF; refill(k); break;
    case 0xa7: k->command |= CB_AUX_OFF; break;
    case 0xa8: k->command &= (uint8_t)~CB_AUX_OFF; break;
    case 0xd0: controller_reply(k, k->output_port, 0); break;
    default: break;                         /* 0xFE reset and other pulses: not modelled */
    }
}

static uint64_t now(rs_i8042 *k) { return k->clock ? k->clock(k->clock_opaque) : k->now_ns; }

/* The guest listens: the script may start now. */
static void listening(rs_i8042 *k)
{
    uint64_t t = now(k);
    if (k->next_key_ns > t)
        k->next_key_ns = t;
}

uint64_t rs_i8042_next_event(const rs_i8042 *k)
{
    if (!k->script || !k->script[k->script_pos] || k->q_count || k->out_full)
        return UINT64_MAX;
    return k->next_key_ns > k->now_ns ? k->next_key_ns : k->now_ns;
}

void rs_i8042_advance(rs_i8042 *k, uint64_t now_ns)
{
    for (uint64_t at; (at = rs_i8042_next_event(k)) <= now_ns;) {
        k->now_ns = at;
        rs_i8042_type(k, k->script[k->script_pos++]);
        k->next_key_ns = at + KEY_GAP_NS;
    }
    if (now_ns > k->now_ns)
        k->now_ns = now_ns;
}

void rs_i8042_set_script(rs_i8042 *k, const char *text)
{
    k->script = text;
    k->script_pos = 0;
    k->next_key_ns = SCRIPT_LATEST_NS;
}

static uint32_t data_read(void *opaque, uint16_t off, int size)
{
    (void)off, (void)size;
    rs_i8042 *k = opaque;
    rs_i8042_advance(k, now(k));
    listening(k);
    if (k->out_full) {
        k->last_read = k->out;
        k->out_full = 0;
        refill(k);
    }
    return k->last_read;
}

static uint32_t status_read(void *opaque, uint16_t off, int size)
{
    (void)off, (void)size;
    rs_i8042 *k = opaque;
    rs_i8042_advance(k, now(k));
    k->empty_polls = k->out_full ? 0 : k->empty_polls + 1;
    if (k->empty_polls >= POLLS_FOR_INPUT)
        listening(k);
    return (uint32_t)(ST_SYS | ST_UNLOCKED | (k->last_write_cmd ? ST_CMD : 0) | (k->out_full ? ST_OBF : 0) |
                      (k->out_full && k->out_aux ? ST_AUX : 0));
}

static void data_write(void *opaque, uint16_t off, int size, uint32_t value)
{
    (void)off, (void)size;
    rs_i8042 *k = opaque;
    uint8_t v = (uint8_t)value;
    k->last_write_cmd = 0;
    uint8_t pending = k->pending;
    k->pending = 0;
    switch (pending) {
    case 0x60: k->command = v; refill(k); break;
    case 0xd1: k->output_port = v | 1; break;
    case 0xd2: controller_reply(k, v, 0); break;
    case 0xd3: controller_reply(k, v, 1); break;
    case 0xd4: break;                       /* no mouse */
    default:                                /* writing to the keyboard enables its port again */
        k->command &= (uint8_t)~CB_KBD_OFF;   /* (QEMU's kbd_write_data does this) */
        kbd_command(k, v);
        break;
    }
}

static void status_write(void *opaque, uint16_t off, int size, uint32_t value)
{
    (void)off, (void)size;
    rs_i8042 *k = opaque;
    k->last_write_cmd = 1;
    controller_command(k, (uint8_t)value);
}

void rs_i8042_init(rs_i8042 *k, rs_pic *pic, uint64_t (*clock)(void *opaque), void *clock_opaque,
                   rs_io_device *data, rs_io_device *status)
{
    *k = (rs_i8042){ .command = 0x61, .last_write_cmd = 1, .last_read = 0xfa, .output_port = 0x03,
                     .kbd_enabled = 1, .pic = pic, .clock = clock, .clock_opaque = clock_opaque };
    *data = (rs_io_device){ .name = "i8042-data", .base = 0x60, .count = 1, .read = data_read, .write = data_write,
                            .opaque = k };
    *status = (rs_io_device){ .name = "i8042-status", .base = 0x64, .count = 1, .read = status_read,
                              .write = status_write, .opaque = k };
}

/* Set 1 make codes for US keys: index = ASCII; bit 7 of the entry = with Shift. */
static const uint8_t ascii_set1[128] = {
    ['\b'] = 0x0e, ['\t'] = 0x0f, ['\n'] = 0x1c, ['\r'] = 0x1c, [27] = 0x01, [' '] = 0x39,
    ['1'] = 0x02, ['2'] = 0x03, ['3'] = 0x04, ['4'] = 0x05, ['5'] = 0x06, ['6'] = 0x07, ['7'] = 0x08,
    ['8'] = 0x09, ['9'] = 0x0a, ['0'] = 0x0b, ['-'] = 0x0c, ['='] = 0x0d,
    ['q'] = 0x10, ['w'] = 0x11, ['e'] = 0x12, ['r'] = 0x13, ['t'] = 0x14, ['y'] = 0x15, ['u'] = 0x16,
    ['i'] = 0x17, ['o'] = 0x18, ['p'] = 0x19, ['['] = 0x1a, [']'] = 0x1b,
    ['a'] = 0x1e, ['s'] = 0x1f, ['d'] = 0x20, ['f'] = 0x21, ['g'] = 0x22, ['h'] = 0x23, ['j'] = 0x24,
    ['k'] = 0x25, ['l'] = 0x26, [';'] = 0x27, ['\''] = 0x28, ['`'] = 0x29, ['\\'] = 0x2b,
    ['z'] = 0x2c, ['x'] = 0x2d, ['c'] = 0x2e, ['v'] = 0x2f, ['b'] = 0x30, ['n'] = 0x31, ['m'] = 0x32,
    [','] = 0x33, ['.'] = 0x34, ['/'] = 0x35,
    ['!'] = 0x82, ['@'] = 0x83, ['#'] = 0x84, ['$'] = 0x85, ['%'] = 0x86, ['^'] = 0x87, ['&'] = 0x88,
    ['*'] = 0x89, ['('] = 0x8a, [')'] = 0x8b, ['_'] = 0x8c, ['+'] = 0x8d, ['{'] = 0x9a, ['}'] = 0x9b,
    [':'] = 0xa7, ['"'] = 0xa8, ['~'] = 0xa9, ['|'] = 0xab, ['<'] = 0xb3, ['>'] = 0xb4, ['?'] = 0xb5,
};

int rs_i8042_type(rs_i8042 *k, char c)
{
    unsigned char u = (unsigned char)c;
    uint8_t code = u < 128 ? ascii_set1[u] : 0;
    int shift = (code & 0x80) != 0;
    if (u >= 'A' && u <= 'Z') {
        code = ascii_set1[u - 'A' + 'a'];
        shift = 1;
    }
    code &= 0x7f;
    if (!code)
        return 0;
    if (shift)
        rs_i8042_key(k, 0x2a);
    rs_i8042_key(k, code);
    rs_i8042_key(k, (uint8_t)(code | 0x80));
    if (shift)
        rs_i8042_key(k, 0xaa);
    return 1;
}
