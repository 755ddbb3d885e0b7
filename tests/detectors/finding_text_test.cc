// The explanation texts format numbers as printf's %.*g and %.1f%% did (they now use
// std::to_chars, which is faster); these pin that the output did not change.
#include "detectors/core/finding_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

namespace kpiwatch {
namespace {

std::string Printf(const char* format, int digits, double value) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, format, digits, value);
  return buffer;
}

TEST(FindingTextTest, NumberTextIsPrintfGeneralFormat) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> mantissa(-10.0, 10.0);
  std::uniform_int_distribution<int> exponent(-30, 30);
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    double value = mantissa(rng) * std::pow(10.0, exponent(rng));
    if (i % 7 == 0) value = std::round(value);  // integers and exact halves round like printf
    for (int digits : {1, 2, 3, 4, 6, 10, 17}) {
      ASSERT_EQ(NumberText(value, digits), Printf("%.*g", digits, value)) << value << " " << digits;
      ++checked;
    }
  }
  for (double value : {0.0, -0.0, 0.5, 1.5, 2.5, 0.125, 1e-300, 1e300, 123456789.0,
                       std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min()}) {
    EXPECT_EQ(NumberText(value, 3), Printf("%.*g", 3, value)) << value;
  }
  EXPECT_EQ(checked, 140000);
}

TEST(FindingTextTest, PercentTextIsOneDecimalWithPercentSign) {
  EXPECT_EQ(PercentText(0.0), "0.0%");
  EXPECT_EQ(PercentText(0.1234), "12.3%");
  EXPECT_EQ(PercentText(1.0), "100.0%");
  EXPECT_EQ(PercentText(-0.005), Printf("%.*f", 1, -0.5) + "%");
  EXPECT_EQ(PercentText(1e300), Printf("%.*f", 1, 1e302) + "%");
}

}  // namespace
}  // namespace kpiwatch
