# Every third-party package kiln uses; cmake/install-deps.sh installs them on Debian 12.
set(KILN_LLVM_VERSION 19 CACHE STRING "LLVM major version the JIT is built against")
# Pinned by path: an unversioned find_package(LLVM) picks whichever LLVM sorts last.
find_package(LLVM REQUIRED CONFIG HINTS /usr/lib/llvm-${KILN_LLVM_VERSION}/lib/cmake/llvm NO_DEFAULT_PATH)
if(NOT LLVM_VERSION_MAJOR EQUAL KILN_LLVM_VERSION)
  message(FATAL_ERROR "kiln wants LLVM ${KILN_LLVM_VERSION}, found ${LLVM_PACKAGE_VERSION}")
endif()
separate_arguments(KILN_LLVM_DEFINITIONS NATIVE_COMMAND "${LLVM_DEFINITIONS}")

find_package(spdlog REQUIRED CONFIG)
find_package(Boost 1.74 REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenBLAS CONFIG QUIET)
if(OpenBLAS_FOUND)
  set(KILN_BLAS_LIBRARIES ${OpenBLAS_LIBRARIES})
else()
  find_library(KILN_OPENBLAS openblas REQUIRED)
  set(KILN_BLAS_LIBRARIES ${KILN_OPENBLAS})
endif()
