// Between the constrained scale (bs_param_names' order) and the unconstrained one (theta_unc),
// through the model's own transforms (pm::Model::constrain / unconstrain), and random starts.
#include "bridgestan/sampler_model.hpp"

#include <cmath>
#include <cstring>

using namespace kiln;
using kiln::bridgestan::FlatPart;

namespace {

Array copy_of(const double* data, const Shape& shape) {
  Array a = Array::empty(DType::float64, shape);
  if (a.size() > 0) std::memcpy(a.data<double>(), data, static_cast<std::size_t>(a.size()) * sizeof(double));
  return a;
}

void write_part(const Point& point, const FlatPart& part, double* out) {
  const auto values = point.at(part.name).to_vector<double>();
  if (values.size() != part.size)
    throw ValueError("'" + part.name + "' has " + std::to_string(values.size()) + " values at this point, where the model has " +
                     std::to_string(part.size));
  std::copy(values.begin(), values.end(), out + part.offset);
}

}  // namespace

void bs_model::constrain(bool include_tp, const double* theta_unc, double* theta) const {
  const Point point = model_->constrain({theta_unc, unc_num_});
  for (const auto& part : free_parts_) write_part(point, part, theta);
  if (include_tp)
    for (const auto& part : tp_parts_) write_part(point, part, theta);
}

std::vector<double> bs_model::unconstrain_point(const Point& constrained) const {
  auto theta_unc = model_->unconstrain(constrained);
  if (theta_unc.size() != unc_num_)
    throw ValueError("unconstrained " + std::to_string(theta_unc.size()) + " values, where the model has " +
                     std::to_string(unc_num_));
  return theta_unc;
}

void bs_model::unconstrain(const double* theta, double* theta_unc) const {
  Point point;
  for (const auto& part : free_parts_) point[part.name] = copy_of(theta + part.offset, part.shape);
  const auto out = unconstrain_point(point);
  std::copy(out.begin(), out.end(), theta_unc);
}

void bs_model::unconstrain(const Data& values, double* theta_unc) const {
  Point point;
  for (const auto& part : free_parts_) point[part.name] = values.array(part.name, DType::float64, part.shape);
  const auto out = unconstrain_point(point);
  std::copy(out.begin(), out.end(), theta_unc);
}

// A uniform draw on the unconstrained scale, with the given variables' values put in on the
// constrained scale (so a bound that depends on a drawn variable is respected), until the
// log-density there is finite.
void bs_model::initialize(const Data& given, random::Generator& rng, double radius, int max_tries, bool jacobian,
                          double* theta_unc) const {
  if (!(radius >= 0)) throw InputError("init_radius must be >= 0, got " + std::to_string(radius));
  if (max_tries < 1) throw InputError("max_tries must be >= 1, got " + std::to_string(max_tries));
  std::vector<double> theta(unc_num_);
  std::string last_failure = "the log-density is not finite";
  for (int attempt = 0; attempt < max_tries; ++attempt) {
    for (auto& x : theta) x = radius > 0 ? rng.uniform(-radius, radius) : 0.0;
    bool has_given = false;
    Point point = model_->constrain(theta);
    for (const auto& part : free_parts_) {
      if (!given.contains(part.name)) continue;
      point[part.name] = given.array(part.name, DType::float64, part.shape);
      has_given = true;
    }
    if (has_given) theta = unconstrain_point(point);
    try {
      if (std::isfinite(log_density(jacobian, theta.data()))) {
        std::copy(theta.begin(), theta.end(), theta_unc);
        return;
      }
    } catch (const ParameterValueError& e) {
      last_failure = e.what();
    }
  }
  throw ValueError("no point with a finite log-density in " + std::to_string(max_tries) + " tries (the last: " +
                   last_failure + ")");
}
