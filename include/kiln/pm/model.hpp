// pm::Model: a registry of named random variables, their value variables and transforms, with
// the model's log-density graph, its derivatives and their compiled forms, as PyMC's Model.
//
//   pm::Model model;
//   {
//     pm::ModelContext ctx(model);
//     auto mu = pm::Normal("mu", 0, 2);
//     auto sigma = pm::HalfNormal("sigma", 3);
//     pm::Normal("x", mu, sigma, {.observed = kiln::Array{0.1, -0.3}});
//   }
//   auto f = model.compile_logp();
//   double lp = f(model.initial_point()).values()[0].item<double>();
#pragma once

#include <kiln/function.hpp>
#include <kiln/pm/distributions.hpp>
#include <kiln/pm/point.hpp>
#include <kiln/pm/transforms.hpp>

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace kiln::pm {

// The values of one of a model's dims (PyMC's coords): labels, or only a length.
//   pm::Model model({.coords = {{"county", {"Aitkin", "Anoka"}}, {"obs", 919}}});
class CoordValues {
 public:
  CoordValues(std::vector<std::string> labels);
  CoordValues(std::initializer_list<std::string> labels);
  CoordValues(std::int64_t length);
  std::int64_t length() const { return length_; }
  // Empty when the dim has a length only.
  const std::vector<std::string>& labels() const { return labels_; }
  bool has_labels() const { return labelled_; }

 private:
  std::vector<std::string> labels_;
  std::int64_t length_;
  bool labelled_;
};
// In the order they were added; printed {'county': ('Aitkin', 'Anoka'), 'obs': None}.
class Coords : public std::vector<std::pair<std::string, CoordValues>> {
 public:
  using std::vector<std::pair<std::string, CoordValues>>::vector;
  // Throws naming a dim the model does not have.
  const CoordValues& at(const std::string& dim) const;
  bool contains(const std::string& dim) const;
};
std::ostream& operator<<(std::ostream& os, const Coords& coords);

struct ModelOptions {
  // false: parameter checks are dropped from compiled functions (PyMC's check_bounds=False);
  // true: a failed check makes the log-density -inf instead of raising.
  bool check_bounds = true;
  Coords coords = {};
};

struct LogpOptions {
  bool sum = true;       // false: one term per variable (and per potential)
  bool jacobian = true;  // add the transforms' log-Jacobians
};

struct D2LogpOptions {
  bool jacobian = true;
  bool negate_output = true;  // PyMC's default: the negative Hessian
};

struct InitialPointOptions {
  std::optional<std::uint64_t> random_seed = std::nullopt;  // seeds the jitter
  bool jitter = false;  // add uniform(-1, 1) noise to continuous values (PyMC's jitter_rvs)
};

// Random variables, printed as PyMC prints them: [z ~ N(<constant>, <constant>)].
class RandomVariables : public std::vector<Var> {
 public:
  using std::vector<Var>::vector;
};
std::ostream& operator<<(std::ostream& os, const RandomVariables& rvs);

// Random variable -> value variable (observed ones map to their data constant), printed
// {mu ~ N(0, 2): mu, sigma ~ N**+(0, 3): sigma_log__}.
class RVsToValues : public std::vector<std::pair<Var, Var>> {
 public:
  using std::vector<std::pair<Var, Var>>::vector;
  const Var& operator[](const Var& rv) const;  // throws naming a variable not in the model
};
std::ostream& operator<<(std::ostream& os, const RVsToValues& map);

// One log-density graph (sum = true) or one per term (sum = false).
class LogpTerms : public std::vector<Var> {
 public:
  using std::vector<Var>::vector;
  operator Var() const;  // the single term (throws when there are several)
};

// A compiled model function called on a Point of value-variable values.
class PointFunction {
 public:
  PointFunction(Function function, std::vector<Var> values);
  Outputs operator()(const Point& point) const;
  const Function& function() const { return function_; }

 private:
  Function function_;
  std::vector<Var> values_;
};

// The log-density and its gradient over one flat vector of unconstrained values (the value
// variables concatenated in value_vars() order), for samplers. Callable from several threads.
// The pm::Data a LogpGradFunction reads: their shared variables, and the function that computes
// from their values the inputs following theta's parts (again only when a value has changed).
struct DataInputs {
  std::vector<Var> shared;
  std::shared_ptr<const Function> derive;
};

class LogpGradFunction {
 public:
  LogpGradFunction(Function function, std::vector<Shape> shapes, DataInputs data = {});
  // Writes d logp / d theta into `grad` and returns logp. Allocates nothing once warm: each
  // concurrent caller reuses a frame of array views pointed at its spans.
  double operator()(std::span<const double> theta, std::span<double> grad) const {
    // A sampler's warm call, inline in its caller: a program with no arena and no data takes
    // its pointers on the stack; with one theta binding (compile_logp_dlogp's form) they are
    // three. The code writes grad while it reads theta, so spans that overlap take call().
    if (stack_fn_ != nullptr && theta.size() == size_ && grad.size() == size_ &&
        (theta.data() >= grad.data() + size_ || grad.data() >= theta.data() + size_)) [[likely]] {
      double logp = 0;
      if (flat_) {
        void* pointers[3] = {const_cast<double*>(theta.data()), &logp, grad.data()};
        if (stack_fn_(pointers, nullptr) == 0) return logp;
      } else if (call_parts(theta.data(), &logp, grad.data())) {
        return logp;
      }
      return call_framed(theta, grad);  // the code stopped: the program raises
    }
    return call(theta, grad);
  }
  std::size_t size() const { return size_; }
  // The compiled program (dprint it to see what a call executes).
  const Function& function() const { return function_; }

  struct Frames;

 private:
  double call(std::span<const double> theta, std::span<double> grad) const;
  bool call_parts(const double* theta, double* logp, double* grad) const;
  double call_framed(std::span<const double> theta, std::span<double> grad) const;

  Function function_;
  std::vector<Shape> shapes_;
  DataInputs data_;
  std::vector<Shape> derived_shapes_;  // the derived inputs' shapes when the direct call was made
  std::vector<std::int64_t> offsets_;
  std::size_t size_ = 0;
  std::shared_ptr<Frames> frames_;
  // The direct entry when a call needs nothing but pointers on the stack (no arena, no data).
  int (*stack_fn_)(void* const* pointers, char* arena) = nullptr;
  bool flat_ = false;  // theta is one binding: stack_fn_'s pointers are theta, logp, grad
};

class Model {
 public:
  explicit Model(ModelOptions options = {});
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  // The innermost model of this thread's active ModelContexts, or null.
  static Model* current();

  const ModelOptions& options() const;
  RandomVariables basic_RVs() const;  // free then observed, each in creation order
  RandomVariables free_RVs() const;
  RandomVariables observed_RVs() const;
  RVsToValues rvs_to_values() const;
  std::vector<Var> value_vars() const;  // of the free variables
  std::vector<Var> deterministics() const;
  std::vector<Var> potentials() const;
  // The pm::Data variables, printed [x, y].
  std::vector<Var> data_vars() const;
  // The transform of a random variable (null when none).
  TransformPtr transform_of(const Var& rv) const;
  // A named variable (random, deterministic, potential or data), or an Error naming it.
  Var operator[](const std::string& name) const;

  // Coords and dims (PyMC's): each dim's labels or length, and the dims of each named
  // variable that has them.
  const Coords& coords() const;
  void add_coord(const std::string& name, CoordValues values);
  void add_coords(const Coords& coords);
  std::map<std::string, std::vector<std::string>> named_vars_to_dims() const;
  // The length of each of `dims` (throws naming an unknown dim).
  Shape dims_shape(const std::vector<std::string>& dims) const;

  // Replaces the value of the pm::Data variable `name`: compiled functions read the new value
  // at their next call. A dim of the data may change length unless a free variable has it (its
  // values would no longer fit); `coords` gives the new labels of a labelled dim that does.
  void set_data(const std::string& name, const Array& values, const Coords& coords = {});
  // Several at once, all or nothing (PyMC's pm.set_data({...})): every value is checked before
  // any is replaced, and data sharing a dim must agree on its new length. `coords` holds the
  // new labels of the labelled dims that change; each applies to the data that have that dim.
  void set_data(const std::vector<std::pair<std::string, Array>>& new_data, const Coords& coords = {});

  LogpTerms logp(const LogpOptions& options = {}) const;
  // The gradient of the summed logp, flattened and concatenated over `vars` (default: value_vars()).
  Var dlogp(const std::vector<Var>& vars = {}, bool jacobian = true) const;
  Var d2logp(const std::vector<Var>& vars = {}, const D2LogpOptions& options = {}) const;

  PointFunction compile_logp(const LogpOptions& options = {}) const;
  PointFunction compile_dlogp(const std::vector<Var>& vars = {}, bool jacobian = true) const;
  PointFunction compile_d2logp(const std::vector<Var>& vars = {}, const D2LogpOptions& options = {}) const;

  // Moment-based starting values in the transformed space, by value-variable name.
  Point initial_point(const InitialPointOptions& options = {}) const;
  // The summed log-density term of each variable at a point, by value-variable name.
  Point point_logps(const Point& point) const;
  // Which variables' terms are -inf or NaN at `point`, and why ("" when none is).
  std::string debug(const Point& point) const;

  // The flat interface: unconstrained names (`sigma_log__`, `z[0]`, ...), logp with gradient,
  // and the maps between constrained values (by random-variable name) and theta.
  // `jacobian` false leaves the transforms' log-Jacobians out (a posterior mode's objective).
  std::vector<std::string> parameter_names() const;
  LogpGradFunction compile_logp_dlogp(bool jacobian = true) const;
  std::vector<double> unconstrain(const Point& constrained) const;
  Point constrain(std::span<const double> theta) const;

  // Registration, used by the distributions, Deterministic and Potential.
  // `observed` is a constant or a pm::Data variable.
  Var register_rv(const Var& rv, const std::string& name, const std::optional<Var>& observed,
                  const std::optional<TransformPtr>& transform, const std::vector<std::string>& dims = {});
  void register_data(const Var& shared_var, const std::vector<std::string>& dims);
  void register_deterministic(const Var& var, const std::vector<std::string>& dims = {});
  void register_potential(const Var& var);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Makes `model` the active model of this thread until destroyed (contexts nest).
class ModelContext {
 public:
  explicit ModelContext(Model& model);
  ~ModelContext();
  ModelContext(const ModelContext&) = delete;
  ModelContext& operator=(const ModelContext&) = delete;
};

// A named function of the model's variables, kept with the model's draws (pm.Deterministic).
Var Deterministic(const std::string& name, const Var& var, const std::vector<std::string>& dims = {});

struct DataOptions {
  std::vector<std::string> dims = {};  // the model's coords naming each axis
};
// A named data container of the active model (pm.Data): a shared variable whose value
// Model::set_data replaces without recompiling. It can be a distribution's observed data.
//   auto x = pm::Data("x", kiln::Array{1.0, 2.0, 3.0}, {.dims = {"obs"}});
Var Data(const std::string& name, const Array& value, const DataOptions& options = {});
// An extra term added to the model's log-density (pm.Potential).
Var Potential(const std::string& name, const Var& var);

// How a compiled list of outputs prints: [array(-1.61208571), array(-11.32440364)].
std::string repr(const std::vector<Array>& arrays);

}  // namespace kiln::pm
