# The gdb stub (issue 7, ui/gdb/).
#   gdb.CASE        tests/gdb/test_gdb.sh: Debian's gdb in batch mode against `ringscope run --gdb`,
#                   and (gdb.protocol) the raw client tests/gdb/rsp_client.c for bad input
#   fuzz.gdb_packet the packet layer's fuzz harness (tests/fuzz/fuzz_gdb_packet.c) as a
#                   deterministic mutation driver, a bounded run (any compiler, any build)
#   fuzz.gdb_packet.libfuzzer  the same harness under libFuzzer for 10 s, when clang can build it
add_executable(rsp_client ${CMAKE_CURRENT_SOURCE_DIR}/gdb/rsp_client.c ${CMAKE_CURRENT_SOURCE_DIR}/gdb/rsp_wire.c)

foreach(case registers kernel_break endings user_break step watch monitor interrupt second_client protocol options)
  add_test(NAME gdb.${case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/gdb/test_gdb.sh $<TARGET_FILE:ringscope> ${RS_GUEST_OUT}
                   $<TARGET_FILE:rsp_client> ${case})
  set_tests_properties(gdb.${case} PROPERTIES TIMEOUT 300)
endforeach()

set(fuzz_gdb_sources ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_gdb_packet.c ${CMAKE_SOURCE_DIR}/ui/gdb/gdb_packet.c)
add_executable(fuzz_gdb_packet_standalone ${fuzz_gdb_sources})
target_compile_definitions(fuzz_gdb_packet_standalone PRIVATE GDB_FUZZ_STANDALONE)
target_include_directories(fuzz_gdb_packet_standalone PRIVATE ${CMAKE_SOURCE_DIR}/ui/gdb)
add_test(NAME fuzz.gdb_packet COMMAND fuzz_gdb_packet_standalone 1000000 1)
set_tests_properties(fuzz.gdb_packet PROPERTIES TIMEOUT 300)

# libFuzzer needs clang with its runtime (Debian: clang and libclang-rt-dev, or clang-NN's own).
find_program(RS_CLANG NAMES clang)
if(RS_CLANG AND NOT DEFINED RS_CLANG_LIBFUZZER)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/libfuzzer_probe.c
       "#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n")
  execute_process(COMMAND ${RS_CLANG} -fsanitize=fuzzer ${CMAKE_CURRENT_BINARY_DIR}/libfuzzer_probe.c
                          -o ${CMAKE_CURRENT_BINARY_DIR}/libfuzzer_probe
                  RESULT_VARIABLE probe OUTPUT_QUIET ERROR_QUIET)
  if(probe EQUAL 0)
    set(RS_CLANG_LIBFUZZER ON CACHE BOOL "clang can build libFuzzer harnesses")
  else()
    set(RS_CLANG_LIBFUZZER OFF CACHE BOOL "clang can build libFuzzer harnesses")
  endif()
endif()
if(RS_CLANG_LIBFUZZER)
  set(fuzz_gdb_bin ${CMAKE_CURRENT_BINARY_DIR}/fuzz_gdb_packet_libfuzzer)
  add_custom_command(OUTPUT ${fuzz_gdb_bin}
    COMMAND ${RS_CLANG} -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined
            -I${CMAKE_SOURCE_DIR}/ui/gdb ${fuzz_gdb_sources} -o ${fuzz_gdb_bin}
    DEPENDS ${fuzz_gdb_sources} ${CMAKE_SOURCE_DIR}/ui/gdb/gdb_packet.h
    COMMENT "Building the gdb packet fuzzer with libFuzzer (clang)" VERBATIM)
  add_custom_target(fuzz_gdb_packet_libfuzzer ALL DEPENDS ${fuzz_gdb_bin})
  set(corpus ${CMAKE_CURRENT_BINARY_DIR}/fuzz_gdb_corpus)
  add_test(NAME fuzz.gdb_packet.libfuzzer
           COMMAND sh -c "rm -rf \"$1\" && mkdir -p \"$1/new\" \"$1/seeds\" && \"$2\" --write-seeds \"$1/seeds\" && \"$3\" -seed=1 -max_len=20000 -max_total_time=10 -print_final_stats=1 \"$1/new\" \"$1/seeds\""
                   sh ${corpus} $<TARGET_FILE:fuzz_gdb_packet_standalone> ${fuzz_gdb_bin})
  set_tests_properties(fuzz.gdb_packet.libfuzzer PROPERTIES TIMEOUT 300)
endif()
