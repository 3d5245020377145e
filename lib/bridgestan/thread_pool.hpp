// The threads kiln_log_density_gradient_batch spreads its points over: KILN_NUM_THREADS of them
// (default: the hardware's), the caller being one. Workers spin briefly between batches, so a
// sampler calling batch after batch does not pay a thread wake-up per call.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace kiln::bridgestan {

class ThreadPool {
 public:
  // Runs chunk(begin, end) over [0, n), in chunks, on the caller and the workers.
  using Chunk = void (*)(void* context, std::size_t begin, std::size_t end);

  explicit ThreadPool(std::size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // The process's pool (created on first use).
  static ThreadPool& shared();
  std::size_t threads() const { return workers_.size() + 1; }

  // Returns once every chunk has run. Batches from several callers take turns.
  void run(std::size_t n, Chunk chunk, void* context);

 private:
  void work_loop();
  void take_chunks();

  std::vector<std::thread> workers_;
  std::mutex run_mutex_;  // one batch at a time
  // The batch: written only while no worker is inside one (busy_ == 0, active_ false).
  Chunk chunk_ = nullptr;
  void* context_ = nullptr;
  std::size_t n_ = 0, grain_ = 1;
  std::atomic<std::size_t> next_{0}, done_{0};
  std::atomic<bool> active_{false}, stop_{false};
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<int> busy_{0}, sleepers_{0};
  std::mutex sleep_mutex_;
  std::condition_variable wake_;
};

}  // namespace kiln::bridgestan
