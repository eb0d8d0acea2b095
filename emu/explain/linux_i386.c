/* See linux_i386.h. The tables are Linux's (arch/x86/entry/syscalls/syscall_32.tbl,
 * include/uapi/asm-generic/errno-base.h and errno.h); the signatures are the man pages'. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "linux_i386.h"

/* Every name in syscall_32.tbl, including the reserved ones that have never had an entry point
 * (break, stty, ...: Linux returns -ENOSYS for them, but the number is theirs). Gaps (222, 223,
 * 251, 285, 387-392, 415) are numbers Linux has never assigned. */
static const char *const syscall_names[RS_LINUX_SYSCALL_LIMIT] = {
    [0] = "restart_syscall", [1] = "exit", [2] = "fork", [3] = "read", [4] = "write", [5] = "open",
    [6] = "close", [7] = "waitpid", [8] = "creat", [9] = "link", [10] = "unlink", [11] = "execve",
    [12] = "chdir", [13] = "time", [14] = "mknod", [15] = "chmod", [16] = "lchown", [17] = "break",
    [18] = "oldstat", [19] = "lseek", [20] = "getpid", [21] = "mount", [22] = "umount",
    [23] = "setuid", [24] = "getuid", [25] = "stime", [26] = "ptrace", [27] = "alarm",
    [28] = "oldfstat", [29] = "pause", [30] = "utime", [31] = "stty", [32] = "gtty",
    [33] = "access", [34] = "nice", [35] = "ftime", [36] = "sync", [37] = "kill", [38] = "rename",
    [39] = "mkdir", [40] = "rmdir", [41] = "dup", [42] = "pipe", [43] = "times", [44] = "prof",
    [45] = "brk", [46] = "setgid", [47] = "getgid", [48] = "signal", [49] = "geteuid",
    [50] = "getegid", [51] = "acct", [52] = "umount2", [53] = "lock", [54] = "ioctl",
    [55] = "fcntl", [56] = "mpx", [57] = "setpgid", [58] = "ulimit", [59] = "oldolduname",
    [60] = "umask", [61] = "chroot", [62] = "ustat", [63] = "dup2", [64] = "getppid",
    [65] = "getpgrp", [66] = "setsid", [67] = "sigaction", [68] = "sgetmask", [69] = "ssetmask",
    [70] = "setreuid", [71] = "setregid", [72] = "sigsuspend", [73] = "sigpending",
    [74] = "sethostname", [75] = "setrlimit", [76] = "getrlimit", [77] = "getrusage",
    [78] = "gettimeofday", [79] = "settimeofday", [80] = "getgroups", [81] = "setgroups",
    [82] = "select", [83] = "symlink", [84] = "oldlstat", [85] = "readlink", [86] = "uselib",
    [87] = "swapon", [88] = "reboot", [89] = "readdir", [90] = "mmap", [91] = "munmap",
    [92] = "truncate", [93] = "ftruncate", [94] = "fchmod", [95] = "fchown", [96] = "getpriority",
    [97] = "setpriority", [98] = "profil", [99] = "statfs", [100] = "fstatfs", [101] = "ioperm",
    [102] = "socketcall", [103] = "syslog", [104] = "setitimer", [105] = "getitimer",
    [106] = "stat", [107] = "lstat", [108] = "fstat", [109] = "olduname", [110] = "iopl",
    [111] = "vhangup", [112] = "idle", [113] = "vm86old", [114] = "wait4", [115] = "swapoff",
    [116] = "sysinfo", [117] = "ipc", [118] = "fsync", [119] = "sigreturn", [120] = "clone",
    [121] = "setdomainname", [122] = "uname", [123] = "modify_ldt", [124] = "adjtimex",
    [125] = "mprotect", [126] = "sigprocmask", [127] = "create_module", [128] = "init_module",
    [129] = "delete_module", [130] = "get_kernel_syms", [131] = "quotactl", [132] = "getpgid",
    [133] = "fchdir", [134] = "bdflush", [135] = "sysfs", [136] = "personality",
    [137] = "afs_syscall", [138] = "setfsuid", [139] = "setfsgid", [140] = "_llseek",
    [141] = "getdents", [142] = "_newselect", [143] = "flock", [144] = "msync", [145] = "readv",
    [146] = "writev", [147] = "getsid", [148] = "fdatasync", [149] = "_sysctl", [150] = "mlock",
    [151] = "munlock", [152] = "mlockall", [153] = "munlockall", [154] = "sched_setparam",
    [155] = "sched_getparam", [156] = "sched_setscheduler", [157] = "sched_getscheduler",
    [158] = "sched_yield", [159] = "sched_get_priority_max", [160] = "sched_get_priority_min",
    [161] = "sched_rr_get_interval", [162] = "nanosleep", [163] = "mremap", [164] = "setresuid",
    [165] = "getresuid", [166] = "vm86", [167] = "query_module", [168] = "poll",
    [169] = "nfsservctl", [170] = "setresgid", [171] = "getresgid", [172] = "prctl",
    [173] = "rt_sigreturn", [174] = "rt_sigaction", [175] = "rt_sigprocmask",
    [176] = "rt_sigpending", [177] = "rt_sigtimedwait", [178] = "rt_sigqueueinfo",
    [179] = "rt_sigsuspend", [180] = "pread64", [181] = "pwrite64", [182] = "chown",
    [183] = "getcwd", [184] = "capget", [185] = "capset", [186] = "sigaltstack", [187] = "sendfile",
    [188] = "getpmsg", [189] = "putpmsg", [190] = "vfork", [191] = "ugetrlimit", [192] = "mmap2",
    [193] = "truncate64", [194] = "ftruncate64", [195] = "stat64", [196] = "lstat64",
    [197] = "fstat64", [198] = "lchown32", [199] = "getuid32", [200] = "getgid32",
    [201] = "geteuid32", [202] = "getegid32", [203] = "setreuid32", [204] = "setregid32",
    [205] = "getgroups32", [206] = "setgroups32", [207] = "fchown32", [208] = "setresuid32",
    [209] = "getresuid32", [210] = "setresgid32", [211] = "getresgid32", [212] = "chown32",
    [213] = "setuid32", [214] = "setgid32", [215] = "setfsuid32", [216] = "setfsgid32",
    [217] = "pivot_root", [218] = "mincore", [219] = "madvise", [220] = "getdents64",
    [221] = "fcntl64", [224] = "gettid", [225] = "readahead", [226] = "setxattr",
    [227] = "lsetxattr", [228] = "fsetxattr", [229] = "getxattr", [230] = "lgetxattr",
    [231] = "fgetxattr", [232] = "listxattr", [233] = "llistxattr", [234] = "flistxattr",
    [235] = "removexattr", [236] = "lremovexattr", [237] = "fremovexattr", [238] = "tkill",
    [239] = "sendfile64", [240] = "futex", [241] = "sched_setaffinity", [242] = "sched_getaffinity",
    [243] = "set_thread_area", [244] = "get_thread_area", [245] = "io_setup", [246] = "io_destroy",
    [247] = "io_getevents", [248] = "io_submit", [249] = "io_cancel", [250] = "fadvise64",
    [252] = "exit_group", [253] = "lookup_dcookie", [254] = "epoll_create", [255] = "epoll_ctl",
    [256] = "epoll_wait", [257] = "remap_file_pages", [258] = "set_tid_address",
    [259] = "timer_create", [260] = "timer_settime", [261] = "timer_gettime",
    [262] = "timer_getoverrun", [263] = "timer_delete", [264] = "clock_settime",
    [265] = "clock_gettime", [266] = "clock_getres", [267] = "clock_nanosleep", [268] = "statfs64",
    [269] = "fstatfs64", [270] = "tgkill", [271] = "utimes", [272] = "fadvise64_64",
    [273] = "vserver", [274] = "mbind", [275] = "get_mempolicy", [276] = "set_mempolicy",
    [277] = "mq_open", [278] = "mq_unlink", [279] = "mq_timedsend", [280] = "mq_timedreceive",
    [281] = "mq_notify", [282] = "mq_getsetattr", [283] = "kexec_load", [284] = "waitid",
    [286] = "add_key", [287] = "request_key", [288] = "keyctl", [289] = "ioprio_set",
    [290] = "ioprio_get", [291] = "inotify_init", [292] = "inotify_add_watch",
    [293] = "inotify_rm_watch", [294] = "migrate_pages", [295] = "openat", [296] = "mkdirat",
    [297] = "mknodat", [298] = "fchownat", [299] = "futimesat", [300] = "fstatat64",
    [301] = "unlinkat", [302] = "renameat", [303] = "linkat", [304] = "symlinkat",
    [305] = "readlinkat", [306] = "fchmodat", [307] = "faccessat", [308] = "pselect6",
    [309] = "ppoll", [310] = "unshare", [311] = "set_robust_list", [312] = "get_robust_list",
    [313] = "splice", [314] = "sync_file_range", [315] = "tee", [316] = "vmsplice",
    [317] = "move_pages", [318] = "getcpu", [319] = "epoll_pwait", [320] = "utimensat",
    [321] = "signalfd", [322] = "timerfd_create", [323] = "eventfd", [324] = "fallocate",
    [325] = "timerfd_settime", [326] = "timerfd_gettime", [327] = "signalfd4", [328] = "eventfd2",
    [329] = "epoll_create1", [330] = "dup3", [331] = "pipe2", [332] = "inotify_init1",
    [333] = "preadv", [334] = "pwritev", [335] = "rt_tgsigqueueinfo", [336] = "perf_event_open",
    [337] = "recvmmsg", [338] = "fanotify_init", [339] = "fanotify_mark", [340] = "prlimit64",
    [341] = "name_to_handle_at", [342] = "open_by_handle_at", [343] = "clock_adjtime",
    [344] = "syncfs", [345] = "sendmmsg", [346] = "setns", [347] = "process_vm_readv",
    [348] = "process_vm_writev", [349] = "kcmp", [350] = "finit_module", [351] = "sched_setattr",
    [352] = "sched_getattr", [353] = "renameat2", [354] = "seccomp", [355] = "getrandom",
    [356] = "memfd_create", [357] = "bpf", [358] = "execveat", [359] = "socket",
    [360] = "socketpair", [361] = "bind", [362] = "connect", [363] = "listen", [364] = "accept4",
    [365] = "getsockopt", [366] = "setsockopt", [367] = "getsockname", [368] = "getpeername",
    [369] = "sendto", [370] = "sendmsg", [371] = "recvfrom", [372] = "recvmsg", [373] = "shutdown",
    [374] = "userfaultfd", [375] = "membarrier", [376] = "mlock2", [377] = "copy_file_range",
    [378] = "preadv2", [379] = "pwritev2", [380] = "pkey_mprotect", [381] = "pkey_alloc",
    [382] = "pkey_free", [383] = "statx", [384] = "arch_prctl", [385] = "io_pgetevents",
    [386] = "rseq", [393] = "semget", [394] = "semctl", [395] = "shmget", [396] = "shmctl",
    [397] = "shmat", [398] = "shmdt", [399] = "msgget", [400] = "msgsnd", [401] = "msgrcv",
    [402] = "msgctl", [403] = "clock_gettime64", [404] = "clock_settime64",
    [405] = "clock_adjtime64", [406] = "clock_getres_time64", [407] = "clock_nanosleep_time64",
    [408] = "timer_gettime64", [409] = "timer_settime64", [410] = "timerfd_gettime64",
    [411] = "timerfd_settime64", [412] = "utimensat_time64", [413] = "pselect6_time64",
    [414] = "ppoll_time64", [416] = "io_pgetevents_time64", [417] = "recvmmsg_time64",
    [418] = "mq_timedsend_time64", [419] = "mq_timedreceive_time64", [420] = "semtimedop_time64",
    [421] = "rt_sigtimedwait_time64", [422] = "futex_time64",
    [423] = "sched_rr_get_interval_time64", [424] = "pidfd_send_signal", [425] = "io_uring_setup",
    [426] = "io_uring_enter", [427] = "io_uring_register", [428] = "open_tree",
    [429] = "move_mount", [430] = "fsopen", [431] = "fsconfig", [432] = "fsmount", [433] = "fspick",
    [434] = "pidfd_open", [435] = "clone3", [436] = "close_range", [437] = "openat2",
    [438] = "pidfd_getfd", [439] = "faccessat2", [440] = "process_madvise", [441] = "epoll_pwait2",
    [442] = "mount_setattr", [443] = "quotactl_fd", [444] = "landlock_create_ruleset",
    [445] = "landlock_add_rule", [446] = "landlock_restrict_self", [447] = "memfd_secret",
    [448] = "process_mrelease", [449] = "futex_waitv", [450] = "set_mempolicy_home_node",
    [451] = "cachestat", [452] = "fchmodat2", [453] = "map_shadow_stack", [454] = "futex_wake",
    [455] = "futex_wait", [456] = "futex_requeue", [457] = "statmount", [458] = "listmount",
    [459] = "lsm_get_self_attr", [460] = "lsm_set_self_attr", [461] = "lsm_list_modules",
    [462] = "mseal", [463] = "setxattrat", [464] = "getxattrat", [465] = "listxattrat",
    [466] = "removexattrat", [467] = "open_tree_attr", [468] = "file_getattr",
    [469] = "file_setattr",
};

static const char *const errno_names[] = {
    [1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [6] = "ENXIO",
    [7] = "E2BIG", [8] = "ENOEXEC", [9] = "EBADF", [10] = "ECHILD", [11] = "EAGAIN",
    [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT", [15] = "ENOTBLK", [16] = "EBUSY",
    [17] = "EEXIST", [18] = "EXDEV", [19] = "ENODEV", [20] = "ENOTDIR", [21] = "EISDIR",
    [22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE", [25] = "ENOTTY", [26] = "ETXTBSY",
    [27] = "EFBIG", [28] = "ENOSPC", [29] = "ESPIPE", [30] = "EROFS", [31] = "EMLINK",
    [32] = "EPIPE", [33] = "EDOM", [34] = "ERANGE", [35] = "EDEADLK", [36] = "ENAMETOOLONG",
    [37] = "ENOLCK", [38] = "ENOSYS", [39] = "ENOTEMPTY", [40] = "ELOOP", [42] = "ENOMSG",
    [43] = "EIDRM", [44] = "ECHRNG", [45] = "EL2NSYNC", [46] = "EL3HLT", [47] = "EL3RST",
    [48] = "ELNRNG", [49] = "EUNATCH", [50] = "ENOCSI", [51] = "EL2HLT", [52] = "EBADE",
    [53] = "EBADR", [54] = "EXFULL", [55] = "ENOANO", [56] = "EBADRQC", [57] = "EBADSLT",
    [59] = "EBFONT", [60] = "ENOSTR", [61] = "ENODATA", [62] = "ETIME", [63] = "ENOSR",
    [64] = "ENONET", [65] = "ENOPKG", [66] = "EREMOTE", [67] = "ENOLINK", [68] = "EADV",
    [69] = "ESRMNT", [70] = "ECOMM", [71] = "EPROTO", [72] = "EMULTIHOP", [73] = "EDOTDOT",
    [74] = "EBADMSG", [75] = "EOVERFLOW", [76] = "ENOTUNIQ", [77] = "EBADFD", [78] = "EREMCHG",
    [79] = "ELIBACC", [80] = "ELIBBAD", [81] = "ELIBSCN", [82] = "ELIBMAX", [83] = "ELIBEXEC",
    [84] = "EILSEQ", [85] = "ERESTART", [86] = "ESTRPIPE", [87] = "EUSERS", [88] = "ENOTSOCK",
    [89] = "EDESTADDRREQ", [90] = "EMSGSIZE", [91] = "EPROTOTYPE", [92] = "ENOPROTOOPT",
    [93] = "EPROTONOSUPPORT", [94] = "ESOCKTNOSUPPORT", [95] = "EOPNOTSUPP",
    [96] = "EPFNOSUPPORT", [97] = "EAFNOSUPPORT", [98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL",
    [100] = "ENETDOWN", [101] = "ENETUNREACH", [102] = "ENETRESET", [103] = "ECONNABORTED",
    [104] = "ECONNRESET", [105] = "ENOBUFS", [106] = "EISCONN", [107] = "ENOTCONN",
    [108] = "ESHUTDOWN", [109] = "ETOOMANYREFS", [110] = "ETIMEDOUT", [111] = "ECONNREFUSED",
    [112] = "EHOSTDOWN", [113] = "EHOSTUNREACH", [114] = "EALREADY", [115] = "EINPROGRESS",
    [116] = "ESTALE", [117] = "EUCLEAN", [118] = "ENOTNAM", [119] = "ENAVAIL", [120] = "EISNAM",
    [121] = "EREMOTEIO", [122] = "EDQUOT", [123] = "ENOMEDIUM", [124] = "EMEDIUMTYPE",
    [125] = "ECANCELED", [126] = "ENOKEY", [127] = "EKEYEXPIRED", [128] = "EKEYREVOKED",
    [129] = "EKEYREJECTED", [130] = "EOWNERDEAD", [131] = "ENOTRECOVERABLE", [132] = "ERFKILL",
    [133] = "EHWPOISON",
    /* Kernel-internal (include/linux/errno.h): never returned to user space by a finished call,
     * but visible to a tracer that watches the kernel's own return path. */
    [512] = "ERESTARTSYS", [513] = "ERESTARTNOINTR", [514] = "ERESTARTNOHAND",
    [515] = "ENOIOCTLCMD", [516] = "ERESTART_RESTARTBLOCK", [517] = "EPROBE_DEFER",
};

/* Signatures, as the man pages name the arguments; i386 specifics noted. */
#define I(n) { #n, RS_LINUX_ARG_INT }
#define U(n) { #n, RS_LINUX_ARG_UINT }
#define F(n) { #n, RS_LINUX_ARG_FD }
#define D(n) { #n, RS_LINUX_ARG_DIRFD }
#define P(n) { #n, RS_LINUX_ARG_PTR }
#define S(n) { #n, RS_LINUX_ARG_STR }
#define X(n) { #n, RS_LINUX_ARG_HEX }
#define O(n) { #n, RS_LINUX_ARG_OCT }
#define K(n, kind) { #n, RS_LINUX_ARG_##kind }
#define NARGS(...) ((int)(sizeof((rs_linux_arg[]){ __VA_ARGS__ }) / sizeof(rs_linux_arg)))
#define SIG(nr, ret, ...) { nr, RS_LINUX_RET_##ret, NARGS(__VA_ARGS__), { __VA_ARGS__ } }
#define SIG0(nr, ret) { nr, RS_LINUX_RET_##ret, 0, { { NULL, RS_LINUX_ARG_INT } } }

static const rs_linux_signature signatures[] = {
    SIG0(0, INT),                                               /* restart_syscall */
    SIG(1, NONE, I(status)),                                    /* exit */
    SIG0(2, INT),                                               /* fork */
    SIG(3, INT, F(fd), P(buf), U(count)),                       /* read */
    SIG(4, INT, F(fd), P(buf), U(count)),                       /* write */
    SIG(5, INT, S(pathname), K(flags, OPEN_FLAGS), O(mode)),                /* open */
    SIG(6, INT, F(fd)),                                         /* close */
    SIG(7, INT, I(pid), P(wstatus), K(options, WAIT_OPTIONS)),                /* waitpid */
    SIG(8, INT, S(pathname), O(mode)),                          /* creat */
    SIG(9, INT, S(oldpath), S(newpath)),                        /* link */
    SIG(10, INT, S(pathname)),                                  /* unlink */
    SIG(11, INT, S(pathname), K(argv, ARGV), P(envp)),                /* execve */
    SIG(12, INT, S(path)),                                      /* chdir */
    SIG(13, INT, P(tloc)),                                      /* time */
    SIG(14, INT, S(pathname), O(mode), X(dev)),                 /* mknod */
    SIG(15, INT, S(pathname), O(mode)),                         /* chmod */
    SIG(19, INT, F(fd), I(offset), I(whence)),                  /* lseek */
    SIG0(20, INT),                                              /* getpid */
    SIG0(24, INT),                                              /* getuid */
    SIG(27, INT, U(seconds)),                                   /* alarm */
    SIG0(29, INT),                                              /* pause */
    SIG(33, INT, S(pathname), O(mode)),                         /* access */
    SIG0(36, INT),                                              /* sync */
    SIG(37, INT, I(pid), K(sig, SIGNAL)),                               /* kill */
    SIG(38, INT, S(oldpath), S(newpath)),                       /* rename */
    SIG(39, INT, S(pathname), O(mode)),                         /* mkdir */
    SIG(40, INT, S(pathname)),                                  /* rmdir */
    SIG(41, INT, F(oldfd)),                                     /* dup */
    SIG(42, INT, P(pipefd)),                                    /* pipe */
    SIG(43, INT, P(buf)),                                       /* times */
    SIG(45, ADDR, P(addr)),                                     /* brk: returns the break */
    SIG0(47, INT),                                              /* getgid */
    SIG(48, ADDR, K(sig, SIGNAL), P(handler)),                          /* signal: the old handler */
    SIG0(49, INT),                                              /* geteuid */
    SIG0(50, INT),                                              /* getegid */
    SIG(54, INT, F(fd), K(request, IOCTL), X(arg)),                    /* ioctl */
    SIG(55, INT, F(fd), K(cmd, FCNTL_CMD), X(arg)),                        /* fcntl */
    SIG(57, INT, I(pid), I(pgid)),                              /* setpgid */
    SIG(60, INT, O(mask)),                                      /* umask */
    SIG(61, INT, S(path)),                                      /* chroot */
    SIG(63, INT, F(oldfd), F(newfd)),                           /* dup2 */
    SIG0(64, INT),                                              /* getppid */
    SIG0(65, INT),                                              /* getpgrp */
    SIG0(66, INT),                                              /* setsid */
    SIG(67, INT, K(sig, SIGNAL), P(act), P(oldact)),                    /* sigaction */
    SIG(78, INT, P(tv), P(tz)),                                 /* gettimeofday */
    SIG(82, INT, P(args)),                                      /* select: old_select, one struct */
    SIG(83, INT, S(target), S(linkpath)),                       /* symlink */
    SIG(85, INT, S(pathname), P(buf), U(bufsiz)),               /* readlink */
    SIG(88, INT, X(magic), X(magic2), X(cmd), P(arg)),          /* reboot */
    SIG(90, ADDR, P(args)),                                     /* mmap: old_mmap, one struct */
    SIG(91, INT, P(addr), U(length)),                           /* munmap */
    SIG(92, INT, S(path), I(length)),                           /* truncate */
    SIG(93, INT, F(fd), I(length)),                             /* ftruncate */
    SIG(94, INT, F(fd), O(mode)),                               /* fchmod */
    SIG(99, INT, S(path), P(buf)),                              /* statfs */
    SIG(100, INT, F(fd), P(buf)),                               /* fstatfs */
    SIG(101, INT, X(from), U(num), I(turn_on)),                 /* ioperm */
    SIG(102, INT, I(call), P(args)),                            /* socketcall */
    SIG(106, INT, S(pathname), P(statbuf)),                     /* stat */
    SIG(107, INT, S(pathname), P(statbuf)),                     /* lstat */
    SIG(108, INT, F(fd), P(statbuf)),                           /* fstat */
    SIG(110, INT, I(level)),                                    /* iopl */
    SIG(114, INT, I(pid), P(wstatus), K(options, WAIT_OPTIONS), P(rusage)),   /* wait4 */
    SIG(116, INT, P(info)),                                     /* sysinfo */
    SIG(117, INT, U(call), I(first), I(second), I(third), P(ptr), I(fifth)), /* ipc */
    SIG(118, INT, F(fd)),                                       /* fsync */
    SIG0(119, NONE),                                            /* sigreturn */
    /* i386 has CONFIG_CLONE_BACKWARDS: tls before child_tid. */
    SIG(120, INT, K(flags, CLONE_FLAGS), P(stack), P(parent_tid), P(tls), P(child_tid)), /* clone */
    SIG(122, INT, P(buf)),                                      /* uname */
    SIG(123, INT, I(func), P(ptr), U(bytecount)),               /* modify_ldt */
    SIG(125, INT, P(addr), U(len), K(prot, MMAP_PROT)),                    /* mprotect */
    SIG(126, INT, K(how, SIGMASK_HOW), P(set), P(oldset)),                   /* sigprocmask */
    SIG(132, INT, I(pid)),                                      /* getpgid */
    SIG(133, INT, F(fd)),                                       /* fchdir */
    SIG(140, INT, F(fd), U(offset_high), U(offset_low), P(result), I(whence)), /* _llseek */
    SIG(141, INT, F(fd), P(dirp), U(count)),                    /* getdents */
    SIG(142, INT, I(nfds), P(readfds), P(writefds), P(exceptfds), P(timeout)), /* _newselect */
    SIG(143, INT, F(fd), I(operation)),                         /* flock */
    SIG(144, INT, P(addr), U(length), X(flags)),                /* msync */
    SIG(145, INT, F(fd), P(iov), I(iovcnt)),                    /* readv */
    SIG(146, INT, F(fd), P(iov), I(iovcnt)),                    /* writev */
    SIG(147, INT, I(pid)),                                      /* getsid */
    SIG(148, INT, F(fd)),                                       /* fdatasync */
    SIG(150, INT, P(addr), U(len)),                             /* mlock */
    SIG(151, INT, P(addr), U(len)),                             /* munlock */
    SIG(152, INT, X(flags)),                                    /* mlockall */
    SIG0(153, INT),                                             /* munlockall */
    SIG0(158, INT),                                             /* sched_yield */
    SIG(162, INT, P(req), P(rem)),                              /* nanosleep */
    SIG(163, ADDR, P(old_address), U(old_size), U(new_size), X(flags), P(new_address)), /* mremap */
    SIG(168, INT, P(fds), U(nfds), I(timeout)),                 /* poll */
    SIG(172, INT, I(option), X(arg2), X(arg3), X(arg4), X(arg5)), /* prctl */
    SIG0(173, NONE),                                            /* rt_sigreturn */
    SIG(174, INT, K(sig, SIGNAL), P(act), P(oldact), U(sigsetsize)),    /* rt_sigaction */
    SIG(175, INT, K(how, SIGMASK_HOW), P(set), P(oldset), U(sigsetsize)),    /* rt_sigprocmask */
    /* i386 passes a 64-bit file position in two registers, low half first. */
    SIG(180, INT, F(fd), P(buf), U(count), U(pos_lo), U(pos_hi)), /* pread64 */
    SIG(181, INT, F(fd), P(buf), U(count), U(pos_lo), U(pos_hi)), /* pwrite64 */
    SIG(183, INT, P(buf), U(size)),                             /* getcwd */
    SIG(186, INT, P(ss), P(old_ss)),                            /* sigaltstack */
    SIG(187, INT, F(out_fd), F(in_fd), P(offset), U(count)),    /* sendfile */
    SIG0(190, INT),                                             /* vfork */
    SIG(191, INT, I(resource), P(rlim)),                        /* ugetrlimit */
    SIG(192, ADDR, P(addr), U(length), K(prot, MMAP_PROT), K(flags, MMAP_FLAGS), F(fd), X(pgoffset)), /* mmap2 */
    SIG(195, INT, S(pathname), P(statbuf)),                     /* stat64 */
    SIG(196, INT, S(pathname), P(statbuf)),                     /* lstat64 */
    SIG(197, INT, F(fd), P(statbuf)),                           /* fstat64 */
    SIG0(199, INT),                                             /* getuid32 */
    SIG0(200, INT),                                             /* getgid32 */
    SIG0(201, INT),                                             /* geteuid32 */
    SIG0(202, INT),                                             /* getegid32 */
    SIG(219, INT, P(addr), U(length), I(advice)),               /* madvise */
    SIG(220, INT, F(fd), P(dirp), U(count)),                    /* getdents64 */
    SIG(221, INT, F(fd), K(cmd, FCNTL_CMD), X(arg)),                       /* fcntl64 */
    SIG0(224, INT),                                             /* gettid */
    SIG(238, INT, I(tid), K(sig, SIGNAL)),                              /* tkill */
    SIG(240, INT, P(uaddr), I(futex_op), U(val), P(timeout), P(uaddr2), U(val3)), /* futex */
    SIG(243, INT, P(u_info)),                                   /* set_thread_area */
    SIG(244, INT, P(u_info)),                                   /* get_thread_area */
    SIG(252, NONE, I(status)),                                  /* exit_group */
    SIG(258, INT, P(tidptr)),                                   /* set_tid_address */
    SIG(265, INT, I(clockid), P(tp)),                           /* clock_gettime */
    SIG(270, INT, I(tgid), I(tid), K(sig, SIGNAL)),                     /* tgkill */
    SIG(295, INT, D(dirfd), S(pathname), K(flags, OPEN_FLAGS), O(mode)),    /* openat */
    SIG(300, INT, D(dirfd), S(pathname), P(statbuf), X(flags)), /* fstatat64 */
    SIG(301, INT, D(dirfd), S(pathname), X(flags)),             /* unlinkat */
    SIG(305, INT, D(dirfd), S(pathname), P(buf), U(bufsiz)),    /* readlinkat */
    SIG(307, INT, D(dirfd), S(pathname), O(mode)),              /* faccessat: no flags argument */
    SIG(311, INT, P(head), U(len)),                             /* set_robust_list */
    SIG(330, INT, F(oldfd), F(newfd), X(flags)),                /* dup3 */
    SIG(331, INT, P(pipefd), X(flags)),                         /* pipe2 */
    SIG(340, INT, I(pid), I(resource), P(new_limit), P(old_limit)), /* prlimit64 */
    SIG(355, INT, P(buf), U(buflen), X(flags)),                 /* getrandom */
    SIG(359, INT, I(domain), I(type), I(protocol)),             /* socket */
    SIG(383, INT, D(dirfd), S(pathname), X(flags), X(mask), P(statxbuf)), /* statx */
    SIG(384, INT, I(option), X(arg2)),                          /* arch_prctl */
    SIG(386, INT, P(rseq), U(rseq_len), X(flags), X(sig)),      /* rseq */
    SIG(397, ADDR, I(shmid), P(shmaddr), X(shmflg)),            /* shmat */
    SIG(403, INT, I(clockid), P(tp)),                           /* clock_gettime64 */
    SIG(436, INT, F(fd), F(max_fd), X(flags)),                  /* close_range */
};

const char *rs_linux_syscall_name(uint32_t nr)
{
    return nr < RS_LINUX_SYSCALL_LIMIT ? syscall_names[nr] : NULL;
}

int rs_linux_syscall_number(const char *name)
{
    for (uint32_t nr = 0; name && nr < RS_LINUX_SYSCALL_LIMIT; nr++)
        if (syscall_names[nr] && strcmp(syscall_names[nr], name) == 0)
            return (int)nr;
    return -1;
}

const char *rs_linux_errno_name(int err)
{
    if (err <= 0 || (size_t)err >= sizeof errno_names / sizeof errno_names[0])
        return NULL;
    return errno_names[err];
}

const rs_linux_signature *rs_linux_syscall_signature(uint32_t nr)
{
    for (size_t i = 0; i < sizeof signatures / sizeof signatures[0]; i++)
        if (signatures[i].nr == nr)
            return &signatures[i];
    return NULL;
}

/* snprintf-style appending: POS counts the whole text, even the part that did not fit. */
typedef struct out {
    char *buf;
    size_t len, pos;
} out;

static out out_start(char *buf, size_t len)
{
    if (len > 0)
        buf[0] = '\0';
    return (out){ buf, len, 0 };
}

__attribute__((format(printf, 2, 3)))
static void put(out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int room = o->pos < o->len;
    int n = vsnprintf(room ? o->buf + o->pos : NULL, room ? o->len - o->pos : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->pos += (size_t)n;
}

static void put_arg(out *o, rs_linux_arg_kind kind, uint32_t v)
{
    switch (kind) {
    case RS_LINUX_ARG_INT:
    case RS_LINUX_ARG_FD: put(o, "%d", (int)(int32_t)v); return;
    case RS_LINUX_ARG_UINT: put(o, "%u", (unsigned)v); return;
    case RS_LINUX_ARG_DIRFD:
        if ((int32_t)v == -100)   /* AT_FDCWD (include/uapi/linux/fcntl.h) */
            put(o, "AT_FDCWD");
        else
            put(o, "%d", (int)(int32_t)v);
        return;
    case RS_LINUX_ARG_PTR:
    case RS_LINUX_ARG_ARGV:
    case RS_LINUX_ARG_STR: put(o, "0x%08x", (unsigned)v); return;
    case RS_LINUX_ARG_HEX: put(o, "0x%x", (unsigned)v); return;
    case RS_LINUX_ARG_OCT: put(o, "%#o", (unsigned)v); return;   /* 0 -> "0", 0644 -> "0644" */
    default: {
        char text[160];
        if (rs_linux_format_flags(kind, v, text, sizeof text) >= 0) {
            put(o, "%s", text);
            return;
        }
    }
    }
    put(o, "0x%08x", (unsigned)v);
}

static void put_name(out *o, uint32_t nr)
{
    const char *name = rs_linux_syscall_name(nr);
    if (name)
        put(o, "%s", name);
    else
        put(o, "syscall_%u", (unsigned)nr);
}

int rs_linux_format_arg(rs_linux_arg_kind kind, uint32_t value, char *buf, size_t len)
{
    out o = out_start(buf, len);
    put_arg(&o, kind, value);
    return (int)o.pos;
}

int rs_linux_format_name(uint32_t nr, char *buf, size_t len)
{
    out o = out_start(buf, len);
    put_name(&o, nr);
    return (int)o.pos;
}

int rs_linux_format_call_with(uint32_t nr, const uint32_t args[6], const char *strings, char *buf, size_t len)
{
    static const char *const regs[6] = { "ebx", "ecx", "edx", "esi", "edi", "ebp" };
    const rs_linux_signature *sig = rs_linux_syscall_signature(nr);
    out o = out_start(buf, len);
    put_name(&o, nr);
    put(&o, "(");
    int n = sig ? sig->nargs : 6;
    const char *field = strings;
    for (int i = 0; i < n; i++) {
        rs_linux_arg_kind kind = sig ? sig->args[i].kind : RS_LINUX_ARG_PTR;
        put(&o, "%s%s=", i ? ", " : "", sig ? sig->args[i].name : regs[i]);
        if ((kind == RS_LINUX_ARG_STR || kind == RS_LINUX_ARG_ARGV) && field) {
            if (*field)
                put(&o, "%s", field);
            else
                put_arg(&o, kind, args[i]);
            field += strlen(field) + 1;
            continue;
        }
        put_arg(&o, kind, args[i]);
    }
    put(&o, ")");
    return (int)o.pos;
}

int rs_linux_format_call(uint32_t nr, const uint32_t args[6], char *buf, size_t len)
{
    return rs_linux_format_call_with(nr, args, NULL, buf, len);
}

static void put_result(out *o, uint32_t nr, int32_t ret)
{
    if (ret < 0 && ret >= -RS_LINUX_ERRNO_MAX) {
        const char *name = rs_linux_errno_name(-ret);
        put(o, "%d%s%s", (int)ret, name ? " " : "", name ? name : "");
        return;
    }
    const rs_linux_signature *sig = rs_linux_syscall_signature(nr);
    if (sig && sig->ret == RS_LINUX_RET_ADDR)
        put(o, "0x%08x", (unsigned)(uint32_t)ret);
    else
        put(o, "%d", (int)ret);
}

int rs_linux_format_result(uint32_t nr, int32_t ret, char *buf, size_t len)
{
    out o = out_start(buf, len);
    put_result(&o, nr, ret);
    return (int)o.pos;
}

int rs_linux_format_return(uint32_t nr, int32_t ret, char *buf, size_t len)
{
    out o = out_start(buf, len);
    put_name(&o, nr);
    put(&o, " -> ");
    put_result(&o, nr, ret);
    return (int)o.pos;
}
