#include "detectors/proxy/proxy_design.h"

#include <cmath>
#include <map>
#include <optional>

namespace kpiwatch::proxy {
namespace {

bool AllHavePeriods(const DetectorInput& input, const std::vector<const RelatedSeries*>& related) {
  if (!input.series.has_periods()) return false;
  for (const RelatedSeries* series : related) {
    if (!series->series.has_periods()) return false;
  }
  return true;
}

// The value of `series` at `period`, or nullopt when it is not observed there.
std::optional<double> ValueAt(const Series& series, const Period& period) {
  for (std::size_t i = 0; i < series.periods.size(); ++i) {
    if (series.periods[i] == period) return series.values[i];
  }
  return std::nullopt;
}

}  // namespace

Result<ProxyDesign> BuildProxyDesign(const DetectorInput& input, bool seasonal) {
  const RelatedSeries* outcome = nullptr;
  std::vector<const RelatedSeries*> regressors;  // further proxies
  for (const RelatedSeries& related : input.related) {
    if (related.relation == Relation::kOutcome && outcome == nullptr) outcome = &related;
    if (related.relation == Relation::kProxy) regressors.push_back(&related);
  }
  if (outcome == nullptr) {
    return Status::FailedPrecondition("no outcome series: proxy_drift needs a related series with "
                                      "relation 'outcome' (the quantity the proxy stands in for)");
  }
  std::vector<const RelatedSeries*> all = regressors;
  all.push_back(outcome);
  const bool by_period = AllHavePeriods(input, all);
  if (!by_period) {
    for (const RelatedSeries* related : all) {
      if (related->series.size() != input.series.size()) {
        return Status::FailedPrecondition("series without periods must have equal lengths to be "
                                          "matched by position");
      }
    }
  }
  if (seasonal) {
    if (!input.series.has_periods()) return Status::FailedPrecondition("seasonal terms need periods");
    const Cadence cadence = input.series.periods.front().cadence();
    if (cadence != Cadence::kMonth && cadence != Cadence::kQuarter) {
      return Status::FailedPrecondition("seasonal terms need a monthly or quarterly series");
    }
  }

  ProxyDesign design;
  design.outcome_name = outcome->indicator.id.empty() ? outcome->series.indicator : outcome->indicator.id;
  design.column_names = {"intercept", input.indicator.id.empty() ? input.series.indicator : input.indicator.id};
  for (const RelatedSeries* related : regressors) design.column_names.push_back(related->indicator.id);
  const int seasons = seasonal ? PeriodsPerYear(input.series.periods.front().cadence()) : 0;
  for (int s = 2; s <= seasons; ++s) design.column_names.push_back("season_" + std::to_string(s));

  std::vector<std::vector<double>> rows;
  std::vector<double> outcomes;
  for (std::size_t i = 0; i < input.series.size(); ++i) {
    std::vector<double> row = {1.0, input.series.values[i]};
    auto value_of = [&](const Series& series) -> std::optional<double> {
      return by_period ? ValueAt(series, input.series.periods[i]) : std::optional(series.values[i]);
    };
    bool complete = std::isfinite(row[1]);
    for (const RelatedSeries* related : regressors) {
      std::optional<double> value = value_of(related->series);
      complete = complete && value && std::isfinite(*value);
      row.push_back(value.value_or(NAN));
    }
    std::optional<double> y = value_of(outcome->series);
    if (!complete || !y || !std::isfinite(*y)) continue;
    for (int s = 2; s <= seasons; ++s) {
      row.push_back(input.series.periods[i].position_in_year() == s ? 1.0 : 0.0);
    }
    rows.push_back(std::move(row));
    outcomes.push_back(*y);
    design.series_rows.push_back(i);
  }
  const auto n = static_cast<Eigen::Index>(rows.size());
  const auto k = static_cast<Eigen::Index>(design.column_names.size());
  design.x.resize(n, k);
  design.y.resize(n);
  for (Eigen::Index r = 0; r < n; ++r) {
    for (Eigen::Index c = 0; c < k; ++c) design.x(r, c) = rows[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
    design.y(r) = outcomes[static_cast<std::size_t>(r)];
  }
  return design;
}

void QuasiDifference(double rho, Eigen::MatrixXd& x, Eigen::VectorXd& y) {
  const Eigen::Index n = x.rows();
  if (n < 2) return;
  Eigen::MatrixXd x_new = x.bottomRows(n - 1) - rho * x.topRows(n - 1);
  Eigen::VectorXd y_new = y.tail(n - 1) - rho * y.head(n - 1);
  x = std::move(x_new);
  y = std::move(y_new);
}

}  // namespace kpiwatch::proxy
