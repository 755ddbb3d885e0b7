#include "daemon/metrics/registry.h"

#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kpiwatch::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsRegistry, RendersCountersWithHelpTypeAndSortedLabels) {
  Registry registry;
  registry.Describe("rows_total", "Rows ingested.", "counter");
  registry.IncrementCounter("rows_total", {{"source", "spool"}, {"format", "csv"}}, 3);
  registry.IncrementCounter("rows_total", {{"format", "csv"}, {"source", "spool"}}, 2);
  registry.IncrementCounter("rows_total", {{"format", "json"}, {"source", "http"}});
  EXPECT_EQ(registry.RenderPrometheus(),
            "# HELP rows_total Rows ingested.\n"
            "# TYPE rows_total counter\n"
            "rows_total{format=\"csv\",source=\"spool\"} 5\n"
            "rows_total{format=\"json\",source=\"http\"} 1\n");
}

TEST(MetricsRegistry, GaugeIsSetNotAddedAndFamiliesAreSortedByName) {
  Registry registry;
  registry.SetGauge("zeta", {}, 4.5);
  registry.SetGauge("alpha", {}, 1);
  registry.SetGauge("alpha", {}, -2.25);
  EXPECT_EQ(registry.RenderPrometheus(),
            "# TYPE alpha gauge\n"
            "alpha -2.25\n"
            "# TYPE zeta gauge\n"
            "zeta 4.5\n");
}

TEST(MetricsRegistry, HistogramHasCumulativeBucketsInfSumAndCount) {
  Registry registry;
  registry.ObserveHistogram("latency_seconds", {{"route", "/a"}}, 0.00390625);
  registry.ObserveHistogram("latency_seconds", {{"route", "/a"}}, 0.125);
  registry.ObserveHistogram("latency_seconds", {{"route", "/a"}}, 32);
  const std::string text = registry.RenderPrometheus();
  EXPECT_THAT(text, HasSubstr("# TYPE latency_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{route=\"/a\",le=\"0.001\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{route=\"/a\",le=\"0.005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{route=\"/a\",le=\"0.25\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{route=\"/a\",le=\"10\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_sum{route=\"/a\"} 32.12890625\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_count{route=\"/a\"} 3\n"));
}

TEST(MetricsRegistry, ObservationOnABucketBoundaryCountsInThatBucket) {
  Registry registry;
  registry.ObserveHistogram("h", {}, 0.5);
  const std::string text = registry.RenderPrometheus();
  EXPECT_THAT(text, HasSubstr("h_bucket{le=\"0.25\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("h_bucket{le=\"0.5\"} 1\n"));
}

TEST(MetricsRegistry, EscapesLabelValuesAndHelpAndSanitizesNames) {
  Registry registry;
  registry.Describe("odd-name", "line one\nback\\slash", "counter");
  registry.IncrementCounter("odd-name", {{"path", "a\"b\\c\nd"}, {"bad label", "x"}});
  EXPECT_EQ(registry.RenderPrometheus(),
            "# HELP odd_name line one\\nback\\\\slash\n"
            "# TYPE odd_name counter\n"
            "odd_name{bad_label=\"x\",path=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(MetricsRegistry, FirstTypeWinsAndNegativeIncrementsAreIgnored) {
  Registry registry;
  registry.IncrementCounter("requests", {}, 2);
  registry.SetGauge("requests", {}, 100);
  registry.ObserveHistogram("requests", {}, 1);
  registry.IncrementCounter("requests", {}, -5);
  registry.Describe("requests", "Requests.", "gauge");
  EXPECT_EQ(registry.RenderPrometheus(), "# TYPE requests counter\nrequests 2\n");
}

TEST(MetricsRegistry, ConcurrentIncrementsAreAllCounted) {
  Registry registry;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&registry] {
      for (int i = 0; i < 1000; ++i) {
        registry.IncrementCounter("hits", {{"kind", "a"}});
        registry.ObserveHistogram("lat", {}, 0.01);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string text = registry.RenderPrometheus();
  EXPECT_THAT(text, HasSubstr("hits{kind=\"a\"} 4000\n"));
  EXPECT_THAT(text, HasSubstr("lat_count 4000\n"));
  EXPECT_THAT(text, Not(HasSubstr("NaN")));
}

}  // namespace
}  // namespace kpiwatch::metrics
