# Finds Unicorn >= 2.1 and defines the imported target Unicorn::unicorn.
#
# Looks first in UNICORN_PREFIX (the project-local prefix tools/fetch-unicorn.sh fills on
# Debian 12), then in the system. Refuses an older Unicorn: 2.0.x ignores the frame address in
# page-table entries (unicorn#1953) so no guest with paging can run on it.
set(UNICORN_PREFIX "" CACHE PATH "Prefix holding Unicorn >= 2.1 (usr/include, usr/lib/...)")

set(_hints)
if(UNICORN_PREFIX)
  list(APPEND _hints ${UNICORN_PREFIX}/usr ${UNICORN_PREFIX})
endif()
find_path(UNICORN_INCLUDE_DIR unicorn/unicorn.h HINTS ${_hints} PATH_SUFFIXES include)
find_library(UNICORN_LIBRARY NAMES unicorn HINTS ${_hints}
             PATH_SUFFIXES lib lib/x86_64-linux-gnu lib64)

if(UNICORN_INCLUDE_DIR)
  file(STRINGS ${UNICORN_INCLUDE_DIR}/unicorn/unicorn.h _maj REGEX "#define UC_API_MAJOR ")
  file(STRINGS ${UNICORN_INCLUDE_DIR}/unicorn/unicorn.h _min REGEX "#define UC_API_MINOR ")
  string(REGEX REPLACE ".*UC_API_MAJOR[ \t]+([0-9]+).*" "\\1" _maj "${_maj}")
  string(REGEX REPLACE ".*UC_API_MINOR[ \t]+([0-9]+).*" "\\1" _min "${_min}")
  set(Unicorn21_VERSION "${_maj}.${_min}")
endif()

if(UNICORN_INCLUDE_DIR AND UNICORN_LIBRARY AND Unicorn21_VERSION VERSION_LESS 2.1)
  message(FATAL_ERROR
    "Unicorn ${Unicorn21_VERSION} found at ${UNICORN_INCLUDE_DIR}, but ringscope needs >= 2.1: "
    "Unicorn 2.0.x ignores the frame address in page-table entries (unicorn#1953), so guests "
    "with paging cannot run. Run ./dev setup (it fetches Debian 13's libunicorn into .deps/) "
    "or pass -DUNICORN_PREFIX=<prefix of Unicorn 2.1>.")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Unicorn21
  REQUIRED_VARS UNICORN_LIBRARY UNICORN_INCLUDE_DIR VERSION_VAR Unicorn21_VERSION)

if(Unicorn21_FOUND AND NOT TARGET Unicorn::unicorn)
  add_library(Unicorn::unicorn UNKNOWN IMPORTED)
  set_target_properties(Unicorn::unicorn PROPERTIES
    IMPORTED_LOCATION ${UNICORN_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${UNICORN_INCLUDE_DIR})
  get_filename_component(UNICORN_LIBRARY_DIR ${UNICORN_LIBRARY} DIRECTORY)
  # Binaries find a project-local Unicorn without LD_LIBRARY_PATH.
  list(APPEND CMAKE_BUILD_RPATH ${UNICORN_LIBRARY_DIR})
endif()
