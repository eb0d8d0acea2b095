/* See lua_process.h.
 *
 * The child writes its verdict (an rs_test_outcome, a plain value) through a pipe and its output
 * goes to a temporary file. The parent reads the verdict until the child exits or its time is up;
 * the child is a zombie when the parent sees it exit, so its process group can still be killed
 * (anything the script started and left behind) before it is reaped. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "lua_process.h"

#define KILL_GRACE_S 3.0           /* after the time limit, before the child is killed */
#define OUTPUT_MAX (1u << 20)      /* captured output kept per test */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        p += n;
        len -= (size_t)n;
    }
}

static void child(const char *path, const char *name, double timeout_s, int result_fd, int output_fd)
{
    setpgid(0, 0);
    fcntl(result_fd, F_SETFD, FD_CLOEXEC);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0)
        dup2(devnull, 0);
    dup2(output_fd, 1);
    dup2(output_fd, 2);
    setvbuf(stdout, NULL, _IOLBF, 0);     /* whole lines survive a kill */
    rs_test_outcome *out = malloc(sizeof *out);
    int status = out ? 0 : RS_EXIT_HOST_ERROR;
    if (out) {
        rs_lua_run_script(path, name, timeout_s, out);
        fflush(stdout);
        fflush(stderr);
        write_all(result_fd, out, sizeof *out);
    }
    free(out);
    close(result_fd);
    exit(status);     /* exit, not _exit: the sanitizers check for leaks here */
}

typedef struct child_run {
    pid_t pid;
    int status;                  /* from waitpid, valid when exited */
    int exited, killed;
    rs_test_outcome outcome;
    size_t got;                  /* bytes of outcome received */
} child_run;

/* Reads the verdict until the child exits or its time is up (then kills its process group). */
static void wait_child(child_run *c, int fd, double deadline)
{
    while (!c->exited) {
        struct pollfd p = { fd, POLLIN, 0 };
        int wait_ms = fd >= 0 ? 20 : 10;
        if (fd >= 0 && poll(&p, 1, wait_ms) > 0) {
            ssize_t n = read(fd, (char *)&c->outcome + c->got, sizeof c->outcome - c->got);
            if (n > 0)
                c->got += (size_t)n;
            if (n == 0 || c->got == sizeof c->outcome)
                fd = -1;         /* EOF or all of it: only the exit is left to wait for */
        } else if (fd < 0) {
            nanosleep(&(struct timespec){ 0, wait_ms * 1000000L }, NULL);
        }
        siginfo_t si = { 0 };
        if (waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == c->pid)
            c->exited = 1;       /* a zombie still: its process group cannot be reused yet */
        else if (now_s() > deadline)
            c->exited = c->killed = 1;
    }
    kill(-c->pid, SIGKILL);      /* the child if out of time, and anything it started and left behind */
    waitpid(c->pid, &c->status, 0);
}

static char *read_output(FILE *f)
{
    char *buf = malloc(OUTPUT_MAX + 64);
    if (!buf)
        return NULL;
    fflush(f);
    rewind(f);
    size_t n = fread(buf, 1, OUTPUT_MAX, f);
    buf[n] = 0;
    if (n == OUTPUT_MAX)
        strcpy(buf + n, "\n[output cut at 1 MiB]\n");
    for (size_t i = 0; i < n; i++)
        if (!buf[i])
            buf[i] = ' ';      /* a NUL would end the text early */
    return buf;
}

/* A verdict for a child that did not deliver a clean one. */
static void judge_exit(const child_run *c, const char *name, double timeout_s, rs_test_outcome *out)
{
    int got_all = c->got == sizeof c->outcome;
    if (got_all)
        *out = c->outcome;
    int clean = WIFEXITED(c->status) && WEXITSTATUS(c->status) == 0;
    if (got_all && (clean || out->verdict != RS_TEST_PASS))
        return;
    memset(out, 0, sizeof *out);
    out->verdict = got_all ? RS_TEST_FAIL : RS_TEST_ERROR;
    if (c->killed)
        snprintf(out->message, sizeof out->message, "%s: the test's time limit (%g s) ran out; its process was "
                 "killed", name, timeout_s);
    else if (WIFSIGNALED(c->status))
        snprintf(out->message, sizeof out->message, "%s: the test process crashed (signal %d, %s)", name,
                 WTERMSIG(c->status), strsignal(WTERMSIG(c->status)));
    else if (got_all)
        snprintf(out->message, sizeof out->message, "%s: the script passed, but its process exited with status %d "
                 "(a sanitizer report? see the output)", name, WEXITSTATUS(c->status));
    else
        snprintf(out->message, sizeof out->message, "%s: the script ended its process (os.exit?) with status %d "
                 "before it finished", name, WEXITSTATUS(c->status));
}

int rs_lua_run_isolated(const char *path, const char *name, double timeout_s, rs_test_outcome *out, char **output)
{
    int fds[2];
    FILE *capture = tmpfile();
    if (!capture || pipe(fds) != 0) {
        if (capture)
            fclose(capture);
        return 0;
    }
    fflush(stdout);
    fflush(stderr);
    child_run c = { .pid = fork() };     /* on the stack: the child exits with nothing of it on the heap */
    if (c.pid == 0)
        child(path, name, timeout_s, fds[1], fileno(capture));
    close(fds[1]);
    if (c.pid > 0) {
        setpgid(c.pid, c.pid);       /* also here: no race with the kill */
        wait_child(&c, fds[0], now_s() + timeout_s + KILL_GRACE_S);
        judge_exit(&c, name, timeout_s, out);
        *output = read_output(capture);
    }
    int ok = c.pid > 0 && *output;
    close(fds[0]);
    fclose(capture);
    return ok;
}
