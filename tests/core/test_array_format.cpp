// NumPy's repr and str of arrays, and Python's float repr (values checked against NumPy 1.24).
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using kiln::Array;

TEST_CASE("repr of float vectors") {
  CHECK(kiln::repr(Array{0.0, 1.0}) == "array([0., 1.])");
  CHECK(kiln::repr(Array{1.0, M_E}) == "array([1.        , 2.71828183])");
  CHECK(kiln::repr(Array{-0.91893853320467267, -1.6120857137646180}) == "array([-0.91893853, -1.61208571])");
  CHECK(kiln::repr(Array{-1.612085713764618, -11.324403641427345, 9.081061466795328}) ==
        "array([ -1.61208571, -11.32440364,   9.08106147])");
  CHECK(kiln::repr(Array{0.5, 0.25}) == "array([0.5 , 0.25])");
}

TEST_CASE("repr of 0-d arrays") {
  CHECK(kiln::repr(Array(-1.969196457220078)) == "array(-1.96919646)");
  CHECK(kiln::repr(Array(0.0)) == "array(0.)");
  CHECK(kiln::repr(Array(std::int64_t{3})) == "array(3)");
  CHECK(kiln::repr(Array(true)) == "array(True)");
}

TEST_CASE("repr of matrices and non-default dtypes") {
  CHECK(kiln::repr(Array{{1.0, 2.0}, {3.0, 4.0}}) == "array([[1., 2.],\n       [3., 4.]])");
  CHECK(kiln::repr(Array(std::vector<std::int32_t>{1, 20})) == "array([ 1, 20], dtype=int32)");
  CHECK(kiln::repr(Array(std::vector<float>{1.0f, 2.5f})) == "array([1. , 2.5], dtype=float32)");
  CHECK(kiln::repr(Array(std::vector<double>{})) == "array([], dtype=float64)");
  CHECK(kiln::repr(Array(std::vector<bool>{true, false})) == "array([ True, False])");
}

// NumPy 1.24: repr(np.zeros((0, 3))) == 'array([], shape=(0, 3), dtype=float64)'; str is '[]'.
TEST_CASE("repr of an array with a 0 extent names its shape as NumPy's does") {
  CHECK(kiln::repr(Array::zeros(kiln::float64, {0, 3})) == "array([], shape=(0, 3), dtype=float64)");
  CHECK(kiln::repr(Array::zeros(kiln::int64, {3, 0})) == "array([], shape=(3, 0), dtype=int64)");
  CHECK(kiln::repr(Array::zeros(kiln::float32, {2, 0, 4})) == "array([], shape=(2, 0, 4), dtype=float32)");
  CHECK(kiln::repr(Array::zeros(kiln::float64, {0})) == "array([], dtype=float64)");
  CHECK(kiln::str(Array::zeros(kiln::float64, {0, 3})) == "[]");
}

TEST_CASE("repr switches to scientific notation for wide ranges") {
  CHECK(kiln::repr(Array{1e-5, 1.0}) == "array([1.e-05, 1.e+00])");
  CHECK(kiln::repr(Array{1.5e10, 2.0}) == "array([1.5e+10, 2.0e+00])");
}

TEST_CASE("repr of non-finite values") {
  CHECK(kiln::repr(Array{NAN, 1.0}) == "array([nan,  1.])");
  CHECK(kiln::repr(Array{-INFINITY, 1.5}) == "array([-inf,  1.5])");
}

TEST_CASE("long arrays wrap at 75 columns") {
  std::vector<double> v;
  for (int i = 0; i < 12; ++i) v.push_back(i + 0.5);
  CHECK(kiln::repr(Array(v)) ==
        "array([ 0.5,  1.5,  2.5,  3.5,  4.5,  5.5,  6.5,  7.5,  8.5,  9.5, 10.5,\n       11.5])");
}

TEST_CASE("arrays above 1000 elements are summarised") {
  std::vector<double> v(2000);
  for (int i = 0; i < 2000; ++i) v[static_cast<std::size_t>(i)] = 1000 + i;
  CHECK(kiln::repr(Array(v)) == "array([1000., 1001., 1002., ..., 2997., 2998., 2999.])");
  for (int i = 0; i < 2000; ++i) v[static_cast<std::size_t>(i)] = i;
  CHECK(kiln::repr(Array(v)) ==
        "array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,\n       1.999e+03])");
}

TEST_CASE("str prints like NumPy's print") {
  CHECK(kiln::str(Array{0.36816521, 0.47495408}) == "[0.36816521 0.47495408]");
  CHECK(kiln::str(Array{1.2168571, -1.34071802}) == "[ 1.2168571  -1.34071802]");
  CHECK(kiln::str(Array(-1.969196457220078)) == "-1.969196457220078");
}

TEST_CASE("float_repr is Python's repr") {
  CHECK(kiln::float_repr(-1.969196457220078) == "-1.969196457220078");
  CHECK(kiln::float_repr(1.0) == "1.0");
  CHECK(kiln::float_repr(0.1) == "0.1");
  CHECK(kiln::float_repr(1e-5) == "1e-05");
  CHECK(kiln::float_repr(1.5e16) == "1.5e+16");
  CHECK(kiln::float_repr(123456789.0) == "123456789.0");
  CHECK(kiln::float_repr(-1.7001885332046727) == "-1.7001885332046727");
}
