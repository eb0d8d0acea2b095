/* The random-guest campaign (README "When the host says stop"): N random instruction streams
 * from a fixed seed, each run in randhost (ring 0 or ring 3) to a stop. A stop may be anything
 * the README documents (the guest's exit, a halt, a triple fault, the instruction limit, an
 * unsupported feature) except an engine error; a crash or a sanitizer report fails too.
 *
 *   random_guests HOST.bin CASES SEED [MAX_INSNS]     prints the stops counted by reason
 * A failing case is printed with its seed state and its bytes, so it can be replayed. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "random_guest.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: random_guests HOST.bin CASES SEED [MAX_INSNS]\n");
        return 2;
    }
    rs_random_host host;
    if (!rs_random_host_read(argv[1], &host))
        return 2;
    unsigned cases = (unsigned)strtoul(argv[2], NULL, 0);
    uint64_t state = strtoull(argv[3], NULL, 0);
    if (!state)
        state = 1;     /* xorshift never leaves 0 */
    uint64_t max_insns = argc > 4 ? strtoull(argv[4], NULL, 0) : 100000;
    unsigned by_reason[RS_STOP_INTERRUPTED + 1] = { 0 }, failures = 0;
    uint64_t insns = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (unsigned c = 0; c < cases; c++) {
        uint8_t code[RS_RANDOM_CODE_SIZE];
        uint64_t case_state = state;
        rs_random_stream(&state, code, sizeof code);
        rs_stop stop;
        int rc = rs_random_guest_run(&host, code, sizeof code, max_insns, 60000, &stop);
        insns += stop.icount;
        if (rc == 0 && stop.reason <= RS_STOP_INTERRUPTED)
            by_reason[stop.reason]++;
        if (rc != 0 || stop.reason == RS_STOP_ENGINE_ERROR || stop.reason == RS_STOP_INTERRUPTED) {
            failures++;
            printf("FAIL: case %u (state 0x%016" PRIx64 "): %s: %s\n  bytes:", c, case_state,
                   rc ? "cannot run" : rs_stop_reason_name(stop.reason), stop.detail);
            for (size_t i = 0; i < 64; i++)
                printf(" %02x", code[i]);
            printf(" ...\n");
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%s: %u cases, %u failures, %" PRIu64 " instructions, %.1f ms per case; stops:", argv[1], cases, failures,
           insns, cases ? 1000.0 * s / cases : 0.0);
    for (int r = 0; r <= RS_STOP_INTERRUPTED; r++)
        if (by_reason[r])
            printf(" %s %u", rs_stop_reason_name((rs_stop_reason)r), by_reason[r]);
    printf("\n");
    free(host.image);
    return failures ? 1 : 0;
}
