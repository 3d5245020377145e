// kiln_fuzz: the differential fuzzer's driver.
//   kiln_fuzz N SEED [FIRST] checks graphs FIRST..FIRST+N-1 (FIRST 0 by default) of stream
//                           SEED; exit status 1 on any finding
//   kiln_fuzz --one SEED I  checks graph I of stream SEED and prints it
// Each finding prints a reproducer (seed, index, dprint, inputs) and the reduced graph.
#include "fuzz/differential_check.hpp"
#include "fuzz/graph_generator.hpp"
#include "fuzz/graph_reducer.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

namespace {

using namespace kiln::fuzz;

void report(const Recipe& recipe, const Finding& finding) {
  std::cout << "==== " << finding.kind << ": " << finding.detail << "\n" << reproducer(recipe);
  auto [reduced, reduced_finding] = reduce(recipe, finding);
  std::cout << "---- reduced to " << graph_size(reduced) << " of " << graph_size(recipe) << " steps: "
            << reduced_finding.detail << "\n"
            << reproducer(reduced);
  try {
    BuiltGraph g = build(reduced);
    std::cout << "compiled in FAST_RUN:\n";
    kiln::dprint(kiln::function(g.inputs, g.outputs), std::cout);
  } catch (const std::exception& e) {
    std::cout << "(does not compile: " << e.what() << ")\n";
  }
  std::cout << std::endl;
}

int usage() {
  std::cerr << "usage: kiln_fuzz N SEED [FIRST] | kiln_fuzz --one SEED INDEX\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--one") {
    Recipe r = generate(std::stoull(argv[2]), std::stoull(argv[3]));
    std::cout << reproducer(r);
    auto finding = check(r);
    if (!finding) {
      std::cout << "agrees\n";
      return 0;
    }
    report(r, *finding);
    return 1;
  }
  if (argc != 3 && argc != 4) return usage();
  const std::uint64_t n = std::stoull(argv[1]), seed = std::stoull(argv[2]);
  const std::uint64_t first = argc == 4 ? std::stoull(argv[3]) : 0;
  const auto start = std::chrono::steady_clock::now();
  std::map<std::string, int> counts;
  int mismatches = 0, exceptions = 0;
  // KILN_FUZZ_TRACE=1 names each graph before checking it (to find one that crashes).
  const bool trace = std::getenv("KILN_FUZZ_TRACE") != nullptr;
  for (std::uint64_t i = first; i < first + n; ++i) {
    if (trace) std::cerr << "graph " << seed << " " << i << std::endl;
    Recipe r = generate(seed, i);
    auto finding = check(r);
    if (!finding) continue;
    ++counts[finding->kind];
    (finding->is_exception() ? exceptions : mismatches) += 1;
    report(r, *finding);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "kiln_fuzz: " << n << " graphs of seed " << seed << " from " << first << " in " << seconds << " s: " << mismatches
            << " mismatches, " << exceptions << " one-sided or differing exceptions";
  for (const auto& [kind, count] : counts) std::cout << "; " << kind << ": " << count;
  std::cout << std::endl;
  return mismatches + exceptions == 0 ? 0 : 1;
}
