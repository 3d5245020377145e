// verify_grad: the symbolic gradient of a random projection of fn against central finite
// differences, as PyTensor's verify_grad.
#include <kiln/function.hpp>
#include <kiln/grad.hpp>
#include <kiln/tensor.hpp>

#include <cmath>
#include <random>
#include <sstream>

namespace kiln {
namespace kt = kiln::tensor;
namespace {

// Compares one element's symbolic gradient with its finite difference. A NaN or infinity on
// either side is a failure: no tolerance compares them, and letting them through would pass
// points outside the domain, where nothing is checked.
void check_element(std::size_t input, std::int64_t element, double at, double symbolic, double numeric,
                   const VerifyGradOptions& options) {
  std::ostringstream msg;
  msg.precision(17);
  msg << "verify_grad: input " << input << ", element " << element << " (at " << at << "): ";
  if (!std::isfinite(symbolic)) {
    msg << "the symbolic gradient is " << symbolic << " (finite differences give " << numeric << ")";
    throw VerifyGradError(msg.str());
  }
  if (!std::isfinite(numeric)) {
    msg << "finite differences give " << numeric << " (the symbolic gradient is " << symbolic
        << "): the cost is not finite at the point +- eps = " << options.eps;
    throw VerifyGradError(msg.str());
  }
  double abs_err = std::fabs(symbolic - numeric);
  double rel_err = abs_err / std::max(std::fabs(symbolic) + std::fabs(numeric), 1e-300);
  if (abs_err <= options.abs_tol || rel_err <= options.rel_tol) return;
  msg << "symbolic gradient " << symbolic << " but finite differences give " << numeric << " (abs error " << abs_err
      << ", rel error " << rel_err << ")";
  throw VerifyGradError(msg.str());
}

}  // namespace

void verify_grad(const std::function<Var(const std::vector<Var>&)>& fn, const std::vector<Array>& point,
                 const VerifyGradOptions& options) {
  std::vector<Var> inputs;
  for (std::size_t i = 0; i < point.size(); ++i) {
    if (!is_float(point[i].dtype())) throw TypeError("verify_grad: point " + std::to_string(i) + " is not a float array");
    inputs.push_back(make_input(TensorType(point[i].dtype(), StaticShape(static_cast<std::size_t>(point[i].ndim()))),
                                "input" + std::to_string(i)));
  }
  Var out = fn(inputs);
  Array out_value = function(inputs, out).call_positional(point)[0];
  std::mt19937_64 gen(options.seed);
  std::normal_distribution<double> normal;

  for (int test = 0; test < options.n_tests; ++test) {
    Array projection = Array::empty(out.dtype(), out_value.shape());
    for (std::int64_t k = 0; k < projection.size(); ++k) projection.set_from_double(k, normal(gen));
    Var cost = kt::sum(out * make_constant(projection));
    Function f_cost = function(inputs, cost);
    Function f_grad = function(inputs, grad(cost, inputs, {Disconnected::ignore, {}, {}}));
    std::vector<Array> analytic = f_grad.call_positional(point).values();
    for (std::size_t i = 0; i < point.size(); ++i) {
      for (std::int64_t k = 0; k < point[i].size(); ++k) {
        std::vector<Array> plus, minus;
        for (const auto& p : point) {
          plus.push_back(p.copy());
          minus.push_back(p.copy());
        }
        double x = point[i].get_as_double(k);
        plus[i].set_from_double(k, x + options.eps);
        minus[i].set_from_double(k, x - options.eps);
        double numeric = (f_cost.call_positional(plus)[0].item<double>() - f_cost.call_positional(minus)[0].item<double>()) /
                         (2 * options.eps);
        check_element(i, k, x, analytic[i].get_as_double(k), numeric, options);
      }
    }
  }
}

}  // namespace kiln
