#include "detectors/trust/gaps.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "detectors/core/finding_text.h"

namespace kpiwatch::trust {
namespace {

// Rows with a finite value, in time order.
std::vector<std::size_t> ObservedRows(const Series& series) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (std::isfinite(series.values[i])) rows.push_back(i);
  }
  return rows;
}

Finding GapFinding(const DetectorInput& input, std::size_t before, std::size_t after,
                   std::int64_t missing, double completeness) {
  const Series& series = input.series;
  Finding finding = NewFinding("gaps", "missing_periods", input, after, before, after);
  finding.statistic_name = "missing_periods";
  finding.statistic = static_cast<double>(missing);
  finding.effect = static_cast<double>(missing);
  finding.evidence = {{"missing_periods", static_cast<double>(missing)},
                      {"completeness", completeness}};
  const std::string from = series.periods[before].Next().ToString();
  const std::string to = series.periods[after].Next(-1).ToString();
  finding.explanation = ExplainSignal(
      "No value for " + std::to_string(missing) + " period(s) between " + series.Label(before) +
      " and " + series.Label(after) + " (" + from + (missing > 1 ? " to " + to : "") +
      "); the series is " + NumberText(100.0 * completeness) + "% complete over its span. "
      "Sums, averages and trends over this stretch may be misleading.");
  finding.questions = {"Were there no cases in " + from + (missing > 1 ? " to " + to : "") +
                           ", or was nothing delivered?",
                       "Can the missing periods be delivered late, or should they be marked as "
                       "not available?"};
  return finding;
}

// Last observed period of every other unit with periods of the same cadence.
std::vector<Period> PeerLatestPeriods(const DetectorInput& input, Cadence cadence) {
  std::vector<Period> latest;
  for (const Series& peer : input.peers) {
    if (peer.unit == input.series.unit || !peer.has_periods()) continue;
    std::size_t row = peer.size();  // the last row with a finite value, if any
    while (row > 0 && !std::isfinite(peer.values[row - 1])) --row;
    if (row == 0 || peer.periods[row - 1].cadence() != cadence) continue;
    latest.push_back(peer.periods[row - 1]);
  }
  return latest;
}

std::optional<Finding> StoppedReporting(const DetectorInput& input, const ParamValues& params,
                                        std::size_t last_row) {
  const Period last = input.series.periods[last_row];
  std::vector<Period> peers = PeerLatestPeriods(input, last.cadence());
  if (peers.size() < static_cast<std::size_t>(params.Int("min_peers"))) return std::nullopt;
  // The latest period reached by at least the required share of the other units.
  const double share = params.Double("min_continuing_share");
  const auto needed = static_cast<std::size_t>(std::ceil(share * static_cast<double>(peers.size())));
  const auto reached_at = peers.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(needed, 1) - 1);
  std::nth_element(peers.begin(), reached_at, peers.end(), std::greater<>());
  const Period reached = *reached_at;
  if (reached <= last) return std::nullopt;
  const std::int64_t behind = reached.ordinal() - last.ordinal();
  const auto continuing = std::count_if(peers.begin(), peers.end(), [&](const Period& p) { return p > last; });
  Finding finding = NewFinding("gaps", "stopped_reporting", input, last_row, last_row, last_row);
  finding.statistic_name = "periods_behind_peers";
  finding.statistic = static_cast<double>(behind);
  finding.effect = static_cast<double>(behind);
  finding.evidence = {{"periods_behind_peers", static_cast<double>(behind)},
                      {"peers", static_cast<double>(peers.size())},
                      {"peers_continuing", static_cast<double>(continuing)}};
  finding.explanation = ExplainSignal(
      "Unit " + input.series.unit + " last reported for " + last.ToString() + ", while " +
      std::to_string(continuing) + " of " + std::to_string(peers.size()) +
      " other units of this indicator reported later periods (at least " +
      NumberText(100.0 * share) + "% of them up to " + reached.ToString() + "). Totals and "
      "comparisons across units now miss this unit.");
  finding.questions = {"Did unit " + input.series.unit + " stop delivering, merge or get renamed?",
                       "Is the delivery stuck at the source or in the import?",
                       "Should totals over units be marked incomplete until it reports again?"};
  return finding;
}

}  // namespace

std::vector<ParamSpec> GapsParams() {
  return {
      {"min_gap", ParamType::kInt, "1", 1, 1e6, {}, "smallest number of missing periods reported as a gap"},
      {"min_peers", ParamType::kInt, "3", 1, 1e6, {},
       "fewest other units needed to call a unit one that stopped reporting"},
      {"min_continuing_share", ParamType::kDouble, "0.5", 0.01, 1, {},
       "share of other units that must have reported past this unit's last period"},
  };
}

Result<DetectorOutcome> DetectGaps(const DetectorInput& input, const ParamValues& params) {
  if (!input.series.has_periods()) return DetectorOutcome::NotApplicable("gaps needs periods");
  std::vector<std::size_t> rows = ObservedRows(input.series);
  if (rows.empty()) return DetectorOutcome::InsufficientData("the series has no observation");
  const std::vector<Period>& periods = input.series.periods;
  const std::int64_t span = periods[rows.back()].ordinal() - periods[rows.front()].ordinal() + 1;
  const double completeness = static_cast<double>(rows.size()) / static_cast<double>(span);
  DetectorOutcome outcome;
  for (std::size_t j = 1; j < rows.size(); ++j) {
    const std::int64_t missing = periods[rows[j]].ordinal() - periods[rows[j - 1]].ordinal() - 1;
    if (missing >= params.Int("min_gap")) {
      outcome.findings.push_back(GapFinding(input, rows[j - 1], rows[j], missing, completeness));
    }
  }
  if (std::optional<Finding> stopped = StoppedReporting(input, params, rows.back())) {
    outcome.findings.push_back(std::move(*stopped));
  }
  return outcome;
}

}  // namespace kpiwatch::trust
