/* The tracer's block cache keeps every block it has decoded until translated code is flushed.
 *
 * The cache remembers, per translated block, its instruction count and what its last instruction
 * can change; a miss costs a uc_ctl query and a Capstone decode of the whole block (issue 13: with
 * a hash by XOR, two blocks of one system-call path landed in the same slot and were decoded again
 * at nearly every entry, half the traced run time). This test runs a known guest whose blocks
 * collide under that old hash (putc's tail and puts' loop in guest/tests/lib.inc, in mixed.elf)
 * and counts decodes: no block may be decoded twice between two flushes of translated code. */
#include <stdlib.h>
#include <string.h>
#include "machine_priv.h"
#include "rs_test.h"

#define MAX_BLOCKS 4096

typedef struct decode_record {
    rs_machine *m;
    struct { uint32_t pc, size; uint64_t epoch; unsigned in_epoch, total; } b[MAX_BLOCKS];
    unsigned n;
    unsigned worst;              /* most decodes of one block within one flush epoch */
    uint32_t worst_pc;
} decode_record;

static void on_decode(void *opaque, uint32_t pc, uint32_t size)
{
    decode_record *r = opaque;
    uint64_t epoch = r->m->tracer.flushes;
    unsigned i = 0;
    while (i < r->n && !(r->b[i].pc == pc && r->b[i].size == size))
        i++;
    if (i == r->n) {
        if (r->n == MAX_BLOCKS)
            return;
        r->n++;
        r->b[i].pc = pc, r->b[i].size = size, r->b[i].epoch = epoch, r->b[i].in_epoch = 0;
    }
    if (r->b[i].epoch != epoch)
        r->b[i].epoch = epoch, r->b[i].in_epoch = 0;
    r->b[i].total++;
    if (++r->b[i].in_epoch > r->worst)
        r->worst = r->b[i].in_epoch, r->worst_pc = pc;
}

/* The slot the cache used before issue 13's fix: the witness that this guest exercises a collision. */
static uint32_t old_xor_slot(uint32_t pc, uint32_t size) { return (pc ^ (pc >> 14) ^ (size << 3)) & 16383u; }

static void discard(void *opaque, uint8_t byte) { (void)opaque, (void)byte; }

static void test_colliding_blocks_decoded_once(void)
{
    rs_machine_config cfg = { .serial_sink = discard, .debugcon_sink = discard, .trace = 1 };
    rs_machine *m = NULL;
    rs_image k = { 0 };
    char msg[256];
    OK(rs_image_read_file(RS_GUEST_OUT "/tests/mixed.elf", &k, msg, sizeof msg));
    OK(rs_machine_create(&cfg, &m));
    OK(rs_machine_boot(m, &k, NULL, 0, msg, sizeof msg));
    rs_image_free(&k);
    decode_record *r = calloc(1, sizeof *r);
    r->m = m;
    m->tracer.decode_probe = on_decode;
    m->tracer.decode_probe_opaque = r;
    rs_run_limits none = { 0 };
    rs_stop stop;
    OK(rs_machine_run(m, &none, &stop));
    CHECK_EQ(stop.reason, RS_STOP_EXIT);

    /* The guest still has blocks that the old hash put in one slot, both run many times. */
    int collision = 0;
    for (unsigned i = 0; i < r->n; i++)
        for (unsigned j = i + 1; j < r->n; j++)
            if (old_xor_slot(r->b[i].pc, r->b[i].size) == old_xor_slot(r->b[j].pc, r->b[j].size))
                collision = 1;
    CHECK(collision);
    CHECK(r->n > 10 && r->n < MAX_BLOCKS);
    if (r->worst > 1)
        fprintf(stderr, "block at 0x%08x decoded %u times between two flushes\n", r->worst_pc, r->worst);
    CHECK_EQ(r->worst, 1);
    uint64_t sum = 0;
    for (unsigned i = 0; i < r->n; i++)
        sum += r->b[i].total;
    CHECK_EQ(sum, m->tracer.decodes);      /* the probe heard of every decode */
    free(r);
    rs_machine_destroy(m);
}

int main(void)
{
    test_colliding_blocks_decoded_once();
    return rs_test_done();
}
