// The table from RandomVariable ops to their runtime entries, the draw's shape rule, and the
// loop that calls an entry once per run of elements whose params are equal.
#include "jit/random_step.hpp"

#include "random/rv_runtime.hpp"
#include "random/rv_scalar.hpp"

#include <kiln/errors.hpp>

#include <algorithm>
#include <cstring>
#include <string_view>

namespace kiln::jit {
namespace {

using Real = double*;
using Int = std::int64_t*;

struct Entry {
  std::string_view op_name;      // RandomVariable::rv_name()
  std::uint32_t integer_params;  // bit i: param i is passed as int64 (must be an integer dtype)
  bool whole_draw_only;
  decltype(RandomDraw::entry) entry;
};

// r: the params as doubles, i: as int64 (exact for the integer params).
#define KILN_RV(NAME, OUT, ...)                                                             \
  [](std::uint64_t* s, void* out, std::int64_t n, const double* r, const std::int64_t* i) { \
    (void)r;                                                                                \
    (void)i;                                                                                \
    return kiln_rv_##NAME(s, static_cast<OUT>(out), n, __VA_ARGS__);                        \
  }

constexpr Entry entries[] = {
    {"normal", 0, false, KILN_RV(normal, Real, r[0], r[1])},
    {"halfnormal", 0, false, KILN_RV(halfnormal, Real, r[0], r[1])},
    {"uniform", 0, false, KILN_RV(uniform, Real, r[0], r[1])},
    {"exponential", 0, false, KILN_RV(exponential, Real, r[0])},
    {"gamma", 0, false, KILN_RV(gamma, Real, r[0], r[1])},
    {"invgamma", 0, false, KILN_RV(invgamma, Real, r[0], r[1])},
    {"beta", 0, false, KILN_RV(beta, Real, r[0], r[1])},
    {"lognormal", 0, false, KILN_RV(lognormal, Real, r[0], r[1])},
    {"cauchy", 0, false, KILN_RV(cauchy, Real, r[0], r[1])},
    {"halfcauchy", 0, false, KILN_RV(halfcauchy, Real, r[0], r[1])},
    {"t", 0, false, KILN_RV(studentt, Real, r[0], r[1], r[2])},
    {"laplace", 0, false, KILN_RV(laplace, Real, r[0], r[1])},
    {"logistic", 0, false, KILN_RV(logistic, Real, r[0], r[1])},
    {"gumbel", 0, false, KILN_RV(gumbel, Real, r[0], r[1])},
    {"weibull", 0, false, KILN_RV(weibull, Real, r[0])},
    {"pareto", 0, false, KILN_RV(pareto, Real, r[0], r[1])},
    {"chisquare", 0, false, KILN_RV(chisquare, Real, r[0])},
    {"triangular", 0, false, KILN_RV(triangular, Real, r[0], r[1], r[2])},
    {"vonmises", 0, false, KILN_RV(vonmises, Real, r[0], r[1])},
    {"bernoulli", 0, false, KILN_RV(bernoulli, Int, r[0])},
    {"binomial", 0b1, false, KILN_RV(binomial, Int, i[0], r[1])},
    {"poisson", 0, false, KILN_RV(poisson, Int, r[0])},
    {"nbinom", 0, false, KILN_RV(negative_binomial, Int, r[0], r[1])},
    {"geometric", 0, false, KILN_RV(geometric, Int, r[0])},
    {"beta_binomial", 0b1, true, KILN_RV(betabinom, Int, i[0], r[1], r[2])},
    {"integers", 0b11, false, KILN_RV(integers, Int, i[0], i[1])},
};

#undef KILN_RV

// One element's params, as the reference's for_each_element reads them.
void read_params(const std::vector<Array>& params, std::int64_t k, double* real, std::int64_t* integer) {
  for (std::size_t p = 0; p < params.size(); ++p) {
    real[p] = params[p].get_as_double(k);
    integer[p] = is_float(params[p].dtype()) ? static_cast<std::int64_t>(real[p]) : params[p].get_as_int(k);
  }
}

constexpr std::size_t max_params = 3;

void call(const RandomDraw& draw, std::uint64_t* state, void* out, std::int64_t n, const double* real,
          const std::int64_t* integer) {
  if (draw.entry(state, out, n, real, integer) != 0) throw ParameterValueError(kiln_rv_last_error());
}

bool all_scalar(const std::vector<Array>& params) {
  return std::all_of(params.begin(), params.end(), [](const Array& p) { return p.size() == 1; });
}

}  // namespace

std::optional<RandomDraw> random_draw(const Apply& node) {
  const auto* op = dynamic_cast<const random::ScalarRandomVariable*>(&node.op());
  if (!op) return std::nullopt;
  const Entry* entry =
      std::find_if(std::begin(entries), std::end(entries), [&](const Entry& e) { return e.op_name == op->rv_name(); });
  if (entry == std::end(entries)) return std::nullopt;
  const DType natural = is_float(op->default_dtype()) ? DType::float64 : DType::int64;
  if (node.output(1).dtype() != natural || node.inputs().size() - 3 > max_params) return std::nullopt;
  for (std::size_t p = 0; p + 3 < node.inputs().size(); ++p)
    if ((entry->integer_params >> p & 1) && !is_integer(node.inputs()[p + 3].dtype())) return std::nullopt;
  return RandomDraw{entry->entry, entry->whole_draw_only, natural, op};
}

std::optional<Shape> random_draw_shape(const RandomDraw& draw, const Array& size, const std::vector<Array>& params) {
  if (draw.whole_draw_only && !all_scalar(params)) return std::nullopt;
  const Shape requested = size.to_vector<std::int64_t>();
  std::size_t ndim = requested.size();
  for (const auto& p : params) ndim = std::max(ndim, static_cast<std::size_t>(p.ndim()));
  Shape shape(ndim, 1);
  auto join = [&](const Shape& s) {
    const std::size_t lead = ndim - s.size();
    for (std::size_t d = 0; d < s.size(); ++d) {
      if (s[d] == 1) continue;
      if (shape[lead + d] != 1 && shape[lead + d] != s[d]) return false;
      shape[lead + d] = s[d];
    }
    return true;
  };
  if (!join(requested)) return std::nullopt;
  for (const auto& p : params)
    if (!join(p.shape())) return std::nullopt;
  if (!requested.empty() && shape != requested) return std::nullopt;
  return shape;
}

void run_random_draw(const RandomDraw& draw, std::uint64_t* state, void* out, const Shape& shape,
                     const std::vector<Array>& params) {
  double real[max_params];
  std::int64_t integer[max_params];
  const std::int64_t n = shape_size(shape);
  if (all_scalar(params)) {
    read_params(params, 0, real, integer);
    return call(draw, state, out, n, real, integer);
  }
  // The reference checks every param before drawing; doing the same keeps its error message.
  draw.op->check_parameters(params);
  std::vector<Array> views;
  for (const auto& p : params) views.push_back(p.broadcast_to(shape));
  const std::size_t item = itemsize(draw.dtype);
  double next_real[max_params];
  std::int64_t next_integer[max_params];
  if (n == 0) return;
  auto at = [&](std::int64_t k) { return static_cast<char*>(out) + k * static_cast<std::int64_t>(item); };
  std::int64_t start = 0;
  read_params(views, 0, real, integer);
  for (std::int64_t k = 1; k < n; ++k) {
    read_params(views, k, next_real, next_integer);
    if (std::memcmp(real, next_real, params.size() * sizeof(double)) == 0 &&
        std::memcmp(integer, next_integer, params.size() * sizeof(std::int64_t)) == 0)
      continue;
    call(draw, state, at(start), k - start, real, integer);
    start = k;
    std::copy(next_real, next_real + params.size(), real);
    std::copy(next_integer, next_integer + params.size(), integer);
  }
  call(draw, state, at(start), n - start, real, integer);
}

}  // namespace kiln::jit
