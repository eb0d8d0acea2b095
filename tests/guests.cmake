# Guest tests: every guest image runs in ringscope and its COM1 transcript and exit status must
# match the golden file byte for byte; the same images run in QEMU (qemu-system-i386) against the
# same golden files, so the two emulators are compared through them (differential testing).
# QEMU runs only in the normal build (the sanitizer build re-runs ringscope alone).
set(run ${CMAKE_SOURCE_DIR}/tests/run_guest.sh)
set(rs $<TARGET_FILE:ringscope>)
find_program(QEMU_I386 qemu-system-i386)
set(with_qemu OFF)
if(QEMU_I386 AND NOT RS_SANITIZE)
  set(with_qemu ON)
endif()

# rs_guest_test(NAME EXPECTED STATUS KERNEL [QEMU] [RS_EXPECTED file] [APPEND a] [MODULES m...])
function(rs_guest_test name expected status kernel)
  cmake_parse_arguments(G "QEMU" "RS_EXPECTED;APPEND;MEMORY;SERIAL_IN;RTC;KEYBOARD" "MODULES" ${ARGN})
  set(extra)
  if(G_APPEND)
    list(APPEND extra --append ${G_APPEND})
  endif()
  if(G_MEMORY)
    list(APPEND extra --memory ${G_MEMORY})
  endif()
  if(G_SERIAL_IN)
    list(APPEND extra --serial-in ${G_SERIAL_IN})
  endif()
  if(G_RTC)
    list(APPEND extra --rtc ${G_RTC})
  endif()
  if(G_KEYBOARD)
    list(APPEND extra --keyboard ${G_KEYBOARD})
  endif()
  set(rs_expected ${expected})
  if(G_RS_EXPECTED)
    set(rs_expected ${G_RS_EXPECTED})
  endif()
  add_test(NAME guest.${name} COMMAND ${run} ringscope ${rs} ${RS_GUEST_OUT} ${rs_expected} ${status}
           ${kernel} ${extra} ${G_MODULES})
  if(G_QEMU AND with_qemu)
    add_test(NAME qemu.${name} COMMAND ${run} qemu ${RS_GUEST_OUT} ${expected} ${status}
             ${kernel} ${extra} ${G_MODULES})
  endif()
endfunction()

# The teaching kernel with each user program alone, then all of them in one run.
include(${CMAKE_SOURCE_DIR}/guest/user/programs.cmake)
set(user_expected ${CMAKE_SOURCE_DIR}/guest/user/expected)
set(all_modules)
foreach(p ${RS_USER_PROGRAMS})
  rs_guest_test(user.${p} ${user_expected}/${p}.txt 0 kernel.elf QEMU MODULES user/${p}.elf)
  list(APPEND all_modules user/${p}.elf)
endforeach()
rs_guest_test(user.all ${user_expected}/all.txt 0 kernel.elf QEMU MODULES ${all_modules})

# Protection-rule kernels (guest/tests/manifest.txt). sdm-only and ringscope-only kernels are
# checked in ringscope only; where ringscope knowingly differs from the SDM (README, "Known
# differences"), expected-ringscope/ holds what it does print.
file(STRINGS ${CMAKE_SOURCE_DIR}/guest/tests/manifest.txt manifest REGEX "^[a-z0-9_]+ ")
foreach(line ${manifest})
  string(REGEX MATCH "^([a-z0-9_]+) +([a-z]+) +([a-z-]+) +([a-z0-9]+)" _ "${line}")
  set(name ${CMAKE_MATCH_1})
  set(ext ${CMAKE_MATCH_2})
  set(kind ${CMAKE_MATCH_3})
  set(status ${CMAKE_MATCH_4})
  set(opts)
  if(kind STREQUAL "qemu")
    list(APPEND opts QEMU)
  endif()
  set(override ${CMAKE_SOURCE_DIR}/guest/tests/expected-ringscope/${name}.txt)
  if(EXISTS ${override})
    list(APPEND opts RS_EXPECTED ${override})
  endif()
  rs_guest_test(tests.${name} ${CMAKE_SOURCE_DIR}/guest/tests/expected/${name}.txt ${status}
                tests/${name}.${ext} ${opts})
endforeach()

# COM1's interrupts with input on the receive line, and the RTC from a given date
# (guest/tests/serial.asm, rtc.asm; not in the manifest, which has no column for options).
rs_guest_test(tests.serial ${CMAKE_SOURCE_DIR}/guest/tests/expected/serial.txt 0 tests/serial.elf QEMU
              SERIAL_IN ${CMAKE_SOURCE_DIR}/guest/tests/serial_input.txt)
rs_guest_test(tests.rtc ${CMAKE_SOURCE_DIR}/guest/tests/expected/rtc.txt 0 tests/rtc.elf QEMU
              RTC 2026-01-01T00:00:00)
# Keys typed on the PS/2 keyboard in virtual time (ringscope only: QEMU's keys come from its
# monitor in real time).
rs_guest_test(tests.kbd_typed ${CMAKE_SOURCE_DIR}/guest/tests/expected/kbd_typed.txt 0 tests/kbd_typed.elf
              KEYBOARD "Hi!")
# The text screen a kernel leaves, against QEMU's (its memory at 0xB8000 through the monitor).
set(rs_screen_qemu 0)
if(with_qemu)
  set(rs_screen_qemu 1)
endif()
add_test(NAME pc.screen COMMAND sh ${CMAKE_SOURCE_DIR}/tests/pc/check_screen.sh $<TARGET_FILE:ringscope> ${RS_GUEST_OUT}
         tests/screen.elf ${CMAKE_SOURCE_DIR}/guest/tests/expected/screen.screen.txt)
set_tests_properties(pc.screen PROPERTIES ENVIRONMENT QEMU=${rs_screen_qemu})

# The Multiboot information structure as QEMU builds it (guest/mbtest/README.md).
set(mb_expected ${CMAKE_SOURCE_DIR}/guest/mbtest/expected)
rs_guest_test(mbtest.elf_m128 ${mb_expected}/elf_m128.txt 0 mbtest/mbinfo.elf QEMU APPEND hello
              MODULES "mbtest/m1.txt arg1" mbtest/m2.txt)
rs_guest_test(mbtest.elf_m64 ${mb_expected}/elf_m64.txt 0 mbtest/mbinfo.elf QEMU APPEND hello MEMORY 64
              MODULES "mbtest/m1.txt arg1" mbtest/m2.txt)
rs_guest_test(mbtest.aout_m128 ${mb_expected}/aout_m128.txt 0 mbtest/mbinfo_aout.bin QEMU APPEND hello
              MODULES "mbtest/m1.txt arg1" mbtest/m2.txt)
rs_guest_test(mbtest.elf_bare_m128 ${mb_expected}/elf_bare_m128.txt 0 mbtest/mbinfo.elf QEMU)

# The teaching kernel booted with `preempt`: the programs share the CPU, round robin on the timer
# tick, each in its own address space. QEMU's clock runs in real time, so these transcripts must
# depend only on the order of events, never on how many instructions fit in a tick: the programs
# print what happened (not when) and in pid order (guest/user/spin.c explains how).
foreach(preempt_run ${RS_PREEMPT_RUNS})
  string(REGEX MATCH "^([a-z0-9_]+)=(.*)$" _ "${preempt_run}")
  set(name ${CMAKE_MATCH_1})
  string(REPLACE "," ";" progs "${CMAKE_MATCH_2}")
  set(modules)
  foreach(p ${progs})
    list(APPEND modules user/${p}.elf)
  endforeach()
  rs_guest_test(preempt.${name} ${user_expected}/preempt_${name}.txt 0 kernel.elf QEMU APPEND preempt
                MODULES ${modules})
endforeach()
