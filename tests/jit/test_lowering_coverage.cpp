// Every Op subclass kiln defines has a native lowering in the registry (jit/lower/registry.hpp):
// the classes are read from the sources, so a new op without a lowering fails here. And a
// compiled function runs nothing but lowered ops: one without a lowering does not compile.
#include "jit/lower/registry.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
// GCC 12 at -O1 with the sanitizers reports a -Wmaybe-uninitialized false positive inside
// libstdc++'s regex automaton (a moved std::function); silenced here, where it is included.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#include <set>
#include <sstream>
#include <string>

namespace {

// Ops whose lowering another change brings, each with why; the list only shrinks (it is empty:
// a new op comes with its lowering).
const std::set<std::string> kWaiting = {};

// Abstract bases, never a node's op.
const std::set<std::string> kAbstract = {"RandomVariable"};

std::set<std::string> op_classes() {
  const std::regex declaration(R"(class\s+(\w+)\s+(?:final\s+)?:\s+public\s+(?:\w+::)*(\w+))");
  std::set<std::string> ops{"Op"}, found;
  std::vector<std::pair<std::string, std::string>> classes;  // (class, base)
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(KILN_SOURCE_DIR) + "/lib")) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (std::sregex_iterator m(source.begin(), source.end(), declaration), end; m != end; ++m)
      classes.emplace_back((*m)[1], (*m)[2]);
  }
  // Subclasses of subclasses too (CheckAndRaise -> Assert, RandomVariable -> ...).
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [name, base] : classes)
      if (ops.count(base) && ops.insert(name).second) grew = true;
  }
  for (const auto& name : ops)
    if (name != "Op" && !kAbstract.count(name)) found.insert(name);
  return found;
}

}  // namespace

TEST_CASE("every op kiln defines has a native lowering, or is named as waiting for one") {
  const auto registered = kiln::jit::registered_op_names();
  const std::set<std::string> lowered(registered.begin(), registered.end());
  const std::set<std::string> ops = op_classes();
  REQUIRE(ops.size() > 20);  // the scan found the ops
  for (const auto& op : ops) {
    INFO("op " << op);
    CHECK((lowered.count(op) > 0) != (kWaiting.count(op) > 0));  // lowered, or waiting: not both
  }
  for (const auto& name : lowered) {
    INFO("registered " << name << " is no Op subclass in lib/");
    CHECK(ops.count(name) > 0);
  }
}

namespace {

// An op a user defines, with a reference perform and no lowering.
class UserTwice : public kiln::Op {
 public:
  std::string name() const override { return "UserTwice"; }
  std::vector<kiln::TensorType> output_types(const std::vector<kiln::Var>& inputs) const override {
    return {inputs.at(0).type()};
  }
  void perform(const std::vector<kiln::Array>& inputs, std::vector<kiln::Array>& outputs) const override {
    outputs[0] = inputs[0].copy();
    for (std::int64_t i = 0; i < outputs[0].size(); ++i) outputs[0].set_from_double(i, 2 * inputs[0].get_as_double(i));
  }
};

}  // namespace

TEST_CASE("a compiled function never steps through a perform: an op without a lowering does not compile") {
  kiln::Var x = kiln::tensor::vector("x");
  kiln::Var y = kiln::Apply::make(std::make_shared<UserTwice>(), {x})->output(0) + 1.0;
  // The reference evaluation runs it...
  const kiln::Array value = kiln::evaluate({y}, {{x, kiln::Array{1.0, 2.5}}})[0];
  CHECK(value.get_as_double(1) == 6.0);
  // ...a compiled function refuses it, naming the op, for both tiers' plans.
  for (bool fixed_shapes : {false, true}) {
    kiln::FunctionOptions options;
    options.fixed_shapes = fixed_shapes;
    CHECK_THROWS_MATCHES(kiln::function({x}, {y}, options), kiln::CompileError,
                         Catch::Message("kiln::function: UserTwice has no native lowering; kiln::evaluate runs it, a "
                                        "compiled function cannot"));
  }
}
