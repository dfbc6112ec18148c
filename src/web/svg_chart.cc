#include "web/svg_chart.h"

#include <algorithm>
#include <cstdio>

#include "base/strings.h"

namespace gk::web {
namespace {

constexpr const char* kColors[] = {"#1f4e8c", "#c0392b", "#27855a", "#b7791f"};

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The smallest of 1, 2, 5 × 10^k at or above `v` (at least 1).
int NiceCeiling(int v) {
  int base = 1;
  while (true) {
    for (int m : {1, 2, 5}) {
      if (m * base >= v) return std::max(1, m * base);
    }
    base *= 10;
  }
}

}  // namespace

std::string BarChartSvg(const std::string& title, const std::vector<std::string>& categories,
                        const std::vector<ChartSeries>& series, int width) {
  const double left = 40, right = 10, top = 34, bottom = 48, height = 240;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  int max_value = 0;
  for (const ChartSeries& s : series) {
    for (int v : s.values) max_value = std::max(max_value, v);
  }
  const int y_max = NiceCeiling(max_value);
  const size_t n = std::max<size_t>(categories.size(), 1), k = std::max<size_t>(series.size(), 1);
  const double group_w = plot_w / n, bar_w = std::max(2.0, group_w * 0.8 / k);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + Fmt(height) + "\" aria-label=\"" + EscapeHtml(title) + "\">";
  svg += "<title>" + EscapeHtml(title) + "</title>";
  svg += "<text x=\"" + Fmt(left) + "\" y=\"16\" font-size=\"14\" font-weight=\"bold\">" + EscapeHtml(title) + "</text>";
  // Legend, right-aligned on the title line.
  double lx = width - right;
  for (size_t i = series.size(); i-- > 0;) {
    lx -= 14 * (Utf8Length(series[i].name) + 2);
    svg += "<rect x=\"" + Fmt(lx) + "\" y=\"6\" width=\"10\" height=\"10\" fill=\"" + kColors[i % 4] + "\"/>";
    svg += "<text x=\"" + Fmt(lx + 14) + "\" y=\"15\" font-size=\"12\">" + EscapeHtml(series[i].name) + "</text>";
  }
  // Axis and grid: 0, half, max.
  for (int g : {0, y_max / 2, y_max}) {
    double y = top + plot_h - plot_h * g / y_max;
    svg += "<line x1=\"" + Fmt(left) + "\" y1=\"" + Fmt(y) + "\" x2=\"" + Fmt(left + plot_w) + "\" y2=\"" + Fmt(y) +
           "\" stroke=\"#ccc\" stroke-width=\"1\"/>";
    svg += "<text x=\"" + Fmt(left - 4) + "\" y=\"" + Fmt(y + 4) + "\" font-size=\"11\" text-anchor=\"end\">" +
           std::to_string(g) + "</text>";
  }
  for (size_t c = 0; c < categories.size(); ++c) {
    double gx = left + group_w * c + group_w * 0.1;
    for (size_t i = 0; i < series.size(); ++i) {
      int v = c < series[i].values.size() ? std::max(0, series[i].values[c]) : 0;
      double h = plot_h * v / y_max, x = gx + bar_w * i, y = top + plot_h - h;
      svg += "<rect x=\"" + Fmt(x) + "\" y=\"" + Fmt(y) + "\" width=\"" + Fmt(bar_w - 1) + "\" height=\"" + Fmt(h) +
             "\" fill=\"" + kColors[i % 4] + "\"><title>" + EscapeHtml(categories[c] + " " + series[i].name + "：" +
                                                                     std::to_string(v)) +
             "</title></rect>";
      if (v > 0) {
        svg += "<text x=\"" + Fmt(x + bar_w / 2) + "\" y=\"" + Fmt(y - 2) +
               "\" font-size=\"10\" text-anchor=\"middle\">" + std::to_string(v) + "</text>";
      }
    }
    svg += "<text x=\"" + Fmt(left + group_w * (c + 0.5)) + "\" y=\"" + Fmt(top + plot_h + 16) +
           "\" font-size=\"11\" text-anchor=\"middle\">" + EscapeHtml(categories[c]) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace gk::web
