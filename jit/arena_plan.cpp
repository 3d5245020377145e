// Arena planning (see arena_plan.hpp): a first-fit over blocks freed by earlier steps, in the
// order the steps run.
#include "jit/arena_plan.hpp"

#include <algorithm>
#include <limits>

namespace kiln::jit {
namespace {

constexpr std::int64_t kAlign = 64;

std::int64_t rounded_bytes(const StaticSlot& slot) {
  std::int64_t bytes = std::max<std::int64_t>(shape_size(slot.shape) * static_cast<std::int64_t>(itemsize(slot.dtype)), 1);
  return (bytes + kAlign - 1) / kAlign * kAlign;
}

struct Block {
  std::int64_t offset, bytes;
  std::size_t free_after;  // the step that last reads the slot in it
};

}  // namespace

void plan_arena(StaticProgramSpec& spec, const std::vector<int>& live_out) {
  constexpr std::size_t kNever = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> last_use(spec.slots.size(), 0);
  for (std::size_t t = 0; t < spec.steps.size(); ++t)
    for (int s : spec.steps[t].inputs) last_use[static_cast<std::size_t>(base_slot(spec, s))] = t;
  for (int s : live_out) last_use[static_cast<std::size_t>(base_slot(spec, s))] = kNever;

  std::vector<Block> blocks;
  std::int64_t end = 0;
  // A slot several steps write (a scatter's target: its start copied in, then the loop that
  // adds into it) lives from its first writer on.
  std::vector<bool> placed(spec.slots.size(), false);
  for (std::size_t t = 0; t < spec.steps.size(); ++t) {
    for (int s : spec.steps[t].outputs) {
      StaticSlot& slot = spec.slots[static_cast<std::size_t>(s)];
      if (slot.buffer.kind != StaticBuffer::Kind::arena || placed[static_cast<std::size_t>(s)]) continue;
      placed[static_cast<std::size_t>(s)] = true;
      const std::int64_t bytes = rounded_bytes(slot);
      const std::size_t until = std::max(last_use[static_cast<std::size_t>(s)], t);
      // The smallest block free before this step that is large enough.
      auto best = blocks.end();
      for (auto b = blocks.begin(); b != blocks.end(); ++b)
        if (b->free_after < t && b->bytes >= bytes && (best == blocks.end() || b->bytes < best->bytes)) best = b;
      if (best == blocks.end()) {
        blocks.push_back({end, bytes, until});
        end += bytes;
        best = blocks.end() - 1;
      }
      best->free_after = until;
      slot.buffer.offset = best->offset;
    }
  }
  spec.arena_bytes = end;
}

}  // namespace kiln::jit
