// Creates the per-layer loggers with the level from KILN_LOG.
#include "core/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <mutex>

namespace kiln {
namespace {

spdlog::level::level_enum level_from_environment() {
  const char* env = std::getenv("KILN_LOG");
  if (env == nullptr || *env == '\0') return spdlog::level::warn;
  auto level = spdlog::level::from_str(env);
  // from_str gives `off` for unknown names; an unknown name should not silence errors.
  if (level == spdlog::level::off && std::string(env) != "off") return spdlog::level::warn;
  return level;
}

}  // namespace

spdlog::logger& layer_logger(const std::string& layer) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::string name = "kiln." + layer;
  if (auto existing = spdlog::get(name)) return *existing;
  auto logger = spdlog::stderr_color_mt(name);
  logger->set_level(level_from_environment());
  logger->set_pattern("[%n] [%l] %v");
  return *logger;
}

}  // namespace kiln
