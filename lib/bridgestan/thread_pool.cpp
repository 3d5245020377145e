// A batch is published by bumping a generation counter; workers watching it (spinning, then
// asleep on a condition variable) run their own share of the points, then what is left of the
// others'. The caller works too and returns once every point is done. A point is claimed by a
// compare-and-swap on its share's counter, which names the batch: a worker that woke too late
// finds the batch it saw gone and claims nothing, and a batch's fields are rewritten only
// after it ends, so nobody waits for such a worker.
#include "bridgestan/thread_pool.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <immintrin.h>

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

// KILN_BATCH_SPLIT_NS: a number of nanoseconds >= 0 (0 splits every batch).
double split_ns_from_environment() {
  if (const char* env = std::getenv("KILN_BATCH_SPLIT_NS"); env && *env) {
    char* end = nullptr;
    const double ns = std::strtod(env, &end);
    if (*end == '\0' && ns >= 0) return ns;
  }
  return 10'000;
}

constexpr auto kSpin = std::chrono::microseconds(200);  // how long an idle worker stays awake

// One step of a wait for another thread: a pause at first; later the processor is given up, so
// that on a machine with more threads than cores the thread waited for gets to run.
void relax(int& spins) {
  if (++spins < 2000)
    _mm_pause();
  else
    std::this_thread::yield();
}

}  // namespace

ThreadPool::ThreadPool(std::size_t threads, double split_ns)
    : split_ns_(split_ns), shares_(std::make_unique<Share[]>(std::max<std::size_t>(threads, 1))) {
  for (std::size_t i = 1; i < threads; ++i) workers_.emplace_back([this, i] { work_loop(i); });
}

ThreadPool::~ThreadPool() {
  stop_.store(true);
  batch_.generation.fetch_add(1);  // wakes the workers, which see stop_
  {
    std::lock_guard lock(sleep_mutex_);
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

ThreadPool& ThreadPool::shared() {
  static ThreadPool pool(threads_from_environment(), split_ns_from_environment());
  return pool;
}

std::size_t ThreadPool::take_shares(std::size_t own, std::uint32_t generation) {
  const std::size_t threads = this->threads();
  std::size_t ran = 0;
  for (std::size_t k = 0; k < threads; ++k) {
    Share& share = shares_[(own + k) % threads];
    std::uint64_t next = share.next.load(std::memory_order_acquire);
    for (;;) {
      if (next >> 32 != generation) break;  // a later batch's share: this one is over
      // Read after `next`, and written after it by run(): an `end` of a later batch comes with
      // its `next`, so the exchange below fails.
      const std::size_t end = share.end.load(std::memory_order_acquire);
      const std::size_t begin = next & 0xffffffffu;
      if (begin >= end) break;
      const std::size_t grain = batch_.grain.load(std::memory_order_relaxed);
      if (!share.next.compare_exchange_weak(next, next + grain, std::memory_order_acq_rel, std::memory_order_acquire))
        continue;
      batch_.chunk(batch_.context, begin, std::min(end, begin + grain));
      ran += std::min(end, begin + grain) - begin;
      next = share.next.load(std::memory_order_acquire);
    }
  }
  return ran;
}

void ThreadPool::work_loop(std::size_t index) {
  std::uint32_t seen = 0;
  for (;;) {
    // Waiting for the next batch: spinning, then yielding (a worker that spins on the core its
    // caller needs, on a machine with more threads than cores, delays the batch it waits for),
    // then asleep.
    const auto spin_until = std::chrono::steady_clock::now() + kSpin;
    for (int spins = 0; batch_.generation.load() == seen && std::chrono::steady_clock::now() < spin_until;) relax(spins);
    if (batch_.generation.load() == seen) {
      std::unique_lock lock(sleep_mutex_);
      sleepers_.fetch_add(1);
      wake_.wait(lock, [&] { return batch_.generation.load() != seen; });
      sleepers_.fetch_sub(1);
    }
    if (stop_.load()) return;
    seen = batch_.generation.load();
    if (const std::size_t ran = take_shares(index, seen); ran > 0) done_.fetch_add(ran, std::memory_order_release);
  }
}

void ThreadPool::run(std::size_t n, Chunk chunk, void* context) {
  if (n == 0) return;
  if (workers_.empty() || n == 1) {
    chunk(context, 0, n);
    return;
  }
  std::size_t first = 0;
  if (split_ns_ > 0) {
    // The first points, timed in two halves: the rest go to the workers only if they take long
    // enough. The faster half's rate counts, so a stall in one (an interrupt, a virtual
    // machine's vCPU descheduled for a while) does not split a short batch.
    first = std::max<std::size_t>(2, n / 16);
    const std::size_t half = first / 2;
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    chunk(context, 0, half);
    const auto t1 = Clock::now();
    chunk(context, half, first);
    const auto t2 = Clock::now();
    if (first >= n) return;
    auto per_point = [](auto from, auto to, std::size_t points) {
      return std::chrono::duration<double, std::nano>(to - from).count() / static_cast<double>(points);
    };
    const double ns = std::min(per_point(t0, t1, half), per_point(t1, t2, first - half));
    if (ns * static_cast<double>(n) < split_ns_) {
      chunk(context, first, n);
      return;
    }
  }
  split(first, n, chunk, context);
}

void ThreadPool::split(std::size_t first, std::size_t n, Chunk chunk, void* context) {
  std::unique_lock turn(run_mutex_, std::try_to_lock);
  // Here alone: when another batch holds the pool, and for more points than a share's counter holds.
  if (!turn || n - first <= 1 || n > 0x7fffffffu) {
    chunk(context, first, n);
    return;
  }
  // The previous batch is over: every point claimed and run, so no thread reads these fields.
  const std::uint32_t generation = batch_.generation.load() + 1;
  const std::size_t threads = this->threads();
  batch_.chunk = chunk;
  batch_.context = context;
  const std::size_t count = n - first;
  batch_.grain.store(std::max<std::size_t>(1, count / (4 * threads)), std::memory_order_relaxed);
  for (std::size_t t = 0; t < threads; ++t) {
    shares_[t].next.store(std::uint64_t{generation} << 32 | (first + t * count / threads), std::memory_order_release);
    shares_[t].end.store(first + (t + 1) * count / threads, std::memory_order_release);
  }
  done_.store(0, std::memory_order_relaxed);
  batch_.generation.store(generation);  // publishes the fields above
  if (sleepers_.load() > 0) {
    { std::lock_guard lock(sleep_mutex_); }
    wake_.notify_all();
  }
  const std::size_t ran = take_shares(0, generation);
  int spins = 0;
  while (done_.load(std::memory_order_acquire) < count - ran) relax(spins);
}

}  // namespace kiln::bridgestan
