// Runs the built `kpiwatch detect` on inline CSV files, as a user would.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "detectors/core/registry.h"
#include "tests/support/daemon_process.h"
#include "tests/support/simulate.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch {
namespace {

using ::testing::HasSubstr;
using testing::RunCli;
using testing::TempDir;
using testing::WriteFile;

bool HavePelt() { return DetectorRegistry::Builtin().Find("pelt") != nullptr; }

// 100 rows of Normal(0, 1) noise (seeded) with a shift of +5 from row 50 on.
std::vector<double> ShiftAt50() {
  testing::Rng rng(7);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> values;
  for (int i = 0; i < 100; ++i) values.push_back((i >= 50 ? 5.0 : 0.0) + noise(rng));
  return values;
}

std::string TValueCsv(const std::vector<double>& values) {
  std::string csv = "t,value\n";
  for (std::size_t i = 0; i < values.size(); ++i) {
    csv += std::to_string(i + 1) + "," + std::to_string(values[i]) + "\n";
  }
  return csv;
}

std::string MonthOf(std::size_t i) {
  return Period::FromOrdinal(Cadence::kMonth, 2015 * 12 + static_cast<std::int64_t>(i)).ToString();
}

TEST(DetectCommandTest, ListJsonHasEveryRegisteredDetector) {
  testing::CommandResult result = RunCli({"detect", "--list", "--output", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  boost::json::value json = boost::json::parse(result.output);
  const boost::json::array& listed = json.at("detectors").as_array();
  const DetectorRegistry& registry = DetectorRegistry::Builtin();
  ASSERT_EQ(listed.size(), registry.detectors().size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const DetectorInfo& info = registry.detectors()[i];
    EXPECT_EQ(listed[i].at("name").as_string(), info.name);
    const boost::json::array& params = listed[i].at("params").as_array();
    ASSERT_EQ(params.size(), info.params.size());
    for (std::size_t p = 0; p < params.size(); ++p) {
      EXPECT_EQ(params[p].at("default").as_string(), info.params[p].default_value);
      EXPECT_EQ(params[p].at("type").as_string(), ParamTypeName(info.params[p].type));
    }
  }
}

TEST(DetectCommandTest, ListTableNamesEveryDetectorAndParameter) {
  testing::CommandResult result = RunCli({"detect", "--list"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  for (const DetectorInfo& info : DetectorRegistry::Builtin().detectors()) {
    EXPECT_THAT(result.output, HasSubstr(info.name + " (" + info.family));
    for (const ParamSpec& spec : info.params) EXPECT_THAT(result.output, HasSubstr(spec.name));
  }
}

TEST(DetectCommandTest, UnknownDetectorIsExitTwoNamingIt) {
  TempDir dir;
  WriteFile(dir / "data.csv", "t,value\n1,1\n");
  testing::CommandResult result =
      RunCli({"detect", (dir / "data.csv").string(), "--detector", "pelx"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output, HasSubstr("unknown detector 'pelx'"));
  if (HavePelt()) {
    EXPECT_THAT(result.output, HasSubstr("did you mean 'pelt'?"));
  }
}

TEST(DetectCommandTest, BadParameterIsExitTwoNamingIt) {
  if (!HavePelt()) GTEST_SKIP() << "pelt not registered yet";
  TempDir dir;
  WriteFile(dir / "data.csv", "t,value\n1,1\n");
  testing::CommandResult result = RunCli({"detect", (dir / "data.csv").string(), "--detector",
                                          "pelt", "--param", "penalti=bic"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output, HasSubstr("penalti: unknown parameter of detector 'pelt'"));
  result = RunCli({"detect", (dir / "data.csv").string(), "--detector", "pelt", "--param", "x"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output, HasSubstr("--param expects key=value, got 'x'"));
}

TEST(DetectCommandTest, IndicesOfAShiftAtRowFifty) {
  if (!HavePelt()) GTEST_SKIP() << "pelt not registered yet";
  TempDir dir;
  WriteFile(dir / "data.csv", TValueCsv(ShiftAt50()));
  testing::CommandResult result = RunCli(
      {"detect", (dir / "data.csv").string(), "--detector", "pelt", "--output", "indices"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.output, "50\n");
}

TEST(DetectCommandTest, PeriodStampsFromStandardInput) {
  if (!HavePelt()) GTEST_SKIP() << "pelt not registered yet";
  std::vector<double> values = ShiftAt50();
  std::string csv = "t;value\n";
  for (std::size_t i = 0; i < values.size(); ++i) csv += MonthOf(i) + ";" + std::to_string(values[i]) + "\n";
  testing::CommandResult result =
      RunCli({"detect", "-", "--detector", "pelt", "--output", "json"}, csv);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  boost::json::value json = boost::json::parse(result.output);
  EXPECT_EQ(json.at("detector").as_string(), "pelt");
  EXPECT_EQ(json.at("points").to_number<int>(), 100);
  const boost::json::array& findings = json.at("findings").as_array();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].at("row").to_number<int>(), 50);
  EXPECT_EQ(findings[0].at("period").as_string(), MonthOf(50));
  EXPECT_EQ(findings[0].at("indicator").as_string(), "stdin");  // named after the input
}

TEST(DetectCommandTest, ObservationFormatSelectsOneSeries) {
  if (!HavePelt()) GTEST_SKIP() << "pelt not registered yet";
  std::vector<double> values = ShiftAt50();
  std::string csv = "indicator,unit,period,value\n";
  for (std::size_t i = 0; i < values.size(); ++i) {
    csv += "wp.uitstroom,noord," + MonthOf(i) + "," + std::to_string(values[i]) + "\n";
    csv += "wp.uitstroom,zuid," + MonthOf(i) + "," + std::to_string(values[(i + 20) % 100]) + "\n";
  }
  TempDir dir;
  WriteFile(dir / "obs.csv", csv);
  std::string file = (dir / "obs.csv").string();
  testing::CommandResult result = RunCli({"detect", file, "--detector", "pelt", "--indicator",
                                          "wp.uitstroom", "--unit", "noord", "--output", "indices"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.output, "50\n");
  // zuid holds the same values rotated by 20 rows: up at row 30, down again at row 80.
  result = RunCli({"detect", file, "--detector", "pelt", "--unit", "zuid", "--output", "indices"});
  EXPECT_EQ(result.output, "30\n80\n");
  result = RunCli({"detect", file, "--detector", "pelt"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output, HasSubstr("several series match; choose one with --indicator and "
                                       "--unit (series in the file: wp.uitstroom/noord, "
                                       "wp.uitstroom/zuid)"));
}

TEST(DetectCommandTest, MissingValuesAreErrorsWithLinesUnlessSkipped) {
  if (!HavePelt()) GTEST_SKIP() << "pelt not registered yet";
  std::vector<double> values = ShiftAt50();
  std::string csv = "t,value\n";
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string value = i == 10 ? "" : i == 20 ? "n/a" : std::to_string(values[i]);
    csv += std::to_string(i + 1) + "," + value + "\n";
  }
  TempDir dir;
  WriteFile(dir / "gaps.csv", csv);
  std::string file = (dir / "gaps.csv").string();
  testing::CommandResult result = RunCli({"detect", file, "--detector", "pelt"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output, HasSubstr("2 bad rows in " + file));
  EXPECT_THAT(result.output, HasSubstr(file + ":12:4: value: empty value (expected a number) "
                                       "(use --skip-missing to skip such rows)"));
  EXPECT_THAT(result.output, HasSubstr(file + ":22:4: value: 'n/a' is not a number"));
  // Skipped rows keep their positions: the shift is still reported at row 50.
  result = RunCli({"detect", file, "--detector", "pelt", "--skip-missing", "--output", "indices"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.output, "50\n");
}

TEST(DetectCommandTest, TableOutputExplainsTheFinding) {
  if (!HavePelt()) GTEST_SKIP() << "pelt not registered yet";
  TempDir dir;
  WriteFile(dir / "data.csv", TValueCsv(ShiftAt50()));
  testing::CommandResult result = RunCli({"detect", (dir / "data.csv").string(), "--detector", "pelt"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("pelt: 1 finding(s) (100 points)"));
  EXPECT_THAT(result.output, HasSubstr("row 50: "));
  EXPECT_THAT(result.output, HasSubstr("A finding is a reason to ask, not a verdict."));
}

TEST(DetectCommandTest, BadStampsAndHeaders) {
  if (!HavePelt()) GTEST_SKIP() << "pelt not registered yet";
  TempDir dir;
  WriteFile(dir / "order.csv", "t,value\n2024-01,1\n2024-03,2\n2024-02,3\n2024-Q2,4\n");
  std::string file = (dir / "order.csv").string();
  testing::CommandResult result = RunCli({"detect", file, "--detector", "pelt"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output,
              HasSubstr(file + ":4:1: t: '2024-02' does not come after the previous row's period"));
  EXPECT_THAT(result.output, HasSubstr(file + ":5:1: t: period '2024-Q2' is a quarter"));
  WriteFile(dir / "header.csv", "time,value\n1,2\n");
  result = RunCli({"detect", (dir / "header.csv").string(), "--detector", "pelt"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output, HasSubstr("expected a header 't,value[,n]' or "
                                       "'indicator,unit,period,value[,n]'"));
}

TEST(DetectCommandTest, FileAndDetectorAreRequired) {
  testing::CommandResult result = RunCli({"detect"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output, HasSubstr("a FILE and --detector NAME are required (or --list)"));
}

}  // namespace
}  // namespace kpiwatch
