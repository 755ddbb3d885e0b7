// Benjamini-Hochberg control of the false-discovery rate.
//
// Benjamini, Y. and Hochberg, Y. (1995), "Controlling the false discovery rate: a practical
// and powerful approach to multiple testing", JRSS B 57(1): with m p-values sorted
// p_(1) <= ... <= p_(m), reject the hypotheses of p_(1..k) for the largest k with
// p_(k) <= k q / m. Under independence (or positive dependence) the expected share of
// false rejections among the rejections is at most q (m0/m q); when every hypothesis is
// null, that is the probability of any rejection. BenjaminiHochberg (the flags) is
// declared in rules/evaluation/evaluator.h.
#pragma once

#include <span>
#include <vector>

namespace kpiwatch {

// BH-adjusted p-values as R's p.adjust(p, method = "BH"): min over j >= i of m p_(j) / j,
// capped at 1, in input order. NaN inputs stay NaN and do not count in m (R's NA).
std::vector<double> BenjaminiHochbergAdjusted(std::span<const double> p_values);

}  // namespace kpiwatch
