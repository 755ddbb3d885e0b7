# KPIWATCH_SANITIZE=ON builds everything with AddressSanitizer + UndefinedBehaviorSanitizer.
option(KPIWATCH_SANITIZE "Build with ASan + UBSan" OFF)
if(KPIWATCH_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
