/* See stop.h. */
#include "stop.h"

const char *rs_stop_reason_name(rs_stop_reason r)
{
    switch (r) {
    case RS_STOP_EXIT: return "exit";
    case RS_STOP_HALT: return "halted";
    case RS_STOP_HALT_IF: return "halted-waiting-for-interrupt";
    case RS_STOP_TRIPLE_FAULT: return "triple-fault";
    case RS_STOP_INSN_LIMIT: return "instruction-limit";
    case RS_STOP_TIMEOUT: return "timeout";
    case RS_STOP_UNSUPPORTED: return "unsupported";
    case RS_STOP_ENGINE_ERROR: return "engine-error";
    case RS_STOP_EVENT: return "event";
    case RS_STOP_BREAKPOINT: return "breakpoint";
    case RS_STOP_STEP: return "step";
    case RS_STOP_INTERRUPTED: return "interrupted";
    }
    return "unknown";
}

int rs_stop_is_final(rs_stop_reason r)
{
    switch (r) {
    case RS_STOP_EXIT: case RS_STOP_HALT: case RS_STOP_HALT_IF: case RS_STOP_TRIPLE_FAULT:
    case RS_STOP_UNSUPPORTED: case RS_STOP_ENGINE_ERROR:
        return 1;
    case RS_STOP_INSN_LIMIT: case RS_STOP_TIMEOUT: case RS_STOP_EVENT: case RS_STOP_BREAKPOINT:
    case RS_STOP_STEP: case RS_STOP_INTERRUPTED:
        return 0;
    }
    return 1;
}
