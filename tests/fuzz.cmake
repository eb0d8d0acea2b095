# In-process libFuzzer harnesses, built with clang and ASan+UBSan by `cmake --build build --target
# fuzz` (not part of the default build) and run by `./dev fuzz [SECONDS]` on the small committed
# corpora in tests/fuzz/corpus/ (.ci/run gives each 60 s; run longer by hand):
#   fuzz_loader   the Multiboot loader (tests/fuzz/fuzz_multiboot.c): kernel and module images
#   fuzz_machine  the whole machine (tests/fuzz/fuzz_machine.c): guest instruction streams run at
#                 ring 0 or ring 3 in tests/random/randhost.asm; an engine error is a finding
# Needs clang's libFuzzer (RS_CLANG_LIBFUZZER, probed in gdb.cmake).
if(NOT RS_CLANG_LIBFUZZER)
  add_custom_target(fuzz COMMAND ${CMAKE_COMMAND} -E echo "fuzz: clang with libFuzzer not found (apt-get install clang)"
                    COMMAND ${CMAKE_COMMAND} -E false)
  return()
endif()
set(fuzz_out ${CMAKE_BINARY_DIR}/fuzz)
file(MAKE_DIRECTORY ${fuzz_out})
set(fuzz_flags -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
set(emu ${CMAKE_SOURCE_DIR}/emu)
set(emu_includes -I${emu}/include/ringscope)
file(GLOB emu_rooms LIST_DIRECTORIES true ${emu}/*)
foreach(room ${emu_rooms})
  if(IS_DIRECTORY ${room} AND NOT room STREQUAL "${emu}/include")
    list(APPEND emu_includes -I${room})
  endif()
endforeach()

file(GLOB loader_sources CONFIGURE_DEPENDS ${emu}/load/*.c)
list(APPEND loader_sources ${emu}/core/error.c ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_multiboot.c)
add_custom_command(OUTPUT ${fuzz_out}/fuzz_loader
  COMMAND ${RS_CLANG} ${fuzz_flags} ${emu_includes} ${loader_sources} -larchive -o ${fuzz_out}/fuzz_loader
  DEPENDS ${loader_sources} COMMENT "libFuzzer: fuzz_loader" VERBATIM)

file(GLOB_RECURSE fuzz_emu_sources CONFIGURE_DEPENDS ${emu}/*.c)
file(GLOB_RECURSE fuzz_emu_headers CONFIGURE_DEPENDS ${emu}/*.h)
set(machine_sources ${fuzz_emu_sources} ${CMAKE_CURRENT_SOURCE_DIR}/random/random_guest.c
    ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_machine.c)
set(capstone_includes ${CAPSTONE_INCLUDE_DIRS})
list(TRANSFORM capstone_includes PREPEND -I)
add_custom_command(OUTPUT ${fuzz_out}/fuzz_machine
  COMMAND ${RS_CLANG} ${fuzz_flags} ${emu_includes} -I${UNICORN_INCLUDE_DIR} ${capstone_includes}
          -I${CMAKE_CURRENT_SOURCE_DIR}/random -DRS_FUZZ_HOSTS="${CMAKE_CURRENT_BINARY_DIR}/random"
          ${machine_sources} ${UNICORN_LIBRARY} -Wl,-rpath,${UNICORN_LIBRARY_DIR} ${CAPSTONE_LINK_LIBRARIES}
          -larchive -lm -lpthread -o ${fuzz_out}/fuzz_machine
  DEPENDS ${machine_sources} ${fuzz_emu_headers} ${CMAKE_CURRENT_SOURCE_DIR}/random/random_guest.h
  COMMENT "libFuzzer: fuzz_machine (the emu/ sources, instrumented)" VERBATIM)
add_custom_target(fuzz DEPENDS ${fuzz_out}/fuzz_loader ${fuzz_out}/fuzz_machine random_hosts)
