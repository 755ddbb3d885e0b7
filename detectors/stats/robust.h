// Robust location and scale, and plain summary statistics, shared by all detectors.
#pragma once

#include <span>
#include <vector>

namespace kpiwatch::stats {

// Scales a median absolute deviation to a consistent sd under normality: 1 / Phi^-1(3/4).
inline constexpr double kMadToSd = 1.482602218505602;

// Arithmetic mean; NaN for an empty input.
double Mean(std::span<const double> x);
// Unbiased sample variance (divisor n-1); NaN for fewer than 2 values.
double Variance(std::span<const double> x);
// Median (average of the two middle values for even n); NaN for empty input.
double Median(std::span<const double> x);
// Median(values) without a copy: reorders `values` (a selection). NaN for empty input.
double MedianInPlace(std::span<double> values);
// Quantile by R's default definition (type 7, linear interpolation), p in [0, 1].
double Quantile(std::span<const double> x, double p);
// Median absolute deviation scaled by 1.4826, a consistent estimate of the standard
// deviation under normality (as R's mad()). NaN for empty input.
double Mad(std::span<const double> x);
// Mad(x) when center = Median(x) is already known (saves one selection).
double MadAbout(std::span<const double> x, double center);
// Robust noise scale of a series from its first differences: MAD(diff(x)) / sqrt(2).
// Insensitive to level shifts (a shift spoils one difference). NaN for n < 3.
double DifferenceMad(std::span<const double> x);
// Lag-1 autocorrelation (sum of lagged products over sum of squares, as R's acf()).
double Lag1Autocorrelation(std::span<const double> x);

}  // namespace kpiwatch::stats
