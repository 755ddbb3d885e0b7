// The spool directory: files are ingested and moved, and nothing outside the spool
// directory is read or written (symbolic links, FIFOs, oversized files, linked done/).
#include "daemon/ingest/spool_watcher.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "daemon/store/observation_store.h"
#include "tests/support/ingest_stack.h"

namespace kpiwatch::daemon {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGoodCsv = "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,12\n";

class SpoolWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(stack_.Open());
    ASSERT_TRUE(stack_.catalogue->Put(testing::MonthlyIndicator("werk.uitstroom"), "steward").ok());
    spool_ = stack_.dir / "spool";
    // Not started: the test runs each pass itself (Start's thread would race with it).
    for (const char* sub : {"done", "rejected"}) fs::create_directories(spool_ / sub);
    watcher_ = std::make_unique<SpoolWatcher>(spool_, std::chrono::hours(1), kMaxBytes,
                                              *stack_.ingest, metrics_);
  }

  std::size_t StoredPoints(const std::string& unit) {
    auto series = store::ObservationStore(*stack_.database).ReadSeries("werk.uitstroom", unit);
    EXPECT_TRUE(series.ok());
    return series.ok() ? series->size() : 0;
  }
  std::string RejectionReason(const std::string& name) {
    return testing::ReadFile(spool_ / "rejected" / (name + ".errors.json"));
  }

  static constexpr std::size_t kMaxBytes = 4096;
  testing::IngestStack stack_;
  metrics::Registry metrics_;
  fs::path spool_;
  std::unique_ptr<SpoolWatcher> watcher_;
};

TEST_F(SpoolWatcherTest, IngestsARegularFileAndMovesItToDone) {
  testing::WriteFile(spool_ / "january.csv", kGoodCsv);
  EXPECT_EQ(watcher_->ProcessWaitingFiles(), 1u);
  EXPECT_EQ(StoredPoints("zwolle"), 1u);
  EXPECT_TRUE(fs::exists(spool_ / "done" / "january.csv"));
  EXPECT_FALSE(fs::exists(spool_ / "january.csv"));
}

TEST_F(SpoolWatcherTest, ASymbolicLinkIsRejectedWithoutReadingItsTarget) {
  // The target holds a valid batch: ingesting it would prove the link was followed.
  testing::WriteFile(stack_.dir / "outside" / "secret.csv", kGoodCsv);
  fs::create_symlink(stack_.dir / "outside" / "secret.csv", spool_ / "link.csv");
  EXPECT_EQ(watcher_->ProcessWaitingFiles(), 1u);
  EXPECT_EQ(StoredPoints("zwolle"), 0u);
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(spool_ / "rejected" / "link.csv")));
  EXPECT_NE(RejectionReason("link.csv").find("symbolic link"), std::string::npos);
  EXPECT_EQ(testing::ReadFile(stack_.dir / "outside" / "secret.csv"), kGoodCsv);
}

TEST_F(SpoolWatcherTest, AFileOverTheSizeLimitIsRejectedUnread) {
  std::string big = kGoodCsv;
  while (big.size() <= kMaxBytes) big += "werk.uitstroom,deventer,2024-02,1\n";
  testing::WriteFile(spool_ / "big.csv", big);
  EXPECT_EQ(watcher_->ProcessWaitingFiles(), 1u);
  EXPECT_EQ(StoredPoints("zwolle"), 0u);
  EXPECT_TRUE(fs::exists(spool_ / "rejected" / "big.csv"));
  EXPECT_NE(RejectionReason("big.csv").find("more than the ingest limit of 4096"), std::string::npos);
}

TEST_F(SpoolWatcherTest, AFifoIsSkippedAndDoesNotBlock) {
  ASSERT_EQ(::mkfifo((spool_ / "pipe.csv").c_str(), 0600), 0);
  testing::WriteFile(spool_ / "january.csv", kGoodCsv);
  EXPECT_EQ(watcher_->ProcessWaitingFiles(), 1u);  // only the regular file
  EXPECT_EQ(StoredPoints("zwolle"), 1u);
  EXPECT_TRUE(fs::exists(spool_ / "pipe.csv"));
}

TEST_F(SpoolWatcherTest, NothingIsIngestedWhenDoneIsALinkOutOfTheSpool) {
  fs::remove(spool_ / "done");
  fs::create_directories(stack_.dir / "elsewhere");
  fs::create_directory_symlink(stack_.dir / "elsewhere", spool_ / "done");
  testing::WriteFile(spool_ / "january.csv", kGoodCsv);
  EXPECT_EQ(watcher_->ProcessWaitingFiles(), 0u);
  EXPECT_EQ(StoredPoints("zwolle"), 0u);
  EXPECT_TRUE(fs::exists(spool_ / "january.csv"));
  EXPECT_TRUE(fs::is_empty(stack_.dir / "elsewhere"));
}

}  // namespace
}  // namespace kpiwatch::daemon
