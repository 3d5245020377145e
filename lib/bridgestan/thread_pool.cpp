// A batch is published by bumping a generation counter; workers watching it (spinning, then
// asleep on a condition variable) take chunks from a shared atomic index. The caller works too
// and returns once every item is done; a worker that woke too late for a batch may still be
// reading its fields, so the next batch waits for it before rewriting them (on a loaded
// machine that wait falls between batches rather than inside one).
#include "bridgestan/thread_pool.hpp"

#include <chrono>
#include <cstdlib>
#include <immintrin.h>
#include <memory>
#include <string>

namespace kiln::bridgestan {
namespace {

std::size_t threads_from_environment() {
  if (const char* env = std::getenv("KILN_NUM_THREADS"); env && *env) {
    char* end = nullptr;
    const long n = std::strtol(env, &end, 10);
    if (*end == '\0' && n >= 1) return static_cast<std::size_t>(n);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

constexpr auto kSpin = std::chrono::microseconds(200);  // how long an idle worker stays awake

}  // namespace

ThreadPool::ThreadPool(std::size_t threads) {
  for (std::size_t i = 1; i < threads; ++i) workers_.emplace_back([this] { work_loop(); });
}

ThreadPool::~ThreadPool() {
  stop_.store(true);
  generation_.fetch_add(1);
  {
    std::lock_guard lock(sleep_mutex_);
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

ThreadPool& ThreadPool::shared() {
  static ThreadPool pool(threads_from_environment());
  return pool;
}

void ThreadPool::take_chunks() {
  for (;;) {
    const std::size_t begin = next_.fetch_add(grain_);
    if (begin >= n_) return;
    const std::size_t end = std::min(n_, begin + grain_);
    chunk_(context_, begin, end);
    done_.fetch_add(end - begin);
  }
}

void ThreadPool::work_loop() {
  std::uint64_t seen = 0;
  for (;;) {
    const auto spin_until = std::chrono::steady_clock::now() + kSpin;
    while (generation_.load() == seen && std::chrono::steady_clock::now() < spin_until) _mm_pause();
    if (generation_.load() == seen) {
      std::unique_lock lock(sleep_mutex_);
      sleepers_.fetch_add(1);
      wake_.wait(lock, [&] { return generation_.load() != seen; });
      sleepers_.fetch_sub(1);
    }
    if (stop_.load()) return;
    busy_.fetch_add(1);
    seen = generation_.load();
    if (active_.load()) take_chunks();
    busy_.fetch_sub(1);
  }
}

void ThreadPool::run(std::size_t n, Chunk chunk, void* context) {
  if (n == 0) return;
  std::unique_lock turn(run_mutex_, std::try_to_lock);
  if (!turn || workers_.empty() || n == 1) {  // another batch holds the pool: run this one here
    chunk(context, 0, n);
    return;
  }
  while (busy_.load() > 0) _mm_pause();
  chunk_ = chunk;
  context_ = context;
  n_ = n;
  grain_ = std::max<std::size_t>(1, n / (4 * threads()));
  next_.store(0);
  done_.store(0);
  active_.store(true);
  generation_.fetch_add(1);
  if (sleepers_.load() > 0) {
    { std::lock_guard lock(sleep_mutex_); }
    wake_.notify_all();
  }
  take_chunks();
  while (done_.load() < n) _mm_pause();
  active_.store(false);
}

}  // namespace kiln::bridgestan
