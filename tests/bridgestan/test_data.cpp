// kiln::Data: CmdStan's JSON format (numbers, rectangular nested arrays, non-finite strings) and
// an InputError naming the key or JSON position for every way the data can be wrong.
#include <kiln/data.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

// The message of the InputError `f` throws ("" when it throws none).
template <class F>
std::string input_error(F f) {
  try {
    f();
  } catch (const kiln::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("Data reads integers, reals and nested arrays with their shapes") {
  auto data = kiln::Data::parse(R"({"J": 3, "x": 2.5, "v": [1, 2, 3], "m": [[1, 2.5, 3], [4, 5, 6]], "e": []})");
  CHECK(data.contains("J"));
  CHECK_FALSE(data.contains("K"));
  CHECK(data.names() == std::vector<std::string>{"J", "x", "v", "m", "e"});
  CHECK(data.integer("J") == 3);
  CHECK(data.real("x") == 2.5);
  CHECK(data.real("J") == 3.0);

  kiln::Array v = data.array("v");
  CHECK(v.dtype() == kiln::int64);
  CHECK(v.shape() == kiln::Shape{3});
  CHECK(v.to_vector<std::int64_t>() == std::vector<std::int64_t>{1, 2, 3});

  kiln::Array m = data.array("m");
  CHECK(m.dtype() == kiln::float64);  // one real makes the whole array real
  CHECK(m.shape() == kiln::Shape{2, 3});
  CHECK(m.to_vector<double>() == std::vector<double>{1, 2.5, 3, 4, 5, 6});  // row-major

  CHECK(data.array("J").shape().empty());
  CHECK(data.array("e").shape() == kiln::Shape{0});
  CHECK(data.array("v", kiln::float64).dtype() == kiln::float64);
  CHECK(data.array("m", kiln::float64, {2, 3}).size() == 6);
}

TEST_CASE("Data reads CmdStan's non-finite strings") {
  auto data = kiln::Data::parse(R"({"a": "inf", "b": "-inf", "c": "NaN", "v": [1, "Inf", "-Infinity"]})");
  CHECK(data.real("a") == HUGE_VAL);
  CHECK(data.real("b") == -HUGE_VAL);
  CHECK(std::isnan(data.real("c")));
  CHECK(data.array("v").to_vector<double>() == std::vector<double>{1, HUGE_VAL, -HUGE_VAL});
}

TEST_CASE("Data's errors name the key and what was expected") {
  auto data = kiln::Data::parse(R"({"J": 2.5, "y": [1, 2, 3], "r": [[1, 2], [3]], "d": [[1], 2], "s": "abc", "b": true})");
  CHECK_THAT(input_error([&] { data.integer("K"); }), Equals(R"(data key "K": missing (the data has J, y, r, d, s, b))"));
  CHECK_THAT(input_error([&] { data.integer("J"); }), Equals(R"(data key "J": expected an integer, got 2.5)"));
  CHECK_THAT(input_error([&] { data.integer("y"); }), Equals(R"(data key "y": expected an integer, got an array of 3 values)"));
  CHECK_THAT(input_error([&] { data.real("y"); }), Equals(R"(data key "y": expected a number, got an array of 3 values)"));
  CHECK_THAT(input_error([&] { data.array("y", kiln::float64, {8}); }), Equals(R"(data key "y": expected an array of 8 numbers, got an array of 3 numbers)"));
  CHECK_THAT(input_error([&] { data.array("y", kiln::float64, {3, 1}); }), Equals(R"(data key "y": expected an array of shape (3, 1), got an array of 3 numbers)"));
  CHECK_THAT(input_error([&] { data.array("r"); }), Equals(R"(data key "r": ragged array: element [1] has 1 values, where element [0] has 2)"));
  CHECK_THAT(input_error([&] { data.array("d"); }), Equals(R"(data key "d": ragged array: element [1] is not an array, where element [0] has 1)"));
  CHECK_THAT(input_error([&] { data.real("s"); }), Equals(R"(data key "s": expected a number (or "inf", "-inf", "NaN"), got the string "abc")"));
  CHECK_THAT(input_error([&] { data.array("b"); }), Equals(R"(data key "b": expected a number (or "inf", "-inf", "NaN"), got true)"));
  auto reals = kiln::Data::parse(R"({"v": [1.5, 2]})");
  CHECK_THAT(input_error([&] { reals.array("v", kiln::int64); }), Equals(R"(data key "v": expected integers, got [1.5,2])"));
}

TEST_CASE("Data's errors for malformed JSON give the position") {
  CHECK_THAT(input_error([&] { kiln::Data::parse(R"({"J": 8,})"); }), Contains("data: malformed JSON at byte 9: parse error"));
  CHECK_THAT(input_error([&] { kiln::Data::parse("[1, 2]"); }), Equals("data: expected a JSON object of named values, got an array of 2 values"));
  CHECK_THAT(input_error([&] { kiln::Data::from_file("/nonexistent/data.json"); }), Equals(R"(data: cannot read the file "/nonexistent/data.json")"));
}

TEST_CASE("Data's argument is none, a file ending in .json, or JSON text") {
  CHECK(kiln::Data::from_argument(nullptr).names().empty());
  CHECK(kiln::Data::from_argument("").names().empty());
  CHECK(kiln::Data::from_argument(R"({"a": 1})").integer("a") == 1);
  const std::string path = "kiln_test_data_argument.json";
  std::ofstream(path) << R"({"a": [1, 2]})";
  CHECK(kiln::Data::from_argument(path.c_str()).array("a").size() == 2);
  std::ofstream(path) << R"({"a": )";
  CHECK_THAT(input_error([&] { kiln::Data::from_argument(path.c_str()); }), Contains(R"(data file "kiln_test_data_argument.json": data: malformed JSON at byte)"));
  std::remove(path.c_str());
}
