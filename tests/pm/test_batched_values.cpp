// Multivariate variables with a batch shape (a Dirichlet per row of a matrix of a's), and the
// moments that need argmax (Categorical's most probable category).
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;

namespace {

Array matrix(const std::vector<std::vector<double>>& rows) {
  const auto n = static_cast<std::int64_t>(rows[0].size());
  Array a = Array::empty(kiln::DType::float64, {static_cast<std::int64_t>(rows.size()), n});
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      a.set_from_double(static_cast<std::int64_t>(r) * n + static_cast<std::int64_t>(c), rows[r][c]);
  return a;
}

const std::vector<std::vector<double>> kAlphas{{1.0, 2.0, 3.0}, {0.5, 4.0, 1.5}};

// w: a Dirichlet per row of kAlphas (value (2, 3), theta part (2, 2)), then a scalar z.
void build_batched(pm::Model& model) {
  pm::ModelContext ctx(model);
  pm::Dirichlet("w", matrix(kAlphas));
  pm::Normal("z", 0.0, 1.0);
}

}  // namespace

TEST_CASE("a Dirichlet with a batch shape compiles and matches one model per row", "[pm][batched]") {
  pm::Model model;
  build_batched(model);
  CHECK(model.parameter_names() ==
        std::vector<std::string>{"w_simplex__[0,0]", "w_simplex__[0,1]", "w_simplex__[1,0]", "w_simplex__[1,1]", "z"});
  const std::vector<double> theta{0.3, -0.5, 1.1, 0.2, 0.7};
  std::vector<double> grad(5);
  auto f = model.compile_logp_dlogp();
  const double lp = f(theta, grad);

  double want = -0.5 * 0.7 * 0.7 - 0.5 * std::log(2 * M_PI);
  CHECK(grad[4] == Approx(-0.7).epsilon(1e-14));
  for (std::size_t r = 0; r < kAlphas.size(); ++r) {
    pm::Model row;
    {
      pm::ModelContext ctx(row);
      pm::Dirichlet("w", Array(kAlphas[r]));
    }
    std::vector<double> row_grad(2);
    want += row.compile_logp_dlogp()(std::vector<double>{theta[2 * r], theta[2 * r + 1]}, row_grad);
    INFO("row " << r);
    CHECK(grad[2 * r] == Approx(row_grad[0]).epsilon(1e-13));
    CHECK(grad[2 * r + 1] == Approx(row_grad[1]).epsilon(1e-13));
  }
  CHECK(lp == Approx(want).epsilon(1e-13));

  kiln::Point point{{"w_simplex__", matrix({{0.3, -0.5}, {1.1, 0.2}})}, {"z", 0.7}};
  CHECK(model.compile_logp()(point).values()[0].item<double>() == Approx(lp).epsilon(1e-13));
  auto dlogp = model.compile_dlogp()(point).values()[0].to_vector<double>();
  for (std::size_t i = 0; i < grad.size(); ++i) CHECK(dlogp[i] == Approx(grad[i]).epsilon(1e-13));
}

TEST_CASE("a batched Dirichlet's points: initial, constrained and back", "[pm][batched]") {
  pm::Model model;
  build_batched(model);
  auto start = model.initial_point();
  CHECK(start.at("w_simplex__").shape() == kiln::Shape{2, 2});
  const std::vector<double> theta{0.3, -0.5, 1.1, 0.2, 0.7};
  auto constrained = model.constrain(theta);
  Array w = constrained.at("w");
  REQUIRE(w.shape() == kiln::Shape{2, 3});
  for (int r = 0; r < 2; ++r)
    CHECK(w.get_as_double(3 * r) + w.get_as_double(3 * r + 1) + w.get_as_double(3 * r + 2) ==
          Approx(1.0).epsilon(1e-15));
  auto back = model.unconstrain(constrained);
  REQUIRE(back.size() == theta.size());
  for (std::size_t i = 0; i < theta.size(); ++i) CHECK(back[i] == Approx(theta[i]).epsilon(1e-12));
}

TEST_CASE("a Dirichlet's size adds batch rows before its support", "[pm][batched]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::Dirichlet("v", Array{1.0, 2.0, 3.0}, {.size = {4}});
  }
  CHECK(model.value_vars()[0].type().str() == "TensorType(float64, (4, 2))");
  auto f = model.compile_logp_dlogp();
  std::vector<double> theta(8, 0.1), grad(8);
  const double lp = f(theta, grad);
  pm::Model one;
  {
    pm::ModelContext ctx(one);
    pm::Dirichlet("v", Array{1.0, 2.0, 3.0});
  }
  std::vector<double> row_grad(2);
  const double row_lp = one.compile_logp_dlogp()(std::vector<double>{0.1, 0.1}, row_grad);
  CHECK(lp == Approx(4 * row_lp).epsilon(1e-13));
  for (std::size_t i = 0; i < grad.size(); ++i) CHECK(grad[i] == Approx(row_grad[i % 2]).epsilon(1e-13));
}

TEST_CASE("Categorical's moment is the argmax of p", "[pm][batched]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::Categorical("c", Array{0.1, 0.6, 0.3});
    // p from another variable: its moment a / sum(a) has its largest entry at 1.
    auto w = pm::Dirichlet("w", Array{1.0, 5.0, 2.0});
    pm::Categorical("d", w, {.size = {3}});
  }
  auto start = model.initial_point();
  CHECK(start.at("c").item<std::int64_t>() == 1);
  CHECK(start.at("d").to_vector<std::int64_t>() == std::vector<std::int64_t>{1, 1, 1});
  CHECK(start.at("d").dtype() == kiln::DType::int64);
}
