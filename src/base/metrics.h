// Process metrics in the Prometheus text exposition format (version 0.0.4),
// served by the web layer at /metrics.
//
// A metric family is declared once, where its events happen, as a
// function-local static:
//
//   static metrics::Counter& pushes = metrics::Registry::Global().NewCounter(
//       "gongkai_jobs_total", "Background job runs by job and result.", {"job", "result"});
//   pushes.Add({"wechat_push", "ok"});
//
// Series (one per set of label values) are created on first use and live as
// long as the process. Label values must come from a small, fixed set (route
// patterns, status codes, job names), never from user input, or the number
// of series grows without bound. Everything here is thread-safe; recording a
// value costs one map look-up under a shared lock and an atomic add.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gk::metrics {

using Labels = std::vector<std::string_view>;

// Latency buckets in seconds, from 1 ms to 10 s.
const std::vector<double>& LatencyBuckets();

class Family {
 public:
  Family(std::string name, std::string help, std::string type, std::vector<std::string> label_names);
  virtual ~Family();
  // Appends the family's HELP, TYPE and samples.
  void Write(std::string& out) const;

  struct Series;  // one set of label values' data (metrics.cc)

 protected:
  // The series of `values` (as many as label_names), created on first use.
  Series& SeriesOf(const Labels& values);
  virtual std::unique_ptr<Series> NewSeries() const = 0;
  virtual void WriteSeries(std::string& out, const std::string& labels, const Series& s) const = 0;

  const std::string name_, help_, type_;
  const std::vector<std::string> label_names_;

 private:
  mutable std::shared_mutex mu_;
  // Keyed by the label values joined with '\x1f'; the rendered label set
  // ({a="x",b="y"}) is kept beside each series.
  std::unordered_map<std::string, std::pair<std::string, std::unique_ptr<Series>>> series_;  // GUARDED_BY(mu_)
};

// A value that only goes up.
class Counter : public Family {
 public:
  using Family::Family;
  void Add(const Labels& values, uint64_t n = 1);

 private:
  std::unique_ptr<Series> NewSeries() const override;
  void WriteSeries(std::string& out, const std::string& labels, const Series& s) const override;
};

// Observations counted into cumulative buckets (le = upper bound), with
// their count and sum.
class Histogram : public Family {
 public:
  Histogram(std::string name, std::string help, std::vector<std::string> label_names, std::vector<double> bounds);
  void Observe(const Labels& values, double v);

 private:
  std::unique_ptr<Series> NewSeries() const override;
  void WriteSeries(std::string& out, const std::string& labels, const Series& s) const override;
  const std::vector<double> bounds_;
};

class Registry {
 public:
  // The process's registry (what /metrics shows).
  static Registry& Global();

  // REQUIRES: `name` is not registered yet (declare each family once, as a
  // function-local static). The reference stays valid for the process.
  Counter& NewCounter(std::string name, std::string help, std::vector<std::string> label_names = {});
  Histogram& NewHistogram(std::string name, std::string help, std::vector<std::string> label_names,
                          std::vector<double> bounds = LatencyBuckets());
  // A gauge read when the metrics are written: `read` appends its samples
  // (without HELP/TYPE lines), e.g. "gongkai_db_pool_connections{state=\"free\"} 3\n".
  // Returns an id for RemoveGauge (a gauge of an object that goes away).
  // `type` "counter" for a counter kept elsewhere (the kernel's CPU time).
  int AddGauge(std::string name, std::string help, std::function<void(std::string& out)> read,
               std::string type = "gauge");
  void RemoveGauge(int id);

  // Every family and gauge, in the order they were declared.
  std::string Exposition() const;

 private:
  struct Gauge {
    int id;
    std::string name, help, type;
    std::function<void(std::string&)> read;
  };
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Family>> families_;  // GUARDED_BY(mu_)
  std::vector<Gauge> gauges_;                      // GUARDED_BY(mu_)
  int next_gauge_id_ = 1;                          // GUARDED_BY(mu_)
};

// A label value or HELP text escaped for the exposition format.
std::string EscapeLabel(std::string_view v);

// Appends `name{labels} value\n` (labels may be "").
void AppendSample(std::string& out, std::string_view name, std::string_view labels, double value);

// The Linux process's standard metrics (process_resident_memory_bytes,
// process_open_fds, process_start_time_seconds, process_cpu_seconds_total),
// registered once as gauges.
void RegisterProcessMetrics();

}  // namespace gk::metrics
