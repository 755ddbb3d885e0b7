# Warnings for our own targets only: -Wall -Wextra and a few that catch real bugs.
function(kpiwatch_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wimplicit-fallthrough -Wno-missing-field-initializers)
endfunction()
