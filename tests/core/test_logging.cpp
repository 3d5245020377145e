// The per-layer loggers take their level from KILN_LOG (each test case runs in its own
// process under CTest, so setting the variable here affects only this case).
#include "core/logging.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

TEST_CASE("KILN_LOG sets the level of a layer logger") {
  setenv("KILN_LOG", "debug", 1);
  auto& log = kiln::layer_logger("test_layer_debug");
  CHECK(log.name() == "kiln.test_layer_debug");
  CHECK(log.level() == spdlog::level::debug);
  CHECK(&kiln::layer_logger("test_layer_debug") == &log);
}

TEST_CASE("an unknown KILN_LOG level falls back to warn") {
  setenv("KILN_LOG", "chatty", 1);
  CHECK(kiln::layer_logger("test_layer_unknown").level() == spdlog::level::warn);
  unsetenv("KILN_LOG");
  CHECK(kiln::layer_logger("test_layer_default").level() == spdlog::level::warn);
}
