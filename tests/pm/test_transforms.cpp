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

TEST_CASE("one-sided bounds name their value variables x_interval__, as PyMC", "[pm][transforms]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::Pareto("p", 2.0, 1.5);
    pm::TruncatedNormal("above", 0.0, 1.0, 2.0);
    pm::TruncatedNormal("below", 0.0, 1.0, -HUGE_VAL, -1.0);
    pm::TruncatedNormal("between", 0.0, 1.0, -1.0, 1.0);
  }
  std::vector<std::string> names;
  for (const auto& v : model.value_vars()) names.push_back(v.name());
  CHECK(names ==
        std::vector<std::string>{"p_interval__", "above_interval__", "below_interval__", "between_interval__"});
  CHECK(pm::transforms::lower_bound(Var(2.0))->name() == "interval");
  CHECK(pm::transforms::upper_bound(Var(2.0))->name() == "interval");
  // The lower-bounded value is log(x - lower): Pareto's median 1.5 sqrt(2) and 2 + 1.
  auto point = model.initial_point();
  CHECK(point.at("p_interval__").item<double>() == Approx(std::log(1.5 * std::sqrt(2.0) - 1.5)).epsilon(1e-14));
  CHECK(point.at("above_interval__").item<double>() == Approx(0.0).margin(1e-15));
  CHECK(point.at("below_interval__").item<double>() == Approx(0.0).margin(1e-15));
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

namespace {

// A batch of support vectors, one per row of a matrix.
using Rows = std::vector<std::vector<double>>;

Array matrix(const Rows& rows) {
  Array a = Array::empty(kiln::DType::float64,
                         {static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(rows[0].size())});
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      a.set_from_double(static_cast<std::int64_t>(r * rows[r].size() + c), rows[r][c]);
  return a;
}

Rows rows_of(const Array& a) {
  Rows out(static_cast<std::size_t>(a.shape()[0]));
  auto flat = a.to_vector<double>();
  const std::size_t n = static_cast<std::size_t>(a.shape()[1]);
  for (std::size_t r = 0; r < out.size(); ++r) out[r].assign(flat.begin() + r * n, flat.begin() + (r + 1) * n);
  return out;
}

// The log-Jacobian of each row of a batched transform by central differences of the batched
// backward: a row's block of the Jacobian (its first `kept` outputs against its inputs), and
// no dependence of any other row on it.
std::vector<double> numeric_row_log_jacs(const pm::Transform& t, const Rows& y, std::size_t kept) {
  const double h = 1e-6;
  auto backward = [&](const Rows& v) { return rows_of(t.backward(Var(matrix(v))).eval()); };
  std::vector<double> out;
  for (std::size_t r = 0; r < y.size(); ++r) {
    const std::size_t n = y[r].size();
    std::vector<std::vector<double>> j(kept);
    for (std::size_t i = 0; i < n; ++i) {
      Rows up = y, down = y;
      up[r][i] += h;
      down[r][i] -= h;
      Rows a = backward(up), b = backward(down);
      for (std::size_t k = 0; k < kept; ++k) j[k].push_back((a[r][k] - b[r][k]) / (2 * h));
      for (std::size_t other = 0; other < y.size(); ++other)
        if (other != r)
          for (std::size_t k = 0; k < a[other].size(); ++k) CHECK(a[other][k] == b[other][k]);
    }
    double log_det = 0;
    for (std::size_t c = 0; c < kept; ++c) {
      for (std::size_t rr = c + 1; rr < kept; ++rr) {
        const double f = j[rr][c] / j[c][c];
        for (std::size_t k = c; k < kept; ++k) j[rr][k] -= f * j[c][k];
      }
      log_det += std::log(std::fabs(j[c][c]));
    }
    out.push_back(log_det);
  }
  return out;
}

}  // namespace

TEST_CASE("simplex and ordered transforms work along the last axis of a matrix", "[pm][transforms]") {
  const Rows simplex_rows{{0.2, 0.3, 0.1, 0.4}, {0.7, 0.1, 0.1, 0.1}};
  const Rows ordered_rows{{-1.0, 0.5, 0.6, 4.0}, {2.0, 2.5, 7.0, 7.5}};
  for (const auto& [t, rows] : {std::make_pair(pm::transforms::simplex.get(), simplex_rows),
                                std::make_pair(pm::transforms::ordered.get(), ordered_rows)}) {
    INFO(t->name());
    Array y = t->forward(Var(matrix(rows))).eval();
    REQUIRE(y.shape() == kiln::Shape{2, t->name() == "simplex" ? 3 : 4});
    // Each row maps as the vector transform maps it, and back.
    Rows y_rows = rows_of(y);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      auto alone = t->forward(Var(Array(rows[r]))).eval().to_vector<double>();
      for (std::size_t k = 0; k < alone.size(); ++k) CHECK(y_rows[r][k] == Approx(alone[k]).epsilon(1e-14));
    }
    Rows back = rows_of(t->backward(Var(y)).eval());
    for (std::size_t r = 0; r < rows.size(); ++r)
      for (std::size_t k = 0; k < rows[r].size(); ++k) CHECK(back[r][k] == Approx(rows[r][k]).epsilon(1e-13));
  }
  const Rows y{{0.3, -1.2, 0.7}, {-0.4, 0.9, 0.05}};
  // The simplex drops one coordinate: a row's Jacobian is that of its first n - 1 outputs.
  for (const auto& [t, kept] : {std::make_pair(pm::transforms::simplex.get(), std::size_t{3}),
                                std::make_pair(pm::transforms::ordered.get(), std::size_t{3})}) {
    INFO(t->name());
    Array symbolic = t->log_jac_det(Var(matrix(y))).eval();
    REQUIRE(symbolic.shape() == kiln::Shape{2});
    auto numeric = numeric_row_log_jacs(*t, y, kept);
    for (std::size_t r = 0; r < y.size(); ++r)
      CHECK(symbolic.get_as_double(static_cast<std::int64_t>(r)) == Approx(numeric[r]).epsilon(1e-7));
  }
}

TEST_CASE("simplex and ordered transforms name what they cannot work on", "[pm][transforms][errors]") {
  CHECK_THROWS_WITH(pm::transforms::simplex->forward(Var(0.5)),
                    "simplex transform: needs a value with a last axis to work along, got TensorType(float64, ())");
  CHECK_THROWS_AS(pm::transforms::ordered->log_jac_det(Var(0.5)), kiln::TypeError);
  CHECK_THROWS_WITH(pm::transforms::ordered->backward(kt::matrix("y")),
                    "ordered transform: needs a value whose last axis has a known length, got "
                    "TensorType(float64, (None, None))");
}
