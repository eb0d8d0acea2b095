; picpit - the 8259A pair and the 8254 from ring 0: initialisation and remapping, masks, IRR/ISR
; reads, EOI (non-specific and specific), automatic EOI, the poll command, delivery of IRQ0 on its
; remapped vector (from ring 0 and from ring 3), PIT modes 0, 2 and 3, lobyte/hibyte access, the
; counter latch command and the read-back status.
; Sources: Intel 8259A datasheet (ICW1-ICW4, OCW1-OCW3, "Poll Command", "Automatic End of
; Interrupt Mode"); Intel 8254 datasheet ("Mode Definitions", "Counter Latch Command", "Read-Back
; Command"); OSDev wiki "8259 PIC", "Programmable Interval Timer"; SDM 6.12 (external interrupts
; use the IDT like exceptions: interrupt gate, IF cleared, stack switch from ring 3).
;
;
; Nothing printed depends on real time, which QEMU's PIT follows: no counter value is printed,
; only comparisons with wide margins (27 ms), interrupt counts waited for with HLT, and what the
; handler saw in ISR/IRR and its frame. Each part starts from the same state (reset_all): the
; PIT's channel 0 stopped after a mode 0 terminal count (OUT high for good, no more edges), then
; ICW1-ICW4, which clear IRR, ISR and IMR. Under QEMU the edge reaches the PIC from a host timer,
; possibly well after the read-back status already shows OUT high, so reset_all waits for the
; edge itself in IRR (and starts over if an untimely ICW1 swallowed it).
%include "lib.inc"

PIC1 equ 0x20
PIC2 equ 0xa0
PIT0 equ 0x40
PITC equ 0x43
POLL_LIMIT equ 1000000

main:
        PRINT `picpit: 8259A and 8254 from ring 0\n`
        IDTSET 0x20, irq0_handler, KCODE, INTGATE32
        call part_init
        call part_mode0
        call part_delivery
        call part_ring3
        call part_specific_eoi
        call part_periodic
        call part_auto_eoi
        call part_poll
        call part_access
        call reset_all
        DONE

; ---------------------------------------------------------------- the parts
part_init:
        call reset_all
        mov al, 0x01
        call pic_icw_only
        PRINT "ICW1-ICW4: IMR master="
        in al, PIC1 + 1
        call phex8
        PRINT " slave="
        in al, PIC2 + 1
        call phex8
        PRINT " (ICW1 clears it); IRR "
        mov dx, PIC1
        call rd_irr
        call phex8
        PRINT " "
        mov dx, PIC2
        call rd_irr
        call phex8
        PRINT ", ISR "
        mov dx, PIC1
        call rd_isr
        call phex8
        PRINT " "
        mov dx, PIC2
        call rd_isr
        call phex8
        PRINT `\n`
        mov al, 0xfe
        out PIC1 + 1, al
        mov al, 0x5a
        out PIC2 + 1, al
        PRINT "OCW1 0xfe/0x5a reads back: "
        in al, PIC1 + 1
        call phex8
        PRINT " "
        in al, PIC2 + 1
        call phex8
        PRINT `\n`
        PRINT "OCW3 0x0b then 0x08 (RR=0 keeps ISR selected), reads ISR: "
        mov al, 0x0b
        out PIC1, al
        mov al, 0x08
        out PIC1, al
        in al, PIC1
        call phex8
        mov al, 0x0a
        out PIC1, al
        PRINT `\n`
        ret

; Mode 0 with IRQ0 masked: the terminal count still sets IRR, OUT goes high and stays high; the
; counter latch holds the count of its moment, and a second latch before the read is ignored.
; With the count 0x8000, any value up to 0x8000 was latched before the terminal count. (What
; follows the terminal count - the counter wraps to 0xffff - depends on how late one looks, and
; under QEMU that is real time: the unit tests check it.)
part_mode0:
        call reset_all
        mov al, 0x30                    ; channel 0, lo/hi, mode 0, binary
        out PITC, al
        mov al, 0x00
        out PIT0, al
        mov al, 0x80                    ; count 0x8000: 27.5 ms
        out PIT0, al
        mov al, 0x00
        out PITC, al                    ; latch at once
        mov dx, PIC1
        call rd_irr
        mov [irr_at_load], al
        mov al, 0xe2
        out PITC, al
        in al, PIT0
        mov [status], al
        mov ecx, POLL_LIMIT             ; until the terminal count (OUT high)
.out:   call poll_delay
        mov al, 0xe2
        out PITC, al
        in al, PIT0
        test al, 0x80
        jnz .tc
        loop .out
.tc:    mov al, 0x00
        out PITC, al                    ; ignored: the first latch is not read yet
        call read_count
        mov [count1], ax
        call wait_irr0                  ; the edge reaches the PIC (QEMU: from a host timer)
        PRINT "mode 0, count 0x8000, IRQ0 masked: at the load IRR="
        mov al, [irr_at_load]
        call phex8
        PRINT " OUT="
        mov al, [status]
        shr al, 7
        add al, '0'
        call putc
        PRINT `\n  after the terminal count: IRR=`
        mov dx, PIC1
        call rd_irr
        call phex8
        PRINT " ISR="
        mov dx, PIC1
        call rd_isr
        call phex8
        PRINT " OUT="
        call pit_out
        PRINT `\n  latched at the load, latched again after the terminal count (ignored), read: at most 0x8000: `
        cmp word [count1], 0x8000
        ja .no
        PRINT `yes\n`
        ret
.no:    PRINT `no\n`
        ret

; read_count: ax = channel 0's count (or latch), low byte first
read_count:
        in al, PIT0
        mov ah, al
        in al, PIT0
        xchg al, ah
        ret

; The request latched in part_mode0's way, then delivered when IF=1 and IRQ0 unmasked.
part_delivery:
        call reset_all
        call mode0_fire
        call clear_record
        sti
        nop
        nop
        cli
        PRINT "IRR=0x01, masked, sti: interrupts taken: "
        mov eax, [irq0_count]
        call phex8
        PRINT `\n`
        mov al, 0xfe
        out PIC1 + 1, al                ; unmask IRQ0 with IF=0: the request waits
        sti
        hlt                             ; the waiting request ends the HLT at once
        cli
        PRINT "unmasked, sti; hlt: "
        call show_record
        mov ecx, 2000000                ; mode 0 fires once: nothing more comes
        sti
.w:     loop .w
        cli
        PRINT "  mode 0 fires once: interrupts taken: "
        mov eax, [irq0_count]
        call phex8
        PRINT `\n`
        ret

; IRQ0 while ring 3 runs: the stack switch to the TSS's esp0, as for an exception (SDM 6.12.1).
part_ring3:
        call reset_all
        call mode0_fire
        call clear_record
        mov al, 0xfe
        out PIC1 + 1, al
        USER ring3_wait, 0x202
        PRINT "from ring 3: "
        call show_record
        ret
ring3_wait:
        cmp dword [irq0_count], 0
        je ring3_wait
        RET0

; Specific EOI: 0x61 (IRQ1's) leaves IRQ0 in service, 0x60 ends it.
part_specific_eoi:
        call reset_all
        call mode0_fire
        call clear_record
        mov byte [irq0_eoi], 0x61
        mov al, 0xfe
        out PIC1 + 1, al
        sti
        hlt
        cli
        PRINT "specific EOI for IRQ1: "
        call show_record
        mov al, 0x60
        out PIC1, al
        PRINT "  then specific EOI for IRQ0: ISR="
        mov dx, PIC1
        call rd_isr
        call phex8
        PRINT `\n`
        mov byte [irq0_eoi], 0x20
        ret

; Modes 2 and 3 interrupt periodically; HLT waits for each interrupt.
part_periodic:
        mov bl, 0x34                    ; mode 2, rate generator
        call periodic
        mov bl, 0x36                    ; mode 3, square wave
        call periodic
        ret
periodic:                               ; bl = control word
        call reset_all
        call clear_record
        mov al, bl
        out PITC, al
        mov al, 0x00
        out PIT0, al
        mov al, 0x10                    ; count 0x1000: 3.4 ms
        out PIT0, al
        mov al, 0xc2                    ; read-back: status (and count) of channel 0
        out PITC, al
        in al, PIT0
        and al, 0x3f                    ; RW, mode, BCD (not OUT / NULL COUNT)
        mov [status], al
        in al, PIT0
        in al, PIT0
        mov al, 0xfe
        out PIC1 + 1, al
        sti
.w:     hlt
        cmp dword [irq0_count], 3
        jb .w
        cli
        mov al, 0xff
        out PIC1 + 1, al
        PRINT "control "
        mov al, bl
        call phex8
        PRINT " (read-back status "
        mov al, [status]
        call phex8
        PRINT "), count 0x1000, hlt until 3 interrupts: "
        call show_record
        ret

; Automatic EOI (ICW4 bit 1): the acknowledge leaves ISR clear.
part_auto_eoi:
        call reset_all
        mov al, 0x03
        call pic_icw
        call mode0_fire
        call clear_record
        mov byte [irq0_eoi], 0
        mov al, 0xfe
        out PIC1 + 1, al
        sti
        hlt
        cli
        PRINT "ICW4 0x03 (auto-EOI), no EOI sent: "
        call show_record
        mov byte [irq0_eoi], 0x20
        ret

; The poll command (OCW3 0x0c): with IF=0 the next read acknowledges like an INTA.
part_poll:
        call reset_all
        call mode0_fire
        mov al, 0xfe
        out PIC1 + 1, al
        mov al, 0x0c
        out PIC1, al
        in al, PIC1
        PRINT "poll with IRQ0 requested: "
        call phex8
        PRINT " ISR="
        mov dx, PIC1
        call rd_isr
        call phex8
        PRINT " IRR="
        mov dx, PIC1
        call rd_irr
        call phex8
        mov al, 0x20
        out PIC1, al
        PRINT `; after EOI ISR=`
        mov dx, PIC1
        call rd_isr
        call phex8
        mov al, 0x0c
        out PIC1, al
        in al, PIC1
        PRINT `\npoll with nothing requested: `
        call phex8
        PRINT `\n`
        ret

; Lobyte-only and hibyte-only counts (RW = 01, 10).
part_access:
        call reset_all
        mov al, 0x10                    ; lobyte only, mode 0
        out PITC, al
        mov al, 0x80
        out PIT0, al
        call wait_irr0
        PRINT "lobyte count 0x80: IRR="
        mov dx, PIC1
        call rd_irr
        call phex8
        mov al, 0xe2
        out PITC, al
        in al, PIT0
        PRINT ", status "
        call phex8
        call reset_all
        mov al, 0x20                    ; hibyte only, mode 0
        out PITC, al
        mov al, 0x01                    ; 0x0100
        out PIT0, al
        call wait_irr0
        PRINT `\nhibyte count 0x01 (0x0100): IRR=`
        mov dx, PIC1
        call rd_irr
        call phex8
        mov al, 0xe2
        out PITC, al
        in al, PIT0
        PRINT ", status "
        call phex8
        PRINT `\n`
        ret

; ---------------------------------------------------------------- helpers
; reset_all: IF=0, channel 0 stopped with OUT high, both PICs initialised (ICW4 0x01), all
; masked, IRR and ISR clear. Loading a count cancels whatever edge the old one had coming; ICW1
; right after it forgets every request so far; the mode 0 terminal count 0x400 CLKs (0.86 ms)
; later is then the one edge left, and once IRR has it, channel 0 is quiet for good. If the edge
; has not shown in IRR soon after OUT rose, a late ICW1 cleared it: start over.
reset_all:
        cli
        push ecx
.again: call pit_quiet
        mov al, 0x01
        call pic_icw
        mov ecx, POLL_LIMIT
.out:   call poll_delay
        mov al, 0xe2
        out PITC, al
        in al, PIT0
        test al, 0x80
        jnz .edge
        loop .out
        PRINT `reset_all: OUT never rose\n`
        EXIT 0x7f
.edge:  mov ecx, 100000
        mov dx, PIC1
.irr:   call poll_delay
        call rd_irr
        test al, 1
        jnz .quiet
        loop .irr
        jmp .again
.quiet: mov al, 0x01
        call pic_icw
        pop ecx
        ret

; pit_quiet: channel 0, mode 0, count 0x400: OUT low now, one rising edge 0x400 CLKs later.
pit_quiet:
        mov al, 0x30
        out PITC, al
        xor al, al
        out PIT0, al
        mov al, 0x04
        out PIT0, al
        ret

; poll_delay: a few hundred instructions between two port reads of a polling loop (ringscope
; pays for each port access; the PIT's CLK is 84 instructions at its default 100 MIPS).
poll_delay:
        push ecx
        mov ecx, 100
.l:     loop .l
        pop ecx
        ret

; pic_icw: al = ICW4 for the master. Remaps IRQ0-7 to 0x20, IRQ8-15 to 0x28, slave on IR2;
; then masks everything (pic_icw_only: not).
pic_icw:
        call pic_icw_only
        push eax
        mov al, 0xff
        out PIC1 + 1, al
        out PIC2 + 1, al
        pop eax
        ret
pic_icw_only:
        push eax
        mov al, 0x11
        out PIC1, al
        out PIC2, al
        mov al, 0x20
        out PIC1 + 1, al
        mov al, 0x28
        out PIC2 + 1, al
        mov al, 0x04
        out PIC1 + 1, al
        mov al, 0x02
        out PIC2 + 1, al
        pop eax
        out PIC1 + 1, al
        mov al, 0x01
        out PIC2 + 1, al
        ret

; mode0_fire: channel 0 mode 0 with count 0x100, wait for its request in IRR (IRQ0 masked).
mode0_fire:
        mov al, 0x30
        out PITC, al
        xor al, al
        out PIT0, al
        mov al, 0x01
        out PIT0, al
        ; fall through
; wait_irr0: poll the master's IRR until bit 0 is set
wait_irr0:
        push ecx
        push edx
        mov ecx, POLL_LIMIT
        mov dx, PIC1
.w:     call poll_delay
        call rd_irr
        test al, 1
        jnz .ok
        loop .w
        PRINT `wait_irr0: IRR bit 0 never set\n`
        EXIT 0x7f
.ok:    pop edx
        pop ecx
        ret

; rd_irr / rd_isr: dx = command port; al = IRR / ISR (OCW3 0x0a / 0x0b), IRR selected after
rd_irr:
        mov al, 0x0a
        out dx, al
        in al, dx
        ret
rd_isr:
        mov al, 0x0b
        out dx, al
        in al, dx
        push eax
        mov al, 0x0a
        out dx, al
        pop eax
        ret

; pit_out: print channel 0's OUT from the read-back status (mode 0: low until the terminal count)
pit_out:
        mov al, 0xe2
        out PITC, al
        in al, PIT0
        shr al, 7
        add al, '0'
        jmp putc

; phex8: print al as 0x%02x
phex8:
        push eax
        push eax
        mov al, '0'
        call putc
        mov al, 'x'
        call putc
        pop eax
        push eax
        shr al, 4
        call .nib
        pop eax
        call .nib
        pop eax
        ret
.nib:   and al, 0x0f
        add al, '0'
        cmp al, '9'
        jbe .d
        add al, 'a' - '0' - 10
.d:     jmp putc

clear_record:
        xor eax, eax
        mov [irq0_count], eax
        mov [irq0_isr], eax
        mov [irq0_irr], eax
        mov [irq0_isr_after], eax
        mov [irq0_cs], eax
        mov [irq0_efl], eax
        mov [irq0_esp], eax
        ret

; show_record: what the handler saw the last time, and how many times it ran
show_record:
        PRINT "interrupts="
        mov eax, [irq0_count]
        call phex8
        PRINT " cs="
        PHEX16 [irq0_cs]
        PRINT " pushed IF="
        mov eax, [irq0_efl]
        shr eax, 9
        and al, 1
        add al, '0'
        call putc
        PRINT " esp="
        PHEX32 [irq0_esp]
        PRINT `\n  in the handler: ISR=`
        mov al, [irq0_isr]
        call phex8
        PRINT " IRR="
        mov al, [irq0_irr]
        call phex8
        PRINT " after its EOI ISR="
        mov al, [irq0_isr_after]
        call phex8
        PRINT `\n`
        ret

; ---------------------------------------------------------------- IRQ0
; Records CS, EFLAGS and ESP of its frame and the master's ISR and IRR, sends [irq0_eoi] (if not
; 0), records ISR again. Leaves IRR selected for reads.
irq0_handler:
        pushad
        push ds
        mov ax, KDATA
        mov ds, ax
        lea eax, [esp + 36]
        mov [irq0_esp], eax
        mov eax, [esp + 40]
        mov [irq0_cs], eax
        mov eax, [esp + 44]
        mov [irq0_efl], eax
        mov dx, PIC1
        call rd_isr
        mov [irq0_isr], al
        call rd_irr
        mov [irq0_irr], al
        mov al, [irq0_eoi]
        test al, al
        jz .noeoi
        out PIC1, al
.noeoi: call rd_isr
        mov [irq0_isr_after], al
        inc dword [irq0_count]
        pop ds
        popad
        iretd

        align 4
irq0_count:     dd 0
irq0_isr:       dd 0
irq0_irr:       dd 0
irq0_isr_after: dd 0
irq0_cs:        dd 0
irq0_efl:       dd 0
irq0_esp:       dd 0
irq0_eoi:       db 0x20
status:         db 0
        align 2
count1:         dw 0
irr_at_load:    db 0
        KERNEL_END
