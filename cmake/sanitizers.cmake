# KPIWATCH_SANITIZE=ON builds everything with AddressSanitizer + UndefinedBehaviorSanitizer.
option(KPIWATCH_SANITIZE "Build with ASan + UBSan" OFF)
if(KPIWATCH_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # Clang 14 cannot compile Asio's coroutines with UBSan's `function` check ("Cannot
    # represent a difference across sections"). GCC has no such check, so clang's UBSan
    # without it checks what GCC's does (see also kpiwatch_sanitize_coroutine_sources).
    add_compile_options(-fno-sanitize=function)
  endif()
endif()

# Clang 14 cannot compile Asio's coroutines with UBSan's `vptr` check either: the files
# with coroutines (listed here, relative to the source root) go without it in a clang
# sanitized build; every other file keeps it. Called once the directories are added.
function(kpiwatch_sanitize_coroutine_sources)
  if(NOT (KPIWATCH_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang"))
    return()
  endif()
  foreach(file daemon/http/server.cc daemon/http/session.cc client/http_client.cc)
    get_filename_component(directory ${file} DIRECTORY)
    string(REGEX REPLACE "/.*" "" top ${directory})
    set_source_files_properties(${PROJECT_SOURCE_DIR}/${file} DIRECTORY ${PROJECT_SOURCE_DIR}/${top}
                                PROPERTIES COMPILE_OPTIONS -fno-sanitize=vptr)
  endforeach()
endfunction()
# KPIWATCH_FUZZ=ON (clang only) instruments everything for libFuzzer, with ASan, and
# builds the fuzz targets of tests/fuzz as libFuzzer executables. With
# KPIWATCH_SANITIZE=ON as well (make test-asan), one tree serves both the sanitized test
# suite and the fuzz targets.
option(KPIWATCH_FUZZ "Build the libFuzzer targets (clang)" OFF)
if(KPIWATCH_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "KPIWATCH_FUZZ needs clang: -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address)
endif()
