// The per-layer loggers take their level from KILN_LOG (each test case runs in its own
// process under CTest, so setting the variable here affects only this case).
#include "core/logging.hpp"

#include <kiln/logging.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

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

TEST_CASE("set_log_callback sends kiln's log lines to a host, and an empty one back to stderr") {
  setenv("KILN_LOG", "info", 1);
  std::string lines;
  kiln::set_log_callback([&](std::string_view line) { lines.append(line); });
  CHECK(kiln::log_enabled("test_layer_callback", kiln::LogLevel::info));
  CHECK_FALSE(kiln::log_enabled("test_layer_callback", kiln::LogLevel::debug));
  kiln::log("test_layer_callback", kiln::LogLevel::info, "compiled in 3 ms");
  kiln::log("test_layer_callback", kiln::LogLevel::debug, "not at this level");
  CHECK(lines == "[kiln.test_layer_callback] [info] compiled in 3 ms\n");
  kiln::set_log_callback(nullptr);
  kiln::log("test_layer_callback", kiln::LogLevel::warn, "to stderr");
  CHECK(lines == "[kiln.test_layer_callback] [info] compiled in 3 ms\n");
}
