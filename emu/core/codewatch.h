/* Keeps Unicorn's translated code in step with guest memory across address-space switches.
 *
 * Unicorn 2.1 has no dirty-memory bitmap: its notdirty_write invalidates only the translated
 * blocks that overlap the bytes written, then marks the writer's TLB entry dirty for the whole
 * page. A kernel that frees a page of user code (one write: the free-list link) and later loads
 * another program into it (memset, memcpy through its own mapping) leaves the old program's
 * translated blocks in place, and the next process runs the previous one's code. QEMU does not
 * have this bug. Measured with the teaching kernel: the third program of the demo ran the first
 * program's code.
 *
 * Kernels start running code from reused pages after loading CR3, so we flush Unicorn's code
 * cache at every MOV to CR3 in the kernel image: the image is scanned at boot for the encodings
 * 0F 22 D8..DF and a one-address code hook is placed on each (a hook on one address costs nothing
 * elsewhere). Flushing from inside the hook crashes the engine (the running block is freed), so
 * the hook stops the engine just before the MOV; the run loop flushes and resumes, and the hook
 * lets that one MOV through. Code written and run in the same address space without a CR3 load (a JIT through a
 * second mapping) is not covered; README "Known limitations" says so. */
#ifndef RS_CODEWATCH_H
#define RS_CODEWATCH_H
#include <unicorn/unicorn.h>
#include "error.h"
#include "image.h"
#include "multiboot.h"

#define RS_CODEWATCH_MAX_SITES 64

typedef struct rs_codewatch {
    uc_hook hooks[RS_CODEWATCH_MAX_SITES];
    int n_hooks;
    int flush_pending;           /* the run loop must flush and resume */
    uint64_t resume_at;          /* the MOV to let through once after a flush; ~0 for none */
    uint64_t flushes;
} rs_codewatch;

/* Installs the hooks for KERNEL as loaded (boot gives the physical range for non-ELF images).
 * Fails with RS_ERR_ENGINE if Unicorn refuses a hook. Sites beyond the maximum are ignored. */
rs_err rs_codewatch_install(rs_codewatch *cw, uc_engine *uc, const rs_image *kernel,
                            const uint8_t *ram, const rs_boot_state *boot);

/* Called by the run loop when the engine returned: if a flush was requested, does it and returns
 * 1 (resume the run); otherwise returns 0. */
int rs_codewatch_service(rs_codewatch *cw, uc_engine *uc);

#endif
