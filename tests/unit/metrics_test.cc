// The Prometheus text format of metrics::Registry: counters by label set,
// cumulative histogram buckets with their count and sum, escaped label
// values, gauges read when written.
#include <gtest/gtest.h>

#include <thread>

#include "base/metrics.h"

namespace gk::metrics {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(MetricsTest, CountersAddUpPerLabelSet) {
  Registry r;
  Counter& c = r.NewCounter("t_requests_total", "Requests.", {"route", "status"});
  c.Add({"/a", "200"});
  c.Add({"/a", "200"}, 2);
  c.Add({"/b", "404"});
  std::string text = r.Exposition();
  EXPECT_TRUE(Has(text, "# HELP t_requests_total Requests.")) << text;
  EXPECT_TRUE(Has(text, "# TYPE t_requests_total counter")) << text;
  EXPECT_TRUE(Has(text, "t_requests_total{route=\"/a\",status=\"200\"} 3")) << text;
  EXPECT_TRUE(Has(text, "t_requests_total{route=\"/b\",status=\"404\"} 1")) << text;
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Registry r;
  Histogram& h = r.NewHistogram("t_seconds", "Durations.", {"mode"}, {0.01, 0.1, 1});
  for (double v : {0.005, 0.01, 0.05, 0.5, 3.0}) h.Observe({"read"}, v);
  std::string text = r.Exposition();
  EXPECT_TRUE(Has(text, "# TYPE t_seconds histogram")) << text;
  EXPECT_TRUE(Has(text, "t_seconds_bucket{mode=\"read\",le=\"0.01\"} 2")) << text << "(0.01 itself is in le=0.01)";
  EXPECT_TRUE(Has(text, "t_seconds_bucket{mode=\"read\",le=\"0.1\"} 3")) << text;
  EXPECT_TRUE(Has(text, "t_seconds_bucket{mode=\"read\",le=\"1\"} 4")) << text;
  EXPECT_TRUE(Has(text, "t_seconds_bucket{mode=\"read\",le=\"+Inf\"} 5")) << text;
  EXPECT_TRUE(Has(text, "t_seconds_count{mode=\"read\"} 5")) << text;
  EXPECT_TRUE(Has(text, "t_seconds_sum{mode=\"read\"} 3.565")) << text;
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Registry r;
  Counter& c = r.NewCounter("t_total", "x", {"v"});
  c.Add({"a\"b\\c\nd"});
  EXPECT_TRUE(Has(r.Exposition(), "t_total{v=\"a\\\"b\\\\c\\nd\"} 1")) << r.Exposition();
  EXPECT_EQ(EscapeLabel("路由/公开"), "路由/公开");
}

TEST(MetricsTest, GaugesAreReadWhenWrittenAndCanBeRemoved) {
  Registry r;
  int value = 1;
  int id = r.AddGauge("t_gauge", "A gauge.", [&](std::string& out) { AppendSample(out, "t_gauge", "", value); });
  EXPECT_TRUE(Has(r.Exposition(), "t_gauge 1"));
  value = 7;
  std::string text = r.Exposition();
  EXPECT_TRUE(Has(text, "# TYPE t_gauge gauge")) << text;
  EXPECT_TRUE(Has(text, "t_gauge 7")) << text;
  r.RemoveGauge(id);
  EXPECT_EQ(r.Exposition().find("t_gauge"), std::string::npos);
}

TEST(MetricsTest, ConcurrentUpdatesAreNotLost) {
  Registry r;
  Counter& c = r.NewCounter("t_total", "x", {"k"});
  Histogram& h = r.NewHistogram("t_h", "x", {"k"}, {1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        c.Add({t % 2 ? "odd" : "even"});
        h.Observe({"all"}, 0.5);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::string text = r.Exposition();
  EXPECT_TRUE(Has(text, "t_total{k=\"odd\"} 4000")) << text;
  EXPECT_TRUE(Has(text, "t_total{k=\"even\"} 4000")) << text;
  EXPECT_TRUE(Has(text, "t_h_count{k=\"all\"} 8000")) << text;
  EXPECT_TRUE(Has(text, "t_h_sum{k=\"all\"} 4000")) << text;
}

}  // namespace
}  // namespace gk::metrics
