/* See random_guest.h. */
#include "random_guest.h"
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include "image.h"

int rs_random_host_read(const char *path, rs_random_host *h)
{
    rs_image img;
    char msg[256];
    if (rs_image_read_file(path, &img, msg, sizeof msg) != RS_OK) {
        fprintf(stderr, "%s\n", msg);
        return 0;
    }
    if (img.size < RS_RANDOM_CODE_OFF + RS_RANDOM_CODE_SIZE) {
        fprintf(stderr, "%s: %zu bytes, too short for a randhost image\n", path, img.size);
        rs_image_free(&img);
        return 0;
    }
    h->size = img.size;
    h->image = malloc(img.size);
    if (h->image)
        memcpy(h->image, img.data, img.size);
    rs_image_free(&img);
    return h->image != NULL;
}

static void discard(void *opaque, uint8_t byte) { (void)opaque, (void)byte; }

/* Interrupts the machine after WATCHDOG_MS unless the run ended first (rs_machine_interrupt is
 * safe from another thread; repeated, as one may be lost just as the engine starts). */
typedef struct watchdog {
    pthread_mutex_t lock;
    pthread_cond_t done_cond;
    int done;
    unsigned ms;
    rs_machine *m;
} watchdog;

static void *watch(void *arg)
{
    watchdog *w = arg;
    struct timespec at;
    clock_gettime(CLOCK_REALTIME, &at);
    at.tv_sec += w->ms / 1000;
    at.tv_nsec += (long)(w->ms % 1000) * 1000000L;
    if (at.tv_nsec >= 1000000000L)
        at.tv_sec++, at.tv_nsec -= 1000000000L;
    pthread_mutex_lock(&w->lock);
    while (!w->done && pthread_cond_timedwait(&w->done_cond, &w->lock, &at) == 0)
        ;
    while (!w->done) {
        rs_machine_interrupt(w->m);
        at.tv_nsec += 10000000L;
        if (at.tv_nsec >= 1000000000L)
            at.tv_sec++, at.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&w->done_cond, &w->lock, &at);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

int rs_random_guest_run(const rs_random_host *h, const uint8_t *code, size_t n, uint64_t max_insns,
                        unsigned watchdog_ms, rs_stop *stop)
{
    memset(stop, 0, sizeof *stop);
    uint8_t *image = malloc(h->size);
    if (!image) {
        snprintf(stop->detail, sizeof stop->detail, "out of memory");
        return -1;
    }
    memcpy(image, h->image, h->size);
    if (n > RS_RANDOM_CODE_SIZE)
        n = RS_RANDOM_CODE_SIZE;
    memcpy(image + RS_RANDOM_CODE_OFF, code, n);
    rs_image kernel = { .data = image, .size = h->size, .cmdline = "randhost" };
    rs_machine_config cfg = { .ram_bytes = 32u << 20, .serial_sink = discard, .debugcon_sink = discard, .trace = 1 };
    rs_machine *m = NULL;
    char msg[256] = "";
    rs_err err = rs_machine_create(&cfg, &m);
    if (!err)
        err = rs_machine_boot(m, &kernel, NULL, 0, msg, sizeof msg);
    if (!err) {
        rs_run_limits limits = { .max_insns = max_insns, .timeout_us = (uint64_t)watchdog_ms * 1000u };
        watchdog w = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, watchdog_ms, m };
        pthread_t thread;
        int watching = watchdog_ms && pthread_create(&thread, NULL, watch, &w) == 0;
        err = rs_machine_run(m, &limits, stop);
        if (watching) {
            pthread_mutex_lock(&w.lock);
            w.done = 1;
            pthread_cond_signal(&w.done_cond);
            pthread_mutex_unlock(&w.lock);
            pthread_join(thread, NULL);
        }
    }
    if (err)
        snprintf(stop->detail, sizeof stop->detail, "%s%s%s", rs_strerror(err), *msg ? ": " : "", msg);
    rs_machine_destroy(m);
    free(image);
    return err ? -1 : 0;
}

static uint64_t next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/* Encodings that cross between rings or touch the machine; 'r' bytes are random. */
static const char *const templates[] = {
    "e6r", "e4r", "eer", "ecr", "efr", "edr", "6c", "6d", "6e", "6f", "f36e", "f36c",   /* port I/O */
    "cdr", "cd80", "cc", "ce", "f1", "cf", "66cf",                                      /* INT n, IRET */
    "0f34", "0f35", "0f05", "0f07",                                                     /* SYSENTER/EXIT */
    "0f22r", "0f20r", "0f01r", "0f00r", "0f32", "0f30", "0f33", "0f31", "0f06", "0f09", /* system */
    "9c", "9d", "fa", "fb", "f4", "0f0b",                                               /* flags, HLT */
    "earrrrrrrrrrrr", "9arrrrrrrrrrrr", "ffr", "cbr", "ca0000",                                     /* far jumps */
    "b8f0ffffffffe0", "b800000010ffe0", "b800000040ffe0", "b8rrrrrrrrffe0",            /* jumps far off */
    "8er", "8cr", "0fa1", "0fa9", "17", "1f", "07",                                     /* segments */
    "a1rrrrrrrr", "a3rrrrrrrr", "8b05rrrrrrrr", "c705rrrrrrrrrrrrrrrr",                 /* memory */
};

void rs_random_stream(uint64_t *state, uint8_t *buf, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint64_t r = next(state);
        if (r % 4 == 0) {          /* a template */
            const char *t = templates[(r >> 8) % (sizeof templates / sizeof templates[0])];
            for (; t[0] && t[1] && i < n; t += 2) {
                unsigned v;
                if (t[0] == 'r')
                    v = (unsigned)(next(state) & 0xff);
                else if (sscanf(t, "%2x", &v) != 1)
                    v = 0x90;
                buf[i++] = (uint8_t)v;
            }
            if (t[0] == 'r' && !t[1] && i < n)   /* a lone trailing 'r' */
                buf[i++] = (uint8_t)next(state);
        } else {                   /* 1-8 random bytes */
            for (unsigned k = 1 + (unsigned)((r >> 8) % 8); k && i < n; k--)
                buf[i++] = (uint8_t)next(state);
        }
    }
}
