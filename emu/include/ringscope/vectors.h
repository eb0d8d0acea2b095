/* The names of interrupt and exception vectors (Intel SDM Vol. 3, 6.3.1, Table 6-1), for every
 * part of ringscope that prints one: trap delivery, the explanations, the trace, the front ends.
 * A leaf header; the strings are static. */
#ifndef RS_VECTORS_H
#define RS_VECTORS_H

/* "#GP", "#PF", ... "#RSV" for the reserved ones, "INT" for vectors 32 and up. */
const char *rs_vector_mnemonic(int vector);

/* "Page Fault" for 14, ...; "Reserved" for 15 and 22-31, "Interrupt" beyond. */
const char *rs_vector_name(int vector);

/* Whether the CPU pushes an error code for exception VECTOR (Table 6-1): #DF #TS #NP #SS #GP #PF
 * #AC. Software INT n never pushes one. */
int rs_vector_has_error_code(int vector);

#endif
