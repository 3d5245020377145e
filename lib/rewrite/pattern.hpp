// Pattern rewrites written as data, in the spirit of PyTensor's PatternNodeRewriter:
//   pattern_rewrite("local_log_exp", {"stabilize"}, "log(exp(x))", "x")
// An identifier followed by `(` is a scalar op (Elemwise), other identifiers are variables (the
// same name must bind the same variable), numbers match constants of that single value. add and
// mul match their two arguments in either order. Broadcasting DimShuffles are seen through.
#pragma once

#include "rewrite/rewriter.hpp"
#include "tensor/scalar_op.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace kiln::rewrite {

struct PatternNode;
using Bindings = std::map<std::string, Var>;

class Pattern {
 public:
  explicit Pattern(const std::string& text);  // throws kiln::Error on a syntax error
  bool match(const Var& v, Bindings& bindings) const;
  Var build(const Bindings& bindings, const Var& like) const;
  const std::string& text() const { return text_; }
  // The scalar op at the pattern's root (every pattern rewrite is rooted at an Elemwise).
  std::optional<tensor::ScalarOp> root_op() const;

 private:
  std::string text_;
  std::shared_ptr<const PatternNode> root_;
};

// A node rewrite replacing `from` by `to`; `when` may veto a match (e.g. x known >= 0).
NodeRewrite pattern_rewrite(std::string name, std::vector<std::string> tags, const std::string& from,
                            const std::string& to, std::function<bool(const Bindings&)> when = {});

}  // namespace kiln::rewrite
