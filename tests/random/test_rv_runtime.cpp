// The extern "C" draw entries the JIT calls give the ops' values, advance the state in place,
// and report parameter errors through a status and kiln_rv_last_error.
#include <kiln/kiln.hpp>

#include "random/rv_runtime.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

namespace kt = kiln::tensor;
using kiln::Array;

namespace {

struct State {
  std::uint64_t words[6];
  explicit State(std::uint64_t seed) {
    const auto s = kiln::random::Generator(seed).state();
    std::memcpy(words, &s, sizeof words);
  }
};

kiln::tensor::random::RVOptions seeded(std::int64_t n, std::uint64_t seed) {
  return {.size = {n}, .rng = kiln::random_generator_shared(seed)};
}

}  // namespace

TEST_CASE("runtime scalar entries draw what the ops draw", "[random][runtime]") {
  State st(11);
  std::vector<double> out(5);
  REQUIRE(kiln_rv_normal(st.words, out.data(), 5, 1.0, 2.0) == 0);
  CHECK(Array(out).same_values(kt::random::normal(1, 2, seeded(5, 11)).eval()));
  std::vector<double> more(3);
  REQUIRE(kiln_rv_laplace(st.words, more.data(), 3, 0.0, 1.0) == 0);
  kiln::random::Generator g(11);
  g.normal(1, 2, 5);
  auto rng = kiln::random_generator_shared(g);
  CHECK(Array(more).same_values(kt::random::laplace(0, 1, {.size = {3}, .rng = rng}).eval()));

  State st2(12);
  std::vector<std::int64_t> counts(4);
  REQUIRE(kiln_rv_betabinom(st2.words, counts.data(), 4, 10, 2.0, 3.0) == 0);
  CHECK(Array(counts).same_values(kt::random::betabinom(10, 2, 3, seeded(4, 12)).eval()));
}

TEST_CASE("runtime vector entries draw what the ops draw", "[random][runtime]") {
  State st(13);
  const double alpha[] = {1.0, 2.0, 3.0};
  std::vector<double> out(6);
  REQUIRE(kiln_rv_dirichlet(st.words, out.data(), 2, alpha, 3) == 0);
  CHECK(Array(out).reshape({2, 3}).same_values(kt::random::dirichlet(Array{1.0, 2.0, 3.0}, seeded(2, 13)).eval()));

  State st2(14);
  const double mean[] = {1.0, 2.0};
  const double cov[] = {2.0, 0.5, 0.5, 1.0};
  std::vector<double> mv(4);
  REQUIRE(kiln_rv_multivariate_normal(st2.words, mv.data(), 2, mean, cov, 2) == 0);
  auto y = kt::random::multivariate_normal(Array{1.0, 2.0}, Array{{2.0, 0.5}, {0.5, 1.0}}, seeded(2, 14));
  CHECK(Array(mv).reshape({2, 2}).same_values(y.eval()));
}

TEST_CASE("runtime entries report parameter errors and keep the state", "[random][runtime][error]") {
  State st(15);
  const State before(15);
  std::vector<double> out(2);
  CHECK(kiln_rv_normal(st.words, out.data(), 2, 0.0, -1.0) == 1);
  CHECK(std::string(kiln_rv_last_error()).find("normal: scale < 0 (scale = -1)") != std::string::npos);
  CHECK(std::memcmp(st.words, before.words, sizeof st.words) == 0);
  std::vector<std::int64_t> ints(2);
  const double p[] = {0.5, -0.5};
  CHECK(kiln_rv_categorical(st.words, ints.data(), 2, p, 2) == 1);
  CHECK(std::string(kiln_rv_last_error()).find("p[1] = -0.5") != std::string::npos);
}
