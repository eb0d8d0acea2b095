/* Grows the heap with brk, uses it, gives it back; yields once on the way. Prints only sizes and
 * offsets, never addresses, so the transcript does not depend on how big the compiler made us. */
#include "ulib.h"

int main(void)
{
    uint32_t start = brk(0);
    printf("heap: brk(0) is page aligned: %s\n", start % 4096 == 0 ? "yes" : "no");

    uint32_t want = start + 3 * 4096 + 100;
    uint32_t now = brk(want);
    printf("heap: grew the break by %u bytes: %s\n", now - start, now == want ? "ok" : "FAILED");

    /* Every byte of the new heap is usable, and it starts zeroed. */
    char *heap = (char *)start;
    int zero = 1;
    for (uint32_t i = 0; i < now - start; i++) {
        if (heap[i] != 0)
            zero = 0;
        heap[i] = (char)i;
    }
    const char *msg = "a line written into the heap\n";
    char *line = heap + 2 * 4096;
    for (uint32_t i = 0; i <= strlen(msg); i++)
        line[i] = msg[i];
    printf("heap: new memory was zeroed: %s; reading back: %s", zero ? "yes" : "no", line);

    printf("heap: sched_yield() = %d\n", sched_yield());

    uint32_t too_far = brk(0xc0000000u);
    printf("heap: brk(0xc0000000) refused, break unchanged: %s\n", too_far == now ? "yes" : "no");

    now = brk(start);
    printf("heap: shrank the break back by %u bytes: %s\n", want - now, now == start ? "ok" : "FAILED");
    return 0;
}
