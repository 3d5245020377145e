# Warnings are errors for kiln's own targets (never for third-party headers, which are SYSTEM).
function(kiln_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  # GCC 12 reports std::string concatenation (`"[" + s`) as overlapping memcpy at -O2: a false
  # positive (GCC bug 105329), not a finding in kiln's code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()
