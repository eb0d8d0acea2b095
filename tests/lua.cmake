# `ringscope test` (ui/app/cli_test.c) and the Lua binding (ui/lua/), tested with ctest:
#   lua.guests.NAME  tests/lua/guests/NAME.lua: the teaching kernel's user programs (faults,
#                    kills, system calls) as scripts
#   lua.api.NAME     tests/lua/api/NAME.lua: every call of the binding and the helpers
#   lua.folders      both folders in one run, with a JUnit report (folder mode)
#   lua.runner       tests/lua/runner/test_runner.sh: the runner itself (failing, erroring,
#                    looping and leaking scripts, TAP, JUnit, -k, exit statuses)
#   lua.example      the README's worked example run as written (tests/lua/example/check_example.sh)
# The scripts find the built guest images through RS_GUEST_OUT.
set(lua_dir ${CMAKE_CURRENT_SOURCE_DIR}/lua)
set(lua_env ${CMAKE_COMMAND} -E env RS_GUEST_OUT=${RS_GUEST_OUT})
foreach(group guests api)
  file(GLOB scripts CONFIGURE_DEPENDS ${lua_dir}/${group}/*.lua)
  foreach(script ${scripts})
    get_filename_component(name ${script} NAME_WE)
    add_test(NAME lua.${group}.${name} COMMAND ${lua_env} $<TARGET_FILE:ringscope> test ${script})
  endforeach()
endforeach()
add_test(NAME lua.folders COMMAND ${lua_env} $<TARGET_FILE:ringscope> test
         --junit ${CMAKE_CURRENT_BINARY_DIR}/lua-junit.xml ${lua_dir}/guests ${lua_dir}/api)

add_test(NAME lua.runner COMMAND bash ${lua_dir}/runner/test_runner.sh $<TARGET_FILE:ringscope>)
set_tests_properties(lua.runner PROPERTIES TIMEOUT 300)

# The worked example is README.md's "Writing a test guest", run as written.
set(example_md ${CMAKE_SOURCE_DIR}/README.md)
add_test(NAME lua.example COMMAND bash ${lua_dir}/example/check_example.sh $<TARGET_FILE:ringscope> ${example_md})
