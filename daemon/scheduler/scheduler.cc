#include "daemon/scheduler/scheduler.h"

#include <spdlog/spdlog.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "daemon/scheduler/evaluation_data.h"
#include "daemon/store/detector_state_store.h"

namespace kpiwatch::daemon {
namespace {

constexpr const char* kQueueDepth = "kpiwatch_scheduler_queue_depth";
constexpr const char* kRounds = "kpiwatch_evaluation_rounds_total";
constexpr const char* kLatency = "kpiwatch_evaluation_seconds";
constexpr const char* kEvaluations = "kpiwatch_rule_evaluations_total";
constexpr const char* kErrors = "kpiwatch_rule_evaluation_errors_total";
constexpr const char* kRaised = "kpiwatch_alerts_raised_total";
constexpr const char* kIncremental = "kpiwatch_evaluation_incremental_total";
constexpr const char* kFull = "kpiwatch_evaluation_full_total";

int MinuteOfDay(std::chrono::sys_seconds time) {
  auto since_midnight = time - std::chrono::floor<std::chrono::days>(time);
  return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(since_midnight).count());
}

void Append(std::vector<std::uint64_t>& into, const std::vector<std::uint64_t>& ids) {
  into.insert(into.end(), ids.begin(), ids.end());
}

}  // namespace

Scheduler::Scheduler(const store::ObservationStore& observations, const CatalogueService& catalogue,
                     const RuleService& rules, AlertService& alerts, metrics::Registry& metrics,
                     const Clock& clock, SchedulerOptions options)
    : observations_(observations), catalogue_(catalogue), rules_(rules), alerts_(alerts),
      metrics_(metrics), clock_(clock), options_(options) {
  metrics_.Describe(kQueueDepth, "Evaluation rounds waiting for the scheduler", "gauge");
  metrics_.Describe(kRounds, "Evaluation rounds finished", "counter");
  metrics_.Describe(kLatency, "Time from queueing a round to its alerts being stored", "histogram");
  metrics_.Describe(kEvaluations, "Rule evaluations on one series (detector runs)", "counter");
  metrics_.Describe(kErrors, "Rule evaluations that failed", "counter");
  metrics_.Describe(kRaised, "Alerts raised, by severity", "counter");
  metrics_.Describe(kIncremental, "Incremental detector runs resumed from a stored state", "counter");
  metrics_.Describe(kFull, "Incremental-capable detector runs started from a fresh state", "counter");
  metrics_.SetGauge(kQueueDepth, {}, 0);
  metrics_.IncrementCounter(kIncremental, {}, 0);
  metrics_.IncrementCounter(kFull, {}, 0);
}

Scheduler::~Scheduler() { Stop(); }

Status Scheduler::Start() {
  if (options_.catch_up_on_start) Enqueue({{}, std::nullopt, true, std::chrono::steady_clock::now()});
  worker_ = std::thread([this] { WorkerLoop(); });
  clock_thread_ = std::thread([this] { ClockLoop(); });
  return Status::Ok();
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !worker_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  if (clock_thread_.joinable()) clock_thread_.join();
}

bool Scheduler::Saturated() const {
  std::lock_guard lock(mutex_);
  return queue_.size() >= options_.queue_capacity;
}

void Scheduler::OnBatchStored(std::vector<TouchedSeries> touched) {
  if (!touched.empty()) Enqueue({std::move(touched), std::nullopt, false, std::chrono::steady_clock::now()});
}

void Scheduler::Enqueue(Job job) {
  std::size_t depth;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
    depth = queue_.size();
  }
  metrics_.SetGauge(kQueueDepth, {}, static_cast<double>(depth));
  wake_.notify_all();
}

SchedulerState Scheduler::State() const {
  std::lock_guard lock(mutex_);
  return {queue_.size(), busy_, rounds_, alerts_raised_};
}

Result<AppliedRound> Scheduler::EvaluateIngest(const std::vector<TouchedSeries>& touched) {
  std::shared_ptr<const RuleSetVersion> rules = rules_.Current();
  std::shared_ptr<const Catalogue> catalogue = catalogue_.Current();
  std::vector<EvaluationTarget> targets = TargetsForIngest(rules->rules, *catalogue, touched);
  return Evaluate(targets, std::nullopt, rules->version);
}

Result<AppliedRound> Scheduler::EvaluateSchedule(int minute_of_day) {
  return EvaluateByIndicator(
      [minute_of_day](const RuleSet& rules, const Catalogue& catalogue, std::span<const TouchedSeries> series) {
        return TargetsForSchedule(rules, catalogue, series, minute_of_day);
      },
      clock_.Now());
}

Result<AppliedRound> Scheduler::EvaluateCatchUp() {
  return EvaluateByIndicator(
      [](const RuleSet& rules, const Catalogue& catalogue, std::span<const TouchedSeries> series) {
        return TargetsForIngest(rules, catalogue, series);
      },
      std::nullopt);
}

Result<AppliedRound> Scheduler::EvaluateByIndicator(const PartTargets& targets_of,
                                                    std::optional<std::chrono::sys_seconds> as_of) {
  std::shared_ptr<const RuleSetVersion> rules = rules_.Current();
  std::shared_ptr<const Catalogue> catalogue = catalogue_.Current();
  Result<std::vector<TouchedSeries>> all = AllSeries(observations_, *catalogue);
  if (!all.ok()) return all.status();
  const std::span<const TouchedSeries> series(*all);
  AppliedRound changed;
  std::optional<Status> first_failure;
  // AllSeries lists the series grouped by indicator: each run of one indicator is a part.
  for (std::size_t begin = 0; begin < series.size() && !StopRequested();) {
    std::size_t end = begin;
    while (end < series.size() && series[end].indicator == series[begin].indicator) ++end;
    std::vector<EvaluationTarget> targets = targets_of(rules->rules, *catalogue, series.subspan(begin, end - begin));
    Result<AppliedRound> part = Evaluate(targets, as_of, rules->version);
    if (part.ok()) {
      Append(changed.created, part->created);
      Append(changed.silenced, part->silenced);
      Append(changed.updated, part->updated);
    } else {
      spdlog::error("evaluating {}: {}", series[begin].indicator, part.status().ToString());
      if (!first_failure) first_failure = part.status();
    }
    begin = end;
  }
  if (first_failure) return *first_failure;
  return changed;
}

bool Scheduler::StopRequested() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

// Callers keep the rule set the targets point into alive (EvaluateIngest/Schedule hold
// the snapshot for the whole call).
Result<AppliedRound> Scheduler::Evaluate(const std::vector<EvaluationTarget>& targets,
                                         std::optional<std::chrono::sys_seconds> as_of, int rule_version) {
  if (targets.empty()) return AppliedRound{};
  std::shared_ptr<const Catalogue> catalogue = catalogue_.Current();
  std::set<std::string> indicators;
  for (const EvaluationTarget& target : targets) indicators.insert(target.indicator);
  Result<EvaluationData> loaded =
      LoadEvaluationData(observations_, WithRelatedIndicators(*catalogue, indicators));
  if (!loaded.ok()) return loaded.status();
  DetectorData data;
  data.catalogue = catalogue.get();
  data.observations = loaded->observations;
  data.revisions = loaded->revisions;
  data.as_of = as_of;
  const DetectorRegistry& registry = DetectorRegistry::Builtin();
  IncrementalStates states;
  std::set<std::string> keys;
  for (const EvaluationTarget& target : targets) {
    const DetectorInfo* info = registry.Find(target.rule->detector);
    if (info != nullptr && !target.unit.empty() && SupportsIncremental(*target.rule, *info)) {
      keys.insert(DetectorStateKey(target.rule->name, target.indicator, target.unit));
    }
  }
  store::DetectorStateStore state_store(observations_.database());
  Result<std::map<std::string, DetectorStateRecord>> stored = state_store.Load(keys);
  if (!stored.ok()) return stored.status();
  states.stored = std::move(*stored);
  RoundResult round = EvaluateRound(targets, data, registry, &states);
  metrics_.IncrementCounter(kEvaluations, {}, static_cast<double>(round.evaluations));
  metrics_.IncrementCounter(kErrors, {}, static_cast<double>(round.errors.size()));
  metrics_.IncrementCounter(kIncremental, {}, static_cast<double>(states.incremental));
  metrics_.IncrementCounter(kFull, {}, static_cast<double>(states.full));
  for (const std::string& error : round.errors) spdlog::warn("rule evaluation: {}", error);
  Result<AppliedRound> applied = alerts_.Apply(round.candidates, rule_version);
  if (!applied.ok()) return applied;
  // Only after the round's alerts are stored: a state is never ahead of its alerts (a
  // crash in between only leaves an older state, i.e. more points to feed next time).
  if (Status written = state_store.Store(states.updated); !written.ok()) {
    spdlog::warn("storing detector states: {} (the next round runs from the older state)", written.ToString());
  }
  return applied;
}

void Scheduler::WorkerLoop() {
  pthread_setname_np(pthread_self(), "kpiwatch-eval");  // as top -H and /proc show it
  if (options_.worker_niceness != 0) {
    // Relative to the process's nice value (as `nice -n`), at most 19.
    const int niceness = std::min(getpriority(PRIO_PROCESS, 0) + options_.worker_niceness, 19);
    if (setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), niceness) != 0) {
      spdlog::warn("scheduler: could not set the evaluation thread's nice value to {}: {}", niceness,
                   std::strerror(errno));
    }
  }
  while (true) {
    Job job;
    std::size_t depth;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      depth = queue_.size();
      busy_ = true;
    }
    metrics_.SetGauge(kQueueDepth, {}, static_cast<double>(depth));
    Result<AppliedRound> applied = job.catch_up         ? EvaluateCatchUp()
                                   : job.minute_of_day ? EvaluateSchedule(*job.minute_of_day)
                                                       : EvaluateIngest(job.touched);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - job.queued_at).count();
    metrics_.ObserveHistogram(kLatency, {}, seconds);
    metrics_.IncrementCounter(kRounds);
    std::size_t raised = 0;
    if (applied.ok()) {
      raised = applied->created.size();
      if (!applied->created.empty() || !applied->updated.empty() || !applied->silenced.empty()) {
        spdlog::info("evaluation: {} alerts raised, {} updated, {} silenced", applied->created.size(),
                     applied->updated.size(), applied->silenced.size());
      }
      for (std::uint64_t id : applied->created) {
        Result<Alert> alert = alerts_.Get(id);
        if (alert.ok()) metrics_.IncrementCounter(kRaised, {{"severity", SeverityName(alert->severity)}});
      }
    } else {
      spdlog::error("evaluation round failed: {}", applied.status().ToString());
    }
    std::lock_guard lock(mutex_);
    busy_ = false;
    ++rounds_;
    alerts_raised_ += raised;
  }
}

void Scheduler::ClockLoop() {
  int last_minute = MinuteOfDay(clock_.Now());
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, options_.tick, [this] { return stopping_; })) return;
    }
    int minute = MinuteOfDay(clock_.Now());
    // Every minute passed since the last tick (at most one day), in order.
    for (int step = 1; last_minute != minute && step <= 24 * 60; ++step) {
      last_minute = (last_minute + 1) % (24 * 60);
      std::shared_ptr<const RuleSetVersion> rules = rules_.Current();
      bool due = std::any_of(rules->rules.rules.begin(), rules->rules.rules.end(), [&](const Rule& rule) {
        return rule.when.kind == RuleSchedule::Kind::kDaily && rule.when.minute_of_day == last_minute;
      });
      if (due) Enqueue({{}, last_minute, false, std::chrono::steady_clock::now()});
    }
    Result<std::size_t> expired = alerts_.RecordExpiredSilences();
    if (!expired.ok()) spdlog::error("recording expired silences: {}", expired.status().ToString());
  }
}

}  // namespace kpiwatch::daemon
