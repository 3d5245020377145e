// The batch pool's split decision (lib/bridgestan/thread_pool.hpp): a batch whose first points
// say it is short stays on the caller; a long one reaches the workers; either way every point
// runs exactly once.
#include "bridgestan/thread_pool.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using kiln::bridgestan::ThreadPool;

namespace {

struct Record {
  std::vector<std::atomic<int>> runs;
  std::vector<std::thread::id> by;
  std::chrono::nanoseconds work{0};
  std::atomic<bool> worker_ran{false};
  std::thread::id caller = std::this_thread::get_id();
  explicit Record(std::size_t n) : runs(n), by(n) {}
};

void busy(std::chrono::nanoseconds how_long) {
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (std::chrono::steady_clock::now() < until) {
  }
}

void record(void* context, std::size_t begin, std::size_t end) {
  auto& r = *static_cast<Record*>(context);
  for (std::size_t i = begin; i < end; ++i) {
    busy(r.work);
    r.runs[i].fetch_add(1);
    r.by[i] = std::this_thread::get_id();
    if (r.by[i] != r.caller) r.worker_ran.store(true);
  }
}

// As record, but past the first point the caller waits (up to 10 s) until a worker has run a
// point: the workers get their share however the threads are scheduled.
void record_waiting_for_a_worker(void* context, std::size_t begin, std::size_t end) {
  auto& r = *static_cast<Record*>(context);
  if (begin > 0 && std::this_thread::get_id() == r.caller) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!r.worker_ran.load() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  }
  record(context, begin, end);
}

bool each_ran_once(const Record& r) {
  for (const auto& k : r.runs)
    if (k.load() != 1) return false;
  return true;
}

}  // namespace

TEST_CASE("A batch shorter than the split time runs on the caller alone", "[threads]") {
  ThreadPool pool(2, 1e9);  // 1 s: no batch here is that long
  for (std::size_t n : {1, 2, 17, 64, 1000}) {
    Record r(n);
    pool.run(n, record, &r);
    CHECK(each_ran_once(r));
    CHECK_FALSE(r.worker_ran.load());
  }
}

TEST_CASE("A batch longer than the split time reaches the workers", "[threads]") {
  ThreadPool pool(2, 1000);  // 1 us; each point below takes 20 us
  Record r(32);
  r.work = std::chrono::microseconds(20);
  pool.run(32, record_waiting_for_a_worker, &r);
  CHECK(each_ran_once(r));
  CHECK(r.worker_ran.load());
  CHECK(r.by[0] == r.caller);  // the timed first point
}

TEST_CASE("Split or not, batches of every size run each point once", "[threads]") {
  // 0: never timed; 1e-3: timed, then split whatever it measured; 1e4: timed, then mostly not.
  for (double split_ns : {0.0, 1e-3, 10'000.0}) {
    ThreadPool pool(3, split_ns);
    for (std::size_t n = 1; n <= 100; ++n) {
      Record r(n);
      pool.run(n, record, &r);
      INFO("split_ns " << split_ns << " n " << n);
      CHECK(each_ran_once(r));
    }
  }
}
