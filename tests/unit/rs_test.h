/* A tiny test harness: CHECK prints file:line and the failed expression (and the core's error
 * text for OK), counts failures; rs_test_done prints "N passed, N failed" and gives the exit code. */
#ifndef RS_TEST_H
#define RS_TEST_H
#include <stdio.h>
#include <inttypes.h>
#include "error.h"

static int rs_test_passed, rs_test_failed;

#define CHECK(cond) do { \
    if (cond) rs_test_passed++; \
    else { rs_test_failed++; fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_EQ(a, b) do { \
    unsigned long long va_ = (unsigned long long)(a), vb_ = (unsigned long long)(b); \
    if (va_ == vb_) rs_test_passed++; \
    else { rs_test_failed++; fprintf(stderr, "%s:%d: %s == %s failed: 0x%llx != 0x%llx\n", \
                                     __FILE__, __LINE__, #a, #b, va_, vb_); } \
} while (0)

#define OK(call) do { \
    rs_err e_ = (call); \
    if (e_ == RS_OK) rs_test_passed++; \
    else { rs_test_failed++; fprintf(stderr, "%s:%d: %s failed: %s\n", __FILE__, __LINE__, #call, \
                                     rs_strerror(e_)); } \
} while (0)

static inline int rs_test_done(void)
{
    printf("%d passed, %d failed\n", rs_test_passed, rs_test_failed);
    return rs_test_failed ? 1 : 0;
}
#endif
