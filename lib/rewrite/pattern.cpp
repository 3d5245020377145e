// Parsing, matching and building of pattern rewrites.
#include "rewrite/pattern.hpp"

#include "rewrite/match.hpp"

#include <kiln/tensor.hpp>

#include <cctype>

namespace kiln::rewrite {
namespace kt = kiln::tensor;

struct PatternNode {
  enum class Kind { op, variable, number } kind;
  ScalarOp op = ScalarOp::identity;
  std::string name;
  double number = 0;
  std::vector<std::shared_ptr<const PatternNode>> args;
};

namespace {

ScalarOp op_named(const std::string& name) {
  if (name == "digamma") return ScalarOp::digamma;
  if (name == "round") return ScalarOp::round;
  if (name == "switch") return ScalarOp::switch_;
  if (name == "and") return ScalarOp::and_;
  if (name == "or") return ScalarOp::or_;
  return tensor::scalar_op_from_name(name);
}

class Parser {
 public:
  explicit Parser(const std::string& text) : s_(text) {}

  std::shared_ptr<const PatternNode> parse() {
    auto node = parse_node();
    skip_space();
    if (pos_ != s_.size()) fail("unexpected text");
    return node;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw Error("pattern '" + s_ + "': " + what + " at position " + std::to_string(pos_));
  }
  void skip_space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  std::shared_ptr<const PatternNode> parse_node() {
    skip_space();
    if (pos_ >= s_.size()) fail("expected an expression");
    auto node = std::make_shared<PatternNode>();
    char c = s_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.') {
      std::size_t used = 0;
      node->kind = PatternNode::Kind::number;
      node->number = std::stod(s_.substr(pos_), &used);
      pos_ += used;
      return node;
    }
    std::size_t start = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
    if (start == pos_) fail("expected a name");
    node->name = s_.substr(start, pos_ - start);
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '(') {
      ++pos_;
      node->kind = PatternNode::Kind::op;
      node->op = op_named(node->name);
      while (true) {
        node->args.push_back(parse_node());
        skip_space();
        if (pos_ < s_.size() && s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < s_.size() && s_[pos_] == ')') {
          ++pos_;
          break;
        }
        fail("expected ',' or ')'");
      }
    } else {
      node->kind = PatternNode::Kind::variable;
    }
    return node;
  }

  const std::string& s_;
  std::size_t pos_ = 0;
};

bool match_node(const PatternNode& p, const Var& v, Bindings& b) {
  switch (p.kind) {
    case PatternNode::Kind::number: {
      auto c = scalar_constant(v);
      return c && *c == p.number;
    }
    case PatternNode::Kind::variable: {
      auto it = b.find(p.name);
      if (it == b.end()) {
        b[p.name] = v;
        return true;
      }
      return it->second == v || strip_broadcast_dimshuffle(it->second) == strip_broadcast_dimshuffle(v);
    }
    case PatternNode::Kind::op:
      break;
  }
  auto owner = owner_if(v, p.op);
  if (!owner || owner->inputs().size() != p.args.size()) return false;
  auto try_order = [&](std::size_t first, std::size_t second) {
    Bindings trial = b;
    const auto& ins = owner->inputs();
    if (match_node(*p.args[0], ins[first], trial) && match_node(*p.args[1], ins[second], trial)) {
      b = std::move(trial);
      return true;
    }
    return false;
  };
  bool commutative = (p.op == ScalarOp::add || p.op == ScalarOp::mul) && p.args.size() == 2;
  if (commutative) return try_order(0, 1) || try_order(1, 0);
  Bindings trial = b;
  for (std::size_t i = 0; i < p.args.size(); ++i)
    if (!match_node(*p.args[i], owner->inputs()[i], trial)) return false;
  b = std::move(trial);
  return true;
}

Var build_node(const PatternNode& p, const Bindings& b, const Var& like) {
  switch (p.kind) {
    case PatternNode::Kind::number:
      return kt::literal(p.number, like);
    case PatternNode::Kind::variable: {
      auto it = b.find(p.name);
      if (it == b.end()) throw Error("pattern replacement uses unbound variable '" + p.name + "'");
      return it->second;
    }
    case PatternNode::Kind::op:
      break;
  }
  std::vector<Var> args;
  for (const auto& a : p.args) args.push_back(build_node(*a, b, like));
  return kt::elemwise(p.op, args);
}

}  // namespace

Pattern::Pattern(const std::string& text) : text_(text), root_(Parser(text_).parse()) {}

bool Pattern::match(const Var& v, Bindings& bindings) const { return match_node(*root_, v, bindings); }

std::optional<ScalarOp> Pattern::root_op() const {
  if (root_->kind != PatternNode::Kind::op) return std::nullopt;
  return root_->op;
}

Var Pattern::build(const Bindings& bindings, const Var& like) const { return build_node(*root_, bindings, like); }

NodeRewrite pattern_rewrite(std::string name, std::vector<std::string> tags, const std::string& from,
                            const std::string& to, std::function<bool(const Bindings&)> when) {
  auto in = std::make_shared<Pattern>(from);
  auto out = std::make_shared<Pattern>(to);
  auto root = in->root_op();
  NodeRewriteFn fn = [in, out, when, root](FunctionGraph&, Apply& node) -> std::optional<std::vector<Var>> {
    auto* e = elemwise_op(node);
    if (!e || node.num_outputs() != 1 || (root && e->scalar() != *root)) return std::nullopt;
    Var old = node.output(0);
    Bindings b;
    if (!in->match(old, b)) return std::nullopt;
    if (when && !when(b)) return std::nullopt;
    auto fitted = fit_to(out->build(b, old), old, node.inputs());
    if (!fitted) return std::nullopt;
    return std::vector<Var>{*fitted};
  };
  return NodeRewrite{std::move(name), std::move(tags), std::move(fn)};
}

}  // namespace kiln::rewrite
