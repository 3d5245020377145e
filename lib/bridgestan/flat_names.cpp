// Names of flat vectors' scalars, as BridgeStan's clients parse them.
#include "bridgestan/flat_names.hpp"

namespace kiln::bridgestan {
namespace {

std::string indexed(const FlatPart& part, std::size_t k) {
  std::vector<std::int64_t> index(part.shape.size());
  auto rest = static_cast<std::int64_t>(k);
  for (std::size_t d = part.shape.size(); d-- > 0;) {
    index[d] = rest % part.shape[d];
    rest /= part.shape[d];
  }
  std::string name = part.name;
  for (auto i : index) name += "." + std::to_string(i + 1);
  return name;
}

}  // namespace

std::string element_name(const std::vector<FlatPart>& parts, std::size_t flat) {
  for (const auto& part : parts)
    if (flat >= part.offset && flat < part.offset + part.size) return indexed(part, flat - part.offset);
  return "?";
}

std::string joined_names(const std::vector<FlatPart>& parts, const std::vector<FlatPart>& more) {
  std::string out;
  for (const auto* list : {&parts, &more})
    for (const auto& part : *list)
      for (std::size_t k = 0; k < part.size; ++k) out += (out.empty() ? "" : ",") + indexed(part, k);
  return out;
}

}  // namespace kiln::bridgestan
