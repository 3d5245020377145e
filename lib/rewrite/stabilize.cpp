// stabilize: rewrites that keep log-densities finite where the naive formula overflows or
// loses every digit: log(1 + exp(800)) is 800, log(1 - exp(-1e-20)) is finite.
#include "rewrite/match.hpp"
#include "rewrite/pattern.hpp"
#include "rewrite/rewrite_sets.hpp"

namespace kiln::rewrite {

void add_stabilize(RewriteDatabase& db) {
  const std::vector<std::string> tags = {"fast_run", "stabilize"};
  auto add = [&](const char* name, const char* from, const char* to, std::function<bool(const Bindings&)> when = {}) {
    db.add("stabilize", pattern_rewrite(name, tags, from, to, std::move(when)));
  };
  // Order matters where patterns overlap: softplus before log1p catches log(1 + exp(x)).
  add("local_log_exp", "log(exp(x))", "x");
  add("local_exp_log_nonneg", "exp(log(x))", "x", [](const Bindings& b) { return known_nonnegative(b.at("x")); });
  add("local_log1p_exp_softplus", "log(add(1, exp(x)))", "softplus(x)");
  add("local_log1p_exp", "log1p(exp(x))", "softplus(x)");
  add("local_log1mexp", "log(sub(1, exp(x)))", "log1mexp(x)");
  add("local_log1p_neg_exp", "log1p(neg(exp(x)))", "log1mexp(x)");
  add("local_log1p", "log(add(1, x))", "log1p(x)");
  add("local_log1p_sub", "log(sub(1, x))", "log1p(neg(x))");
  add("local_expm1", "sub(exp(x), 1)", "expm1(x)");
  add("local_log_sigmoid", "log(sigmoid(x))", "neg(softplus(neg(x)))");
  add("local_log_1_minus_sigmoid", "log(sub(1, sigmoid(x)))", "neg(softplus(x))");
  add("local_log_erfc", "log(erfc(x))", "sub(log(erfcx(x)), sqr(x))");
}

}  // namespace kiln::rewrite
