; pagefault - #PF error codes and CR2 (SDM 4.7 page-fault exceptions, 6.15 interrupt 14).
; Error code bits: P (bit 0) = protection violation (0 = not-present page), W/R (bit 1) =
; write, U/S (bit 2) = CPL 3 access. CR2 = the linear address that faulted; for an access
; that straddles into a not-present page it is the first byte of that page. An instruction
; fetch fault pushes the fetched address as EIP. CR0.WP=1 makes read-only pages read-only for
; CPL 0 as well (4.6).
%include "lib.inc"

TPAGE equ 0x300000           ; test page, remapped per case with pte_set

%macro PTE 1
        mov eax, TPAGE
        mov ebx, %1
        call pte_set
%endmacro

main:
        PRINT `pagefault: #PF error codes, CR2\n`
        call paging_on
        PRINT `-- ring 0\n`
        PTE 0
        PRINT `read, not present:\n`
        TRY mov eax, [TPAGE + 0x123]
        PRINT `write, not present:\n`
        TRY mov [TPAGE + 0x456], eax
        PTE 1
        PRINT `write, read-only page, CR0.WP=1:\n`
        TRY mov [TPAGE + 0x789], eax
        PRINT "write, read-only page, CR0.WP=0: "
        mov eax, cr0
        and eax, ~0x10000
        mov cr0, eax
        mov [TPAGE + 0x789], eax
        or eax, 0x10000
        mov cr0, eax
        PRINT `no fault\n`
        PTE 0
        PRINT `instruction fetch from a not-present page (jmp 0x00300000):\n`
        mov eax, TPAGE
        TRY jmp eax
        PRINT `dword read at 0x002ffffe, straddling into the not-present page:\n`
        TRY mov eax, [TPAGE - 2]
        ; ring 3 cases: the PTE is changed (with INVLPG) at CPL 0 before each ring-3 run
        PRINT `-- ring 3\n`
        PTE 0
        USER r3_read_np
        USER r3_write_np
        PTE 3
        USER r3_read_sup
        USER r3_write_sup
        USER r3_fetch_sup
        PTE 5
        USER r3_write_ro
        DONE

r3_read_np:
        PRINT `read, not present:\n`
        TRY mov eax, [TPAGE + 0xabc]
        RET0
r3_write_np:
        PRINT `write, not present:\n`
        TRY mov [TPAGE + 0xdef], eax
        RET0
r3_read_sup:
        PRINT `read, supervisor page:\n`
        TRY mov eax, [TPAGE + 0x10]
        RET0
r3_write_sup:
        PRINT `write, supervisor page:\n`
        TRY mov [TPAGE + 0x20], eax
        RET0
r3_fetch_sup:
        PRINT `instruction fetch, supervisor page (call 0x00300000):\n`
        mov eax, TPAGE
        TRY call eax
        RET0
r3_write_ro:
        PRINT `write, user read-only page:\n`
        TRY mov [TPAGE + 0x30], eax
        PRINT "read, user read-only page: "
        mov eax, [TPAGE + 0x30]
        PRINT `no fault\n`
        RET0
        KERNEL_END
