#include "rules/evaluation/replay.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <tuple>

#include "rules/evaluation/alert_decision.h"
#include "rules/evaluation/evaluator.h"

namespace kpiwatch {
namespace {

using std::chrono::sys_seconds;

// One stored point with its restatements (oldest first) and when it first became visible.
struct Point {
  const Observation* row = nullptr;
  std::vector<const Revision*> chain;
  sys_seconds first_report{};
  bool selected = false;  // of an indicator the backtest evaluates
};

bool AnyGlob(const std::vector<std::string>& globs, const std::string& id) {
  if (globs.empty()) return true;
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) { return GlobMatches(glob, id); });
}

// The value the point had at `at`: the old value of the first restatement after `at`.
double ValueAt(const Point& point, sys_seconds at) {
  for (const Revision* revision : point.chain) {
    if (revision->revised_at > at) return revision->old_value;
  }
  return point.row->value;
}

// Attaches every revision to its point and settles each point's first report: reported_at
// when never restated; else the first revision's old_reported_at; else the earliest first
// report of an unrestated point of the same indicator and period (the batch it came with);
// else just before its first restatement.
std::vector<Point> PreparePoints(std::span<const Observation> observations,
                                 std::span<const Revision> revisions,
                                 const std::vector<std::string>& indicators) {
  std::vector<Point> points(observations.size());
  std::map<std::tuple<std::string, std::string, Period>, std::size_t> by_key;
  std::map<std::pair<std::string, Period>, std::vector<std::size_t>> by_unit_period;
  for (std::size_t i = 0; i < observations.size(); ++i) {
    const Observation& row = observations[i];
    points[i].row = &row;
    points[i].selected = AnyGlob(indicators, row.indicator);
    by_key[{row.indicator, row.unit, row.period}] = i;
    by_unit_period[{row.unit, row.period}].push_back(i);
  }
  for (const Revision& revision : revisions) {
    if (!revision.indicator.empty()) {
      auto it = by_key.find({revision.indicator, revision.unit, revision.period});
      if (it != by_key.end()) points[it->second].chain.push_back(&revision);
      continue;
    }
    auto it = by_unit_period.find({revision.unit, revision.period});
    if (it == by_unit_period.end()) continue;
    for (std::size_t i : it->second) points[i].chain.push_back(&revision);
  }
  std::map<std::pair<std::string, Period>, sys_seconds> batch_of_period;
  for (Point& point : points) {
    std::stable_sort(point.chain.begin(), point.chain.end(), [](const Revision* a, const Revision* b) {
      return a->revised_at < b->revised_at;
    });
    if (!point.chain.empty()) continue;
    point.first_report = point.row->reported_at;
    auto key = std::make_pair(point.row->indicator, point.row->period);
    auto [it, inserted] = batch_of_period.emplace(key, point.first_report);
    if (!inserted) it->second = std::min(it->second, point.first_report);
  }
  for (Point& point : points) {
    if (point.chain.empty()) continue;
    const Revision& first = *point.chain.front();
    auto batch = batch_of_period.find({point.row->indicator, point.row->period});
    if (first.old_reported_at) point.first_report = *first.old_reported_at;
    else if (batch != batch_of_period.end() && batch->second < first.revised_at) point.first_report = batch->second;
    else point.first_report = first.revised_at - std::chrono::seconds(1);
  }
  return points;
}

// Periods in time order: by last day, then cadence.
bool Earlier(const Period& a, const Period& b) {
  return a.last_day() != b.last_day() ? a.last_day() < b.last_day() : a.cadence() < b.cadence();
}

// What one batch at time `at` during step `step` sees.
struct Visible {
  std::vector<Observation> rows;
  std::vector<Revision> revisions;
  std::vector<Sample> samples;
};

// `step` unset (a daily tick): every period reported by `at`.
Visible VisibleAt(std::span<const Point> points, std::span<const Sample> samples,
                  const std::optional<Period>& step, sys_seconds at) {
  Visible visible;
  std::vector<const Revision*> revisions;
  for (const Point& point : points) {
    if (step && point.row->period.last_day() > step->last_day()) continue;
    if (point.first_report > at) continue;
    visible.rows.push_back(*point.row);
    visible.rows.back().value = ValueAt(point, at);
    for (const Revision* revision : point.chain) {
      if (revision->revised_at <= at) revisions.push_back(revision);
    }
  }
  std::stable_sort(revisions.begin(), revisions.end(),
                   [](const Revision* a, const Revision* b) { return a->revised_at < b->revised_at; });
  for (const Revision* revision : revisions) visible.revisions.push_back(*revision);
  for (const Sample& sample : samples) {
    if (!step || sample.period.last_day() <= step->last_day()) visible.samples.push_back(sample);
  }
  return visible;
}

// One tick of the daily rules: when, and at which minute of the day.
struct Tick {
  sys_seconds at;
  int minute_of_day = 0;
};

// Every tick of the rules' daily schedules on the days from `first` to `last` (inclusive
// times) that lie within [from, to], in time order.
std::vector<Tick> DailyTicks(const RuleSet& rules, sys_seconds first, sys_seconds last,
                             const std::optional<Period>& from, const std::optional<Period>& to) {
  std::set<int> minutes;
  for (const Rule& rule : rules.rules) {
    if (rule.when.kind == RuleSchedule::Kind::kDaily) minutes.insert(rule.when.minute_of_day);
  }
  std::vector<Tick> ticks;
  if (minutes.empty() || last < first) return ticks;
  for (auto day = std::chrono::floor<std::chrono::days>(first); day <= last; day += std::chrono::days(1)) {
    if ((from && day < from->first_day()) || (to && day > to->last_day())) continue;
    for (int minute : minutes) {
      const sys_seconds at = day + std::chrono::minutes(minute);
      if (at >= first && at <= last) ticks.push_back({at, minute});
    }
  }
  return ticks;
}

// Raises or updates the replay's alerts for one round's candidates, as the alert service does.
void ApplyCandidates(const RoundResult& round, const Period& step, sys_seconds at,
                     std::span<const Silence> silences,
                     std::map<std::string, std::vector<Alert>>& by_key, std::uint64_t& next_id,
                     ReplayResult& result) {
  for (const AlertCandidate& candidate : round.candidates) {
    std::vector<Alert>& same_key = by_key[candidate.dedup_key];
    AlertDecision decision = DecideAlert(candidate, same_key);
    BacktestAlert replayed{candidate.rule->name, candidate.indicator, candidate.unit, step, true,
                           candidate.finding};
    if (decision.kind == AlertDecision::Kind::kCreate) {
      auto silence = std::find_if(silences.begin(), silences.end(), [&](const Silence& s) {
        return s.Matches(candidate.indicator, candidate.unit, candidate.rule->name, at);
      });
      const Silence* matching = silence == silences.end() ? nullptr : &*silence;
      same_key.push_back(NewAlert(candidate, next_id++, 0, at, matching));
      replayed.silenced = matching != nullptr;
      ++(matching != nullptr ? result.silenced : result.created)[candidate.rule->name];
    } else {
      auto alert = std::find_if(same_key.begin(), same_key.end(),
                                [&](const Alert& stored) { return stored.id == decision.alert_id; });
      std::optional<Alert> updated = WithNewEvidence(*alert, candidate, at);
      if (!updated) continue;
      *alert = std::move(*updated);
      replayed.created = false;
    }
    result.alerts.push_back(std::move(replayed));
  }
}

// Runs one round over `targets` with what is visible at `at` and applies its candidates.
void RunRound(const std::vector<EvaluationTarget>& targets, const Visible& visible, const Period& step,
              sys_seconds at, const Catalogue& catalogue, const ReplayScope& scope,
              const DetectorRegistry& registry, std::map<std::string, std::vector<Alert>>& by_key,
              std::uint64_t& next_id, ReplayResult& result) {
  for (const EvaluationTarget& target : targets) {
    auto& covered = result.series[target.rule->name];
    if (!target.unit.empty()) covered.insert({target.indicator, target.unit});
    else for (const std::string& unit : UnitsOf(visible.rows, target.indicator)) covered.insert({target.indicator, unit});
  }
  DetectorData data;
  data.catalogue = &catalogue;
  data.observations = visible.rows;
  data.revisions = visible.revisions;
  data.samples = visible.samples;
  data.as_of = at;
  RoundResult round = EvaluateRound(targets, data, registry);
  for (const std::string& error : round.errors) {
    result.errors.push_back("step " + step.ToString() + ": " + error);
  }
  for (const auto& [rule, count] : round.evaluations_by_rule) result.evaluations[rule] += count;
  ApplyCandidates(round, step, at, scope.silences, by_key, next_id, result);
}

}  // namespace

bool InStepRange(const Period& period, const std::optional<Period>& from, const std::optional<Period>& to) {
  if (from && period.first_day() < from->first_day()) return false;
  if (to && period.last_day() > to->last_day()) return false;
  return true;
}

Result<ReplayResult> Replay(const RuleSet& rules, const Catalogue& catalogue,
                            std::span<const Observation> observations,
                            std::span<const Revision> revisions, std::span<const Sample> samples,
                            const ReplayScope& scope, const DetectorRegistry& registry) {
  if (scope.from && scope.to && scope.from->first_day() > scope.to->last_day()) {
    return Status::InvalidArgument("backtest range is empty: from " + scope.from->ToString() +
                                   " is after to " + scope.to->ToString());
  }
  std::vector<Point> points = PreparePoints(observations, revisions, scope.indicators);
  ReplayResult result;
  for (const Point& point : points) {
    if (point.selected && InStepRange(point.row->period, scope.from, scope.to)) {
      result.steps.push_back(point.row->period);
    }
  }
  std::sort(result.steps.begin(), result.steps.end(), Earlier);
  result.steps.erase(std::unique(result.steps.begin(), result.steps.end()), result.steps.end());
  if (result.steps.empty()) {
    return Status::InvalidArgument("no observation of the selected indicators falls in the backtest range");
  }

  // Each distinct first-report time of a step's points is one ingest batch.
  std::vector<std::vector<sys_seconds>> batches_of_step(result.steps.size());
  std::optional<sys_seconds> first_batch, last_batch;
  for (std::size_t i = 0; i < result.steps.size(); ++i) {
    std::vector<sys_seconds>& batches = batches_of_step[i];
    for (const Point& point : points) {
      if (point.selected && point.row->period == result.steps[i]) batches.push_back(point.first_report);
    }
    std::sort(batches.begin(), batches.end());
    batches.erase(std::unique(batches.begin(), batches.end()), batches.end());
    first_batch = std::min(first_batch.value_or(batches.front()), batches.front());
    last_batch = std::max(last_batch.value_or(batches.back()), batches.back());
  }
  const std::vector<Tick> ticks =
      DailyTicks(rules, *first_batch, scope.until.value_or(*last_batch), scope.from, scope.to);
  std::size_t next_tick = 0;

  std::map<std::string, std::vector<Alert>> by_key;
  std::uint64_t next_id = 1;
  // The daily rounds due up to (excluding) `before`, as the scheduler would have run them.
  const auto run_ticks_before = [&](std::optional<sys_seconds> before) {
    for (; next_tick < ticks.size() && (!before || ticks[next_tick].at < *before); ++next_tick) {
      const Tick& tick = ticks[next_tick];
      Visible visible = VisibleAt(points, samples, std::nullopt, tick.at);
      std::vector<TouchedSeries> series;
      std::set<std::pair<std::string, std::string>> seen;
      for (const Observation& row : visible.rows) {
        if (AnyGlob(scope.indicators, row.indicator) && seen.insert({row.indicator, row.unit}).second) {
          series.push_back({row.indicator, row.unit});
        }
      }
      std::vector<EvaluationTarget> targets =
          TargetsForSchedule(rules, catalogue, series, tick.minute_of_day, registry);
      const Period day = Period::Containing(Cadence::kDay, std::chrono::floor<std::chrono::days>(tick.at));
      RunRound(targets, visible, day, tick.at, catalogue, scope, registry, by_key, next_id,
               result);
    }
  };
  for (std::size_t i = 0; i < result.steps.size(); ++i) {
    const Period& step = result.steps[i];
    for (sys_seconds at : batches_of_step[i]) {
      run_ticks_before(at);
      Visible visible = VisibleAt(points, samples, step, at);
      std::vector<TouchedSeries> touched;
      std::set<std::pair<std::string, std::string>> seen;
      for (const Point& point : points) {
        if (!point.selected || point.row->period != step || point.first_report != at) continue;
        if (seen.insert({point.row->indicator, point.row->unit}).second) {
          touched.push_back({point.row->indicator, point.row->unit});
        }
      }
      std::vector<EvaluationTarget> targets = TargetsForIngest(rules, catalogue, touched, registry);
      RunRound(targets, visible, step, at, catalogue, scope, registry, by_key, next_id, result);
      result.last_visible = std::move(visible.rows);
    }
  }
  run_ticks_before(std::nullopt);
  return result;
}

}  // namespace kpiwatch
