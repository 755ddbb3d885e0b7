#include "detectors/shift/bocpd.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "detectors/stats/noise_scale.h"
#include "detectors/stats/robust.h"

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
// is kept alongside beta (updated by log1p of its growth factor) so that each row costs
// one log1p and one exp per hypothesis.
struct Hypotheses {
  std::vector<std::size_t> start;
  std::vector<double> probability, mu, beta, log_beta, log_predictive;

  std::size_t size() const { return start.size(); }
  void Add(std::size_t row, double p, double mu_value, double beta_value) {
    start.push_back(row);
    probability.push_back(p);
    mu.push_back(mu_value);
    beta.push_back(beta_value);
    log_beta.push_back(std::log(beta_value));
    log_predictive.push_back(0.0);
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
    erase(start), erase(probability), erase(mu), erase(beta), erase(log_beta), erase(log_predictive);
  }
  void Resize(std::size_t count) {
    start.resize(count), probability.resize(count), mu.resize(count), beta.resize(count),
        log_beta.resize(count), log_predictive.resize(count);
  }
};

// What a hypothesis's update needs that depends only on the number of values it has
// absorbed (kappa = kappa0 + count, alpha = alpha0 + count / 2), cached by that count.
struct RunLengthTerm {
  // lgamma(alpha + 1/2) - lgamma(alpha) - (log(2 (kappa + 1) / kappa) + log pi) / 2, so that
  // log predictive = constant - log(beta) / 2 - (2 alpha + 1) / 2 * log1p(growth / beta).
  double constant;
  double growth_factor;  // kappa / (2 (kappa + 1)): growth of beta = growth_factor d^2
  double mu_weight;      // 1 / (kappa + 1): mu += mu_weight (x - mu)
  double half_nu_plus_1; // (2 alpha + 1) / 2
};

class RunLengthTerms {
 public:
  const RunLengthTerm& operator[](std::size_t count) {
    while (terms_.size() <= count) {
      double m = static_cast<double>(terms_.size());
      double alpha = kAlpha0 + 0.5 * m;
      double kappa = kKappa0 + m;
      terms_.push_back({std::lgamma(alpha + 0.5) - std::lgamma(alpha) -
                            0.5 * (std::log(2.0 * (kappa + 1.0) / kappa) + kLogPi),
                        kappa / (2.0 * (kappa + 1.0)), 1.0 / (kappa + 1.0), alpha + 0.5});
    }
    return terms_[count];
  }

 private:
  std::vector<RunLengthTerm> terms_;
};

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
  double max_log = -INFINITY;
  double total_before = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const RunLengthTerm& term = terms[row - h.start[i]];
    const double d = x - h.mu[i];
    const double growth = term.growth_factor * d * d;  // beta's increase
    const double log1p_q = std::log1p(growth / h.beta[i]);
    h.log_predictive[i] = term.constant - 0.5 * h.log_beta[i] - term.half_nu_plus_1 * log1p_q;
    max_log = std::max(max_log, h.log_predictive[i]);
    total_before += h.probability[i];
    h.beta[i] += growth;
    h.log_beta[i] += log1p_q;
    h.mu[i] += term.mu_weight * d;
  }
  const double prior_growth = kKappa0 * (x - kMu0) * (x - kMu0) / (2.0 * (kKappa0 + 1.0));
  const double prior_log = terms[0].constant - 0.5 * std::log(kBeta0) -
                           0.5 * (2.0 * kAlpha0 + 1.0) * std::log1p(prior_growth / kBeta0);
  max_log = std::max(max_log, prior_log);
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    h.probability[i] *= (1.0 - hazard) * std::exp(h.log_predictive[i] - max_log);
    total += h.probability[i];
  }
  double new_probability = (n == 0 ? 1.0 : hazard * total_before) * std::exp(prior_log - max_log);
  total += new_probability;
  h.Add(row, new_probability, (kKappa0 * kMu0 + x) / (kKappa0 + 1.0), kBeta0 + prior_growth);

  // Keep start rows at least prune_threshold probable or still within lag + tolerance
  // rows of the present; of those, at most max_hypotheses, the most probable (the
  // earlier row first among equal probabilities). Order is preserved.
  auto eligible = [&](std::size_t i) {
    return h.probability[i] >= options.prune_threshold || h.start[i] + options.lag + kTolerance >= row;
  };
  std::size_t kept = 0;
  for (std::size_t i = 0; i < h.size(); ++i) {
    h.probability[i] /= total;  // normalise
    if (!eligible(i)) continue;
    if (kept != i) h.Move(i, kept);
    ++kept;
  }
  h.Resize(kept);
  if (kept == options.max_hypotheses + 1) {
    // The usual case once the cap binds (one start row is added per row): drop the least
    // probable, the latest among equals.
    std::size_t least = 0;
    for (std::size_t i = 1; i < kept; ++i) {
      if (h.probability[i] <= h.probability[least]) least = i;
    }
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
  double p = 0.0;
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (h.start[i] > 0 && h.start[i] + kTolerance >= center && h.start[i] <= center + kTolerance) {
      p += h.probability[i];
    }
  }
  return std::min(p, 1.0);  // the normalised sum can round to just above 1
}

}  // namespace

std::vector<double> BocpdChangeProbabilities(std::span<const double> values,
                                             const BocpdOptions& options) {
  std::vector<double> y = Standardise(values, options.prewhiten);
  std::vector<double> probability(y.size(), 0.0);
  Hypotheses hypotheses;
  RunLengthTerms terms;
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
