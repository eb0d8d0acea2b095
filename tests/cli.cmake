# Command-line tests (tests/cli/test_cli.sh): exit statuses, one-line error messages, no hangs,
# --help, --serial, the built-in demo. One ctest test per group of cases. The script builds its
# small kernels itself with nasm and ld (both already needed for the guests).
foreach(group usage files bad_images exit_status outputs signals gdb_stream test_links)
  add_test(NAME cli.${group}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cli.sh $<TARGET_FILE:ringscope>
                   ${RS_GUEST_OUT} ${group})
  set_tests_properties(cli.${group} PROPERTIES TIMEOUT 300)
endforeach()

# `ringscope pagemap` (tests/cli/test_pagemap.sh): the table at peek's fault, selectors, bad input.
add_test(NAME cli.pagemap
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_pagemap.sh $<TARGET_FILE:ringscope> ${RS_GUEST_OUT})

# Time limits hold whatever the guest does to time (tests/cli/test_time_bounds.sh, issue 19).
add_test(NAME cli.time_bounds
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_time_bounds.sh $<TARGET_FILE:ringscope> ${RS_GUEST_OUT})
set_tests_properties(cli.time_bounds PROPERTIES TIMEOUT 600)

# The Linux boot protocol on the guest Linux (tests/linux/, built by ./dev linux; skipped without
# it): the kernel's view of its boot as under QEMU, determinism, refusals.
add_test(NAME linux.boot_protocol
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/linux/test_boot_protocol.sh $<TARGET_FILE:ringscope>)
set_tests_properties(linux.boot_protocol PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77)
# A scripted busybox dialogue on the guest Linux against QEMU's (tests/linux/test_shell.sh), ended
# by the reboot's triple fault. Normal build only for now: it has not been timed under ASan.
if(NOT RS_SANITIZE)
  add_test(NAME linux.shell
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/linux/test_shell.sh $<TARGET_FILE:ringscope>)
  set_tests_properties(linux.shell PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77)
endif()
