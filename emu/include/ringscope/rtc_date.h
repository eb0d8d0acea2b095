/* The RTC's start date (--rtc): the machine's clock starts there and runs in virtual time
 * (rtc.h), so every run sees the same dates. */
#ifndef RS_RTC_DATE_H
#define RS_RTC_DATE_H
#include <stdint.h>

/* The default start: 2026-01-01T00:00:00 UTC, in seconds since 1970. */
#define RS_RTC_DEFAULT_EPOCH 1767225600

/* Parses "YYYY-MM-DDTHH:MM:SS" (a space for the T, a trailing Z allowed; years 1970-2199, real
 * dates only) into seconds since 1970. Returns 1, or 0 for anything else. Cannot fail otherwise. */
int rs_rtc_parse(const char *text, int64_t *epoch_s);

#endif
