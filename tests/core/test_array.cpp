// kiln::Array construction, access, views and copies.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

TEST_CASE("arrays from scalars lists and nested lists") {
  kiln::Array a{1.0, 2.0, 3.0};
  CHECK(a.ndim() == 1);
  CHECK(a.shape() == kiln::Shape{3});
  CHECK(a.dtype() == kiln::float64);
  kiln::Array m{{1.0, 2.0}, {3.0, 4.0}};
  CHECK(m.shape() == kiln::Shape{2, 2});
  CHECK(m.to_vector<double>() == std::vector<double>{1, 2, 3, 4});
  CHECK(kiln::Array(3.5).ndim() == 0);
  CHECK(kiln::Array(std::int64_t{4}).dtype() == kiln::int64);
  CHECK(kiln::Array(true).dtype() == kiln::bool_);
  CHECK_THROWS_WITH((kiln::Array{{1.0, 2.0}, {3.0}}), Catch::Contains("ragged"));
}

TEST_CASE("buffers are 64-byte aligned") {
  auto a = kiln::Array::empty(kiln::float64, {17});
  CHECK(reinterpret_cast<std::uintptr_t>(a.raw_data()) % 64 == 0);
}

TEST_CASE("views share caller memory") {
  std::vector<double> buf(4, 0.5);
  auto v = kiln::Array::view(buf.data(), {2, 2});
  buf[3] = 7.0;
  CHECK(v.get_as_double(3) == 7.0);
  auto owned = v.copy();
  buf[3] = 1.0;
  CHECK(owned.get_as_double(3) == 7.0);
  CHECK(owned.data<double>()[0] == 0.5);
}

TEST_CASE("typed access checks the dtype") {
  kiln::Array a{1.0};
  CHECK_THROWS_AS(a.data<float>(), kiln::TypeError);
  CHECK_THROWS_WITH(a.data<float>(), Catch::Contains("float32") && Catch::Contains("float64"));
  CHECK_THROWS_WITH(a.reshape({2}), Catch::Contains("cannot reshape array of shape (1,) into shape (2,)"));
  CHECK_THROWS_WITH(kiln::Array({1.0, 2.0}).item<double>(), Catch::Contains("size 1"));
  CHECK(kiln::Array(2.5).item<double>() == 2.5);
}

TEST_CASE("broadcast_to makes zero-stride views") {
  kiln::Array a{1.0, 2.0};
  auto b = a.broadcast_to({3, 2});
  CHECK(b.strides() == std::vector<std::int64_t>{0, 1});
  CHECK(b.get_as_double(5) == 2.0);
  CHECK_THROWS_AS(a.broadcast_to({3}), kiln::ValueError);
}

TEST_CASE("astype converts values") {
  kiln::Array a{1.5, -2.5};
  auto i = a.astype(kiln::int64);
  CHECK(i.to_vector<std::int64_t>() == std::vector<std::int64_t>{1, -2});
  CHECK(i.astype(kiln::float32).dtype() == kiln::float32);
}

TEST_CASE("dtype promotion follows NumPy") {
  using namespace kiln;
  CHECK(promote(int64, float32) == float64);
  CHECK(promote(int16, float32) == float32);
  CHECK(promote(uint8, int8) == int16);
  CHECK(promote(uint64, int64) == float64);
  CHECK(promote(bool_, int8) == int8);
  CHECK(promote(float32, float64) == float64);
  CHECK(dtype_from_name("uint16") == uint16);
}

TEST_CASE("to_vector keeps int64 values above 2^53 exact") {
  kiln::Array a(std::vector<std::int64_t>{9007199254740993, -9007199254740993});
  CHECK(a.to_vector<std::int64_t>() == std::vector<std::int64_t>{9007199254740993, -9007199254740993});
}
