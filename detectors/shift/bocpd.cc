#include "detectors/shift/bocpd.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "detectors/stats/noise_scale.h"
#include "detectors/stats/robust.h"
#include "detectors/stats/vector_math.h"

namespace kpiwatch::shift {
namespace {

constexpr double kMu0 = 0.0;
constexpr double kKappa0 = 0.1;
constexpr double kAlpha0 = 1.0;
constexpr double kBeta0 = 1.0;
constexpr std::size_t kTolerance = 2;  // rows either side of a candidate change
constexpr double kLogPi = 1.1447298858494002;
// Standardised values are clamped to +-this many robust sd: beyond it the evidence is
// decisive either way, and squares of larger values would overflow the posterior sums.
constexpr double kMaxStandardised = 1e12;

// The hypotheses "the current segment started at start[i]", each with its Normal-Gamma
// posterior. After count = row - start[i] values the posterior has kappa = kappa0 + count
// and alpha = alpha0 + count / 2, so only mu and beta are stored per hypothesis; log_beta
// is kept alongside beta so that each row costs one log and one exp per hypothesis.
struct Hypotheses {
  std::vector<std::size_t> start;
  std::vector<double> probability, mu, beta, log_beta;

  std::size_t size() const { return start.size(); }
  void Add(std::size_t row, double p, double mu_value, double beta_value, double log_beta_value) {
    start.push_back(row);
    probability.push_back(p);
    mu.push_back(mu_value);
    beta.push_back(beta_value);
    log_beta.push_back(log_beta_value);
  }
  // Moves hypothesis `from` to position `to` (to <= from).
  void Move(std::size_t from, std::size_t to) {
    start[to] = start[from];
    probability[to] = probability[from];
    mu[to] = mu[from];
    beta[to] = beta[from];
    log_beta[to] = log_beta[from];
  }
  // Removes hypothesis i, keeping the order of the others.
  void Erase(std::size_t i) {
    auto erase = [i](auto& v) { v.erase(v.begin() + static_cast<std::ptrdiff_t>(i)); };
    erase(start), erase(probability), erase(mu), erase(beta), erase(log_beta);
  }
  void Resize(std::size_t count) {
    start.resize(count), probability.resize(count), mu.resize(count), beta.resize(count),
        log_beta.resize(count);
  }
};

// What a hypothesis's update needs that depends only on the number of values it has
// absorbed (kappa = kappa0 + count, alpha = alpha0 + count / 2), by count, one array per
// term so that the update loop vectorises:
//  - constant: lgamma(alpha + 1/2) - lgamma(alpha) - (log(2 (kappa + 1) / kappa) + log pi) / 2,
//    so that log predictive = constant - log(beta) / 2 - (2 alpha + 1) / 2 * log(beta' / beta),
//    beta' the posterior beta after the value;
//  - growth_factor: kappa / (2 (kappa + 1)), beta' = beta + growth_factor d^2;
//  - mu_weight: 1 / (kappa + 1), mu += mu_weight (x - mu);
//  - half_nu_plus_1: (2 alpha + 1) / 2.
// The first kSharedTerms counts are computed once per process (immutable) and copied, so
// that short series do not pay two lgamma per row; longer runs are computed on demand.
class RunLengthTerms {
 public:
  explicit RunLengthTerms(std::size_t rows) {
    const RunLengthTerms& shared = Shared();
    std::size_t copied = std::min(rows, shared.size());
    for (auto [to, from] : {std::pair{&constant_, &shared.constant_},
                            {&growth_factor_, &shared.growth_factor_},
                            {&mu_weight_, &shared.mu_weight_},
                            {&half_nu_plus_1_, &shared.half_nu_plus_1_}}) {
      to->assign(from->begin(), from->begin() + static_cast<std::ptrdiff_t>(copied));
    }
  }
  // Makes the terms of counts [0, count] available.
  void Reserve(std::size_t count) {
    while (size() <= count) Append();
  }
  std::size_t size() const { return constant_.size(); }
  const double* constant() const { return constant_.data(); }
  const double* growth_factor() const { return growth_factor_.data(); }
  const double* mu_weight() const { return mu_weight_.data(); }
  const double* half_nu_plus_1() const { return half_nu_plus_1_.data(); }

 private:
  static constexpr std::size_t kSharedTerms = 1024;
  RunLengthTerms() = default;
  static const RunLengthTerms& Shared() {
    static const RunLengthTerms shared = [] {
      RunLengthTerms terms;
      terms.Reserve(kSharedTerms - 1);
      return terms;
    }();
    return shared;
  }
  void Append() {
    double m = static_cast<double>(size());
    double alpha = kAlpha0 + 0.5 * m;
    double kappa = kKappa0 + m;
    constant_.push_back(std::lgamma(alpha + 0.5) - std::lgamma(alpha) -
                        0.5 * (std::log(2.0 * (kappa + 1.0) / kappa) + kLogPi));
    growth_factor_.push_back(kappa / (2.0 * (kappa + 1.0)));
    mu_weight_.push_back(1.0 / (kappa + 1.0));
    half_nu_plus_1_.push_back(alpha + 0.5);
  }

  std::vector<double> constant_, growth_factor_, mu_weight_, half_nu_plus_1_;
};

// What weighing one row leaves for normalising and pruning.
struct Weighing {
  double total_before = 0.0;       // sum of the probabilities before the row
  double total_after = 0.0;        // and after weighing
  double least_old = INFINITY;     // smallest weighed probability among [0, old_end)
  double least_recent = INFINITY;  // and among [old_end, n)
};

// Absorbs x into every hypothesis and multiplies its probability by stay times its
// predictive density of x relative to exp(reference). The hot loop of the filter; the
// sums and minima ride along so that normalising and pruning need no further pass.
KPIWATCH_VECTOR_CLONES
Weighing AbsorbAndWeigh(std::size_t n, std::size_t old_end, const std::size_t* start,
                        std::size_t row, double x, const RunLengthTerms& terms, double reference,
                        double stay, double* probability, double* mu, double* beta,
                        double* log_beta) {
  const double* constant = terms.constant();
  const double* growth_factor = terms.growth_factor();
  const double* mu_weight = terms.mu_weight();
  const double* half_nu_plus_1 = terms.half_nu_plus_1();
  double before = 0.0;
  double after = 0.0;
#pragma omp simd reduction(+ : before, after)
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t count = row - start[i];
    const double d = x - mu[i];
    const double next_beta = beta[i] + growth_factor[count] * d * d;
    const double next_log_beta = std::log(next_beta);
    const double log_ratio = constant[count] - 0.5 * log_beta[i] -
                             half_nu_plus_1[count] * (next_log_beta - log_beta[i]) - reference;
    beta[i] = next_beta;
    log_beta[i] = next_log_beta;
    mu[i] += mu_weight[count] * d;
    before += probability[i];
    probability[i] *= stay * std::exp(log_ratio);
    after += probability[i];
  }
  // (A select, not std::min: GCC vectorises only this form of a min reduction.)
  double least_old = INFINITY;
#pragma omp simd reduction(min : least_old)
  for (std::size_t i = 0; i < old_end; ++i) {
    least_old = probability[i] < least_old ? probability[i] : least_old;
  }
  double least_recent = INFINITY;
#pragma omp simd reduction(min : least_recent)
  for (std::size_t i = old_end; i < n; ++i) {
    least_recent = probability[i] < least_recent ? probability[i] : least_recent;
  }
  return {before, after, least_old, least_recent};
}

// probability[i] *= factor for i < n.
KPIWATCH_VECTOR_CLONES
void Scale(std::size_t n, double factor, double* probability) {
#pragma omp simd
  for (std::size_t i = 0; i < n; ++i) probability[i] *= factor;
}

std::vector<double> Standardise(std::span<const double> values, bool prewhiten) {
  stats::NoiseScale noise = stats::EstimateNoiseScale(values);
  double rho = prewhiten && std::isfinite(noise.lag1) ? noise.lag1 : 0.0;
  std::vector<double> y(values.size());
  for (std::size_t t = 0; t < values.size(); ++t) {
    y[t] = values[t] - rho * values[t > 0 ? t - 1 : 0];
  }
  double center = stats::Median(y);
  double scale = std::sqrt(1.0 - rho * rho) * noise.sd;  // sd of the AR(1) innovations
  if (!(scale > 0.0)) scale = stats::Mad(y);
  if (!(scale > 0.0)) scale = 1.0;
  for (double& v : y) {
    v = (v - center) / scale;
    // NaN only where differences of values near the largest double overflowed.
    v = std::isnan(v) ? 0.0 : std::clamp(v, -kMaxStandardised, kMaxStandardised);
  }
  return y;
}

// One filter step with value x at `row`: predictive, growth, new segment, normalise, prune.
// `scratch` is reused between rows so that a step does not allocate.
void Update(Hypotheses& h, RunLengthTerms& terms, std::vector<double>& scratch, std::size_t row,
            double x, const BocpdOptions& options) {
  const double hazard = 1.0 / options.hazard_lambda;
  const std::size_t n = h.size();
  // The predictive densities are taken relative to the new segment's (the prior
  // predictive). That needs no pass for their maximum and cannot overflow: beta >= beta0
  // bounds every log predictive by log(alpha) / 2, and the values are clamped to
  // +-kMaxStandardised, which bounds the prior's from below by about -80.
  const double prior_growth = kKappa0 * (x - kMu0) * (x - kMu0) / (2.0 * (kKappa0 + 1.0));
  // log of the new segment's beta, beta0 + prior_growth, also gives the prior predictive.
  const double log_growth = std::log1p(prior_growth / kBeta0);
  const double log_beta0 = std::log(kBeta0);
  const double prior_log =
      terms.constant()[0] - 0.5 * log_beta0 - 0.5 * (2.0 * kAlpha0 + 1.0) * log_growth;
  const double stay = 1.0 - hazard;
  if (n > 0) terms.Reserve(row - h.start[0]);  // the oldest hypothesis has the longest run
  // The hypotheses are in start order: [0, old_end) are the ones past the protected rows
  // (the new one, at `row`, is protected).
  std::size_t old_end = n;
  while (old_end > 0 && h.start[old_end - 1] + options.lag + kTolerance >= row) --old_end;
  Weighing w = AbsorbAndWeigh(n, old_end, h.start.data(), row, x, terms, prior_log, stay,
                              h.probability.data(), h.mu.data(), h.beta.data(), h.log_beta.data());
  const double new_probability = n == 0 ? 1.0 : hazard * w.total_before;
  const double total = w.total_after + new_probability;
  h.Add(row, new_probability, (kKappa0 * kMu0 + x) / (kKappa0 + 1.0), kBeta0 + prior_growth,
        log_beta0 + log_growth);

  // Normalise. Scaling by a positive factor keeps the order of the probabilities, and so
  // the minima: the scaled minimum is the minimum of the scaled values, bit for bit.
  double* probability = h.probability.data();
  const std::size_t count = h.size();
  const double inverse_total = 1.0 / total;
  Scale(count, inverse_total, probability);
  const double least_old = w.least_old * inverse_total;

  // Keep start rows at least prune_threshold probable or still within lag + tolerance
  // rows of the present; of those, at most max_hypotheses, the most probable (the
  // earlier row first among equal probabilities). Order is preserved.
  auto eligible = [&](std::size_t i) {
    return i >= old_end || probability[i] >= options.prune_threshold;
  };
  std::size_t kept = count;
  // The least probable of all: the weighed ones' minima, and the new one (the last).
  double smallest = std::min({least_old, w.least_recent * inverse_total, probability[count - 1]});
  if (!(least_old >= options.prune_threshold)) {  // rarely: something to prune
    kept = 0;
    while (kept < count && eligible(kept)) ++kept;
    for (std::size_t i = kept; i < count; ++i) {
      if (eligible(i)) h.Move(i, kept++);
    }
    h.Resize(kept);
    smallest = *std::min_element(h.probability.begin(), h.probability.end());
  }
  if (kept == options.max_hypotheses + 1) {
    // The usual case once the cap binds (one start row is added per row): drop the least
    // probable, the latest among equals.
    std::size_t least = kept - 1;
    while (least > 0 && !(probability[least] == smallest)) --least;
    h.Erase(least);
  } else if (kept > options.max_hypotheses) {
    scratch.assign(h.probability.begin(), h.probability.end());
    auto cut = scratch.begin() + static_cast<std::ptrdiff_t>(options.max_hypotheses - 1);
    std::nth_element(scratch.begin(), cut, scratch.end(), std::greater<double>());
    const double cutoff = *cut;  // the max_hypotheses-th largest probability
    std::size_t above = 0;
    for (double p : h.probability) above += p > cutoff ? 1 : 0;
    std::size_t ties = options.max_hypotheses - above;  // kept among p == cutoff
    std::size_t out = 0;
    for (std::size_t i = 0; i < h.size(); ++i) {
      bool keep = h.probability[i] > cutoff || (h.probability[i] == cutoff && ties > 0);
      if (!keep) continue;
      if (!(h.probability[i] > cutoff)) --ties;
      if (out != i) h.Move(i, out);
      ++out;
    }
    h.Resize(out);
  }
}

// P(start in [center - tolerance, center + tolerance]) under the current posterior; the
// start of the series (row 0) is not a change.
double StartProbability(const Hypotheses& h, std::size_t center) {
  // The hypotheses are in start order: scan back from the latest to the window.
  double p = 0.0;
  for (std::size_t i = h.size(); i-- > 0 && h.start[i] + kTolerance >= center;) {
    if (h.start[i] > 0 && h.start[i] <= center + kTolerance) p += h.probability[i];
  }
  return std::min(p, 1.0);  // the normalised sum can round to just above 1
}

}  // namespace

std::vector<double> BocpdChangeProbabilities(std::span<const double> values,
                                             const BocpdOptions& options) {
  std::vector<double> y = Standardise(values, options.prewhiten);
  std::vector<double> probability(y.size(), 0.0);
  Hypotheses hypotheses;
  RunLengthTerms terms(y.size());
  std::vector<double> scratch;
  for (std::size_t row = 0; row < y.size(); ++row) {
    Update(hypotheses, terms, scratch, row, y[row], options);
    if (row >= options.lag && row - options.lag > 0) {
      probability[row - options.lag] = StartProbability(hypotheses, row - options.lag);
    }
  }
  // Candidates within `lag` of the end are judged on the data there is.
  for (std::size_t c = y.size() > options.lag ? y.size() - options.lag : 1; c < y.size(); ++c) {
    probability[c] = StartProbability(hypotheses, c);
  }
  return probability;
}

std::vector<BocpdChange> RunBocpd(std::span<const double> values, const BocpdOptions& options) {
  std::vector<double> probability = BocpdChangeProbabilities(values, options);
  std::vector<BocpdChange> changes;
  std::size_t row = 1;
  while (row < probability.size()) {
    if (!(probability[row] >= options.threshold)) {  // NaN-safe: never stalls the scan
      ++row;
      continue;
    }
    BocpdChange best{row, probability[row]};
    for (; row < probability.size() && probability[row] >= options.threshold; ++row) {
      if (probability[row] > best.probability) best = {row, probability[row]};
    }
    if (!changes.empty() && best.row < changes.back().row + options.lag) {
      if (best.probability > changes.back().probability) changes.back() = best;
    } else {
      changes.push_back(best);
    }
  }
  return changes;
}

}  // namespace kpiwatch::shift
