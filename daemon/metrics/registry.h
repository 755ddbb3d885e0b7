// Registry: thread-safe in-process metrics rendered as Prometheus text exposition (0.0.4).
//
// A metric family has a name, a type (counter, gauge, histogram) and help text; each
// distinct label set is one series. Names must match [a-zA-Z_:][a-zA-Z0-9_:]* and label
// names [a-zA-Z_][a-zA-Z0-9_]*; other characters are replaced by '_'. Label order does not
// matter ({a,b} and {b,a} are the same series). The first use of a name fixes its type;
// a later call with another type is ignored.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace kpiwatch::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Registry {
 public:
  // Adds `by` (>= 0; negative increments are ignored) to a counter.
  void IncrementCounter(const std::string& name, const Labels& labels = {}, double by = 1.0);
  // Sets a gauge to `value`.
  void SetGauge(const std::string& name, const Labels& labels, double value);
  // Records one observation in a histogram with the default buckets for seconds:
  // 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 (and +Inf).
  void ObserveHistogram(const std::string& name, const Labels& labels, double value);
  // Sets the help text and type ("counter", "gauge", "histogram") of a family; may be
  // called before or after the first value. An unknown type is ignored.
  void Describe(const std::string& name, const std::string& help, const std::string& type);

  // All families sorted by name, each with # HELP (when described) and # TYPE lines, then
  // its series sorted by labels; histograms as _bucket{le="..."} (cumulative, ending with
  // le="+Inf"), _sum and _count. Label values escape \, " and newline.
  std::string RenderPrometheus() const;

 private:
  enum class Type { kUntyped, kCounter, kGauge, kHistogram };
  struct Series {
    double value = 0.0;                // counter/gauge value, histogram sum
    std::vector<double> bucket_counts; // histogram only: per bucket, not cumulative
    double count = 0.0;                // histogram only
  };
  struct Family {
    Type type = Type::kUntyped;
    std::string help;
    std::map<Labels, Series> series;  // labels sorted by name, sanitized
  };
  // The series for (name, labels), creating family and series; nullptr on a type clash.
  Series* FindSeries(const std::string& name, const Labels& labels, Type type);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace kpiwatch::metrics
