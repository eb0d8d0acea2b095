; openbus - physical addresses above RAM (128 MiB here) and above 4 GiB: nothing answers there,
; so reads return all ones and writes are lost (an unclaimed bus), and an instruction fetched
; there is FF FF...: FF /7 is a reserved encoding (SDM Vol. 2, Table A-6, group 5), so #UD with
; EIP at the fetched address. Nothing may stop the machine (issue 19: these were engine errors).
; A 4 MiB page with PSE-36 bits (PDE bits 16:13 = physical bits 35:32, SDM 4.3, Table 4-4)
; reaches above 4 GiB.
%include "lib.inc"

BIGPAGE equ 0x40000000          ; linear: a 4 MiB page at physical 0x1_0000_0000
TOPPAGE equ 0xffc00000          ; linear = physical: the last 4 MiB below 4 GiB

main:
        PRINT `openbus: reads, writes and fetches above RAM\n`
        PRINT "read 0x10000000: "
        PHEX32 [0x10000000]
        mov dword [0x10000000], 0x12345678
        PRINT `\nafter writing 0x12345678: `
        PHEX32 [0x10000000]
        PRINT `\nread 0xfffffff0: `
        PHEX32 [0xfffffff0]
        PRINT `\nword read 0x07fffffe (the last word of RAM and the first above): `
        mov dword [0x07fffffc], 0
        PHEX32 [0x07fffffe]
        PRINT `\n`
        PRINT `jmp 0x10000000 (paging off):\n`
        mov eax, 0x10000000
        TRY jmp eax
        call paging_on
        mov eax, cr4
        or eax, 0x10                    ; CR4.PSE
        mov cr4, eax
        mov dword [PD_ADDR + (BIGPAGE >> 22) * 4], (1 << 13) | 0x83       ; PS | R/W | P, phys 0x1_0000_0000
        mov dword [PD_ADDR + (TOPPAGE >> 22) * 4], TOPPAGE | 0x83
        mov eax, PD_ADDR
        mov cr3, eax
        PRINT "PSE-36 page at physical 0x100000000: read "
        PHEX32 [BIGPAGE + 0x10]
        mov dword [BIGPAGE + 0x10], 0x12345678
        PRINT ", after a write "
        PHEX32 [BIGPAGE + 0x10]
        PRINT `\njmp 0x40000000 (physical 0x100000000):\n`
        mov eax, BIGPAGE
        TRY jmp eax
        PRINT `jmp 0xfffffff0 (the reset vector's address):\n`
        mov eax, 0xfffffff0
        TRY jmp eax
        PRINT `ring 3 still runs, after all that:\n`
        USER r3_hello
        DONE

r3_hello:
        PRINT `  hello from ring 3\n`
        RET0

        KERNEL_END
