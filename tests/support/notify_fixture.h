// A sample alert and its mail context for the notify tests (inline, no link needs).
#pragma once

#include <string>

#include "daemon/notify/alert_message.h"

namespace kpiwatch::testing {

// Alert 12: a level shift in werkplein.uitstroom_werk, unit gemeente_a, flagged 2024-03.
inline Alert SampleAlert() {
  Alert alert;
  alert.id = 12;
  alert.rule = "shift-in-outflow";
  alert.rule_version = 3;
  alert.indicator = "werkplein.uitstroom_werk";
  alert.unit = "gemeente_a";
  alert.severity = Severity::kCritical;
  alert.finding.detector = "pelt";
  alert.finding.kind = "change_point";
  alert.finding.indicator = alert.indicator;
  alert.finding.unit = alert.unit;
  alert.finding.period = "2024-03";
  alert.finding.window_begin_period = "2023-10";
  alert.finding.window_end_period = "2024-04";
  alert.finding.direction = ChangeDirection::kUp;
  alert.finding.effect = 6.5;
  alert.finding.effect_sd = 3.25;
  alert.finding.statistic_name = "cost_reduction";
  alert.finding.statistic = 41.5;
  alert.finding.p_value = 0.004;
  alert.finding.explanation = "The level rose from 38.2 to 44.7 in 2024-03.";
  alert.questions = {"Did the definition of outflow change in 2024-03?",
                     "Were cases closed early to meet the target <40%>?"};
  alert.notify = {"controllers"};
  return alert;
}

inline notify::AlertMailContext SampleContext() {
  notify::AlertMailContext context;
  context.indicator_name = "Uitstroom naar werk";
  context.indicator_definition = "Share of clients who left benefits for work & stayed 6 months.";
  context.target = Target{40.0, Comparator::kAtLeast, std::nullopt};
  context.recent_values = {{"2023-12", 38.1},
                           {"2024-01", 38.4},
                           {"2024-02", 37.9},
                           {"2024-03", 44.7},
                           {"2024-04", 45.2}};
  context.base_url = "http://kpi.example.org:8470";
  return context;
}

}  // namespace kpiwatch::testing
