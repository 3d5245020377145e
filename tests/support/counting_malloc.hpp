// Counting the malloc family's calls, for tests that a warm call allocates nothing. Link
// tests/support/counting_malloc.cpp into the test executable (it replaces malloc, calloc,
// realloc and the aligned allocators, which operator new and Array storage go through, for the
// whole executable) and wrap the code in allocations_during.
#pragma once

namespace kiln::test {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kCountingMalloc = false;  // the sanitizer owns malloc: nothing is counted
#else
inline constexpr bool kCountingMalloc = true;
#endif

void start_counting_allocations();
long stop_counting_allocations();  // the calls, in any thread, since start_counting_allocations

// How many allocations `body` made (0 when !kCountingMalloc).
template <class Body>
long allocations_during(Body&& body) {
  start_counting_allocations();
  try {
    body();
  } catch (...) {
    stop_counting_allocations();
    throw;
  }
  return stop_counting_allocations();
}

}  // namespace kiln::test
