// Shape arithmetic is checked wherever it multiplies: an element or byte count that does not fit
// in 64 bits, or a negative extent, is a ValueError naming the shape, never a short buffer.
#include "errors/exact_error.hpp"

#include <kiln/kiln.hpp>

#include <new>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::ValueError;

namespace {
constexpr std::int64_t k2_32 = std::int64_t{1} << 32;
constexpr std::int64_t k2_40 = std::int64_t{1} << 40;
constexpr std::int64_t k2_61 = std::int64_t{1} << 61;
}  // namespace

TEST_CASE("Array::empty of 2^61 float64s is a ValueError, not a 64-byte buffer") {
  CHECK_ERROR(ValueError, Array::empty(kiln::float64, {k2_61}),
              "Array: shape (2305843009213693952,) of float64 needs more bytes than fit in 64 bits");
  CHECK_ERROR(ValueError, Array::zeros(kiln::float64, {k2_61}),
              "Array: shape (2305843009213693952,) of float64 needs more bytes than fit in 64 bits");
  // int8 elements fit: the count is checked in bytes, not in elements.
  CHECK_ERROR(ValueError, Array::empty(kiln::float32, {k2_61, 2}),
              "Array: shape (2305843009213693952, 2) of float32 needs more bytes than fit in 64 bits");
}

TEST_CASE("Array::empty of (2^40, 2^40) is a ValueError, not size 0") {
  CHECK_ERROR(ValueError, Array::empty(kiln::float64, {k2_40, k2_40}),
              "shape (1099511627776, 1099511627776) has more elements than fit in 64 bits");
  CHECK_ERROR(ValueError, Array::full(kiln::float64, {k2_40, k2_40}, 1.0),
              "shape (1099511627776, 1099511627776) has more elements than fit in 64 bits");
  CHECK_ERROR(ValueError, kiln::shape_size({k2_32, k2_32}), "shape (4294967296, 4294967296) has more elements than fit in 64 bits");
  // An extent of 0 makes the array empty whatever the others are, as in NumPy.
  CHECK(Array::empty(kiln::float64, {k2_40, k2_40, 0}).size() == 0);
}

TEST_CASE("an allocation too large for memory is std::bad_alloc, not a short buffer") {
  CHECK_THROWS_AS(Array::empty(kiln::float64, {std::int64_t{1} << 50}), std::bad_alloc);
}

TEST_CASE("Array::reshape rejects negative extents even when their product matches") {
  Array a{1.0, 2.0, 3.0, 4.0, 5.0, 6.0};
  CHECK_ERROR(ValueError, a.reshape({-2, -3}), "cannot reshape array of shape (6,) into shape (-2, -3): negative dimension -2");
  CHECK_ERROR(ValueError, a.reshape({-1, 6}), "cannot reshape array of shape (6,) into shape (-1, 6): negative dimension -1");
  CHECK_ERROR(ValueError, Array::view_raw(kiln::float64, a.raw_data(), {-2, -3}, {}),
              "negative dimension -2 in shape (-2, -3)");
  CHECK(a.reshape({2, 3}).shape() == kiln::Shape{2, 3});
}

TEST_CASE("alloc(1, n, n) with n = 2^32 is a ValueError in both tiers and the reference") {
  auto n = kt::scalar("n", kiln::int64);
  auto y = kt::alloc(kt::as_tensor(1.0), {n, n});
  const std::string message = "shape (4294967296, 4294967296) has more elements than fit in 64 bits";
  CHECK_ERROR(ValueError, kiln::evaluate({y}, {{n, Array(k2_32)}}), message);
  auto f = kiln::function({n}, y);
  for (int call = 0; call < 3; ++call) {
    INFO("call " << call);
    CHECK_ERROR(ValueError, f(Array(k2_32)), message);
    CHECK(Array(f(Array(std::int64_t{2}))).size() == 4);
  }
}

TEST_CASE("a run-time reshape to negative extents or an overflowing shape is a ValueError") {
  auto m = kt::matrix("m");
  auto shape = kt::tensor("shape", kiln::int64, {2});
  auto g = kiln::function({m, shape}, kt::reshape(m, shape));
  Array two_by_three = Array{1.0, 2.0, 3.0, 4.0, 5.0, 6.0}.reshape({2, 3});
  for (int call = 0; call < 3; ++call) {
    INFO("call " << call);
    CHECK_ERROR(ValueError, g(two_by_three, Array(std::vector<std::int64_t>{-2, -3})),
                "Reshape{2}: invalid dimension -2 in shape (-2, -3) (only one -1 is allowed)");
    CHECK_ERROR(ValueError, g(two_by_three, Array(std::vector<std::int64_t>{k2_40, k2_40})),
                "Reshape{2}: shape (1099511627776, 1099511627776) has more elements than fit in 64 bits");
    CHECK(Array(g(two_by_three, Array(std::vector<std::int64_t>{3, 2}))).shape() == kiln::Shape{3, 2});
  }
}

TEST_CASE("a view of caller memory checks its extents in both its forms: braced extents and a Shape") {
  double data[6] = {};
  const kiln::Shape negative{2, -3}, huge{k2_32, k2_32};
  CHECK_ERROR(ValueError, Array::view(data, {2, -3}), "negative dimension -3 in shape (2, -3)");
  CHECK_ERROR(ValueError, Array::view(data, negative), "negative dimension -3 in shape (2, -3)");
  CHECK_ERROR(ValueError, Array::view(data, {k2_32, k2_32}),
              "shape (4294967296, 4294967296) has more elements than fit in 64 bits");
  CHECK_ERROR(ValueError, Array::view(data, huge),
              "shape (4294967296, 4294967296) has more elements than fit in 64 bits");
  // Both forms give the same C-contiguous view.
  const Array braced = Array::view(data, {2, 3}), shaped = Array::view(data, kiln::Shape{2, 3});
  CHECK(braced.strides() == kiln::Strides{3, 1});
  CHECK(shaped.strides() == kiln::Strides{3, 1});
  CHECK(Array::view(data, {}).shape().empty());
  CHECK(Array::view(data, {}).strides().empty());
}
