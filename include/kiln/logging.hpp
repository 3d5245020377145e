// Where kiln's log lines go, and a way for code built on kiln to log as its layers do (one
// logger per layer, "kiln.<layer>", at the level KILN_LOG names; default warn).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace kiln {

// Sends every kiln log line (formatted, with its newline) to `callback` instead of stderr, one
// call at a time; an empty callback sends them to stderr again.
void set_log_callback(std::function<void(std::string_view line)> callback);

enum class LogLevel { trace, debug, info, warn, error };

// Whether the logger of `layer` writes lines of `level` (to skip building a message).
bool log_enabled(const std::string& layer, LogLevel level);
void log(const std::string& layer, LogLevel level, std::string_view message);

}  // namespace kiln
