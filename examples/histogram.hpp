// Histograms for the walkthrough, where the tutorial calls matplotlib's hist: text bars on a
// stream, or a small standalone SVG file.
#pragma once

#include <kiln/array.hpp>

#include <iosfwd>
#include <string>

namespace kiln::examples {

struct HistogramOptions {
  int bins = 15;  // the tutorial's bins=15
  std::string title = {};
  int width = 50;  // characters of the longest text bar
};

// One line per bin: its range, a bar of '#' scaled to the fullest bin, and the count.
void print_histogram(std::ostream& os, const Array& values, const HistogramOptions& options = {});
// The same bins as an SVG bar chart (800 x 600) with the title and the count axis.
void write_histogram_svg(const std::string& path, const Array& values, const HistogramOptions& options = {});

}  // namespace kiln::examples
