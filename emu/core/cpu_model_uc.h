/* The Unicorn CPU model (uc_ctl_set_cpu_model) behind each cpu_model.h model. Private to the
 * machine. Cannot fail: an out-of-range model gives the default's. */
#ifndef RS_CPU_MODEL_UC_H
#define RS_CPU_MODEL_UC_H
int rs_cpu_model_uc(int model);
#endif
