/* See gdb_tdesc.h. The flags types name the bits gdb shows in brackets: `info registers cr0`
 * prints "[ PE ET WP PG ]". */
#include <stdio.h>
#include "gdb_regs.h"
#include "gdb_tdesc.h"

static const char header[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "<architecture>i386</architecture>\n";

static const char eflags_type[] =
    "<flags id=\"i386_eflags\" size=\"4\">"
    "<field name=\"CF\" start=\"0\" end=\"0\"/><field name=\"\" start=\"1\" end=\"1\"/>"
    "<field name=\"PF\" start=\"2\" end=\"2\"/><field name=\"AF\" start=\"4\" end=\"4\"/>"
    "<field name=\"ZF\" start=\"6\" end=\"6\"/><field name=\"SF\" start=\"7\" end=\"7\"/>"
    "<field name=\"TF\" start=\"8\" end=\"8\"/><field name=\"IF\" start=\"9\" end=\"9\"/>"
    "<field name=\"DF\" start=\"10\" end=\"10\"/><field name=\"OF\" start=\"11\" end=\"11\"/>"
    "<field name=\"NT\" start=\"14\" end=\"14\"/><field name=\"RF\" start=\"16\" end=\"16\"/>"
    "<field name=\"VM\" start=\"17\" end=\"17\"/><field name=\"AC\" start=\"18\" end=\"18\"/>"
    "<field name=\"VIF\" start=\"19\" end=\"19\"/><field name=\"VIP\" start=\"20\" end=\"20\"/>"
    "<field name=\"ID\" start=\"21\" end=\"21\"/></flags>\n";

static const char system_types[] =
    "<flags id=\"i386_cr0\" size=\"4\">"
    "<field name=\"PE\" start=\"0\" end=\"0\"/><field name=\"MP\" start=\"1\" end=\"1\"/>"
    "<field name=\"EM\" start=\"2\" end=\"2\"/><field name=\"TS\" start=\"3\" end=\"3\"/>"
    "<field name=\"ET\" start=\"4\" end=\"4\"/><field name=\"NE\" start=\"5\" end=\"5\"/>"
    "<field name=\"WP\" start=\"16\" end=\"16\"/><field name=\"AM\" start=\"18\" end=\"18\"/>"
    "<field name=\"NW\" start=\"29\" end=\"29\"/><field name=\"CD\" start=\"30\" end=\"30\"/>"
    "<field name=\"PG\" start=\"31\" end=\"31\"/></flags>\n"
    "<flags id=\"i386_cr4\" size=\"4\">"
    "<field name=\"VME\" start=\"0\" end=\"0\"/><field name=\"PVI\" start=\"1\" end=\"1\"/>"
    "<field name=\"TSD\" start=\"2\" end=\"2\"/><field name=\"DE\" start=\"3\" end=\"3\"/>"
    "<field name=\"PSE\" start=\"4\" end=\"4\"/><field name=\"PAE\" start=\"5\" end=\"5\"/>"
    "<field name=\"MCE\" start=\"6\" end=\"6\"/><field name=\"PGE\" start=\"7\" end=\"7\"/>"
    "<field name=\"PCE\" start=\"8\" end=\"8\"/><field name=\"OSFXSR\" start=\"9\" end=\"9\"/>"
    "<field name=\"OSXMMEXCPT\" start=\"10\" end=\"10\"/></flags>\n";

/* Appends like snprintf at *AT, never past LEN; the total keeps counting. */
#define APPEND(...) (at += (size_t)snprintf(at < len ? buf + at : NULL, at < len ? len - at : 0, __VA_ARGS__))

static size_t feature(char *buf, size_t len, size_t at, int system)
{
    APPEND("<feature name=\"%s\">\n%s", system ? "org.ringscope.i386.system" : "org.gnu.gdb.i386.core",
           system ? system_types : eflags_type);
    for (int i = 0; i < gdb_reg_count(); i++) {
        const gdb_reg_info *r = gdb_reg(i);
        if (r->system != system)
            continue;
        APPEND("<reg name=\"%s\" bitsize=\"%d\" type=\"%s\" regnum=\"%d\"", r->name, r->bits, r->type, i);
        if (r->group)
            APPEND(" group=\"%s\"", r->group);
        APPEND("/>\n");
    }
    APPEND("</feature>\n");
    return at;
}

size_t gdb_tdesc_build(char *buf, size_t len)
{
    size_t at = 0;
    if (len)
        buf[0] = '\0';
    APPEND("%s", header);
    at = feature(buf, len, at, 0);
    at = feature(buf, len, at, 1);
    APPEND("</target>\n");
    return at;
}
