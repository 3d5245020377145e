// The batch-draw params' readers, and the list of every op's entries (rv_batch_draw.hpp).
#include "random/rv_batch_draw.hpp"

#include "random/rv_gaussian_fields.hpp"
#include "random/rv_matrix.hpp"
#include "random/rv_multivariate.hpp"
#include "random/rv_pymc.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_scalar.hpp"
#include "random/rv_time_series.hpp"

#include <kiln/errors.hpp>

#include <set>
#include <string>

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

const double* core_vector(const DrawParam& p, std::int64_t k, std::vector<double>& into) {
  if (static_cast<DType>(p.dtype) == DType::float64 && p.strides[0] == 1) return static_cast<const double*>(p.data);
  into.resize(static_cast<std::size_t>(k));
  for (std::int64_t j = 0; j < k; ++j) into[static_cast<std::size_t>(j)] = param_real(p, j * p.strides[0]);
  return into.data();
}

double* draw_target(void* out, std::int64_t stride, std::int64_t k, std::vector<double>& into) {
  if (stride == 1) return static_cast<double*>(out);
  into.resize(static_cast<std::size_t>(k));
  return into.data();
}

void scatter(const double* values, void* out, std::int64_t stride, std::int64_t k) {
  if (values == out) return;
  for (std::int64_t j = 0; j < k; ++j) static_cast<double*>(out)[j * stride] = values[j];
}

void read_scalar_params(const DrawParam* params, std::size_t n, double* real, std::int64_t* integer) {
  for (std::size_t i = 0; i < n; ++i) {
    real[i] = param_real(params[i], 0);
    integer[i] = is_float(static_cast<DType>(params[i].dtype)) ? static_cast<std::int64_t>(real[i])
                                                                : param_int(params[i], 0);
  }
}

void raise_draw_failure(const std::string& rv, std::int32_t status, std::int64_t batch) {
  if (status == draw_no_convergence) throw ValueError(rv + ": truncation did not converge in 10000 steps");
  if (status == draw_not_positive_definite)
    throw_parameter_error(rv, "the covariance is not positive definite", "draw " + std::to_string(batch));
  if (status == draw_not_element_by_element)
    throw ValueError(rv + ": the inner distribution's draws are not element by element, so they cannot be redrawn one "
                          "at a time");
  throw ValueError(rv + ": the draw's parameters were refused, and check_parameters found no fault");
}

std::vector<BatchDrawPass> batch_draw_entries() {
  const auto normal = scalar_random_variable("normal");
  const std::shared_ptr<const RandomVariable> ops[] = {
      dirichlet_random_variable(),          multinomial_random_variable(),
      categorical_random_variable(),        multivariate_normal_random_variable(),
      normal_mixture_random_variable(),     censored_random_variable(normal),
      truncated_random_variable(normal),    scalar_random_variable("betabinom"),
      mv_studentt_random_variable(),        wishart_random_variable(),
      matrix_normal_random_variable(),      lkj_corr_random_variable(),
      lkj_cholesky_cov_random_variable(),
      ar_random_variable(),                 garch11_random_variable(),
      mixture_random_variable(2, false, DType::float64), mixture_random_variable(2, false, DType::int64),
      mixture_random_variable(1, true, DType::float64),  mixture_random_variable(1, true, DType::int64),
      censored_random_variable(scalar_random_variable("betabinom")),
      truncated_random_variable(scalar_random_variable("betabinom")),
      zero_sum_normal_random_variable(1),   car_random_variable(),
      dirichlet_multinomial_random_variable(), stick_breaking_weights_random_variable(),
  };
  std::vector<BatchDrawPass> all;
  std::set<std::string> symbols;  // an inner's passes come again in the ops around it
  for (const auto& op : ops)
    for (const auto& pass : op->batch_draw()->passes)
      if (symbols.insert(pass.symbol).second) all.push_back(pass);
  return all;
}

}  // namespace kiln::random
