// Runs examples/seed_walkthrough and finds in its output, as whole lines and in the tutorial's
// order, every output of the tutorial that no random draw decides: the dprint trees of
// reference/seed/*.txt and the types, names and numbers the tutorial prints. Draws are
// unseeded in the tutorial, so their values (and the histograms) are not compared; memory
// addresses are masked as @ADDR@, as in the reference files.
#include "support/reference_files.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
// GCC 12 with the sanitizers (KILN_SANITIZE) reports std::regex's NFA states as maybe
// uninitialized: a false positive inside libstdc++, silenced for this file only.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using kiln::testing::read_reference;

namespace {

struct Run {
  std::string output;
  int exit_code;
};

// The walkthrough's standard output, run through the shell with `arguments` after its path.
Run run_walkthrough(const std::string& arguments = "") {
  const std::string command = "'" SEED_WALKTHROUGH "' " + arguments;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::string output;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  const int status = pclose(pipe);
  return {output, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

std::string mask_addresses(const std::string& text) {
  static const std::regex address("0x[0-9A-Fa-f]+");
  return std::regex_replace(text, address, "0x@ADDR@");
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A block of the tutorial's output, and where it comes from for a failure's message.
struct Expected {
  std::string source;
  std::string text;
};

Expected reference_tree(const std::string& file) { return {file, read_reference("reference/seed/" + file)}; }

std::vector<Expected> tutorial_outputs() {
  return {
      {"x and y", "x type: TensorType(float64, ())\nx name = x\n---\ny type: TensorType(float64, (None,))\ny name = y"},
      reference_tree("01_log_x_plus_y.txt"),
      {"f(x=0, y=[1, e])", "array([0., 1.])"},
      {"w.eval({x: 0, y: [1, e]})", "array([0., 1.])"},
      {"w.eval({z: [1, e]})", "array([0., 1.])"},
      reference_tree("02_a_div_b.txt"),
      reference_tree("03_b_mul_c.txt"),
      reference_tree("04_compiled_b_mul_c.txt"),
      {"the parts of z",
       "z type: TensorType(float64, (None,))\n"
       "z name = x + y\n"
       "z owner = Elemwise{add,no_inplace}(InplaceDimShuffle{x}.0, y)\n"
       "z owner inputs = [InplaceDimShuffle{x}.0, y]\n"
       "z owner op = Elemwise{add,no_inplace}\n"
       "z owner output = [x + y]"},
      {"the walk of w's graph",
       "---\n"
       "Checking variable log(x + y) of type TensorType(float64, (None,))\n"
       " > Op is Elemwise{log,no_inplace}\n"
       " > Input 0 is x + y\n"
       "---\n"
       "Checking variable x + y of type TensorType(float64, (None,))\n"
       " > Op is Elemwise{add,no_inplace}\n"
       " > Input 0 is InplaceDimShuffle{x}.0\n"
       " > Input 1 is y\n"
       "---\n"
       "Checking variable InplaceDimShuffle{x}.0 of type TensorType(float64, (1,))\n"
       " > Op is InplaceDimShuffle{x}\n"
       " > Input 0 is x\n"
       "---\n"
       "Checking variable y of type TensorType(float64, (None,))\n"
       " > y is a root variable\n"
       "---\n"
       "Checking variable x of type TensorType(float64, ())\n"
       " > x is a root variable"},
      reference_tree("01_log_x_plus_y.txt"),
      {"graph_inputs([w])", "[x, y]"},
      reference_tree("01_log_x_plus_y.txt"),
      reference_tree("05_log_exp_x_plus_y.txt"),
      {"new_w.eval({x: 0, y: [1, e]})", "array([1.        , 2.71828183])"},
      reference_tree("06_compiled_log_exp.txt"),
      {"f(x=0, y=[1, e]) with f compiled from new_w", "array([1.        , 2.71828183])"},
      {"y.type", "TensorType(float64, ())"},
      reference_tree("07_normal_rv.txt"),
      {"model.basic_RVs", "[z ~ N(<constant>, <constant>)]"},
      reference_tree("08_normal_logp_check.txt"),
      {"z_logp.eval({z_value: [0, 0]})", "array([-0.91893853, -1.61208571])"},
      {"scipy.stats.norm.logpdf([0, 0], [0, 0], [1, 2])", "array([-0.91893853, -1.61208571])"},
      reference_tree("08_normal_logp_check.txt"),
      {"model.initial_point()", "{'z': array([0., 0.])}"},
      {"logp_function(point)", "[array([-0.91893853, -1.61208571])]"},
      {"rv.logpdf(1.25)", "-1.7001885332046727"},
      {"model_2.rvs_to_values", "{mu ~ N(0, 2): mu, sigma ~ N**+(0, 3): sigma_log__, x ~ N(mu, sigma): x}"},
      {"model_2.value_vars", "[mu, sigma_log__, x]"},
      {"logp_graph.eval(...)", "array([ -1.61208571, -11.32440364,   9.08106147])"},
      {"the scipy equivalents",
       "mu_value -> -1.612085713764618\nsigma_log_value -> -11.324403641427345\nx_value -> 9.081061466795328"},
      {"model_2.compile_logp(sum=False)(...)", "[array(-1.61208571), array(-11.32440364), array(9.08106147)]"},
  };
}

}  // namespace

TEST_CASE("the walkthrough prints the tutorial's deterministic outputs in its order", "[examples][seed]") {
  const Run run = run_walkthrough();
  REQUIRE(run.exit_code == 0);
  const auto output = lines_of(mask_addresses(run.output));
  auto from = output.begin();
  for (const auto& expected : tutorial_outputs()) {
    const auto block = lines_of(expected.text);
    const auto at = std::search(from, output.end(), block.begin(), block.end());
    INFO(expected.source << " after output line " << (from - output.begin()) << ":\n" << expected.text);
    CHECK(at != output.end());
    if (at != output.end()) from = at + static_cast<std::ptrdiff_t>(block.size());
  }
}

TEST_CASE("the walkthrough names a wrong argument", "[examples][seed][errors]") {
  const Run run = run_walkthrough("--bogus 2>&1");
  CHECK(run.exit_code == 2);
  CHECK(run.output == "usage: seed_walkthrough [--svg DIR]  (histograms as SVG files in DIR instead of text)\n");
}
