# The window (issue 4), tests/ui:
#   ui.pixels      off screen (SDL's software renderer into a surface): pixels at known places
#                  after known moments of peek, keys and mouse driving the UI, the PNG writer
#   ui.screenshot  `ringscope --screenshot`: the PNG on disk against the probes, --at, errors
#   ui.xvfb        the live window under Xvfb, driven by --keys (skipped without xvfb-run)
add_executable(test_window_pixels ${CMAKE_CURRENT_SOURCE_DIR}/ui/test_window_pixels.c
               ${CMAKE_CURRENT_SOURCE_DIR}/ui/png_read.c)
target_link_libraries(test_window_pixels PRIVATE rs_window)
target_include_directories(test_window_pixels PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit ${CMAKE_CURRENT_SOURCE_DIR}/ui)
target_compile_definitions(test_window_pixels PRIVATE RS_GUEST_OUT="${RS_GUEST_OUT}")
add_dependencies(test_window_pixels guest_kernel guest_user)
add_test(NAME ui.pixels COMMAND test_window_pixels)

find_program(RS_PYTHON3_UI python3 REQUIRED)
add_test(NAME ui.screenshot
         COMMAND ${RS_PYTHON3_UI} ${CMAKE_CURRENT_SOURCE_DIR}/ui/test_screenshot.py $<TARGET_FILE:ringscope> ${RS_GUEST_OUT})
add_test(NAME ui.xvfb
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/ui/test_xvfb.sh $<TARGET_FILE:ringscope>)
set_tests_properties(ui.pixels ui.screenshot PROPERTIES TIMEOUT 600)   # hangs only: a loaded CI is slow
set_tests_properties(ui.xvfb PROPERTIES TIMEOUT 180 SKIP_RETURN_CODE 77)

#   ui.xvfb_gdb    the live window with --gdb under Xvfb, gdb (batch) stops it in ring 3 and the
#                  window shows that stop (tests/ui/test_xvfb_gdb.sh; skipped without xvfb-run or gdb)
add_test(NAME ui.xvfb_gdb
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/ui/test_xvfb_gdb.sh $<TARGET_FILE:ringscope> ${RS_GUEST_OUT})
set_tests_properties(ui.xvfb_gdb PROPERTIES TIMEOUT 180 SKIP_RETURN_CODE 77)

# ui.xvfb_gdb_close: closing the window leaves gdb its session (tests/ui/test_xvfb_gdb_close.sh)
add_test(NAME ui.xvfb_gdb_close
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/ui/test_xvfb_gdb_close.sh $<TARGET_FILE:ringscope> ${RS_GUEST_OUT})
set_tests_properties(ui.xvfb_gdb_close PROPERTIES TIMEOUT 180 SKIP_RETURN_CODE 77)
