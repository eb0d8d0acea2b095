/* See number.h. */
#include <ctype.h>
#include "number.h"

rs_number_result rs_parse_number(const char *text, uint64_t max, uint64_t *out)
{
    const char *p = text;
    int hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
    if (hex)
        p += 2;
    uint64_t v = 0, base = hex ? 16 : 10;
    if (!*p)
        return RS_NUMBER_BAD;
    for (; *p; p++) {
        int d = isdigit((unsigned char)*p) ? *p - '0'
                : hex && isxdigit((unsigned char)*p) ? tolower((unsigned char)*p) - 'a' + 10 : -1;
        if (d < 0 || v > (UINT64_MAX - (uint64_t)d) / base)
            return RS_NUMBER_BAD;
        v = v * base + (uint64_t)d;
    }
    if (v > max)
        return RS_NUMBER_TOO_BIG;
    *out = v;
    return RS_NUMBER_OK;
}
