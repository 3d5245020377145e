// Constant linear algebra folds at compile time: a constant matrix's Cholesky factor becomes a
// constant, and a triangular solve against a constant becomes a product with its inverse;
// values before and after the rewrites agree. An MvNormal with a constant covariance compiles
// to a program with no factorization or solve left.
#include "rewrite_check.hpp"

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;
using namespace kiln::testing;

namespace {

// 5 x 5, as rewrite_check's random vectors: a positive-definite matrix, and a lower
// triangular one whose last pivot makes it ill-conditioned (cond ~ 1e12).
const Array kSpd{{4.0, 1.0, 0.5, 0.1, 0.0},
                 {1.0, 3.0, 0.2, 0.0, 0.3},
                 {0.5, 0.2, 2.0, 0.4, 0.1},
                 {0.1, 0.0, 0.4, 2.5, 0.6},
                 {0.0, 0.3, 0.1, 0.6, 1.5}};
const Array kIllConditioned{{1.0, 0.0, 0.0, 0.0, 0.0},
                            {0.5, 1.0, 0.0, 0.0, 0.0},
                            {0.2, 0.1, 1.0, 0.0, 0.0},
                            {0.3, 0.0, 0.4, 1.0, 0.0},
                            {0.1, 0.2, 0.3, 0.4, 1e-12}};

int count_prefix(const std::vector<Var>& outputs, const std::string& prefix) {
  int n = 0;
  for (const auto& node : kiln::toposort(outputs))
    if (node->op().name().rfind(prefix, 0) == 0) ++n;
  return n;
}

}  // namespace

TEST_CASE("cholesky of a constant folds, and solves against it become products", "[rewrite][linalg]") {
  auto b = kt::vector("b");
  Var z = kt::solve_triangular(kt::cholesky(kt::constant(kSpd)), b);
  Var upper = kt::solve_triangular(kt::transpose(kt::cholesky(kt::constant(kSpd))), b, false, true);
  auto out = rewritten({b}, {z, upper});
  CHECK(count_prefix(out, "Cholesky") == 0);
  CHECK(count_prefix(out, "SolveTriangular") == 0);
  CHECK(count_prefix(out, "dot") == 2);
  check_same_values({b}, z);
  check_same_values({b}, upper);
  // The gradient (a solve with the transposed factor) folds as well.
  Var g = kiln::grad(kt::sum(kt::sqr(z)), b);
  CHECK(count_prefix(rewritten({b}, {g}), "SolveTriangular") == 0);
  check_same_values({b}, g);
}

TEST_CASE("a solve against an ill-conditioned constant stays a solve", "[rewrite][linalg]") {
  auto b = kt::vector("b");
  Var z = kt::solve_triangular(kt::constant(kIllConditioned), b);
  CHECK(count_prefix(rewritten({b}, {z}), "SolveTriangular") == 1);
  check_same_values({b}, z, -2, 2, 1e-9);
}

TEST_CASE("an MvNormal with a constant covariance factorizes it at compile time", "[rewrite][linalg][pm]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::MvNormal("f", kt::constant(Array::zeros(kiln::float64, {5})), kt::constant(kSpd));
  }
  Var f = model.value_vars().at(0);
  Var logp = model.logp();
  Var dlogp = kiln::grad(logp, f);
  auto out = rewritten({f}, {logp, dlogp});
  CHECK(count_prefix(out, "Cholesky") == 0);
  CHECK(count_prefix(out, "SolveTriangular") == 0);
  CHECK(count_prefix(out, "Check") == 0);
  check_same_values({f}, logp);
  check_same_values({f}, dlogp);
}
