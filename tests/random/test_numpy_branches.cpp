// Generator against NumPy 1.24 on the branches the shared reference does not reach
// (numpy_branch_cases.json, written by numpy_branch_cases.py): each case's first draws
// compared with ==, and every draw through an FNV-1a digest of its bits.
#include <kiln/random/generator.hpp>

#include "random/distributions.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace {

using kiln::Array;
using kiln::random::Generator;
using Json = nlohmann::json;

const Json& branch_reference() {
  static const Json reference = [] {
    std::ifstream in(KILN_RANDOM_TEST_DIR "/numpy_branch_cases.json");
    REQUIRE(in);
    return Json::parse(in);
  }();
  return reference;
}

// FNV-1a over each element's 8 bytes, as numpy_branch_cases.py computes it.
std::string digest(const Array& a) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  const auto* bytes = static_cast<const unsigned char*>(a.raw_data());
  for (std::int64_t i = 0; i < a.size() * 8; ++i) h = (h ^ bytes[i]) * 0x100000001B3ULL;
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

// One scalar call at a time, so the half word integers() keeps carries from call to call.
Array interleaved(Generator& g, std::int64_t count) {
  std::vector<double> draws;
  for (std::int64_t i = 0; i < count; ++i) {
    switch (i % 5) {
      case 0: draws.push_back(static_cast<double>(g.integers(0, 10))); break;
      case 1: draws.push_back(g.random()); break;
      case 2: draws.push_back(static_cast<double>(g.integers(0, 1000))); break;
      case 3: draws.push_back(g.standard_normal()); break;
      default: draws.push_back(static_cast<double>(g.integers(0, std::int64_t{1} << 40))); break;
    }
  }
  return Array(draws);
}

Array draw_case(const Json& c) {
  Generator g(c.at("seed").get<std::uint64_t>());
  const std::string method = c.at("method");
  const Json& args = c.at("args");
  const auto count = c.at("count").get<std::int64_t>();
  auto arg = [&](int i) { return args.at(i).get<double>(); };
  auto int_arg = [&](int i) { return args.at(i).get<std::int64_t>(); };
  if (method == "random_raw") {
    std::vector<std::uint64_t> words;
    for (std::int64_t i = 0; i < count; ++i) words.push_back(g.random_raw());
    return Array(words);
  }
  if (method == "standard_normal") return g.standard_normal(count);
  if (method == "standard_exponential") return g.standard_exponential(count);
  if (method == "exponential") return g.exponential(arg(0), count);
  if (method == "standard_gamma") return g.standard_gamma(arg(0), count);
  if (method == "beta") return g.beta(arg(0), arg(1), count);
  if (method == "poisson") return g.poisson(arg(0), count);
  if (method == "binomial") return g.binomial(int_arg(0), arg(1), count);
  if (method == "integers") return g.integers(int_arg(0), int_arg(1), count);
  if (method == "choice") {
    std::vector<std::int64_t> draws;
    for (std::int64_t i = 0; i < count; ++i) draws.push_back(g.choice(int_arg(0)));
    return Array(draws);
  }
  if (method == "choice_p") {
    const auto p = args.get<std::vector<double>>();
    std::vector<std::int64_t> draws;
    for (std::int64_t i = 0; i < count; ++i) draws.push_back(g.choice(static_cast<std::int64_t>(p.size()), p));
    return Array(draws);
  }
  if (method == "interleaved") return interleaved(g, count);
  FAIL("unknown method " << method);
  return Array();
}

}  // namespace

TEST_CASE("Draws match NumPy on every branch of every distribution", "[random]") {
  for (const Json& c : branch_reference().at("cases")) {
    INFO(c.at("name").get<std::string>());
    const Array a = draw_case(c);
    REQUIRE(a.size() == c.at("count").get<std::int64_t>());
    const Json& first = c.at("first");
    for (std::size_t i = 0; i < first.size(); ++i) {
      if (first[i].is_number_float()) {
        CHECK(a.get_as_double(static_cast<std::int64_t>(i)) == first[i].get<double>());
      } else if (a.dtype() == kiln::DType::uint64) {
        CHECK(a.data<std::uint64_t>()[i] == first[i].get<std::uint64_t>());
      } else {
        CHECK(a.get_as_int(static_cast<std::int64_t>(i)) == first[i].get<std::int64_t>());
      }
    }
    CHECK(digest(a) == c.at("digest").get<std::string>());
  }
}

TEST_CASE("A shaped size fills in C order with NumPy's values", "[random]") {
  const Json& c = branch_reference().at("shaped");
  Generator g(c.at("seed").get<std::uint64_t>());
  const auto shape = c.at("shape").get<kiln::Shape>();
  const Array a = g.normal(c.at("args").at(0).get<double>(), c.at("args").at(1).get<double>(), shape);
  CHECK(a.shape() == shape);
  const double* data = a.data<double>();
  CHECK(std::vector<double>(data, data + a.size()) == c.at("values").get<std::vector<double>>());
}

TEST_CASE("Batched fills continue the stream the scalar draws left", "[random]") {
  Generator g(7);
  Generator h(7);
  std::vector<double> filled(5);
  kiln::random::fill_normal(g.state(), filled.data(), 5, 1, 2);
  for (double value : filled) CHECK(value == h.normal(1, 2));
  std::vector<std::int64_t> ints(5);
  kiln::random::fill_integers(g.state(), ints.data(), 5, -3, 3);
  for (std::int64_t value : ints) CHECK(value == h.integers(-3, 3));
  CHECK(g.state() == h.state());
}
