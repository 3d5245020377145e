// The model's log-density graph (one term per variable, plus potentials), its gradient and
// Hessian, and their compiled forms on Points.
#include "pm/model_impl.hpp"
#include "tensor/elemwise.hpp"

#include "pm/distributions/distribution.hpp"
#include "tensor/check.hpp"

#include <kiln/grad.hpp>
#include <kiln/traversal.hpp>

#include <limits>
#include <unordered_map>

namespace kiln::pm {

namespace kt = kiln::tensor;

std::vector<Var> replace_checks(const std::vector<Var>& outputs, bool check_bounds) {
  std::unordered_map<const VariableNode*, Var> replaced;
  auto mapped = [&](const Var& v) {
    auto it = replaced.find(v.get());
    return it == replaced.end() ? v : it->second;
  };
  for (const auto& node : toposort(outputs)) {
    std::vector<Var> inputs;
    bool changed = false;
    for (const auto& in : node->inputs()) {
      inputs.push_back(mapped(in));
      changed = changed || inputs.back() != in;
    }
    if (dynamic_cast<const kt::CheckAndRaise*>(&node->op()) != nullptr) {
      Var value = inputs[0];
      if (check_bounds) {
        Var ok = kt::all(inputs[1]);
        for (std::size_t i = 2; i < inputs.size(); ++i) ok = kt::and_(ok, kt::all(inputs[i]));
        value = kt::switch_(ok, value, detail::neg_inf());
      }
      value.set_name(node->output(0).name());
      replaced[node->output(0).get()] = value;
    } else if (changed) {
      auto copy = Apply::make(node->op_ptr(), inputs);
      for (std::size_t i = 0; i < node->num_outputs(); ++i) {
        Var out = copy->output(static_cast<int>(i));
        out.set_name(node->output(static_cast<int>(i)).name());
        replaced[node->output(static_cast<int>(i)).get()] = out;
      }
    }
  }
  std::vector<Var> result;
  for (const auto& o : outputs) result.push_back(mapped(o));
  return result;
}

Var flat_gradient(const Var& cost, const std::vector<Var>& vars) {
  auto grads = grad(cost, vars, {.disconnected_inputs = Disconnected::ignore});
  std::vector<Var> flat;
  for (const auto& g : grads) flat.push_back(kt::flatten(g));
  return flat.size() == 1 ? flat[0] : kt::concatenate(flat);
}

std::vector<std::vector<Var>> Model::Impl::terms(bool jacobian, const std::vector<TermForm>& forms) const {
  const auto replacements = rv_replacements();
  std::vector<std::vector<Var>> out(forms.size());
  for (const auto* v : ordered()) {
    const auto& info = detail::distribution_of(v->rv);
    Var value = v->transform ? v->transform->backward(v->value) : v->value;
    Var logp = info.logp(value, detail::rv_params(v->rv));
    // A transform over more support dims than the distribution's (ordered or simplex on a
    // univariate variable) has one log-Jacobian per vector: the log-density is summed over
    // those dims first, as PyMC does, so the Jacobian is added once per vector.
    if (v->transform)
      for (int d = detail::rv_op(v->rv)->ndim_supp(); d < v->transform->ndim_supp(); ++d)
        logp = kt::sum(logp, logp.ndim() - 1);
    std::vector<Var> formed;
    for (const auto& form : forms) {
      Var term = form(logp);
      if (v->transform && jacobian) term = term + v->transform->log_jac_det(v->value);
      formed.push_back(term);
    }
    formed = clone_replace(formed, replacements);
    const std::string name = (v->observed ? v->rv.name() : v->value.name()) + "_logprob";
    for (std::size_t k = 0; k < forms.size(); ++k) {
      formed[k].set_name(name);
      out[k].push_back(formed[k]);
    }
  }
  for (const auto& p : potentials) {
    Var term = clone_replace({p}, replacements)[0];
    for (auto& list : out) list.push_back(term);
  }
  return out;
}

// An add of the terms' sums, not sum(stack(...)): its gradient is then a plain broadcast of
// one, with no vector of terms to build and index back into.
Var summed_total(const std::vector<Var>& terms) {
  std::vector<Var> sums;
  for (const auto& t : terms) sums.push_back(kt::sum(t));
  Var total = sums.empty() ? Var(0.0) : (sums.size() == 1 ? sums[0] : kt::elemwise(tensor::ScalarOp::add, sums));
  total.set_name("__logp");
  return total;
}

LogpTerms Model::logp(const LogpOptions& options) const {
  auto terms = impl_->terms(options.jacobian, {[](const Var& logp) { return logp; }})[0];
  if (!options.sum) return LogpTerms(terms.begin(), terms.end());
  return {summed_total(terms)};
}

Var Model::dlogp(const std::vector<Var>& vars, bool jacobian) const {
  Var cost = logp({.sum = true, .jacobian = jacobian});
  return flat_gradient(cost, vars.empty() ? value_vars() : vars);
}

// d2logp: the Jacobian of the flat gradient, one (n, size of var) block per var, side by side.
Var Model::d2logp(const std::vector<Var>& vars, const D2LogpOptions& options) const {
  const auto wrt = vars.empty() ? value_vars() : vars;
  Var g = dlogp(wrt, options.jacobian);
  std::vector<Var> blocks;
  for (const auto& v : wrt) {
    Var j = jacobian(g, v);
    blocks.push_back(v.ndim() == 1 ? j : kt::reshape(j, kt::stack({kt::shape(j)[0], Var(std::int64_t{-1})})));
  }
  Var h = blocks.size() == 1 ? blocks[0] : kt::concatenate(blocks, 1);
  return options.negate_output ? -h : h;
}

PointFunction::PointFunction(Function function, std::vector<Var> values)
    : function_(std::move(function)), values_(std::move(values)) {}

Outputs PointFunction::operator()(const Point& point) const {
  std::vector<Array> args;
  for (const auto& v : values_) {
    const Array& a = point.at(v.name());
    args.push_back(a.dtype() == v.dtype() ? a : a.astype(v.dtype()));
  }
  return function_.call_positional(std::move(args));
}

namespace {

PointFunction compile_point_function(const Model& model, const std::vector<Var>& outputs) {
  auto values = model.value_vars();
  auto outs = replace_checks(outputs, model.options().check_bounds);
  return PointFunction(function(values, outs, {.mode = model_mode}), values);
}

}  // namespace

PointFunction Model::compile_logp(const LogpOptions& options) const {
  return compile_point_function(*this, logp(options));
}

PointFunction Model::compile_dlogp(const std::vector<Var>& vars, bool jacobian) const {
  return compile_point_function(*this, {dlogp(vars, jacobian)});
}

PointFunction Model::compile_d2logp(const std::vector<Var>& vars, const D2LogpOptions& options) const {
  return compile_point_function(*this, {d2logp(vars, options)});
}

}  // namespace kiln::pm
