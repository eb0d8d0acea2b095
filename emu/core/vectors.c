/* See vectors.h. */
#include "vectors.h"
#include "x86.h"

const char *rs_vector_mnemonic(int vector)
{
    static const char *const names[32] = {
        "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO", "#TS", "#NP",
        "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
    };
    if (vector >= 0 && vector < 32 && names[vector])
        return names[vector];
    return vector < 32 ? "#RSV" : "INT";
}

const char *rs_vector_name(int vector)
{
    static const char *const names[22] = {
        "Divide Error", "Debug", "NMI Interrupt", "Breakpoint", "Overflow", "BOUND Range Exceeded",
        "Invalid Opcode", "Device Not Available", "Double Fault", "Coprocessor Segment Overrun",
        "Invalid TSS", "Segment Not Present", "Stack-Segment Fault", "General Protection",
        "Page Fault", "Reserved", "x87 FPU Floating-Point Error", "Alignment Check",
        "Machine Check", "SIMD Floating-Point Exception", "Virtualization Exception",
        "Control Protection Exception",
    };
    if (vector >= 0 && vector < 22)
        return names[vector];
    return vector >= 0 && vector < 32 ? "Reserved" : "Interrupt";
}

int rs_vector_has_error_code(int vector)
{
    return vector == RS_VEC_DF || (vector >= RS_VEC_TS && vector <= RS_VEC_PF) || vector == RS_VEC_AC;
}
