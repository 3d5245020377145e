// The ops in lib/pm/ops: values against closed forms, gradients against finite differences.
#include <kiln/kiln.hpp>

#include "pm/ops/linalg.hpp"
#include "pm/ops/special.hpp"

#include <catch2/catch.hpp>

#include <cmath>

namespace kt = kiln::tensor;
namespace ops = kiln::pm::ops;
using kiln::Array;
using kiln::Var;

TEST_CASE("incomplete gamma and beta values", "[pm][ops]") {
  // P(1, x) = 1 - exp(-x); I_x(1, b) = 1 - (1 - x)^b.
  CHECK(ops::gammainc(Var(1.0), Var(0.5)).eval().item<double>() == Approx(1 - std::exp(-0.5)).epsilon(1e-15));
  CHECK(ops::gammaincc(Var(1.0), Var(30.0)).eval().item<double>() == Approx(std::exp(-30.0)).epsilon(1e-14));
  CHECK(ops::betainc(Var(1.0), Var(3.0), Var(0.2)).eval().item<double>() == Approx(1 - std::pow(0.8, 3)).epsilon(1e-15));
  // Broadcasting as Elemwise does; invalid arguments give NaN, not an exception.
  auto v = ops::gammainc(Var(Array{1.0, 2.0}), Var(1.0)).eval().to_vector<double>();
  CHECK(v[1] == Approx(1 - 2 * std::exp(-1.0)).epsilon(1e-15));
  CHECK(std::isnan(ops::gammainc(Var(-1.0), Var(1.0)).eval().item<double>()));
  CHECK(ops::gammainc(Var(1.0), Var(0.5)).owner()->op().name() == "gammainc");
}

TEST_CASE("incomplete gamma and beta gradients match finite differences", "[pm][ops][grad]") {
  kiln::verify_grad([](const std::vector<Var>& in) { return ops::gammainc(in[0], in[1]); }, {Array(2.5), Array(1.7)});
  kiln::verify_grad([](const std::vector<Var>& in) { return ops::gammaincc(in[0], in[1]); }, {Array(0.7), Array(0.4)});
  kiln::verify_grad([](const std::vector<Var>& in) { return ops::betainc(in[0], in[1], in[2]); },
                    {Array(2.0), Array(3.5), Array(0.3)});
}

TEST_CASE("the MvNormal core and SPD inverse gradients match finite differences", "[pm][ops][grad]") {
  Array cov{{2.0, 0.3}, {0.3, 1.0}};
  kiln::verify_grad([&](const std::vector<Var>& in) { return ops::mvnormal_logp(in[0], Var(cov)).first; },
                    {Array{0.4, -0.7}});
  // The covariance gradient, through a symmetric parameterization.
  kiln::verify_grad(
      [](const std::vector<Var>& in) {
        Var s = in[0] + kt::transpose(in[0]);
        return ops::mvnormal_logp(Var(Array{0.4, -0.7}), s).first;
      },
      {Array{{1.0, 0.1}, {0.2, 0.6}}});
  kiln::verify_grad(
      [](const std::vector<Var>& in) { return kt::sum(ops::spd_inverse(in[0] + kt::transpose(in[0]))); },
      {Array{{1.0, 0.1}, {0.2, 0.6}}});
}
