#include "detectors/shift/bocpd.h"

#include <algorithm>
#include <cmath>
#include <numeric>

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

// The Normal-Gamma posterior of one hypothesis "the current segment started at `start`".
struct Hypotheses {
  std::vector<std::size_t> start;
  std::vector<double> probability, mu, kappa, alpha, beta, log_predictive;

  std::size_t size() const { return start.size(); }
  void Add(std::size_t row, double p) {
    start.push_back(row);
    probability.push_back(p);
    mu.push_back(kMu0);
    kappa.push_back(kKappa0);
    alpha.push_back(kAlpha0);
    beta.push_back(kBeta0);
    log_predictive.push_back(0.0);
  }
  void Keep(const std::vector<std::size_t>& kept) {
    auto pick = [&](auto& v) {
      for (std::size_t i = 0; i < kept.size(); ++i) v[i] = v[kept[i]];
      v.resize(kept.size());
    };
    pick(start), pick(probability), pick(mu), pick(kappa), pick(alpha), pick(beta), pick(log_predictive);
  }
};

// lgamma(alpha + 1/2) - lgamma(alpha) for alpha = alpha0 + m / 2, cached by m.
class GammaRatio {
 public:
  double operator()(double alpha) {
    auto m = static_cast<std::size_t>(std::lround(2.0 * (alpha - kAlpha0)));
    while (cache_.size() <= m) {
      double a = kAlpha0 + 0.5 * static_cast<double>(cache_.size());
      cache_.push_back(std::lgamma(a + 0.5) - std::lgamma(a));
    }
    return cache_[m];
  }

 private:
  std::vector<double> cache_;
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
  for (double& v : y) v = (v - center) / scale;
  return y;
}

// One filter step with value x at `row`: predictive, growth, new segment, normalise, prune.
void Update(Hypotheses& h, GammaRatio& gamma_ratio, std::size_t row, double x,
            const BocpdOptions& options) {
  const double hazard = 1.0 / options.hazard_lambda;
  const std::size_t n = h.size();
  double max_log = -INFINITY;
  for (std::size_t i = 0; i < n; ++i) {
    double nu = 2.0 * h.alpha[i];
    double scale2 = h.beta[i] * (h.kappa[i] + 1.0) / (h.alpha[i] * h.kappa[i]);
    double d = x - h.mu[i];
    h.log_predictive[i] = gamma_ratio(h.alpha[i]) - 0.5 * (std::log(nu * scale2) + kLogPi) -
                          0.5 * (nu + 1.0) * std::log1p(d * d / (nu * scale2));
    max_log = std::max(max_log, h.log_predictive[i]);
  }
  double prior_log = gamma_ratio(kAlpha0) -
                     0.5 * (std::log(2.0 * kAlpha0 * kBeta0 * (kKappa0 + 1.0) / (kAlpha0 * kKappa0)) + kLogPi) -
                     0.5 * (2.0 * kAlpha0 + 1.0) *
                         std::log1p((x - kMu0) * (x - kMu0) * kAlpha0 * kKappa0 /
                                    (2.0 * kAlpha0 * kBeta0 * (kKappa0 + 1.0)));
  max_log = std::max(max_log, prior_log);
  double total_before = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    total_before += h.probability[i];
    h.probability[i] *= (1.0 - hazard) * std::exp(h.log_predictive[i] - max_log);
    double kappa = h.kappa[i] + 1.0;
    h.beta[i] += h.kappa[i] * (x - h.mu[i]) * (x - h.mu[i]) / (2.0 * kappa);
    h.mu[i] = (h.kappa[i] * h.mu[i] + x) / kappa;
    h.kappa[i] = kappa;
    h.alpha[i] += 0.5;
  }
  double new_probability = (n == 0 ? 1.0 : hazard * total_before) * std::exp(prior_log - max_log);
  h.Add(row, new_probability);
  std::size_t last = h.size() - 1;
  h.beta[last] += kKappa0 * (x - kMu0) * (x - kMu0) / (2.0 * (kKappa0 + 1.0));
  h.mu[last] = (kKappa0 * kMu0 + x) / (kKappa0 + 1.0);
  h.kappa[last] = kKappa0 + 1.0;
  h.alpha[last] = kAlpha0 + 0.5;
  double total = std::accumulate(h.probability.begin(), h.probability.end(), 0.0);
  for (double& p : h.probability) p /= total;

  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (h.probability[i] >= options.prune_threshold || h.start[i] + options.lag + kTolerance >= row) {
      kept.push_back(i);
    }
  }
  if (kept.size() > options.max_hypotheses) {
    std::nth_element(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(options.max_hypotheses),
                     kept.end(), [&](std::size_t a, std::size_t b) { return h.probability[a] > h.probability[b]; });
    kept.resize(options.max_hypotheses);
    std::sort(kept.begin(), kept.end());
  }
  if (kept.size() < h.size()) h.Keep(kept);
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
  return p;
}

}  // namespace

std::vector<double> BocpdChangeProbabilities(std::span<const double> values,
                                             const BocpdOptions& options) {
  std::vector<double> y = Standardise(values, options.prewhiten);
  std::vector<double> probability(y.size(), 0.0);
  Hypotheses hypotheses;
  GammaRatio gamma_ratio;
  for (std::size_t row = 0; row < y.size(); ++row) {
    Update(hypotheses, gamma_ratio, row, y[row], options);
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
    if (probability[row] < options.threshold) {
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
