// Creates the per-layer loggers with the level from KILN_LOG. They share one sink, which writes
// to stderr or to the callback a host set (a sampler library forwards kiln's lines to its client).
#include "core/logging.hpp"

#include <kiln/logging.hpp>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
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

// stderr, or the host's callback; base_sink's mutex serializes both.
class LineSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  void set_callback(std::function<void(std::string_view)> callback) {
    std::lock_guard lock(mutex_);
    callback_ = std::move(callback);
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    if (callback_)
      callback_(std::string_view(line.data(), line.size()));
    else
      std::fwrite(line.data(), 1, line.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }

 private:
  std::function<void(std::string_view)> callback_;
};

const std::shared_ptr<LineSink>& line_sink() {
  static const auto sink = std::make_shared<LineSink>();
  return sink;
}

spdlog::level::level_enum spdlog_level(LogLevel level) {
  switch (level) {
    case LogLevel::trace: return spdlog::level::trace;
    case LogLevel::debug: return spdlog::level::debug;
    case LogLevel::info: return spdlog::level::info;
    case LogLevel::warn: return spdlog::level::warn;
    case LogLevel::error: return spdlog::level::err;
  }
  return spdlog::level::err;
}

}  // namespace

spdlog::logger& layer_logger(const std::string& layer) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::string name = "kiln." + layer;
  if (auto existing = spdlog::get(name)) return *existing;
  auto logger = std::make_shared<spdlog::logger>(name, line_sink());
  spdlog::register_logger(logger);
  logger->set_level(level_from_environment());
  logger->set_pattern("[%n] [%l] %v");
  return *logger;
}

void set_log_callback(std::function<void(std::string_view line)> callback) { line_sink()->set_callback(std::move(callback)); }

bool log_enabled(const std::string& layer, LogLevel level) { return layer_logger(layer).should_log(spdlog_level(level)); }

void log(const std::string& layer, LogLevel level, std::string_view message) {
  layer_logger(layer).log(spdlog_level(level), "{}", message);
}

}  // namespace kiln
