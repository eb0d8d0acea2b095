/* The user programs' whole C library: Linux i386 system calls through int 0x80, and printing. */
#ifndef USER_ULIB_H
#define USER_ULIB_H
#include <stdint.h>
#include "../kernel/sysnum.h"     /* SYS_* and E*: the kernel's own list */

/* Linux i386 layouts: clock_t and time_t are 32-bit. */
struct tms {
    int32_t tms_utime, tms_stime;     /* clock ticks spent in ring 3 / in the kernel */
    int32_t tms_cutime, tms_cstime;   /* the same for children (there are none: 0) */
};
struct timespec {
    int32_t tv_sec, tv_nsec;
};

/* The raw call: number in EAX, arguments in EBX, ECX, EDX; the result (or -errno) in EAX. */
static inline int32_t syscall3(uint32_t n, uint32_t a, uint32_t b, uint32_t c)
{
    int32_t ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
    return ret;
}

void exit(int status) __attribute__((noreturn));
int32_t read(int fd, void *buf, uint32_t count);
int32_t write(int fd, const void *buf, uint32_t count);
int32_t getpid(void);
uint32_t brk(uint32_t addr);   /* the new break, or the old one on failure (raw Linux brk) */
int32_t sched_yield(void);

/* The clock and process calls of the programs written for `preempt` (usched.c, linked into
 * RS_PREEMPT_PROGRAMS only, so the other programs' code stays where their tests expect it). */
int32_t kill(int32_t pid, int32_t sig);
int32_t times(struct tms *buf);   /* ticks since the clock started (100 a second), or -errno */
int32_t nanosleep(const struct timespec *req, struct timespec *rem);

/* Whether a raw system call result is an error (-4095..-1), as glibc decides. */
static inline int is_error(int32_t ret) { return ret < 0 && ret >= -4095; }

/* Spins until every process with a lower pid has ended (kill(pid, 0) says -ESRCH). Programs run
 * together under preemption print in pid order this way, wherever the clock ticks fall. */
void wait_for_lower_pids(void);

uint32_t strlen(const char *s);
void print(const char *s);
/* printf for %s %d %u %x %c; %x prints 0x and 8 digits. */
void printf(const char *fmt, ...);

/* The illegal acts (acts.asm). Each returns only if the kernel failed to stop it. */
void act_peek(void);
void act_poke(void);
void act_jump_kernel(void);
void act_write_code(void);
void act_null_read(void);
void act_cli(void);
void act_hlt(void);
void act_out(void);
void act_mov_cr3(void);
void act_int41(void);
void act_kernel_ds(void);
void act_divide_by_zero(void);
void act_recurse(void);
void act_int3(void);
void act_ud2(void);

/* For an illegal-act program whose act came back: says so, returns main's exit status. */
int survived(const char *name);

#endif
