#include "error.h"

const char *rs_strerror(rs_err err)
{
    static const char *const text[RS_ERR__COUNT] = {
        [RS_OK] = "success",
        [RS_ERR_NOMEM] = "out of host memory",
        [RS_ERR_ARG] = "invalid argument",
        [RS_ERR_FILE] = "cannot read file",
        [RS_ERR_TOO_BIG] = "too large",
        [RS_ERR_BAD_IMAGE] = "malformed image",
        [RS_ERR_NO_MULTIBOOT] = "no Multiboot header",
        [RS_ERR_IMAGE_RANGE] = "image does not fit in guest memory",
        [RS_ERR_ENGINE] = "the CPU engine (Unicorn) refused the request",
        [RS_ERR_ENGINE_LAYOUT] = "this Unicorn build's CPU state layout is not supported",
        [RS_ERR_STATE] = "call made in the wrong machine state",
        [RS_ERR_UNSUPPORTED] = "unsupported by ringscope",
    };
    if ((unsigned)err >= RS_ERR__COUNT || !text[err])
        return "unknown error";
    return text[err];
}
