/* See cli_stop.h. */
#define _POSIX_C_SOURCE 200809L
#include "cli_stop.h"
#include <signal.h>
#include <string.h>
#include <sys/time.h>

static rs_machine *volatile attached;
static volatile sig_atomic_t signal_seen;
static volatile sig_atomic_t watchdog_fired;

static void on_signal(int sig)
{
    if (sig == SIGALRM)
        watchdog_fired = 1;
    else if (!signal_seen)
        signal_seen = sig;
    rs_machine *m = attached;
    if (m)
        rs_machine_interrupt(m);
}

void rs_cli_stop_install(double timeout_s, double grace_s)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;              /* no SA_RESTART: a blocked open or write returns EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (timeout_s <= 0)
        return;
    sigaction(SIGALRM, &sa, NULL);
    double at = timeout_s + grace_s;
    /* Then every 100 ms: a signal that lands just before a blocking call starts is not lost. */
    struct itimerval it = { { 0, 100000 }, { (time_t)at, (suseconds_t)((at - (double)(time_t)at) * 1e6) } };
    if (!it.it_value.tv_sec && !it.it_value.tv_usec)
        it.it_value.tv_usec = 1;
    setitimer(ITIMER_REAL, &it, NULL);
}

void rs_cli_stop_attach(rs_machine *m) { attached = m; }
int rs_cli_stop_signal(void) { return signal_seen; }
int rs_cli_stop_timed_out(void) { return watchdog_fired; }
