/* One error enum for the whole core, and its text.
 *
 * Every core call that can fail returns an rs_err; RS_OK is 0. rs_strerror() never fails and
 * returns a static string (never NULL). Calls that can say more (the loader's "which segment,
 * which address") also fill a caller-owned message buffer; see each header. */
#ifndef RS_ERROR_H
#define RS_ERROR_H

typedef enum rs_err {
    RS_OK = 0,
    RS_ERR_NOMEM,          /* host allocation failed */
    RS_ERR_ARG,            /* a bad argument or option value */
    RS_ERR_FILE,           /* a file could not be opened or read (missing, a directory, ...) */
    RS_ERR_TOO_BIG,        /* an input or a size beyond what the machine accepts */
    RS_ERR_BAD_IMAGE,      /* a malformed image: truncated, wrong magic, bad ELF headers */
    RS_ERR_NO_MULTIBOOT,   /* no Multiboot v1 header in the first 8 KiB */
    RS_ERR_IMAGE_RANGE,    /* an image segment lies outside RAM or over the boot structures */
    RS_ERR_ENGINE,         /* Unicorn refused a call */
    RS_ERR_ENGINE_LAYOUT,  /* this Unicorn build's CPU state layout is not the one we know */
    RS_ERR_STATE,          /* a call made in the wrong state (e.g. run before load) */
    RS_ERR_UNSUPPORTED,    /* the guest used a feature ringscope does not model (task gates) */
    RS_ERR__COUNT
} rs_err;

/* The text of an error, for messages ("cannot load kernel: <text>"). Never NULL. */
const char *rs_strerror(rs_err err);

#endif
