// Captures what one of kiln's loggers (lib/core/logging.hpp) writes at debug level while the
// capture is alive, for tests that check what was compiled or looked up.
#pragma once

#include "core/logging.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>

namespace kiln::testing {

class LogCapture {
 public:
  explicit LogCapture(const std::string& layer)
      : logger_(kiln::layer_logger(layer)),
        level_(logger_.level()),
        sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(text_)) {
    logger_.sinks().push_back(sink_);
    logger_.set_level(spdlog::level::debug);
  }
  ~LogCapture() {
    auto& sinks = logger_.sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
    logger_.set_level(level_);
  }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // How many times `what` occurs in what was logged.
  int count(const std::string& what) const {
    const std::string text = text_.str();
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }
  std::string text() const { return text_.str(); }

 private:
  std::ostringstream text_;
  spdlog::logger& logger_;
  spdlog::level::level_enum level_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
};

}  // namespace kiln::testing
