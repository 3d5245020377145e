// Generator against NumPy 1.24's default_rng (shared/reference/numpy_pcg64.json): every case
// of every seed, compared with ==, drawn one call at a time and as one Array.
#include <kiln/random/generator.hpp>

#include "random/seed_sequence.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using kiln::Array;
using kiln::random::Generator;
using Json = nlohmann::json;

const Json& reference_cases() {
  static const Json cases = [] {
    std::ifstream in(KILN_SHARED_DIR "/reference/numpy_pcg64.json");
    REQUIRE(in);
    return Json::parse(in).at("cases");
  }();
  return cases;
}

__extension__ typedef unsigned __int128 uint128;

uint128 parse_uint128(const std::string& decimal) {
  uint128 value = 0;
  for (char c : decimal) value = value * 10 + static_cast<unsigned>(c - '0');
  return value;
}

uint128 join(std::uint64_t high, std::uint64_t low) { return (uint128{high} << 64) | low; }

// A float64 case: the reference key, one scalar draw, and the same draws as an Array.
struct FloatCase {
  const char* key;
  std::function<double(Generator&)> draw;
  std::function<Array(Generator&, std::int64_t)> draw_array;
};

const std::vector<FloatCase>& float_cases() {
  static const std::vector<FloatCase> cases = {
      {"random", [](Generator& g) { return g.random(); }, [](Generator& g, std::int64_t n) { return g.random(n); }},
      {"standard_normal", [](Generator& g) { return g.standard_normal(); },
       [](Generator& g, std::int64_t n) { return g.standard_normal(n); }},
      {"normal_loc1_scale2", [](Generator& g) { return g.normal(1, 2); },
       [](Generator& g, std::int64_t n) { return g.normal(1, 2, n); }},
      {"standard_exponential", [](Generator& g) { return g.standard_exponential(); },
       [](Generator& g, std::int64_t n) { return g.standard_exponential(n); }},
      {"uniform_m1_3", [](Generator& g) { return g.uniform(-1, 3); },
       [](Generator& g, std::int64_t n) { return g.uniform(-1, 3, n); }},
      {"standard_gamma_2p5", [](Generator& g) { return g.standard_gamma(2.5); },
       [](Generator& g, std::int64_t n) { return g.standard_gamma(2.5, n); }},
      {"gamma_0p5_scale2", [](Generator& g) { return g.gamma(0.5, 2); },
       [](Generator& g, std::int64_t n) { return g.gamma(0.5, 2, n); }},
      {"beta_2_3", [](Generator& g) { return g.beta(2, 3); },
       [](Generator& g, std::int64_t n) { return g.beta(2, 3, n); }},
  };
  return cases;
}

struct IntCase {
  const char* key;
  std::function<std::int64_t(Generator&)> draw;
  std::function<Array(Generator&, std::int64_t)> draw_array;
};

const std::vector<IntCase>& int_cases() {
  static const std::vector<IntCase> cases = {
      {"poisson_3p5", [](Generator& g) { return g.poisson(3.5); },
       [](Generator& g, std::int64_t n) { return g.poisson(3.5, n); }},
      {"poisson_40", [](Generator& g) { return g.poisson(40); },
       [](Generator& g, std::int64_t n) { return g.poisson(40, n); }},
      {"binomial_10_0p3", [](Generator& g) { return g.binomial(10, 0.3); },
       [](Generator& g, std::int64_t n) { return g.binomial(10, 0.3, n); }},
      {"integers_0_10", [](Generator& g) { return g.integers(0, 10); },
       [](Generator& g, std::int64_t n) { return g.integers(0, 10, n); }},
  };
  return cases;
}

template <class T>
std::vector<T> array_values(const Array& a) {
  const T* data = a.data<T>();
  return std::vector<T>(data, data + a.size());
}

}  // namespace

TEST_CASE("SeedSequence generate_state matches NumPy for every reference seed", "[random]") {
  for (const Json& c : reference_cases()) {
    INFO("seed " << c.at("seed"));
    const auto seed = c.at("seed").get<std::uint64_t>();
    CHECK(kiln::random::SeedSequence(seed).generate_state(4) ==
          c.at("seed_sequence_generate_state_4_uint32").get<std::vector<std::uint32_t>>());
  }
}

TEST_CASE("PCG64 state after seeding matches NumPy", "[random]") {
  for (const Json& c : reference_cases()) {
    INFO("seed " << c.at("seed"));
    const Generator g(c.at("seed").get<std::uint64_t>());
    const kiln::random::GeneratorState& s = g.state();
    const Json& expected = c.at("pcg64_state_after_seeding");
    CHECK(join(s.state_high, s.state_low) == parse_uint128(expected.at("state").get<std::string>()));
    CHECK(join(s.inc_high, s.inc_low) == parse_uint128(expected.at("inc").get<std::string>()));
    CHECK(s.has_uint32 == 0);
    CHECK(s.uinteger == 0);
  }
}

TEST_CASE("random_raw matches NumPy's PCG64 words", "[random]") {
  for (const Json& c : reference_cases()) {
    INFO("seed " << c.at("seed"));
    Generator g(c.at("seed").get<std::uint64_t>());
    for (const Json& word : c.at("raw_uint64")) CHECK(g.random_raw() == std::stoull(word.get<std::string>()));
  }
}

TEST_CASE("Float draws match NumPy exactly one call at a time", "[random]") {
  for (const FloatCase& fc : float_cases()) {
    for (const Json& c : reference_cases()) {
      INFO(fc.key << " seed " << c.at("seed"));
      const auto expected = c.at(fc.key).get<std::vector<double>>();
      Generator g(c.at("seed").get<std::uint64_t>());
      std::vector<double> draws;
      for (std::size_t i = 0; i < expected.size(); ++i) draws.push_back(fc.draw(g));
      CHECK(draws == expected);
    }
  }
}

TEST_CASE("Float draws match NumPy exactly as one Array", "[random]") {
  for (const FloatCase& fc : float_cases()) {
    for (const Json& c : reference_cases()) {
      INFO(fc.key << " seed " << c.at("seed"));
      const auto expected = c.at(fc.key).get<std::vector<double>>();
      Generator g(c.at("seed").get<std::uint64_t>());
      const Array a = fc.draw_array(g, static_cast<std::int64_t>(expected.size()));
      CHECK(a.dtype() == kiln::DType::float64);
      CHECK(a.shape() == kiln::Shape{static_cast<std::int64_t>(expected.size())});
      CHECK(array_values<double>(a) == expected);
    }
  }
}

TEST_CASE("Integer draws match NumPy exactly one call at a time", "[random]") {
  for (const IntCase& ic : int_cases()) {
    for (const Json& c : reference_cases()) {
      INFO(ic.key << " seed " << c.at("seed"));
      const auto expected = c.at(ic.key).get<std::vector<std::int64_t>>();
      Generator g(c.at("seed").get<std::uint64_t>());
      std::vector<std::int64_t> draws;
      for (std::size_t i = 0; i < expected.size(); ++i) draws.push_back(ic.draw(g));
      CHECK(draws == expected);
    }
  }
}

TEST_CASE("Integer draws match NumPy exactly as one Array", "[random]") {
  for (const IntCase& ic : int_cases()) {
    for (const Json& c : reference_cases()) {
      INFO(ic.key << " seed " << c.at("seed"));
      const auto expected = c.at(ic.key).get<std::vector<std::int64_t>>();
      Generator g(c.at("seed").get<std::uint64_t>());
      const Array a = ic.draw_array(g, static_cast<std::int64_t>(expected.size()));
      CHECK(a.dtype() == kiln::DType::int64);
      CHECK(array_values<std::int64_t>(a) == expected);
    }
  }
}

TEST_CASE("Sequential normal then uniform draws continue one stream", "[random]") {
  for (const Json& c : reference_cases()) {
    INFO("seed " << c.at("seed"));
    const Json& expected = c.at("sequential_normal_then_uniform");
    Generator g(c.at("seed").get<std::uint64_t>());
    const std::vector<double> normals = array_values<double>(g.standard_normal(3));
    const std::vector<double> uniforms{g.random(), g.random(), g.random()};
    CHECK(normals == expected.at(0).get<std::vector<double>>());
    CHECK(uniforms == expected.at(1).get<std::vector<double>>());
  }
}

TEST_CASE("A Generator built from a saved state continues the same stream", "[random]") {
  Generator g(42);
  g.standard_normal();
  g.integers(0, 10);  // leaves half a word buffered, which the state must carry
  Generator copy(g.state());
  CHECK(copy.state() == g.state());
  for (int i = 0; i < 10; ++i) {
    CHECK(copy.integers(0, 1000) == g.integers(0, 1000));
    CHECK(copy.standard_normal() == g.standard_normal());
  }
}

TEST_CASE("Generator state lives in six words a compiled function can hold", "[random]") {
  using kiln::random::GeneratorState;
  STATIC_REQUIRE(sizeof(GeneratorState) == 48);
  STATIC_REQUIRE(std::is_standard_layout_v<GeneratorState>);
  STATIC_REQUIRE(std::is_trivially_copyable_v<GeneratorState>);
  Generator g(0);
  std::uint64_t words[6];
  std::memcpy(words, &g.state(), sizeof words);
  CHECK(words[0] == g.state().state_low);
  CHECK(words[5] == g.state().uinteger);
}
