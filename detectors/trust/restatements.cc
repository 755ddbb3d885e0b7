#include "detectors/trust/restatements.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "detectors/core/finding_text.h"
#include "detectors/stats/distributions.h"

namespace kpiwatch::trust {
namespace {

std::vector<Revision> RevisionsOfUnit(const DetectorInput& input) {
  std::vector<Revision> revisions;
  for (const Revision& revision : input.revisions) {
    if (input.series.unit.empty() || revision.unit == input.series.unit) revisions.push_back(revision);
  }
  return revisions;
}

// The series row of `period`, or the series' size when it is not there.
std::size_t RowOf(const Series& series, const Period& period) {
  auto found = std::find(series.periods.begin(), series.periods.end(), period);
  return found == series.periods.end() ? series.size() : static_cast<std::size_t>(found - series.periods.begin());
}

double RelativeChange(const Revision& revision) {
  const double change = std::abs(revision.new_value - revision.old_value);
  if (revision.old_value == 0.0) return change == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
  return change / std::abs(revision.old_value);
}

bool IsFavourable(const Revision& revision, Direction direction) {
  return direction == Direction::kHigherIsBetter ? revision.new_value > revision.old_value
                                                 : revision.new_value < revision.old_value;
}

Finding RevisionFinding(const DetectorInput& input, const Revision& revision, bool late,
                        std::int64_t days_after_deadline, int deadline_days) {
  const std::size_t row = RowOf(input.series, revision.period);
  Finding finding = NewFinding("restatements", late ? "late_revision" : "large_revision", input, row, row, row);
  finding.period = revision.period.ToString();
  const double change = revision.new_value - revision.old_value;
  const double relative = RelativeChange(revision);
  finding.direction = change > 0 ? ChangeDirection::kUp : ChangeDirection::kDown;
  finding.effect = change;
  finding.statistic_name = "relative_change";
  finding.statistic = relative;
  finding.evidence = {{"old_value", revision.old_value},
                      {"new_value", revision.new_value},
                      {"relative_change", relative},
                      {"days_after_deadline", static_cast<double>(days_after_deadline)},
                      {"favourable", IsFavourable(revision, input.indicator.direction) ? 1.0 : 0.0}};
  std::string text = "The value for " + finding.period + " was revised from " + NumberText(revision.old_value) +
                     " to " + NumberText(revision.new_value) + " (" + NumberText(100.0 * relative) + "%)";
  if (late) {
    text += ", " + std::to_string(days_after_deadline) + " day(s) after the reporting deadline (" +
            std::to_string(deadline_days) + " days after the period's end)";
  }
  finding.explanation = ExplainSignal(text + ". Figures already reported or used for steering may no "
                                             "longer match.");
  finding.questions = {"What was corrected in " + finding.period + ", and who asked for the correction?",
                       "Were decisions or reports based on the old value, and do they need revisiting?"};
  if (late) finding.questions.push_back("Why did the correction come after the reporting deadline?");
  return finding;
}

Finding SignTestFinding(const DetectorInput& input, std::int64_t favourable, std::int64_t total, double p) {
  const std::size_t last = input.series.size() == 0 ? 0 : input.series.size() - 1;
  Finding finding = NewFinding("restatements", "favourable_revisions", input, last, 0, last);
  finding.statistic_name = "favourable_revisions";
  finding.statistic = static_cast<double>(favourable);
  finding.p_value = p;
  finding.effect = static_cast<double>(favourable) / static_cast<double>(total);
  finding.direction = input.indicator.direction == Direction::kHigherIsBetter ? ChangeDirection::kUp
                                                                              : ChangeDirection::kDown;
  finding.evidence = {{"favourable_revisions", static_cast<double>(favourable)},
                      {"nonzero_revisions", static_cast<double>(total)},
                      {"share_favourable", finding.effect}};
  finding.explanation = ExplainSignal(
      std::to_string(favourable) + " of " + std::to_string(total) + " revisions moved the number in "
      "the favourable direction (" + std::string(DirectionName(input.indicator.direction)) +
      "); if corrections were neutral, about half would (one-sided sign test, " + PValueText(p) +
      "). Systematically flattering restatements can be a way of meeting a target on paper.");
  finding.questions = {"Who initiates revisions, and are unfavourable errors corrected as diligently?",
                       "Do the revisions cluster around target dates or before evaluations?",
                       "Is there an audit trail explaining each correction?"};
  return finding;
}

}  // namespace

std::vector<ParamSpec> RestatementsParams() {
  return {
      {"min_relative_change", ParamType::kDouble, "0.05", 0, 1e6, {},
       "smallest revision, as a share of the old value, reported as large"},
      {"deadline_days", ParamType::kInt, "90", 0, 3660, {},
       "reporting deadline in days after the period's end; later revisions are reported"},
      {"min_revisions", ParamType::kInt, "5", 1, 1e6, {}, "fewest non-zero revisions for the sign test"},
      {"alpha", ParamType::kDouble, "0.05", 1e-6, 0.5, {}, "significance level of the sign test"},
  };
}

Result<DetectorOutcome> DetectRestatements(const DetectorInput& input, const ParamValues& params) {
  DetectorOutcome outcome;
  std::vector<Revision> revisions = RevisionsOfUnit(input);
  const int deadline_days = static_cast<int>(params.Int("deadline_days"));
  std::int64_t nonzero = 0;
  std::int64_t favourable = 0;
  for (const Revision& revision : revisions) {
    if (revision.new_value == revision.old_value) continue;
    ++nonzero;
    favourable += IsFavourable(revision, input.indicator.direction) ? 1 : 0;
    const auto deadline = revision.period.last_day() + std::chrono::days(deadline_days);
    const auto revised_day = std::chrono::floor<std::chrono::days>(revision.revised_at);
    const std::int64_t after_deadline = (revised_day - deadline).count();
    const bool late = after_deadline > 0;
    if (late || RelativeChange(revision) >= params.Double("min_relative_change")) {
      outcome.findings.push_back(RevisionFinding(input, revision, late, std::max<std::int64_t>(after_deadline, 0),
                                                 deadline_days));
    }
  }
  if (nonzero >= params.Int("min_revisions")) {
    const double p = stats::BinomialUpperTail(favourable, nonzero, 0.5);
    if (p <= params.Double("alpha")) outcome.findings.push_back(SignTestFinding(input, favourable, nonzero, p));
  }
  return outcome;
}

}  // namespace kpiwatch::trust
