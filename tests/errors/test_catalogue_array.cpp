// Bad input to kiln::Array: construction, reshape, views, element access. Each raises its exact
// type and message, and the array is unchanged and usable afterwards.
#include "errors/exact_error.hpp"

#include <kiln/kiln.hpp>

#include <cmath>
#include <limits>

using kiln::Array;
using kiln::ValueError;

TEST_CASE("catalogue, Array: construction") {
  CHECK_ERROR(ValueError, (Array{{1.0, 2.0}, {3.0}}), "Array: ragged nested list (rows of length 2 and 1)");
  CHECK_ERROR(ValueError, Array::empty(kiln::float64, {3, -1}), "Array: negative dimension in shape (3, -1)");
  CHECK_ERROR(ValueError, Array::full(kiln::int32, {-4}, 0.0), "Array: negative dimension in shape (-4,)");
  double data[4] = {1, 2, 3, 4};
  CHECK_ERROR(ValueError, Array::view_raw(kiln::float64, data, {2, 2}, {1}), "Array::view: strides and shape differ in length");
  Array empty = Array::empty(kiln::float64, {0, 3});
  CHECK(empty.size() == 0);
  CHECK(empty.shape() == kiln::Shape{0, 3});
}

TEST_CASE("catalogue, Array: reshape and broadcast_to") {
  Array a{1.0, 2.0, 3.0, 4.0, 5.0, 6.0};
  CHECK_ERROR(ValueError, a.reshape({4}), "cannot reshape array of shape (6,) into shape (4,)");
  CHECK_ERROR(ValueError, a.reshape({-2, -3}), "cannot reshape array of shape (6,) into shape (-2, -3): negative dimension -2");
  CHECK_ERROR(ValueError, a.broadcast_to({2, 3}), "cannot broadcast shape (6,) to (2, 3)");
  CHECK_ERROR(ValueError, a.broadcast_to({}), "cannot broadcast shape (6,) to ()");
  CHECK_ERROR(ValueError, a.broadcast_to({std::int64_t{1} << 40, std::int64_t{1} << 40, 6}),
              "shape (1099511627776, 1099511627776, 6) has more elements than fit in 64 bits");
  CHECK(a.reshape({3, 2}).shape() == kiln::Shape{3, 2});
  CHECK(a.broadcast_to({2, 6}).size() == 12);
}

TEST_CASE("catalogue, Array: element access out of range and wrong dtype") {
  Array a{1.0, 2.0, 3.0};
  CHECK_ERROR(ValueError, a.get_as_double(3), "Array: flat index 3 is out of range for an array of shape (3,)");
  CHECK_ERROR(ValueError, a.get_as_int(-1), "Array: flat index -1 is out of range for an array of shape (3,)");
  CHECK_ERROR(ValueError, a.set_from_double(7, 1.0), "Array: flat index 7 is out of range for an array of shape (3,)");
  CHECK_ERROR(ValueError, Array::empty(kiln::float64, {0}).get_as_double(0),
              "Array: flat index 0 is out of range for an array of shape (0,)");
  CHECK_ERROR(ValueError, a.item<double>(), "Array::item: can only convert an array of size 1, this one has shape (3,)");
  CHECK_ERROR(kiln::TypeError, a.data<std::int64_t>(), "Array::data<int64>: the array holds float64");
  CHECK(a.get_as_double(2) == 3.0);
}

TEST_CASE("catalogue, Array: NaN and infinities are values, not errors") {
  const double inf = std::numeric_limits<double>::infinity();
  Array a{std::nan(""), inf, -inf};
  CHECK(kiln::repr(a) == "array([ nan,  inf, -inf])");
  CHECK(a.same_values(a.copy()));
  CHECK(kiln::repr(a.astype(kiln::float32)) == "array([ nan,  inf, -inf], dtype=float32)");
}
