// The rewrite engine: phases, tag queries, fixed point, failing rewrites, pattern syntax, tracing.
#include "rewrite/pattern.hpp"
#include "rewrite/rewriter.hpp"
#include "rewrite_check.hpp"

#include "core/logging.hpp"

#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

namespace kt = kiln::tensor;

TEST_CASE("the standard database has the phases in pipeline order") {
  std::vector<std::string> names;
  for (const auto& p : kiln::RewriteDatabase::standard().phases()) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"merge", "canonicalize", "stabilize", "specialize", "merge_again", "fusion",
                                          "outputs"});
}

TEST_CASE("a query selects by tag and excludes by name") {
  const auto& db = kiln::RewriteDatabase::standard();
  auto fast_compile = db.query({{"fast_compile"}, {}});
  for (const auto& p : fast_compile)
    for (const auto& r : p.node_rewrites) CHECK(r.name != "local_mul_canonizer");
  auto no_log_exp = db.query({{"fast_run"}, {"local_log_exp"}});
  for (const auto& p : no_log_exp)
    for (const auto& r : p.node_rewrites) CHECK(r.name != "local_log_exp");
  auto x = kt::vector("x");
  kiln::FunctionGraph fg({x}, {kt::log(kt::exp(x))});
  kiln::run_rewrites(fg, no_log_exp);
  CHECK(kiln::testing::count_ops(fg.outputs(), "Composite{log(exp(i0))}") == 1);
}

TEST_CASE("a rewrite that throws is skipped and the graph stays intact") {
  kiln::NodeRewrite bad{"always_throws", {"test"}, [](kiln::FunctionGraph&, kiln::Apply&) -> std::optional<std::vector<kiln::Var>> {
                          throw std::runtime_error("boom");
                        }};
  auto x = kt::vector("x");
  kiln::FunctionGraph fg({x}, {kt::exp(x)});
  kiln::RewriteStats stats;
  kiln::rewrite_to_fixed_point(fg, {bad}, stats);
  CHECK(stats.failures == 1);
  CHECK(fg.num_nodes() == 1);
}

TEST_CASE("a rewrite returning a wrong type is rejected") {
  kiln::NodeRewrite bad{"wrong_type", {"test"}, [](kiln::FunctionGraph&, kiln::Apply&) -> std::optional<std::vector<kiln::Var>> {
                          return std::vector<kiln::Var>{kt::matrix("m")};
                        }};
  auto x = kt::vector("x");
  kiln::FunctionGraph fg({x}, {kt::exp(x)});
  kiln::RewriteStats stats;
  CHECK(kiln::rewrite_to_fixed_point(fg, {bad}, stats) == 0);
  CHECK(fg.outputs()[0].owner()->op().name() == "Elemwise{exp,no_inplace}");
}

TEST_CASE("patterns match commutative arguments and bind consistently") {
  kiln::rewrite::Pattern p("log(add(1, x))");
  auto y = kt::vector("y");
  kiln::rewrite::Bindings b;
  CHECK(p.match(kt::log(y + 1.0), b));
  CHECK(b.at("x") == y);
  b.clear();
  CHECK(p.match(kt::log(1.0 + y), b));
  b.clear();
  CHECK_FALSE(p.match(kt::log(y + 2.0), b));
  kiln::rewrite::Pattern same("sub(x, x)");
  b.clear();
  CHECK(same.match(y - y, b));
  b.clear();
  CHECK_FALSE(same.match(y - kt::vector("z"), b));
}

TEST_CASE("pattern syntax errors name the pattern") {
  CHECK_THROWS_WITH(kiln::rewrite::Pattern("log(exp(x)"), Catch::Contains("log(exp(x)"));
  CHECK_THROWS_WITH(kiln::rewrite::Pattern("nosuchop(x)"), Catch::Contains("nosuchop"));
}

TEST_CASE("debug tracing logs each replacement with the rewrite name") {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto& log = kiln::layer_logger("rewrite");
  auto old_level = log.level();
  log.sinks().push_back(sink);
  log.set_level(spdlog::level::debug);
  auto x = kt::vector("x");
  kiln::FunctionGraph fg({x}, {kt::log(kt::exp(x))});
  kiln::run_rewrites(fg, kiln::RewriteDatabase::standard().query({}));
  log.sinks().pop_back();
  log.set_level(old_level);
  CHECK(captured.str().find("local_log_exp: Elemwise{log,no_inplace}(") != std::string::npos);
  CHECK(captured.str().find("phase stabilize") != std::string::npos);
}
