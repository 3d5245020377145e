// Transforms: backward(forward(x)) == x, and log-Jacobians against finite differences.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

namespace {

std::vector<double> backward_at(const pm::Transform& t, const std::vector<double>& y) {
  return t.backward(Var(Array(y))).eval().to_vector<double>();
}

// log |det d backward / d y| by central differences (n x n determinant by elimination).
double numeric_log_jac(const pm::Transform& t, const std::vector<double>& y) {
  const std::size_t n = y.size();
  const double h = 1e-6;
  std::vector<std::vector<double>> j(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto up = y, down = y;
    up[i] += h;
    down[i] -= h;
    auto a = backward_at(t, up), b = backward_at(t, down);
    for (std::size_t k = 0; k < n; ++k) j[k].push_back((a[k] - b[k]) / (2 * h));
  }
  double log_det = 0;
  for (std::size_t c = 0; c < n; ++c) {
    for (std::size_t r = c + 1; r < n; ++r) {
      const double f = j[r][c] / j[c][c];
      for (std::size_t k = c; k < n; ++k) j[r][k] -= f * j[c][k];
    }
    log_det += std::log(std::fabs(j[c][c]));
  }
  return log_det;
}

double symbolic_log_jac(const pm::Transform& t, const std::vector<double>& y) {
  return kt::sum(t.log_jac_det(Var(Array(y)))).eval().item<double>();
}

void check_round_trip(const pm::Transform& t, const std::vector<double>& x) {
  auto y = t.forward(Var(Array(x))).eval();
  auto back = t.backward(Var(y)).eval().to_vector<double>();
  REQUIRE(back.size() == x.size());
  for (std::size_t i = 0; i < x.size(); ++i) CHECK(back[i] == Approx(x[i]).epsilon(1e-13));
}

}  // namespace

TEST_CASE("scalar transforms invert and have the right log-Jacobian", "[pm][transforms]") {
  const auto interval = pm::transforms::interval(Var(-1.0), Var(3.0));
  const auto lower = pm::transforms::lower_bound(Var(2.0));
  const auto upper = pm::transforms::upper_bound(Var(2.0));
  check_round_trip(*pm::transforms::log, {0.5, 3.0});
  check_round_trip(*pm::transforms::logodds, {0.2, 0.9});
  check_round_trip(*interval, {-0.5, 2.5});
  check_round_trip(*lower, {2.5, 7.0});
  check_round_trip(*upper, {-3.0, 1.5});
  for (const auto* t : {pm::transforms::log.get(), pm::transforms::logodds.get(), interval.get(), lower.get(), upper.get()})
    for (double y : {-1.3, 0.4, 2.2}) {
      INFO(t->name() << " at " << y);
      CHECK(symbolic_log_jac(*t, {y}) == Approx(numeric_log_jac(*t, {y})).epsilon(1e-7));
    }
  CHECK(pm::transforms::interval(Var(0.0), Var(1.0))->name() == "interval");
  CHECK(pm::transforms::logodds->name() == "logodds");
}

TEST_CASE("vector transforms invert and have the right log-Jacobian", "[pm][transforms]") {
  check_round_trip(*pm::transforms::ordered, {-1.0, 0.5, 0.6, 4.0});
  check_round_trip(*pm::transforms::simplex, {0.2, 0.3, 0.1, 0.4});
  const std::vector<double> y{0.3, -1.2, 0.7};
  CHECK(symbolic_log_jac(*pm::transforms::ordered, y) == Approx(numeric_log_jac(*pm::transforms::ordered, y)).epsilon(1e-7));
  // The simplex drops one coordinate: its Jacobian is that of the first n - 1 outputs.
  auto first = [](const pm::Transform& t, std::vector<double> v) {
    struct Head : pm::Transform {
      const pm::Transform& inner;
      explicit Head(const pm::Transform& i) : inner(i) {}
      std::string name() const override { return "head"; }
      Var forward(const Var& x) const override { return inner.forward(x); }
      Var backward(const Var& v) const override { return inner.backward(v)[kt::slice(std::nullopt, -1)]; }
      Var log_jac_det(const Var& v) const override { return inner.log_jac_det(v); }
    } head(t);
    return std::make_pair(symbolic_log_jac(head, v), numeric_log_jac(head, v));
  };
  auto [symbolic, numeric] = first(*pm::transforms::simplex, y);
  CHECK(symbolic == Approx(numeric).epsilon(1e-7));
}
