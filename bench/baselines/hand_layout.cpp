// The data layouts of the hand-written models (built once, not timed).
#include "hand_models.hpp"

#include <cmath>

namespace anchor {

NormalIIDLayout layout(const NormalIIDData& d) { return {d.y.data(), static_cast<int>(d.y.size())}; }

LogisticLayout layout(const LogisticData& d) {
  LogisticLayout m{d.n, d.k, std::vector<double>(d.x.size()), d.y.data()};
  for (int i = 0; i < d.n; ++i)
    for (int c = 0; c < d.k; ++c)
      m.x_cols[static_cast<std::size_t>(c) * d.n + i] = d.x[static_cast<std::size_t>(i) * d.k + c];
  return m;
}

EightSchoolsLayout layout(const EightSchoolsData& d) {
  EightSchoolsLayout m{d.y.data(), {}, 0.0};
  for (int j = 0; j < 8; ++j) {
    m.inv_sigma[j] = 1.0 / d.sigma[j];
    m.sum_log_sigma += std::log(d.sigma[j]);
  }
  return m;
}

HierarchicalLayout layout(const HierarchicalData& d) {
  HierarchicalLayout m{d.n, d.j, {}, d.x.data(), d.y.data()};
  m.group.assign(d.group.begin(), d.group.end());
  return m;
}

}  // namespace anchor
