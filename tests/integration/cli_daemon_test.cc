// The kpiwatch CLI against a real kpiwatchd: ingest, indicators, series, history, status.
#include <gtest/gtest.h>

#include "tests/support/daemon_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_catalogue.h"

namespace kpiwatch {
namespace {

using testing::RunCli;

const std::string kCatalogue = std::string("indicators:\n") + testing::kUitstroomEntry;

class CliDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteFile(dir_ / "catalogue.yaml", kCatalogue);
    daemon_ = std::make_unique<testing::DaemonProcess>(
        dir_ / "var", std::vector<std::string>{"--catalogue", (dir_ / "catalogue.yaml").string()});
    ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  }

  testing::CommandResult Cli(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.insert(args.begin(), {"--server", daemon_->url()});
    return RunCli(args, stdin_text);
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::DaemonProcess> daemon_;
};

TEST_F(CliDaemonTest, IngestsFilesAndShowsWhatWasStored) {
  testing::WriteFile(dir_ / "a.csv",
                     "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,41\nwerk.uitstroom,zwolle,2024-02,44\n");
  auto ingest = Cli({"ingest", (dir_ / "a.csv").string()});
  EXPECT_EQ(ingest.exit_code, 0) << ingest.output;
  EXPECT_NE(ingest.output.find("accepted 2 rows (2 new, 0 unchanged, 0 restated)"), std::string::npos)
      << ingest.output;

  auto indicators = Cli({"indicators"});
  EXPECT_EQ(indicators.exit_code, 0) << indicators.output;
  EXPECT_NE(indicators.output.find("werk.uitstroom"), std::string::npos);
  EXPECT_NE(indicators.output.find(">= 40 from 2024-01"), std::string::npos) << indicators.output;

  auto series = Cli({"series", "werk.uitstroom", "zwolle"});
  EXPECT_EQ(series.exit_code, 0) << series.output;
  EXPECT_NE(series.output.find("2024-02"), std::string::npos);
  EXPECT_NE(series.output.find("44"), std::string::npos);

  auto json = Cli({"series", "werk.uitstroom", "zwolle", "--json"});
  EXPECT_EQ(json.exit_code, 0) << json.output;
  EXPECT_EQ(json.output.front(), '{') << json.output;

  auto restate = Cli({"ingest", "-"}, "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,39\n");
  EXPECT_NE(restate.output.find("1 restated"), std::string::npos) << restate.output;
  auto history = Cli({"history", "werk.uitstroom"});
  EXPECT_EQ(history.exit_code, 0) << history.output;
  EXPECT_NE(history.output.find("1 restatement(s)"), std::string::npos) << history.output;

  auto status = Cli({"status"});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_NE(status.output.find("ok, 1 indicators declared"), std::string::npos) << status.output;
}

TEST_F(CliDaemonTest, ARejectedFileShowsEveryBadRowAndFails) {
  testing::WriteFile(dir_ / "bad.csv",
                     "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-13,41\nwerk.uitstroom,zwolle,2024-02,x\n");
  auto ingest = Cli({"ingest", (dir_ / "bad.csv").string()});
  EXPECT_EQ(ingest.exit_code, 1);
  EXPECT_NE(ingest.output.find("rejected, nothing stored"), std::string::npos) << ingest.output;
  EXPECT_NE(ingest.output.find(":2:"), std::string::npos) << ingest.output;
  EXPECT_NE(ingest.output.find(":3:"), std::string::npos) << ingest.output;
}

TEST(CliWithoutDaemonTest, SaysTheDaemonIsNotReachable) {
  auto status = RunCli({"--server", "http://127.0.0.1:1", "status"});
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_NE(status.output.find("cannot reach kpiwatchd"), std::string::npos) << status.output;
}

}  // namespace
}  // namespace kpiwatch
