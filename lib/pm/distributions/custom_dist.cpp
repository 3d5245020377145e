// CustomDist: a user's formulas behind one distribution record. The record's functions are
// plain function pointers over (value, params), so the node carries the spec's number as its
// first param (an int64 constant) and the record looks the spec up by it; with a draw graph
// (spec.dist) that graph's draw is the last param, which the op passes through.
#include "pm/distributions/custom_dist_draw.hpp"
#include "pm/distributions/distribution.hpp"

#include <kiln/pm/custom_dist.hpp>

#include <kiln/errors.hpp>

#include <map>
#include <memory>
#include <mutex>

namespace kiln::pm {

namespace detail {

namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::int64_t, std::shared_ptr<const CustomDistSpec>> specs;
};

Registry& registry() {
  static Registry r;
  return r;
}

// Specs live as long as the process: a compiled function may outlive the variable.
std::int64_t remember(const CustomDistSpec& spec) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  const auto id = static_cast<std::int64_t>(r.specs.size());
  r.specs.emplace(id, std::make_shared<const CustomDistSpec>(spec));
  return id;
}

const CustomDistSpec& spec_of(const Var& id) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  return *r.specs.at(id.constant_value().get_as_int(0));
}

// The user's params: without the spec's number and the draw graph.
std::vector<Var> user_params(const std::vector<Var>& p) {
  const CustomDistSpec& spec = spec_of(p[0]);
  return {p.begin() + 1, p.end() - (spec.dist ? 1 : 0)};
}

Var logp(const Var& value, const std::vector<Var>& p) { return spec_of(p[0]).logp(value, user_params(p)); }

Var logcdf(const Var& value, const std::vector<Var>& p) {
  const CustomDistSpec& spec = spec_of(p[0]);
  if (!spec.logcdf) throw ModelError(spec.class_name + ": no logcdf was given");
  return spec.logcdf(value, user_params(p));
}

Var moment(const std::vector<Var>& p) {
  const CustomDistSpec& spec = spec_of(p[0]);
  if (spec.moment) return spec.moment(user_params(p));
  return spec.dtype == DType::int64 ? Var(std::int64_t{0}) : Var(0.0);
}

TransformPtr transform(const std::vector<Var>& p) { return spec_of(p[0]).default_transform; }

}  // namespace

const DistributionInfo& custom_dist_info() {
  static const DistributionInfo info{"CustomDist", "CustomDist", "custom_dist", logp, logcdf, moment, transform};
  return info;
}

namespace {

// The user's draw function, from the state the op holds; the state advances as it draws.
Array custom_dist_draw(std::int64_t id, random::GeneratorState& state, const std::vector<Array>& params,
                       const Shape& size) {
  std::shared_ptr<const CustomDistSpec> spec;
  {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    spec = r.specs.at(id);
  }
  if (!spec->random) throw ModelError(spec->class_name + ": no random or dist was given to draw from");
  random::Generator rng(state);
  Array out = spec->random(rng, params, size);
  state = rng.state();
  if (out.shape() != size) throw ValueError(spec->class_name + ": random returned shape " + shape_string(out.shape()) +
                                            " for size " + shape_string(size));
  return out;
}

// The batch-draw entry of a CustomDist with a draw graph: the graph's value at the element (the
// param the context numbers), converted to the draw's dtype as the reference's astype.
template <bool Real>
std::int32_t pass_through(random::GeneratorState*, const void* context, void* out, std::int64_t, std::int64_t,
                          std::int64_t, const random::DrawParam* params) {
  const random::DrawParam& drawn = params[*static_cast<const std::size_t*>(context)];
  if constexpr (Real)
    *static_cast<double*>(out) = random::param_real(drawn, 0);
  else
    *static_cast<std::int64_t*>(out) = random::param_int(drawn, 0);
  return random::draw_done;
}

const random::BatchDrawPass pass_throughs[2] = {{"kiln_rv_custom_dist_int", &pass_through<false>},
                                                {"kiln_rv_custom_dist", &pass_through<true>}};

// Params: the spec's number, the user's params (each scalar per element), then with a draw graph
// its draw, which the op takes as it is.
class CustomDistRV final : public random::RandomVariable {
 public:
  CustomDistRV(std::size_t params, bool graph, DType dtype)
      : RandomVariable("custom_dist", 0, std::vector<int>(params + 1 + (graph ? 1 : 0), 0), dtype, is_float(dtype),
                       std::vector<std::string>(params + 1 + (graph ? 1 : 0), "param")),
        graph_(graph),
        drawn_(params + 1),
        batch_draw_{{pass_throughs[is_float(dtype)]}, -1, &drawn_} {}

  void check_parameters(const std::vector<Array>&) const override {}

  // A draw graph's values pass through compiled code element by element. The user's random
  // function is C++ over whole arrays (a Generator, the params as Arrays, the size) returning
  // the whole draw at once, so it may take its numbers in any order across the batch: compiled
  // code calls it once per run through its own entry (jit/runtime/custom_draw_entry.hpp).
  const random::BatchDraw* batch_draw() const override { return graph_ ? &batch_draw_ : nullptr; }

 protected:
  void draw(random::GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const Array drawn =
        graph_ ? params.back()
               : custom_dist_draw(params[0].get_as_int(0), s, {params.begin() + 1, params.end()}, out.shape());
    const Array cast = drawn.astype(out.dtype());
    for (std::int64_t i = 0; i < out.size(); ++i) {
      if (out.dtype() == DType::float64)
        out.data<double>()[i] = cast.get_as_double(i);
      else
        out.data<std::int64_t>()[i] = cast.get_as_int(i);
    }
  }

 private:
  bool graph_;
  std::size_t drawn_;  // the draw graph's param
  random::BatchDraw batch_draw_;
};

}  // namespace

std::type_index custom_dist_op_type() { return typeid(CustomDistRV); }

std::vector<random::BatchDrawPass> custom_dist_batch_draw_entries() { return {pass_throughs[0], pass_throughs[1]}; }

}  // namespace detail

Var CustomDist::dist(const std::vector<Var>& params, const CustomDistSpec& spec, const DistOptions& options) {
  if (!spec.logp) throw InputError(spec.class_name + ": a logp is required");
  if (spec.dtype != DType::float64 && spec.dtype != DType::int64)
    throw InputError(spec.class_name + ": dtype must be float64 or int64");
  const std::int64_t id = detail::remember(spec);
  std::vector<Var> inputs{make_constant(Array(id))};
  inputs.insert(inputs.end(), params.begin(), params.end());
  if (spec.dist) {
    Var graph = spec.dist(params, options.size);
    if (is_float(graph.dtype()) != (spec.dtype == DType::float64))
      throw InputError(spec.class_name + ": dist's graph is " + std::string(dtype_name(graph.dtype())) +
                       ", the spec's dtype " + std::string(dtype_name(spec.dtype)));
    inputs.push_back(graph);
  }
  auto op = std::make_shared<const detail::CustomDistRV>(params.size(), static_cast<bool>(spec.dist), spec.dtype);
  return detail::make_rv(std::move(op), std::move(inputs), options);
}

CustomDist::CustomDist(std::string name, const std::vector<Var>& params, const CustomDistSpec& spec,
                       const VarOptions& options)
    : Var(detail::register_rv(std::move(name), options,
                              [&](const DistOptions& d) { return dist(params, spec, d); })) {}

}  // namespace kiln::pm
