; Program entry: the kernel starts us with esp pointing at argc (0), argv, envp (both empty).
section .text
global _start
extern main
extern exit
_start:
        xor ebp, ebp            ; the end of the frame-pointer chain
        call main
        push eax
        call exit               ; exit(main()); never returns
