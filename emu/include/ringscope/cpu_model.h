/* The CPU ringscope presents: a fixed CPUID per model, the same in every run (never the host's,
 * never Unicorn's default qemu64, which says AuthenticAMD with an APIC even in 32-bit mode).
 *
 * Each model is QEMU's definition of the same name (family, model, stepping, maximum leaf, and
 * the leaf-1 EDX features) minus what ringscope's PC does not have or does not model: no local
 * APIC, no virtual-8086 mode (VME), no machine-check architecture (MCE, MCA), no MTRRs, no PAE,
 * PAT or PSE-36 (ringscope's page walker and explanations know two-level paging only), no debug
 * extensions (DE: ringscope uses the debug registers itself). The default, pentium2, is an
 * Intel P6 with FPU PSE TSC MSR CX8 SEP PGE CMOV MMX FXSR. Unicorn itself runs the matching
 * QEMU model, so instructions a model lacks (SSE on a pentium2, CMOV on a pentium) are #UD.
 *
 * Models are numbered 0..rs_cpu_model_count()-1; 0 is the default. No call can fail. */
#ifndef RS_CPU_MODEL_H
#define RS_CPU_MODEL_H
#include <stdint.h>

#define RS_CPU_DEFAULT 0

int rs_cpu_model_count(void);
/* The model's name ("pentium2"), or NULL for a number out of range. */
const char *rs_cpu_model_name(int model);
/* One line about the model ("Intel Pentium II (family 6, model 5): FPU PSE TSC ..."). */
const char *rs_cpu_model_summary(int model);
/* The model called NAME, or -1. */
int rs_cpu_model_find(const char *name);
/* What CPUID returns for LEAF (EAX) and SUBLEAF (ECX): out = EAX, EBX, ECX, EDX. A leaf above the
 * model's maximum (basic or extended) returns the highest basic leaf's data, as Intel's P6 do
 * (SDM Vol. 2A, CPUID: "If a value entered for CPUID.EAX is higher than the maximum input
 * value ... the data for the highest basic information leaf is returned"). */
void rs_cpu_model_cpuid(int model, uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

#endif
