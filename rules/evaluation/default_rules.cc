#include "rules/evaluation/default_rules.h"

namespace kpiwatch {

// Each choice is explained in docs/rules.md ("The default rule set"); keep the two in step.
// Left out on purpose (tests/rules/default_rules_test.cc pins the list): binseg (same model
// as pelt, approximate: it would raise a second alert for the same shift), bocpd (a third
// change-point method on the same question; pelt has the better accuracy at 1-2 sd) and
// cusum (a run-length chart: it alarms on trending stocks that have no shift).
std::string_view DefaultRulesYaml() {
  static constexpr std::string_view kRules = R"yaml(rules:
  # --- Sudden shifts -------------------------------------------------------------------
  - name: level-shift
    description: Sudden shifts in the level of any indicator (exact segmentation, PELT)
    detector: pelt
    params: {cost: mean, penalty: mbic}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: warning
    notify: [controllers]
  - name: single-period-anomaly
    description: One period far from what the season and the neighbours predict
    detector: outlier
    params: {season: 12, alpha: 0.01}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: info
    notify: [data-stewards]
    questions:
      - Was this value entered, counted or delivered differently from the other periods?

  # --- Goodhart gaming -----------------------------------------------------------------
  - name: bunching-at-time-target
    description: Case durations pile up just inside the time target
    select: {unit_kinds: [duration]}
    detector: threshold_bunching
    params: {threshold: target, source: samples, alpha: 0.01}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: warning
    notify: [controllers]
  - name: target-hugging
    description: A series stays just on the good side of its target
    detector: target_hugging
    params: {threshold: target, alpha: 0.01}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: warning
    notify: [controllers]
  - name: year-end-spike
    description: The last month of the year is far above what the year predicts
    select: {unit_kinds: [count, amount]}
    detector: period_end_spike
    params: {years: latest, alpha: 0.01}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: warning
    notify: [controllers]
  - name: amounts-benford
    description: Leading digits of amounts depart from Benford's law
    select: {unit_kinds: [amount]}
    detector: benford
    params: {alpha: 0.01}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: warning
    notify: [controllers]
  - name: amounts-digit-heaping
    description: Last digits of amounts heap on 0 and 5 (estimated, not measured)
    select: {unit_kinds: [amount]}
    detector: last_digit
    params: {alpha: 0.01}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: warning
    notify: [controllers]
  - name: too-smooth
    description: Rates vary less than binomial sampling of their denominators allows
    select: {unit_kinds: [percent, ratio]}
    detector: underdispersion
    params: {model: auto, detrend: seasonal, alpha: 0.01}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: warning
    notify: [controllers]
  - name: shrinking-denominator
    description: A rate improves mainly because its denominator shrank
    select: {unit_kinds: [percent, ratio]}
    detector: denominator_shift
    params: {window: 12, alpha: 0.01}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: warning
    notify: [controllers]
  - name: counter-indicator-divergence
    description: An indicator improves while its counter-indicator worsens
    detector: paired_divergence
    params: {window: 24, alpha: 0.05}
    when: on_ingest
    thresholds: {max_p: 0.05}
    severity: warning
    notify: [controllers]

  # --- Proxy drift ---------------------------------------------------------------------
  - name: proxy-drift
    description: A proxy no longer stands for its outcome as it used to
    detector: proxy_drift
    params: {alpha: 0.01}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: warning
    notify: [controllers, data-stewards]

  # --- Data you can trust --------------------------------------------------------------
  - name: stale-data
    description: The latest due period has not been delivered
    detector: staleness
    params: {grace_days: auto}
    when: daily 06:00
    thresholds: {}
    severity: info
    notify: [data-stewards]
  - name: missing-periods
    description: Periods missing inside a series, or a unit that stopped reporting
    detector: gaps
    when: on_ingest
    thresholds: {}
    severity: info
    notify: [data-stewards]
  - name: restated-history
    description: Large, late or systematically flattering revisions of reported values
    detector: restatements
    params: {alpha: 0.01}
    when: on_ingest
    thresholds: {max_p: 0.01}
    severity: info
    notify: [data-stewards]
  - name: unit-or-scale-change
    description: A jump by a power of ten, or a switch between fraction and percent
    detector: scale_change
    when: on_ingest
    thresholds: {}
    severity: info
    notify: [data-stewards]
  - name: definition-changed
    description: A declared definition change inside the series; is it still comparable?
    detector: definition_change
    when: on_ingest
    thresholds: {}
    severity: info
    notify: [data-stewards, controllers]
)yaml";
  return kRules;
}

}  // namespace kpiwatch
