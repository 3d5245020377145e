// Binning as matplotlib does (bins equal-width over [min, max], the last one closed), then
// drawing the counts as text or SVG.
#include "histogram.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <stdexcept>
#include <vector>

namespace kiln::examples {

namespace {

struct Bins {
  double low = 0, width = 1;
  std::vector<std::int64_t> counts;
};

Bins bin(const Array& values, int n_bins) {
  if (values.size() == 0) throw std::invalid_argument("histogram: no values");
  if (n_bins < 1) throw std::invalid_argument("histogram: bins must be at least 1");
  const std::vector<double> x = values.to_vector<double>();
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  Bins b;
  b.low = *lo;
  b.width = *hi > *lo ? (*hi - *lo) / n_bins : 1.0;
  b.counts.assign(static_cast<std::size_t>(n_bins), 0);
  for (double v : x) {
    auto i = static_cast<std::size_t>((v - b.low) / b.width);
    ++b.counts[std::min(i, b.counts.size() - 1)];
  }
  return b;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace

void print_histogram(std::ostream& os, const Array& values, const HistogramOptions& options) {
  const Bins b = bin(values, options.bins);
  const std::int64_t most = *std::max_element(b.counts.begin(), b.counts.end());
  if (!options.title.empty()) os << options.title << "\n";
  for (std::size_t i = 0; i < b.counts.size(); ++i) {
    char range[64];
    const double left = b.low + static_cast<double>(i) * b.width;
    std::snprintf(range, sizeof range, "[%9.3f, %9.3f%c ", left, left + b.width, i + 1 == b.counts.size() ? ']' : ')');
    const auto bar = static_cast<std::size_t>(most ? b.counts[i] * options.width / most : 0);
    os << range << std::string(bar, '#') << " " << b.counts[i] << "\n";
  }
}

void write_histogram_svg(const std::string& path, const Array& values, const HistogramOptions& options) {
  const Bins b = bin(values, options.bins);
  const double most =
      static_cast<double>(std::max<std::int64_t>(1, *std::max_element(b.counts.begin(), b.counts.end())));
  const double w = 800, h = 600, left = 60, right = 20, top = 50, bottom = 50;
  const double plot_w = w - left - right, plot_h = h - top - bottom;
  const double bar_w = plot_w / static_cast<double>(b.counts.size());
  std::ofstream out(path);
  if (!out) throw std::runtime_error("histogram: cannot write " + path);
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << w << "\" height=\"" << h << "\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << w / 2 << "\" y=\"30\" text-anchor=\"middle\" font-size=\"18\">" << options.title
      << "</text>\n";
  for (std::size_t i = 0; i < b.counts.size(); ++i) {
    const double bar_h = plot_h * static_cast<double>(b.counts[i]) / most;
    out << "<rect x=\"" << left + static_cast<double>(i) * bar_w << "\" y=\"" << top + plot_h - bar_h << "\" width=\""
        << bar_w << "\" height=\"" << bar_h << "\" fill=\"#1f77b4\" stroke=\"white\"/>\n";
  }
  for (std::size_t i = 0; i <= b.counts.size(); i += 3) {
    const double x = left + static_cast<double>(i) * bar_w;
    out << "<text x=\"" << x << "\" y=\"" << h - bottom + 20 << "\" text-anchor=\"middle\" font-size=\"12\">"
        << number(b.low + static_cast<double>(i) * b.width) << "</text>\n";
  }
  out << "<text x=\"15\" y=\"" << top + plot_h / 2 << "\" font-size=\"14\" transform=\"rotate(-90 15 "
      << top + plot_h / 2 << ")\" text-anchor=\"middle\">count</text>\n"
      << "<text x=\"" << left - 5 << "\" y=\"" << top + 5 << "\" text-anchor=\"end\" font-size=\"12\">"
      << static_cast<std::int64_t>(most) << "</text>\n"
      << "<line x1=\"" << left << "\" y1=\"" << top + plot_h << "\" x2=\"" << w - right << "\" y2=\"" << top + plot_h
      << "\" stroke=\"black\"/>\n</svg>\n";
}

}  // namespace kiln::examples
