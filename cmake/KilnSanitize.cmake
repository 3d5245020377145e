# KILN_SANITIZE=address,undefined or KILN_SANITIZE=thread: instrument every kiln target (the library,
# tests, examples) for the sanitizer CI passes. Code the JIT emits and libLLVM are not instrumented.
set(KILN_SANITIZE "" CACHE STRING "Sanitizers to build with: address,undefined or thread (empty: none)")
if(KILN_SANITIZE)
  if(NOT KILN_SANITIZE MATCHES "^(address|undefined|address,undefined|undefined,address|thread)$")
    message(FATAL_ERROR "KILN_SANITIZE must be address, undefined, address,undefined or thread; got '${KILN_SANITIZE}'")
  endif()
  # -fno-sanitize-recover: a UBSan finding fails the test instead of printing and going on.
  # -fno-omit-frame-pointer -g1: readable stacks in the reports. -O1 (after the build type's -O3,
  # so it wins) as the sanitizers' documentation advises: the instrumented build compiles in
  # a fraction of the time, which the CI budget needs.
  add_compile_options(-fsanitize=${KILN_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer -g1 -O1)
  add_link_options(-fsanitize=${KILN_SANITIZE})
  # GCC 12 reports -Wmaybe-uninitialized false positives throughout TSan-instrumented code
  # (LLVM's FunctionExtras.h, std::optional members), which -Werror would make fatal.
  if(KILN_SANITIZE STREQUAL "thread" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()
