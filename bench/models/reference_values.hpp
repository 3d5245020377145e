// shared/baselines/reference_values.txt (`name dim logp g0 g1 ...`), and the comparison of an
// implementation's logp and gradient with it.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

namespace anchor {

struct Reference {
  double logp;
  std::vector<double> grad;
};

// Throws std::runtime_error naming the file when it cannot be read or a line is malformed.
std::map<std::string, Reference> read_reference_values(const std::string& path);

// The largest relative error |a - b| / max(|a|, |b|) over logp and every gradient entry.
double max_relative_error(const Reference& ref, double logp, std::span<const double> grad);

}  // namespace anchor
