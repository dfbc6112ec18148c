// Charts drawn on the server as SVG (no JavaScript needed): grouped bars of
// whole numbers by category, with the values written on the bars, a legend,
// and a <title> per bar for screen readers and tooltips. All text escaped.
#pragma once

#include <string>
#include <vector>

namespace gk::web {

struct ChartSeries {
  std::string name;
  std::vector<int> values;  // one per category
};

// A grouped bar chart `width` pixels wide. Series beyond the fourth share
// colours. Negative values are drawn as zero.
std::string BarChartSvg(const std::string& title, const std::vector<std::string>& categories,
                        const std::vector<ChartSeries>& series, int width = 720);

}  // namespace gk::web
