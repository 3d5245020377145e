// The Jacobian op (a vector of unknown length) lowered as a call of its compiled row products
// (jit/lower/jacobian.cpp), in both tiers: kiln::evaluate's values and finite differences on
// every call, a new length after specialization, the reference's error for unaligned shapes,
// and no reference perform.
#include "jit_test_support.hpp"
#include "support/log_capture.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::Var;
using namespace kiln::jit_test;

TEST_CASE("the Jacobian of a vector of unknown length runs its compiled rows in both tiers", "[jit][jacobian]") {
  kiln::testing::LogCapture log("jit");
  Var x = kt::vector("x");
  Var expr = kt::exp(x) * kt::sum(kt::sqr(x));  // J = diag(exp(x)) s + 2 exp(x) x^T
  Var jac = kiln::jacobian(expr, x);
  REQUIRE(jac.owner()->op().name() == "Jacobian");
  kiln::Function f = kiln::function({x}, {jac, kt::sum(x)});
  for (int length : {3, 3, 3, 5, 2}) {  // specialized at 3, then other lengths step by step
    INFO("length " << length);
    Array at = Array::empty(kiln::DType::float64, {length});
    double s = 0;
    for (int i = 0; i < length; ++i) {
      at.set_from_double(i, 0.3 * i - 0.4);
      s += (0.3 * i - 0.4) * (0.3 * i - 0.4);
    }
    Array j = f.call_positional({at})[0];
    // kiln::evaluate (the op's perform) agrees within the rounding of the tiers' vector exp.
    const Array reference = jac.eval({{x, at}});
    REQUIRE(reference.shape() == j.shape());
    for (std::int64_t k = 0; k < j.size(); ++k)
      CHECK(j.get_as_double(k) == Approx(reference.get_as_double(k)).epsilon(1e-12).margin(1e-14));
    REQUIRE(j.shape() == kiln::Shape{length, length});
    for (int r = 0; r < length; ++r)
      for (int c = 0; c < length; ++c) {
        const double xr = at.get_as_double(r), xc = at.get_as_double(c);
        const double expected = (r == c ? std::exp(xr) * s : 0.0) + 2 * std::exp(xr) * xc;
        CHECK(j.get_as_double(r * length + c) == Approx(expected).epsilon(1e-12));
      }
  }
  CHECK(kiln::jit::specialization_count(f.program()) >= 1);
  CHECK(log.text().find("no native lowering") == std::string::npos);
}

TEST_CASE("the Jacobian op raises its inner functions' error for unaligned shapes", "[jit][jacobian]") {
  Var a = kt::matrix("a"), x = kt::vector("x");
  Var jac = kiln::jacobian(kt::dot(a, x), x);
  kiln::Function f = kiln::function({a, x}, {jac, kt::sum(x)});
  const Array good_a{{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}};
  for (int call = 0; call < 3; ++call) {
    INFO("call " << call);
    Array j = f.call_positional({good_a, Array{1.0, 1.0}})[0];
    CHECK(j.shape() == kiln::Shape{3, 2});
    CHECK(j.get_as_double(5) == 6.0);
    CHECK_THROWS_MATCHES(f.call_positional({good_a, Array{1.0, 1.0, 1.0}}), kiln::ValueError,
                         Catch::Message("dot: shapes (3, 2) and (3,) not aligned: 2 (dim 1) != 3 (dim 0)"));
  }
}
