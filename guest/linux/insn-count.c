/* A QEMU TCG plugin that counts guest instructions, for measuring the guest Linux boot.
 *
 *   qemu-system-i386 -plugin ./insn-count.so[,mark=ADDR] -d plugin ...
 *
 * At exit it prints the total count. With mark=ADDR (hex, a guest virtual address such as
 * n_tty_read's from System.map) it also prints the count the first time a translation block
 * starting there runs: for the guest Linux that is the shell's first read of the console, the
 * prompt. Counts are per translation block, so an exception in the middle of a block counts the
 * whole block (a tiny over-count, as in QEMU's own insn plugin).
 *
 * QEMU 7.2 (Debian 12) ships plugin support but no plugin header package, so the few API calls
 * used here (plugin API version 1) are declared by hand. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           void (*cb)(qemu_plugin_id_t, struct qemu_plugin_tb *));
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
                                          void (*cb)(unsigned int vcpu, void *udata),
                                          enum qemu_plugin_cb_flags flags, void *udata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, void (*cb)(qemu_plugin_id_t, void *),
                                    void *udata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_outs(const char *string);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

static uint64_t count;    /* one vCPU: a plain counter is enough */
static uint64_t mark;     /* the address to report at, 0 for none */
static int marked;

static void at_mark(unsigned int vcpu, void *udata) {
  (void)vcpu; (void)udata;
  if (marked) return;
  marked = 1;
  char line[96];
  snprintf(line, sizeof line, "insn-count: %" PRIu64 " at 0x%" PRIx64 "\n", count, mark);
  qemu_plugin_outs(line);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &count,
                                           qemu_plugin_tb_n_insns(tb));
  if (mark && !marked && qemu_plugin_tb_vaddr(tb) == mark)
    qemu_plugin_register_vcpu_tb_exec_cb(tb, at_mark, QEMU_PLUGIN_CB_NO_REGS, NULL);
}

static void at_exit(qemu_plugin_id_t id, void *udata) {
  (void)id; (void)udata;
  char line[64];
  snprintf(line, sizeof line, "insn-count: %" PRIu64 " total\n", count);
  qemu_plugin_outs(line);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc, char **argv) {
  (void)info;
  for (int i = 0; i < argc; i++)
    if (strncmp(argv[i], "mark=", 5) == 0) mark = strtoull(argv[i] + 5, NULL, 16);
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_atexit_cb(id, at_exit, NULL);
  return 0;
}
