// Server-drawn bar charts: one bar per value, heights in proportion, every
// text escaped, and a title for screen readers.
#include "web/svg_chart.h"

#include <gtest/gtest.h>

#include <regex>

namespace gk::web {
namespace {

std::vector<double> BarHeights(const std::string& svg) {
  std::vector<double> out;
  std::regex bar("<rect x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"[0-9.]+\" height=\"([0-9.]+)\" fill=\"[^\"]+\"><title>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it) {
    out.push_back(std::stod((*it)[1]));
  }
  return out;
}

TEST(SvgChartTest, BarsInProportionAndTextEscaped) {
  std::string svg = BarChartSvg("每月<script>公开", {"26-01", "26-02", "A&B"},
                                {{"公开条数", {10, 5, 0}}, {"超期", {2, -3, 1}}});
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("<title>每月&lt;script&gt;公开</title>"), std::string::npos);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find(">A&amp;B</text>"), std::string::npos);
  auto h = BarHeights(svg);
  ASSERT_EQ(h.size(), 6u);  // categories × series, in category order
  EXPECT_NEAR(h[0], 2 * h[2], 0.2) << "10 is twice 5";
  EXPECT_DOUBLE_EQ(h[3], 0) << "negative values are drawn as zero";
  EXPECT_DOUBLE_EQ(h[4], 0);
  EXPECT_NEAR(h[1], 2 * h[5], 0.2) << "2 is twice 1";
  EXPECT_NE(svg.find("<title>26-01 公开条数：10</title>"), std::string::npos);
}

TEST(SvgChartTest, EmptyAndAllZeroChartsAreValid) {
  std::string empty = BarChartSvg("无数据", {}, {});
  EXPECT_NE(empty.find("</svg>"), std::string::npos);
  std::string zeros = BarChartSvg("零", {"一月"}, {{"条数", {0}}});
  EXPECT_EQ(BarHeights(zeros), std::vector<double>{0});
  EXPECT_NE(zeros.find(">1</text>"), std::string::npos) << "the axis still has a top";
}

}  // namespace
}  // namespace gk::web
