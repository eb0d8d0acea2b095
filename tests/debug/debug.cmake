# Terminal debugger tests (tests/debug/): `ringscope debug` driven through a pipe by the
# command scripts NAME.cmd against exact transcripts expected/NAME.txt, its command line
# (options), and an interactive session through a pty in tmux (tty: skipped if tmux is missing).
foreach(case hello peek watch errors options symbols)
  add_test(NAME debug.${case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/debug/test_debug.sh $<TARGET_FILE:ringscope>
                   ${RS_GUEST_OUT} ${case})
  set_tests_properties(debug.${case} PROPERTIES TIMEOUT 300)
endforeach()
add_test(NAME debug.tty
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/debug/test_debug_tty.sh $<TARGET_FILE:ringscope>
                 ${RS_GUEST_OUT})
set_tests_properties(debug.tty PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77)
