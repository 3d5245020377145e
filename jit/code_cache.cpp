// The compile cache (see code_cache.hpp).
#include "jit/code_cache.hpp"

#include <atomic>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kiln::jit {
namespace {

constexpr std::size_t kRecentModules = 64;
constexpr std::size_t kPruneEvery = 256;

std::atomic<bool> cache_enabled{true};

class CodeCache {
 public:
  std::shared_ptr<const CompiledModule> get(const std::vector<KernelSpec>& kernels, bool* hit) {
    std::string key;
    for (const auto& k : kernels) k.append_key(key);
    if (cache_enabled.load(std::memory_order_relaxed)) {
      std::lock_guard lock(mutex_);
      auto it = modules_.find(key);
      if (it != modules_.end())
        if (auto code = it->second.lock()) {
          if (hit) *hit = true;
          return code;
        }
    }
    if (hit) *hit = false;
    auto code = compile_kernels(kernels, "kiln_m" + std::to_string(counter_++));
    std::shared_ptr<const CompiledModule> evicted;  // released after the lock (it frees code)
    std::lock_guard lock(mutex_);
    modules_[key] = code;
    recent_.push_back(code);
    if (recent_.size() > kRecentModules) {
      evicted = std::move(recent_.front());
      recent_.pop_front();
    }
    if (++inserts_ % kPruneEvery == 0) std::erase_if(modules_, [](const auto& entry) { return entry.second.expired(); });
    return code;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::weak_ptr<const CompiledModule>> modules_;
  std::deque<std::shared_ptr<const CompiledModule>> recent_;
  std::atomic<std::uint64_t> counter_{0};
  std::size_t inserts_ = 0;
};

}  // namespace

std::shared_ptr<const CompiledModule> cached_compile(const std::vector<KernelSpec>& kernels, bool* hit) {
  static auto* cache = new CodeCache();  // never destroyed: code may be released at exit
  return cache->get(kernels, hit);
}

void set_compile_cache_enabled(bool enabled) { cache_enabled = enabled; }

}  // namespace kiln::jit
