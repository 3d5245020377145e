// Every Op subclass kiln defines has a native lowering in the registry (jit/lower/registry.hpp):
// the classes are read from the sources, so a new op without a lowering fails here.
#include "jit/lower/registry.hpp"

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
