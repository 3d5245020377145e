// One-axis overloads of the reductions, as numpy's axis=0.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

namespace kt = kiln::tensor;

TEST_CASE("reductions take a single int axis") {
  auto m = kt::matrix("m");
  kiln::Array v{{1.0, 5.0}, {3.0, 2.0}};
  CHECK(kt::max(m, 0).eval({{m, v}}).to_vector<double>() == std::vector<double>{3.0, 5.0});
  CHECK(kt::min(m, 1).eval({{m, v}}).to_vector<double>() == std::vector<double>{1.0, 2.0});
  CHECK(kt::prod(m, 0).eval({{m, v}}).to_vector<double>() == std::vector<double>{3.0, 10.0});
  CHECK(kt::mean(m, 1, true).eval({{m, v}}).shape() == kiln::Shape{2, 1});
  CHECK(kt::all(kt::gt(m, 1.5), 0).eval({{m, v}}).to_vector<int>() == std::vector<int>{0, 1});
  CHECK(kt::any(kt::gt(m, 4.5), 1).eval({{m, v}}).to_vector<int>() == std::vector<int>{1, 0});
}
