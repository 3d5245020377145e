// The four anchor models' data and fixed parameter points, generated exactly as
// shared/baselines/README.md specifies (SplitMix64, Box-Muller cosine branch), so every
// implementation of a model sees bit-identical numbers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace anchor {

struct NormalIIDData {
  std::vector<double> y;
};

struct LogisticData {
  int n = 0, k = 0;
  std::vector<double> x;  // row-major n x k (as generated)
  std::vector<double> y;  // 0.0 or 1.0
};

struct EightSchoolsData {
  std::vector<double> y{28, 8, -3, 7, -1, 1, 18, 12};
  std::vector<double> sigma{15, 10, 16, 11, 9, 11, 10, 18};
};

struct HierarchicalData {
  int n = 0, j = 0;
  std::vector<std::int64_t> group;  // 0-based
  std::vector<double> x, y;
};

NormalIIDData normal_iid_data(int n);
LogisticData logistic_data(int n, int k);
EightSchoolsData eight_schools_data();
HierarchicalData hierarchical_data(int n, int j);

// The README's fixed points on the unconstrained scale, in its theta order.
std::vector<double> normal_iid_point();
std::vector<double> logistic_point(int k);
std::vector<double> eight_schools_point();
std::vector<double> hierarchical_point(int j);

// Compares the README's checksums with freshly generated data; returns "" when all match,
// else a description of the first mismatch.
std::string checksum_mismatch();

}  // namespace anchor
