// The threads kiln_log_density_gradient_batch spreads its points over: KILN_NUM_THREADS of them
// (default: the hardware's), the caller being one. The caller runs a batch's first points itself
// and times them: a batch whose points take less than KILN_BATCH_SPLIT_NS in all (default 10 us) by
// that measure stays on the caller, because splitting it costs more than it saves (handing points
// and gradients between cores takes microseconds on a virtual machine's cores, 0.4x a single
// thread's throughput for 64 points of eight schools here). A batch of a few microseconds more is
// worth splitting only if it costs each thread a handful of cache-line transfers, so: workers spin
// briefly between batches (no wake-up per call); each thread takes its own contiguous share of the
// points (no counter shared by all per point or per chunk; output rows are written by two threads
// only at the shares' edges); a thread that finishes early takes what is left of the others' shares
// (so a worker the OS has not scheduled delays nothing); no thread waits for a worker that woke too
// late for a batch; and the atomics the threads touch sit on cache lines of their own.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace kiln::bridgestan {

class ThreadPool {
 public:
  // Runs chunk(begin, end) over [0, n), in chunks, on the caller and the workers.
  using Chunk = void (*)(void* context, std::size_t begin, std::size_t end);

  // split_ns: the least time a batch's points take on one thread for it to be split.
  ThreadPool(std::size_t threads, double split_ns);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // The process's pool (created on first use).
  static ThreadPool& shared();
  std::size_t threads() const { return workers_.size() + 1; }

  // Returns once every chunk has run. While one caller's batch runs, another caller runs its
  // batch on its own thread.
  void run(std::size_t n, Chunk chunk, void* context);

 private:
  // Runs points [first, n) on the caller and the workers.
  void split(std::size_t first, std::size_t n, Chunk chunk, void* context);
  static constexpr std::size_t kLine = 64;
  // One thread's share of a batch: its points [next, end), taken a grain at a time by its owner
  // and, once their own shares are done, by the others. `next` carries the batch's generation
  // in its high 32 bits, so a worker still looking at an earlier batch claims nothing.
  struct alignas(kLine) Share {
    std::atomic<std::uint64_t> next{0};
    std::atomic<std::size_t> end{0};
  };

  void work_loop(std::size_t index);
  // Runs what is left of batch `generation`'s shares, this thread's own first; returns how many
  // points it ran.
  std::size_t take_shares(std::size_t own, std::uint32_t generation);

  double split_ns_;
  std::vector<std::thread> workers_;
  std::unique_ptr<Share[]> shares_;  // one per thread; the caller's is shares_[0]
  std::mutex run_mutex_;             // one batch at a time

  // The batch, published by bumping `generation`. chunk and context are read only by a thread
  // that has claimed points of the batch, which cannot end (and so be rewritten) before they run.
  struct alignas(kLine) Published {
    std::atomic<std::uint32_t> generation{0};
    std::atomic<std::size_t> grain{1};
    Chunk chunk = nullptr;
    void* context = nullptr;
  } batch_;
  alignas(kLine) std::atomic<std::size_t> done_{0};  // points run, added once per thread and batch
  alignas(kLine) std::atomic<int> sleepers_{0};
  std::atomic<bool> stop_{false};
  std::mutex sleep_mutex_;
  std::condition_variable wake_;
};

}  // namespace kiln::bridgestan
