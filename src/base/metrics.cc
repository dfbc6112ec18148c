#include "base/metrics.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

namespace gk::metrics {

struct Family::Series {
  virtual ~Series() = default;
};

namespace {

struct CounterSeries : Family::Series {
  std::atomic<uint64_t> value{0};
};

struct HistogramSeries : Family::Series {
  explicit HistogramSeries(size_t n) : buckets(n) {}
  std::vector<std::atomic<uint64_t>> buckets;  // not cumulative; the last is +Inf
  std::atomic<uint64_t> count{0};
  std::atomic<double> sum{0};
};

std::string FormatValue(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// {a="x",b="y"} with `extra` (already rendered, e.g. le="0.1") appended.
std::string WithLabel(const std::string& labels, const std::string& extra) {
  if (labels.empty()) return "{" + extra + "}";
  return labels.substr(0, labels.size() - 1) + "," + extra + "}";
}

}  // namespace

const std::vector<double>& LatencyBuckets() {
  static const std::vector<double> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                               0.1,   0.25,   0.5,   1,    2.5,   5,    10};
  return kBuckets;
}

std::string EscapeLabel(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void AppendSample(std::string& out, std::string_view name, std::string_view labels, double value) {
  out.append(name);
  out.append(labels);
  out += ' ';
  out += FormatValue(value);
  out += '\n';
}

Family::Family(std::string name, std::string help, std::string type, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), type_(std::move(type)), label_names_(std::move(label_names)) {}

Family::~Family() = default;

Family::Series& Family::SeriesOf(const Labels& values) {
  std::string key;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) key += '\x1f';
    key.append(values[i]);
  }
  {
    std::shared_lock lock(mu_);
    if (auto it = series_.find(key); it != series_.end()) return *it->second.second;
  }
  std::string labels;
  for (size_t i = 0; i < label_names_.size(); ++i) {
    labels += i ? "," : "{";
    labels += label_names_[i] + "=\"" + EscapeLabel(i < values.size() ? values[i] : std::string_view()) + "\"";
  }
  if (!labels.empty()) labels += '}';
  std::unique_lock lock(mu_);
  auto [it, inserted] = series_.try_emplace(std::move(key));
  if (inserted) it->second = {std::move(labels), NewSeries()};
  return *it->second.second;
}

void Family::Write(std::string& out) const {
  out += "# HELP " + name_ + " " + help_ + "\n";
  out += "# TYPE " + name_ + " " + type_ + "\n";
  std::shared_lock lock(mu_);
  for (const auto& [key, entry] : series_) WriteSeries(out, entry.first, *entry.second);
}

void Counter::Add(const Labels& values, uint64_t n) {
  static_cast<CounterSeries&>(SeriesOf(values)).value.fetch_add(n, std::memory_order_relaxed);
}

std::unique_ptr<Family::Series> Counter::NewSeries() const { return std::make_unique<CounterSeries>(); }

void Counter::WriteSeries(std::string& out, const std::string& labels, const Series& s) const {
  AppendSample(out, name_, labels,
               static_cast<double>(static_cast<const CounterSeries&>(s).value.load(std::memory_order_relaxed)));
}

Histogram::Histogram(std::string name, std::string help, std::vector<std::string> label_names,
                     std::vector<double> bounds)
    : Family(std::move(name), std::move(help), "histogram", std::move(label_names)), bounds_(std::move(bounds)) {}

void Histogram::Observe(const Labels& values, double v) {
  auto& s = static_cast<HistogramSeries&>(SeriesOf(values));
  size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  s.buckets[i].fetch_add(1, std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
  double sum = s.sum.load(std::memory_order_relaxed);
  while (!s.sum.compare_exchange_weak(sum, sum + v, std::memory_order_relaxed)) {
  }
}

std::unique_ptr<Family::Series> Histogram::NewSeries() const {
  return std::make_unique<HistogramSeries>(bounds_.size() + 1);
}

void Histogram::WriteSeries(std::string& out, const std::string& labels, const Series& series) const {
  const auto& s = static_cast<const HistogramSeries&>(series);
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += s.buckets[i].load(std::memory_order_relaxed);
    std::string le = i < bounds_.size() ? FormatValue(bounds_[i]) : "+Inf";
    AppendSample(out, name_ + "_bucket", WithLabel(labels, "le=\"" + le + "\""), static_cast<double>(cumulative));
  }
  AppendSample(out, name_ + "_sum", labels, s.sum.load(std::memory_order_relaxed));
  // The count is the +Inf bucket's, so that the two agree in one scrape.
  AppendSample(out, name_ + "_count", labels, static_cast<double>(cumulative));
}

Registry& Registry::Global() {
  static Registry* registry = new Registry();  // never destroyed: used until exit
  return *registry;
}

Counter& Registry::NewCounter(std::string name, std::string help, std::vector<std::string> label_names) {
  auto c = std::make_unique<Counter>(std::move(name), std::move(help), "counter", std::move(label_names));
  Counter& ref = *c;
  std::lock_guard lock(mu_);
  families_.push_back(std::move(c));
  return ref;
}

Histogram& Registry::NewHistogram(std::string name, std::string help, std::vector<std::string> label_names,
                                  std::vector<double> bounds) {
  auto h = std::make_unique<Histogram>(std::move(name), std::move(help), std::move(label_names), std::move(bounds));
  Histogram& ref = *h;
  std::lock_guard lock(mu_);
  families_.push_back(std::move(h));
  return ref;
}

int Registry::AddGauge(std::string name, std::string help, std::function<void(std::string&)> read,
                       std::string type) {
  std::lock_guard lock(mu_);
  gauges_.push_back({next_gauge_id_, std::move(name), std::move(help), std::move(type), std::move(read)});
  return next_gauge_id_++;
}

void Registry::RemoveGauge(int id) {
  std::lock_guard lock(mu_);
  std::erase_if(gauges_, [id](const Gauge& g) { return g.id == id; });
}

std::string Registry::Exposition() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& f : families_) f->Write(out);
  // Gauges of one name (several databases, say) share their HELP and TYPE.
  std::vector<std::string> named;
  for (const auto& g : gauges_) {
    if (std::find(named.begin(), named.end(), g.name) == named.end()) {
      named.push_back(g.name);
      out += "# HELP " + g.name + " " + g.help + "\n# TYPE " + g.name + " " + g.type + "\n";
      for (const auto& same : gauges_) {
        if (same.name == g.name) same.read(out);
      }
    }
  }
  return out;
}

void RegisterProcessMetrics() {
  static std::once_flag once;
  std::call_once(once, [] {
    const double start = static_cast<double>(std::time(nullptr));
    const long page = sysconf(_SC_PAGESIZE), ticks = sysconf(_SC_CLK_TCK);
    auto& r = Registry::Global();
    r.AddGauge("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.",
               [start](std::string& out) { AppendSample(out, "process_start_time_seconds", "", start); });
    r.AddGauge("process_resident_memory_bytes", "Resident memory size in bytes.", [page](std::string& out) {
      std::ifstream in("/proc/self/statm");
      long size = 0, resident = 0;
      in >> size >> resident;
      AppendSample(out, "process_resident_memory_bytes", "", static_cast<double>(resident) * page);
    });
    r.AddGauge("process_open_fds", "Number of open file descriptors.", [](std::string& out) {
      int n = 0;
      if (DIR* d = opendir("/proc/self/fd")) {
        while (readdir(d)) ++n;
        closedir(d);
      }
      AppendSample(out, "process_open_fds", "", std::max(0, n - 3));  // ".", ".." and the directory's own
    });
    // A counter by nature, read from the kernel when written.
    r.AddGauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
               [ticks](std::string& out) {
                 std::ifstream in("/proc/self/stat");
                 std::string line;
                 std::getline(in, line);
                 size_t close = line.rfind(')');
                 std::istringstream rest(close == std::string::npos ? "" : line.substr(close + 2));
                 std::string field;
                 double utime = 0, stime = 0;
                 for (int i = 3; i <= 15 && rest >> field; ++i) {
                   if (i == 14) utime = std::stod(field);
                   if (i == 15) stime = std::stod(field);
                 }
                 AppendSample(out, "process_cpu_seconds_total", "", (utime + stime) / static_cast<double>(ticks));
               },
               "counter");
  });
}

}  // namespace gk::metrics
