/* The one rule for numbers typed to a debugger, `ringscope debug` and gdb's `monitor` alike:
 * "0x" (or "0X") and hex digits, or decimal digits. A leading 0 is not octal: 010 is ten, in
 * both front ends. Each front end words its own error line from the result. */
#ifndef RS_NUMBER_H
#define RS_NUMBER_H
#include <stdint.h>

typedef enum rs_number_result {
    RS_NUMBER_OK,
    RS_NUMBER_BAD,       /* empty, a sign, a stray character, or beyond 64 bits */
    RS_NUMBER_TOO_BIG,   /* a number, but above MAX */
} rs_number_result;

/* Reads all of TEXT into *OUT (untouched unless RS_NUMBER_OK). Cannot fail otherwise. */
rs_number_result rs_parse_number(const char *text, uint64_t max, uint64_t *out);

#endif
