// HyperGeometric(N, k, n): logp and logcdf against the exact rational values of
// scipy_logp_more.json (1e-12 relative), NumPy's draws for the same seeds (both of NumPy's
// algorithms), the compiled draw against the reference perform, PyMC's moment, and PyMC's
// parameter conditions.
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "json_reference.hpp"
#include "reference_checks.hpp"

#include <cmath>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;
using kiln::Array;
using kiln::Var;
using kiln::testing::check_reference_close;
using kiln::testing::json_number;
using nlohmann::json;

namespace {

json reference() { return kiln::testing::pm_reference("scipy_logp_more.json"); }

Var hypergeometric(const json& p, const pm::DistOptions& options = {}) {
  auto i = [&](const char* key) { return Var(p.at(key).get<std::int64_t>()); };
  return pm::HyperGeometric::dist(i("N"), i("k"), i("n"), options);
}

}  // namespace

TEST_CASE("HyperGeometric logp and logcdf match the exact pmf to 1e-12, tails included", "[pm][hypergeometric]") {
  int count = 0;
  const json ref = reference();
  for (const auto& c : ref.at("cases")) {
    if (c.at("dist") != "HyperGeometric") continue;
    ++count;
    Var rv = hypergeometric(c.at("params"));
    Var value(c.at("value").get<std::int64_t>());
    INFO("params " << c.at("params").dump() << " value " << c.at("value").dump());
    check_reference_close(pm::logp(rv, value).eval().item<double>(), json_number(c.at("logp")), 1e-300);
    check_reference_close(pm::logcdf(rv, value).eval().item<double>(), json_number(c.at("logcdf")), 1e-300);
  }
  CHECK(count > 30);
}

TEST_CASE("HyperGeometric draws are NumPy's hypergeometric(k, N - k, n)", "[pm][hypergeometric][draws]") {
  const json ref = reference();
  for (const auto& d : ref.at("draws")) {
    if (d.at("dist") != "HyperGeometric") continue;
    const auto want = d.at("values").get<std::vector<std::int64_t>>();
    const pm::DistOptions options{.size = {static_cast<std::int64_t>(want.size())},
                                  .rng = kiln::random_generator_shared(d.at("seed").get<std::uint64_t>())};
    Var rv = hypergeometric(d.at("params"), options);
    INFO("params " << d.at("params").dump());
    CHECK(rv.eval().to_vector<std::int64_t>() == want);
    // The compiled function's draw (the per-element runtime entry) gives the same values.
    CHECK(kiln::function({}, {rv})()[0].to_vector<std::int64_t>() == want);
  }
}

TEST_CASE("HyperGeometric's initial point is PyMC's mode and its bad parameters raise", "[pm][hypergeometric]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::HyperGeometric("x", std::int64_t{50}, std::int64_t{10}, std::int64_t{20});
  }
  // floor((n + 1)(k + 1) / (N + 2)) = floor(21 * 11 / 52) = 4
  const Array x = model.initial_point().at("x");
  CHECK(x.dtype() == kiln::DType::int64);
  CHECK(x.item<std::int64_t>() == 4);
  CHECK(model.value_vars().size() == 1);

  // n > N: the support is empty (lower > upper).
  Var bad = pm::HyperGeometric::dist(std::int64_t{5}, std::int64_t{3}, std::int64_t{9});
  CHECK_THROWS_AS(pm::logp(bad, Var(std::int64_t{2})).eval(), kiln::ParameterValueError);
  CHECK_THROWS_WITH(pm::logp(bad, Var(std::int64_t{2})).eval(), Catch::Contains("lower <= upper"));
  CHECK_THROWS_WITH(pm::logcdf(bad, Var(std::int64_t{2})).eval(), Catch::Contains("N > 0, 0 <= good <= N, 0 <= n <= N"));
  // k > N: NumPy's nbad < 0.
  CHECK_THROWS_AS(pm::draw(pm::HyperGeometric::dist(std::int64_t{5}, std::int64_t{7}, std::int64_t{2})),
                  kiln::ParameterValueError);
  CHECK_THROWS_WITH(pm::draw(pm::HyperGeometric::dist(std::int64_t{5}, std::int64_t{3}, std::int64_t{9})),
                    Catch::Contains("ngood + nbad < nsample"));
  // A symbolic n and k: the log-CDF needs one of them constant to size its sum.
  Var n = kt::scalar("n", kiln::DType::int64), k = kt::scalar("k", kiln::DType::int64);
  CHECK_THROWS_AS(pm::logcdf(pm::HyperGeometric::dist(std::int64_t{20}, k, n), Var(std::int64_t{2})), kiln::ModelError);
  // With n symbolic and k constant it works, and agrees with the constant form.
  Var sym = pm::logcdf(pm::HyperGeometric::dist(std::int64_t{20}, std::int64_t{7}, n), Var(std::int64_t{3}));
  Var fixed = pm::logcdf(pm::HyperGeometric::dist(std::int64_t{20}, std::int64_t{7}, std::int64_t{12}), Var(std::int64_t{3}));
  CHECK(kiln::function({n}, {sym})(Array(std::int64_t{12}))[0].item<double>() ==
        Approx(fixed.eval().item<double>()).epsilon(1e-14));
}

TEST_CASE("HyperGeometric observed in a model: logp summed over data", "[pm][hypergeometric][model]") {
  pm::Model model;
  {
    pm::ModelContext ctx(model);
    pm::HyperGeometric("y", std::int64_t{20}, std::int64_t{7}, std::int64_t{12},
                       {.observed = Array(std::vector<std::int64_t>{3, 5, 7})});
  }
  double want = 0;
  const json ref = reference();
  for (const auto& c : ref.at("cases"))
    if (c.at("dist") == "HyperGeometric" && c.at("params").at("N") == 20 &&
        (c.at("value") == 3 || c.at("value") == 5 || c.at("value") == 7))
      want += json_number(c.at("logp"));
  CHECK(model.compile_logp()(kiln::Point{})[0].item<double>() == Approx(want).epsilon(1e-13));
}
