// Data generation for the anchor models. Built with -ffp-contract=off (see CMakeLists.txt):
// every operation must be one IEEE double operation in the written order, or the data changes
// in the last bits and no longer matches the reference values.
#include "anchor_data.hpp"

#include <cmath>
#include <cstdio>

namespace anchor {

namespace {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Box-Muller, cosine branch only; exactly two uniforms per call, u1 first.
  double normal() {
    const double u1 = uniform();
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(1.0 - u1));
    return radius * std::cos(6.283185307179586 * u2);
  }

 private:
  std::uint64_t state_;
};

template <class T>
double sum_in_order(const std::vector<T>& v) {
  double s = 0;
  for (T e : v) s += static_cast<double>(e);
  return s;
}

}  // namespace

NormalIIDData normal_iid_data(int n) {
  SplitMix64 rng(1);
  NormalIIDData d;
  d.y.reserve(n);
  for (int i = 0; i < n; ++i) d.y.push_back(2.0 + 3.0 * rng.normal());
  return d;
}

LogisticData logistic_data(int n, int k) {
  SplitMix64 rng(2);
  LogisticData d;
  d.n = n;
  d.k = k;
  std::vector<double> beta_true;
  for (int c = 0; c < k; ++c) beta_true.push_back(0.5 * rng.normal());
  const double alpha_true = 0.25;
  d.x.reserve(static_cast<std::size_t>(n) * k);
  d.y.reserve(n);
  for (int i = 0; i < n; ++i) {
    double eta = alpha_true;
    for (int c = 0; c < k; ++c) {
      const double xv = rng.normal();
      d.x.push_back(xv);
      eta += xv * beta_true[c];
    }
    const double u = rng.uniform();
    d.y.push_back(u < 1.0 / (1.0 + std::exp(-eta)) ? 1.0 : 0.0);
  }
  return d;
}

EightSchoolsData eight_schools_data() { return {}; }

HierarchicalData hierarchical_data(int n, int j) {
  SplitMix64 rng(4);
  HierarchicalData d;
  d.n = n;
  d.j = j;
  std::vector<double> a_true;
  for (int g = 0; g < j; ++g) a_true.push_back(1.0 + 0.8 * rng.normal());
  for (int i = 0; i < n; ++i) {
    const auto g = static_cast<std::int64_t>(std::floor(rng.uniform() * j));
    const double x = rng.normal();
    const double e = rng.normal();
    d.group.push_back(g);
    d.x.push_back(x);
    d.y.push_back((a_true[g] + 0.5 * x) + 1.2 * e);
  }
  return d;
}

std::vector<double> normal_iid_point() { return {1.5, 1.0}; }

std::vector<double> logistic_point(int k) {
  std::vector<double> p{0.1};
  for (int c = 0; c < k; ++c) p.push_back(0.05 * (c + 1) * (c % 2 == 0 ? 1.0 : -1.0));
  return p;
}

std::vector<double> eight_schools_point() {
  std::vector<double> p{4.0, 1.0};
  for (int j = 0; j < 8; ++j) p.push_back((j - 3.5) / 4.0);
  return p;
}

std::vector<double> hierarchical_point(int j) {
  std::vector<double> p{0.5, -0.5, 0.3, 0.2};
  for (int g = 0; g < j; ++g) p.push_back(-0.5 + 0.04 * g);
  return p;
}

std::string checksum_mismatch() {
  std::string out;
  auto expect = [&out](const char* what, double got, double want) {
    if (out.empty() && got != want) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "%s is %.17g, expected %.17g", what, got, want);
      out = buf;
    }
  };
  const auto iid = normal_iid_data(100000);
  expect("normal_iid y[0]", iid.y[0], 1.8971980346244466);
  expect("normal_iid sum(y)", sum_in_order(iid.y), 201237.64303517347);
  expect("normal_iid N=1000 is a prefix", normal_iid_data(1000).y.back(), iid.y[999]);
  const auto lr = logistic_data(10000, 20);
  expect("logistic N10000/K20 X[0][0]", lr.x[0], 0.86671394515730626);
  expect("logistic N10000/K20 sum(X)", sum_in_order(lr.x), -93.133895939747859);
  expect("logistic N10000/K20 sum(y)", sum_in_order(lr.y), 5475);
  expect("logistic N1000/K5 sum(y)", sum_in_order(logistic_data(1000, 5).y), 520);
  const auto h = hierarchical_data(5000, 50);
  expect("hierarchical y[0]", h.y[0], 1.4329809448576696);
  expect("hierarchical sum(y)", sum_in_order(h.y), 5177.4626905828909);
  expect("hierarchical sum(x)", sum_in_order(h.x), -6.6827972182582771);
  expect("hierarchical sum(group)", sum_in_order(h.group), 122484);
  const std::int64_t first_groups[] = {47, 2, 10, 34, 41};
  for (int i = 0; i < 5; ++i) expect("hierarchical group[0..4]", h.group[i], first_groups[i]);
  return out;
}

}  // namespace anchor
