// kiln's loggers: one spdlog logger per layer ("kiln.core", "kiln.rewrite", "kiln.jit", ...),
// all at the level named by the environment variable KILN_LOG (default: warn).
#pragma once

#include <spdlog/logger.h>

#include <string>

namespace kiln {

// The logger of a layer, created on first use.
spdlog::logger& layer_logger(const std::string& layer);

}  // namespace kiln
