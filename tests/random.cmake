# The random-guest campaign (tests/random/): randhost.asm at ring 0 and ring 3, a few hundred
# random instruction streams each from a fixed seed; no stop may be an engine error. Runs in both
# builds (the sanitizer build is the point: no report may come from any of them).
set(rand_dir ${CMAKE_CURRENT_SOURCE_DIR}/random)
set(rand_out ${CMAKE_CURRENT_BINARY_DIR}/random)
file(MAKE_DIRECTORY ${rand_out})
set(rand_hosts)
foreach(ring 0 3)
  add_custom_command(OUTPUT ${rand_out}/randhost${ring}.bin
    COMMAND ${NASM} -f bin -w+all -D RING=${ring} -o ${rand_out}/randhost${ring}.bin ${rand_dir}/randhost.asm
    DEPENDS ${rand_dir}/randhost.asm COMMENT "nasm randhost${ring}.bin" VERBATIM)
  list(APPEND rand_hosts ${rand_out}/randhost${ring}.bin)
endforeach()
add_custom_target(random_hosts ALL DEPENDS ${rand_hosts})
add_executable(random_guests ${rand_dir}/random_guests.c ${rand_dir}/random_guest.c)
target_include_directories(random_guests PRIVATE ${rand_dir})
find_package(Threads REQUIRED)
target_link_libraries(random_guests PRIVATE rs_emu Threads::Threads)
add_dependencies(random_guests random_hosts)
add_test(NAME random.ring0 COMMAND random_guests ${rand_out}/randhost0.bin 200 0x19 100000)
add_test(NAME random.ring3 COMMAND random_guests ${rand_out}/randhost3.bin 200 0x1903 100000)
set_tests_properties(random.ring0 random.ring3 PROPERTIES TIMEOUT 900)
