// Scheduler: runs the rules when a batch lands and on daily schedules, off the ingest path.
//
// Ingest hands over the series a stored batch touched (OnBatchStored, never blocks); one
// worker thread evaluates them in order: the on_ingest rules matching those series
// (cross-section detectors on the touched indicators), over every stored point of the
// indicators involved, and gives the round's candidates to the AlertService. A clock
// thread queues the `daily HH:MM` rules at their minute (as_of = now) and records expired
// silences. The queue is bounded: when `queue_capacity` rounds are waiting, Saturated()
// is true and ingest answers 503 with Retry-After before storing anything. On start a
// catch-up round evaluates every stored series, so batches acknowledged just before a
// crash are evaluated after the restart (alerts are deduplicated, so this is idempotent).
// The catch-up and the daily rounds cover the whole store, so they run one indicator at a
// time: each indicator (with the indicators related to it) is loaded, evaluated, its
// alerts stored and its rows dropped before the next, so memory holds one indicator's
// rows, not the store's, and Stop() is not held up by a long pass. Each indicator's part
// is its own round, also for the rules' FDR control (the family is that indicator's
// targets of the rule). The series list of the catch-up is read on the worker thread, so
// start-up does not wait for it. Queue depth, rounds and evaluation latency are exported
// as metrics.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "daemon/alerts/alert_service.h"
#include "daemon/catalogue/catalogue_service.h"
#include "daemon/clock.h"
#include "daemon/metrics/registry.h"
#include "daemon/rules/rule_service.h"
#include "daemon/store/observation_store.h"
#include "rules/evaluation/evaluator.h"

namespace kpiwatch::daemon {

struct SchedulerOptions {
  std::size_t queue_capacity = 256;                // rounds waiting before ingest gets 503
  std::chrono::milliseconds tick{std::chrono::seconds(20)};  // how often the clock is checked
  bool catch_up_on_start = true;                   // evaluate every stored series after start
  // How much nicer than the process the worker thread runs (Linux, per thread; the result
  // is at most 19): evaluation is background work, so when the CPU is short it yields to
  // ingest and reads, which clients wait on; when the CPU is idle it runs at full speed
  // all the same. 0 keeps the process's priority.
  int worker_niceness = 10;
};

struct SchedulerState {
  std::size_t queued = 0;       // rounds waiting
  bool busy = false;            // a round is running
  std::uint64_t rounds = 0;     // rounds finished since start
  std::uint64_t alerts_raised = 0;
};

class Scheduler {
 public:
  Scheduler(const store::ObservationStore& observations, const CatalogueService& catalogue,
            const RuleService& rules, AlertService& alerts, metrics::Registry& metrics,
            const Clock& clock, SchedulerOptions options);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Starts the worker thread (named "kpiwatch-eval", options.worker_niceness nicer than the
  // process) and the clock thread, and queues the catch-up round (which lists the stored
  // series on the worker thread).
  Status Start();
  // Finishes the running round and stops; rounds still queued are dropped (the next
  // start's catch-up round evaluates them). Idempotent.
  void Stop();

  // True when the queue is full: callers should refuse new batches (503, Retry-After).
  bool Saturated() const;
  // Queues a round for the series a stored batch touched. Never blocks; a round is
  // queued even when saturated (the batch is already stored).
  void OnBatchStored(std::vector<TouchedSeries> touched);
  SchedulerState State() const;

  // Evaluates the on_ingest rules for `touched` on the calling thread (the worker uses
  // this; tests call it directly). Returns what the alert service changed.
  Result<AppliedRound> EvaluateIngest(const std::vector<TouchedSeries>& touched);
  // Evaluates the daily rules due at `minute_of_day` over every stored series, one
  // indicator at a time; returns what changed in all parts (the first failure, when a
  // part failed: the other parts are applied all the same).
  Result<AppliedRound> EvaluateSchedule(int minute_of_day);
  // The catch-up round: the on_ingest rules over every stored series, one indicator at a
  // time, as EvaluateSchedule. Both stop between indicators (returning what was applied)
  // once Stop() was called.
  Result<AppliedRound> EvaluateCatchUp();

 private:
  struct Job {
    std::vector<TouchedSeries> touched;  // ingest round
    std::optional<int> minute_of_day;    // schedule round
    bool catch_up = false;               // catch-up round (touched is empty)
    std::chrono::steady_clock::time_point queued_at;
  };
  // The targets of one indicator's part of a whole-store round.
  using PartTargets = std::function<std::vector<EvaluationTarget>(const RuleSet& rules, const Catalogue& catalogue,
                                                                  std::span<const TouchedSeries> series)>;
  // Runs a whole-store round one indicator at a time (see the class comment).
  Result<AppliedRound> EvaluateByIndicator(const PartTargets& targets_of,
                                           std::optional<std::chrono::sys_seconds> as_of);
  Result<AppliedRound> Evaluate(const std::vector<EvaluationTarget>& targets,
                                std::optional<std::chrono::sys_seconds> as_of, int rule_version);
  bool StopRequested() const;
  void WorkerLoop();
  void ClockLoop();
  void Enqueue(Job job);

  const store::ObservationStore& observations_;
  const CatalogueService& catalogue_;
  const RuleService& rules_;
  AlertService& alerts_;
  metrics::Registry& metrics_;
  const Clock& clock_;
  SchedulerOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  bool busy_ = false;
  std::uint64_t rounds_ = 0;
  std::uint64_t alerts_raised_ = 0;
  std::thread worker_;
  std::thread clock_thread_;
};

}  // namespace kpiwatch::daemon
