// The per-element entries compiled code calls (one registration per distribution) draw NumPy's
// values: checked against the reference JSON, element by element through the C entry, and they
// report a bad param through the draw-failure flag without touching the state.
#include <kiln/kiln.hpp>

#include "random/rv_scalar.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

namespace kr = kiln::random;

namespace {

using Real2 = double (*)(kr::GeneratorState*, double, double);
using Real1 = double (*)(kr::GeneratorState*, double);
using Int1 = std::int64_t (*)(kr::GeneratorState*, double);
using IntRI = std::int64_t (*)(kr::GeneratorState*, std::int64_t, double);
using IntII = std::int64_t (*)(kr::GeneratorState*, std::int64_t, std::int64_t);

template <class F>
F entry_of(const char* name) {
  const kr::ScalarDistribution& d = kr::scalar_distribution(name);
  REQUIRE(d.entry != nullptr);
  REQUIRE(d.symbol == std::string("kiln_rv_") + name);
  return reinterpret_cast<F>(const_cast<void*>(d.entry));
}

nlohmann::json numpy_cases() {
  std::ifstream in(KILN_SHARED_DIR "/reference/numpy_pcg64.json");
  REQUIRE(in);
  return nlohmann::json::parse(in).at("cases");
}

}  // namespace

TEST_CASE("the runtime entries draw NumPy's values for every seed", "[random][runtime][numpy]") {
  for (const auto& c : numpy_cases()) {
    const auto seed = c.at("seed").get<std::uint64_t>();
    INFO("seed " << seed);
    auto real_case = [&](const char* key, auto draw) {
      INFO(key);
      kr::GeneratorState s = kr::Generator(seed).state();
      for (const auto& expected : c.at(key)) CHECK(draw(&s) == expected.get<double>());
    };
    auto int_case = [&](const char* key, auto draw) {
      INFO(key);
      kr::GeneratorState s = kr::Generator(seed).state();
      for (const auto& expected : c.at(key)) CHECK(draw(&s) == expected.get<std::int64_t>());
    };
    real_case("normal_loc1_scale2", [f = entry_of<Real2>("normal")](auto* s) { return f(s, 1.0, 2.0); });
    real_case("standard_exponential", [f = entry_of<Real1>("exponential")](auto* s) { return f(s, 1.0); });
    real_case("uniform_m1_3", [f = entry_of<Real2>("uniform")](auto* s) { return f(s, -1.0, 3.0); });
    real_case("standard_gamma_2p5", [f = entry_of<Real2>("gamma")](auto* s) { return f(s, 2.5, 1.0); });
    real_case("gamma_0p5_scale2", [f = entry_of<Real2>("gamma")](auto* s) { return f(s, 0.5, 2.0); });
    real_case("beta_2_3", [f = entry_of<Real2>("beta")](auto* s) { return f(s, 2.0, 3.0); });
    int_case("poisson_3p5", [f = entry_of<Int1>("poisson")](auto* s) { return f(s, 3.5); });
    int_case("poisson_40", [f = entry_of<Int1>("poisson")](auto* s) { return f(s, 40.0); });
    int_case("binomial_10_0p3", [f = entry_of<IntRI>("binomial")](auto* s) { return f(s, 10, 0.3); });
    int_case("integers_0_10", [f = entry_of<IntII>("integers")](auto* s) { return f(s, 0, 10); });
  }
}

TEST_CASE("a runtime entry refuses a bad param: no draw, the state kept, the flag raised", "[random][runtime][error]") {
  kr::take_draw_failure();
  const kr::GeneratorState before = kr::Generator(15).state();
  kr::GeneratorState s = before;
  CHECK(entry_of<Real2>("normal")(&s, 0.0, -1.0) == 0.0);
  CHECK(s == before);
  CHECK(kr::take_draw_failure());
  CHECK_FALSE(kr::take_draw_failure());                  // taking it clears it
  CHECK(entry_of<IntRI>("binomial")(&s, 10, 1.5) == 0);  // a joint check (p in [0, 1])
  CHECK(kr::take_draw_failure());
  CHECK(entry_of<Real2>("uniform")(&s, 2.0, 1.0) == 0.0);  // high < low
  CHECK(kr::take_draw_failure());
  CHECK(s == before);
  // A valid draw raises nothing.
  entry_of<Real2>("normal")(&s, 0.0, 1.0);
  CHECK_FALSE(kr::take_draw_failure());
}

TEST_CASE("every distribution but the beta-binomial has a runtime entry", "[random][runtime]") {
  for (const auto& d : kr::scalar_distributions()) {
    INFO(d.name);
    CHECK((d.entry != nullptr) == (std::string(d.name) != "betabinom"));
  }
}
