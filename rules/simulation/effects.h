// Injected effects: small pure functions that turn a clean simulated series into one
// with a known gaming, shift or data-quality signature.
//
// Each works on plain vectors (the expected values before noise, or the realised values)
// and changes nothing outside the stated range. Indices outside the vector are ignored,
// so a caller never writes out of bounds. Randomness, where needed, comes from the
// caller's engine.
#pragma once

#include <cstddef>
#include <random>
#include <vector>

namespace kpiwatch::simulation {

using Rng = std::mt19937_64;

// Multiplies values[from...] by `factor`, reaching it linearly over `ramp` periods
// (ramp 0 or 1: a step). A level shift, a shrinking denominator, a weakened proxy.
void ScaleFrom(std::vector<double>& values, std::size_t from, double factor,
               std::size_t ramp = 0);

// Multiplies values[index] by `factor`: an outlier, or one month of a year-end push.
void ScaleAt(std::vector<double>& values, std::size_t index, double factor);

// Threshold bunching: each value in [from_low, from_high) is, with probability
// `probability`, moved to Uniform(to_low, to_high) (e.g. waiting times just over a
// deadline recorded just under it). Returns how many moved.
std::size_t MoveIntoBand(std::vector<double>& values, double from_low, double from_high,
                         double to_low, double to_high, double probability, Rng& rng);

// Target hugging (higher is better): from `from` on, values below `target` are lifted
// to target + Uniform(0, band), and values above are pulled towards the target, keeping
// `keep` of their distance. The distance to target then collapses.
void HugTarget(std::vector<double>& values, std::size_t from, double target, double band,
               double keep, Rng& rng);

// Invented amounts: each amount is, with probability `share`, replaced by a value drawn
// uniformly from [low, high] and rounded to a multiple of `multiple` (first digits
// uniform instead of Benford; last digits heaped on 0 and 5). Returns how many.
std::size_t InventRoundAmounts(std::vector<double>& amounts, double share, double low,
                               double high, double multiple, Rng& rng);

// Too smooth to be true: from `from` on, values are pulled towards `expected`, so the
// variance around it becomes `variance_factor` (< 1) times what it was.
void ShrinkTowardExpected(std::vector<double>& values, const std::vector<double>& expected,
                          std::size_t from, double variance_factor);

}  // namespace kpiwatch::simulation
