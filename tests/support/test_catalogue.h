// Indicator catalogue entries and a rule set shared by the daemon integration tests.
#pragma once

namespace kpiwatch::testing {

// "werk.uitstroom": monthly count with a target >= 40 from 2024-01.
inline constexpr const char* kUitstroomEntry = R"(  - id: werk.uitstroom
    name: Uitstroom naar werk
    definition: Number of clients who left benefits for paid work in the month.
    unit: count
    direction: higher_is_better
    cadence: month
    target: {value: 40, comparator: ">=", valid_from: 2024-01}
)";

// "werk.duurzaam": monthly percentage without a target.
inline constexpr const char* kDuurzaamEntry = R"(  - id: werk.duurzaam
    name: Duurzaam aan het werk
    definition: Share of clients placed six months ago who are still at work.
    unit: percent
    direction: higher_is_better
    cadence: month
)";

// One pelt rule on "werk.uitstroom*" (max_p 0.01, warning), notifying "controllers".
inline constexpr const char* kLevelShiftRules = R"(rules:
  - name: level-shift
    description: Sudden level shifts in outflow
    select: {indicators: ["werk.uitstroom*"]}
    detector: pelt
    params: {penalty: mbic}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: warning
    notify: [controllers]
)";

}  // namespace kpiwatch::testing
