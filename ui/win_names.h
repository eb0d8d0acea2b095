/* Core functions the panes use whose headers the UI cannot include.
 *
 * rs_trap_vector_mnemonic is the core's ("#PF" for 14, "#GP" for 13; emu/trap.c), declared in
 * emu/trap.h, but trap.h includes cpuctx.h and with it Unicorn's headers, which the UI never
 * includes. Until the core offers it from a header without Unicorn (explain.h), it is declared
 * here, with the same signature. */
#ifndef RS_WIN_NAMES_H
#define RS_WIN_NAMES_H

const char *rs_trap_vector_mnemonic(int vector);

#endif
