// The batch-draw params' readers, and the list of every op's entries (rv_batch_draw.hpp).
#include "random/rv_batch_draw.hpp"

#include "random/rv_multivariate.hpp"
#include "random/rv_pymc.hpp"
#include "random/rv_scalar.hpp"

namespace kiln::random {

double param_real(const DrawParam& p, std::int64_t offset) {
  return visit_dtype(static_cast<DType>(p.dtype),
                     [&](auto t) { return static_cast<double>(static_cast<const decltype(t)*>(p.data)[offset]); });
}

std::int64_t param_int(const DrawParam& p, std::int64_t offset) {
  return visit_dtype(static_cast<DType>(p.dtype), [&](auto t) {
    return static_cast<std::int64_t>(static_cast<const decltype(t)*>(p.data)[offset]);
  });
}

void read_scalar_params(const DrawParam* params, std::size_t n, double* real, std::int64_t* integer) {
  for (std::size_t i = 0; i < n; ++i) {
    real[i] = param_real(params[i], 0);
    integer[i] = is_float(static_cast<DType>(params[i].dtype)) ? static_cast<std::int64_t>(real[i])
                                                                : param_int(params[i], 0);
  }
}

std::vector<BatchDrawPass> batch_draw_entries() {
  const auto normal = scalar_random_variable("normal");
  const std::shared_ptr<const RandomVariable> ops[] = {
      dirichlet_random_variable(),          multinomial_random_variable(),
      categorical_random_variable(),        multivariate_normal_random_variable(),
      normal_mixture_random_variable(),     censored_random_variable(normal),
      truncated_random_variable(normal),    scalar_random_variable("betabinom"),
  };
  std::vector<BatchDrawPass> all;
  for (const auto& op : ops)
    for (const auto& pass : op->batch_draw()->passes) all.push_back(pass);
  return all;
}

}  // namespace kiln::random
