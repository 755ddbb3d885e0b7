# KPIWATCH_SANITIZE=ON builds everything with AddressSanitizer + UndefinedBehaviorSanitizer.
option(KPIWATCH_SANITIZE "Build with ASan + UBSan" OFF)
if(KPIWATCH_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
# KPIWATCH_FUZZ=ON (clang only) instruments everything for libFuzzer, with ASan, and
# builds the fuzz targets of tests/fuzz instead of their corpus replays. Not UBSan: clang 14
# cannot compile Asio coroutines with it ("Cannot represent a difference across sections");
# UBSan runs in the gcc build of make test-asan.
option(KPIWATCH_FUZZ "Build the libFuzzer targets (clang)" OFF)
if(KPIWATCH_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "KPIWATCH_FUZZ needs clang: -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address)
endif()
