// call_into with an output that shares memory with an input (or another output, or the value
// of a shared variable the function reads) computes into new arrays and then copies, as NumPy
// does with an overlapping `out=`: every input is read before anything is written, in both
// tiers.
#include "errors/exact_error.hpp"

#include <kiln/kiln.hpp>

#include <vector>

namespace kt = kiln::tensor;
using kiln::Array;

TEST_CASE("call_into writing x[::-1] * 1 into x gives the reversed x, not [4, 3, 3, 4]") {
  auto x = kt::vector("x");
  auto f = kiln::function({x}, x[kiln::Slice{std::nullopt, std::nullopt, -1}] * 1.0);
  for (int call = 0; call < 4; ++call) {  // the step-by-step tier, then the specialized one
    INFO("call " << call);
    std::vector<double> data{4, 3, 2, 1};
    Array view = Array::view(data.data(), {4});
    f.call_into({view}, view);
    CHECK(data == std::vector<double>{1, 2, 3, 4});
  }
}

TEST_CASE("call_into into a shifted view of its own input reads the input first") {
  auto x = kt::vector("x");
  auto f = kiln::function({x}, x + 10.0);
  for (int call = 0; call < 4; ++call) {
    INFO("call " << call);
    std::vector<double> data{1, 2, 3, 4, 5};
    Array in = Array::view(data.data(), {4});
    Array out = Array::view(data.data() + 1, {4});
    f.call_into({out}, in);
    CHECK(data == std::vector<double>{1, 11, 12, 13, 14});
  }
}

TEST_CASE("call_into with two outputs in the same memory gets both results in order") {
  auto x = kt::vector("x");
  auto f = kiln::function({x}, {x * 2.0, x * 3.0});
  std::vector<double> data{0, 0};
  Array out = Array::view(data.data(), {2});
  f.call_into({out, out}, Array{1.0, 2.0});
  CHECK(data == std::vector<double>{3, 6});  // written in output order: the last one wins
}

TEST_CASE("an aliased call_into with a wrong output shape writes nothing") {
  auto x = kt::vector("x");
  auto f = kiln::function({x}, {x * 2.0, kt::sum(x)});
  std::vector<double> data{1, 2, 3};
  Array in = Array::view(data.data(), {3});
  Array wrong = Array::view(data.data(), {2});
  CHECK_ERROR(kiln::InputError, f.call_into({in, wrong}, in),
              "call_into: output 1 needs dtype float64 and shape (), the given array has float64 and (2,)");
  CHECK(data == std::vector<double>{1, 2, 3});
  Array total = Array::empty(kiln::float64, {});
  f.call_into({in, total}, in);
  CHECK(data == std::vector<double>{2, 4, 6});
  CHECK(total.item<double>() == 6.0);
}

TEST_CASE("call_into into memory apart from the inputs still writes in place") {
  auto x = kt::vector("x");
  auto f = kiln::function({x}, x * 2.0);
  std::vector<double> data{1, 2, 3, 4};
  Array in = Array::view(data.data(), {2});
  Array out = Array::view(data.data() + 2, {2});  // adjacent, not overlapping
  f.call_into({out}, in);
  CHECK(data == std::vector<double>{1, 2, 2, 4});
}

TEST_CASE("call_into into the value of a shared variable the function reads reads it first") {
  std::vector<double> start{4, 3, 2, 1};
  auto w = kiln::shared(Array(start), "w");
  auto x = kt::scalar("x");
  auto f = kiln::function({x}, w[kiln::Slice{std::nullopt, std::nullopt, -1}] * x);
  for (int call = 0; call < 4; ++call) {  // the step-by-step tier, then the specialized one
    INFO("call " << call);
    kiln::set_value(w, Array(start));
    Array storage = kiln::get_value(w);  // the variable's own memory
    f.call_into({storage}, 1.0);
    CHECK(storage.to_vector<double>() == std::vector<double>{1, 2, 3, 4});
  }
}
