// Beta-binomial's draw, which is not element by element: Aesara's rng_fn is
// binomial(n, p=beta(a, b, size), size), so every beta comes before the first binomial.
#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_draws.hpp"
#include "random/rv_scalar.hpp"

#include <cstring>
#include <vector>

namespace kiln::random {

namespace {

// No per-element entry: compiled code draws it in two passes over the batch, the betas (kept
// in the output's int64 slots as double bits), then the binomials that replace them.
void betabinom_check(ParamValues v) {
  if (v.integer[0] < 0) throw_parameter_error("betabinom", "n < 0", "n = " + format_parameter(v.integer[0]));
}

std::int32_t betabinom_betas(GeneratorState* s, const void*, void* out, std::int64_t, std::int64_t, std::int64_t,
                             const DrawParam* params) {
  double real[3];
  std::int64_t integer[3];
  read_scalar_params(params, 3, real, integer);
  if (real[1] <= 0 || real[2] <= 0 || integer[0] < 0)
    return draw_bad_parameters;  // betabinom's constraints and betabinom_check
  const double p = beta(*s, real[1], real[2]);
  std::memcpy(out, &p, sizeof p);
  return draw_done;
}

std::int32_t betabinom_binomials(GeneratorState* s, const void*, void* out, std::int64_t, std::int64_t, std::int64_t,
                                 const DrawParam* params) {
  double p;
  std::memcpy(&p, out, sizeof p);
  *static_cast<std::int64_t*>(out) = binomial(*s, param_int(params[0], 0), p);
  return draw_done;
}

}  // namespace

ScalarDistribution betabinom_distribution() {
  auto fill = [](GeneratorState& s, const std::vector<Array>& params, Array& out) {
    const std::int64_t count = out.size();
    std::vector<double> p(static_cast<std::size_t>(count));
    for (std::int64_t k = 0; k < count; ++k)
      p[static_cast<std::size_t>(k)] = beta(s, params[1].get_as_double(k), params[2].get_as_double(k));
    std::int64_t* data = out.data<std::int64_t>();
    for (std::int64_t k = 0; k < count; ++k)
      data[k] = binomial(s, params[0].get_as_int(k), p[static_cast<std::size_t>(k)]);
  };
  static const BatchDraw passes{
      {{"kiln_rv_betabinom_betas", &betabinom_betas}, {"kiln_rv_betabinom_binomials", &betabinom_binomials}}};
  ScalarDistribution d{"betabinom",
                       "beta_binomial",
                       {{"n", Constraint::any, true}, {"a", Constraint::positive}, {"b", Constraint::positive}},
                       DType::int64,
                       nullptr,
                       nullptr,
                       &betabinom_check,
                       fill};
  d.batch = &passes;
  return d;
}

}  // namespace kiln::random
