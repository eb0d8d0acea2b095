# Exact event sequences: every user program of guest/user under `ringscope run --explain`, against
# tests/events/expected/NAME.txt (regenerate after a deliberate change with
# `RS_UPDATE_GOLDEN=1 ctest -R events.`, then review the diff).
include(${CMAKE_SOURCE_DIR}/guest/user/programs.cmake)
foreach(p ${RS_USER_PROGRAMS})
  add_test(NAME events.${p}
           COMMAND ${CMAKE_SOURCE_DIR}/tests/events/check_events.sh $<TARGET_FILE:ringscope> ${RS_GUEST_OUT}
                   ${CMAKE_SOURCE_DIR}/tests/events/expected/${p}.txt ${p})
endforeach()

# The JSON Lines trace against its documented schema (emu/include/ringscope/trace_json.h), with python3's json.
find_program(RS_PYTHON3 python3 REQUIRED)
add_test(NAME trace.schema
         COMMAND ${RS_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/trace/check_trace.py $<TARGET_FILE:ringscope> ${RS_GUEST_OUT})

# Determinism: a preemptive guest traced twice gives identical traces (virtual time).
add_test(NAME trace.determinism
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/trace/check_determinism.sh $<TARGET_FILE:ringscope> ${RS_GUEST_OUT})
# ... and so do serial input, its interrupts, RDTSC and CPUID (the PC devices in virtual time).
add_test(NAME trace.determinism_pc
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/trace/check_determinism_pc.sh $<TARGET_FILE:ringscope> ${RS_GUEST_OUT}
                 ${CMAKE_SOURCE_DIR}/guest/tests/serial_input.txt)

# Stopping changes nothing (issue 12): the debugger, Lua, gdb and the window (scripted keys at
# speeds 4-7) stop the preemptive guest over and over and see the counts and trace of a straight run.
add_test(NAME trace.stop_invariance
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/trace/check_stop_invariance.sh $<TARGET_FILE:ringscope> ${RS_GUEST_OUT})
set_tests_properties(trace.stop_invariance PROPERTIES TIMEOUT 1200)
set_tests_properties(unit.test_stop_invariance PROPERTIES TIMEOUT 3600)   # ~20 s of CPU; hangs only

# Software interrupts are interrupt events, trap exceptions carry the pushed EIP (issue 12).
add_test(NAME trace.event_kinds
         COMMAND ${RS_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/trace/check_event_kinds.py $<TARGET_FILE:ringscope> ${RS_GUEST_OUT})
