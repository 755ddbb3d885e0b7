// A damaged database at start: kpiwatchd refuses to start (exit code 1) with a message
// that says the database is corrupt and to restore a backup, instead of serving with
// data silently dropped; restoring the backup made before (docs/operations.md) works.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "client/http_client.h"
#include "tests/support/daemon_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_catalogue.h"

namespace kpiwatch {
namespace {

using testing::DaemonProcess;
using testing::TempDir;
using testing::WriteFile;

const std::string kBatch =
    "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,41\nwerk.uitstroom,zwolle,2024-02,43\n";

// The newest (last by name: RocksDB numbers are zero-padded) file in `dir` whose name
// starts with `prefix` and ends with `suffix`.
std::filesystem::path FindFile(const std::filesystem::path& dir, const std::string& prefix, const std::string& suffix) {
  std::filesystem::path found;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with(prefix) && name.ends_with(suffix) && (found.empty() || name > found.filename().string())) {
      found = entry.path();
    }
  }
  return found;
}

// Overwrites 24 bytes at `offset` with garbage, as a failing disk might.
void Damage(const std::filesystem::path& file, std::streamoff offset) {
  std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
  out.seekp(offset);
  out << "XXXXXXXXXXXXXXXXXXXXXXXX";
}

struct Damaged {
  const char* name;
  const char* prefix;
  const char* suffix;
};

class StorageCorruptionTest : public ::testing::TestWithParam<Damaged> {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "catalogue.yaml", std::string("indicators:\n") + testing::kUitstroomEntry);
    WriteFile(dir_ / "rules.yaml", "rules: []\n");
  }

  std::vector<std::string> Args() const {
    return {"--catalogue", (dir_ / "catalogue.yaml").string(), "--rules", (dir_ / "rules.yaml").string()};
  }

  // Runs kpiwatchd on `data_dir` until it exits (at most 30 s); returns its exit code.
  int RunUntilExit(const std::filesystem::path& data_dir, const std::filesystem::path& output) {
    std::vector<std::string> argv = {KPIWATCHD_BIN, "--data-dir", data_dir.string(), "--listen", "127.0.0.1:0"};
    for (const std::string& arg : Args()) argv.push_back(arg);
    pid_t pid = testing::Spawn(argv, output, {});
    for (int attempt = 0; attempt < 1500; ++attempt) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    ADD_FAILURE() << "kpiwatchd started on a damaged database";
    return 0;
  }

  TempDir dir_;
};

TEST_P(StorageCorruptionTest, ADamagedDatabaseStopsStartUpWithAClearMessageAndTheBackupRestores) {
  const std::filesystem::path data_dir = dir_ / "var";
  {
    DaemonProcess daemon(data_dir, Args());
    ASSERT_TRUE(daemon.Start()) << daemon.log();
    Result<client::HttpReply> ingested = client::HttpCall(daemon.url(), "POST", "/v1/observations", kBatch, "text/csv");
    ASSERT_TRUE(ingested.ok() && ingested->status == 200);
    const std::string backup_request = boost::json::serialize(boost::json::object{{"dir", (dir_ / "backup").string()}});
    Result<client::HttpReply> backup =
        client::HttpCall(daemon.url(), "POST", "/v1/admin/backup", backup_request, "application/json");
    ASSERT_TRUE(backup.ok() && backup->status == 201) << (backup.ok() ? backup->body : "");
    // After the backup, so it is in the WAL that gets damaged (and not in the backup).
    std::string later = kBatch;
    while (later.find("zwolle") != std::string::npos) later.replace(later.find("zwolle"), 6, "kampen");
    ingested = client::HttpCall(daemon.url(), "POST", "/v1/observations", later, "text/csv");
    ASSERT_TRUE(ingested.ok() && ingested->status == 200);
    // A crash: the acknowledged batches are only in the WAL (a clean stop flushes them
    // into table files, and the next start would not need the WAL).
    daemon.Kill();
  }
  std::filesystem::path file = FindFile(data_dir / "db", GetParam().prefix, GetParam().suffix);
  ASSERT_FALSE(file.empty()) << "no " << GetParam().name << " in " << (data_dir / "db");
  Damage(file, 100);

  const std::filesystem::path output = dir_ / "damaged.log";
  EXPECT_EQ(RunUntilExit(data_dir, output), 1);
  std::ifstream in(output);
  std::string log{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_NE(log.find("cannot start: opening database"), std::string::npos) << log;
  EXPECT_NE(log.find("Corruption"), std::string::npos) << log;
  EXPECT_NE(log.find("restore a backup"), std::string::npos) << log;
  EXPECT_EQ(log.find("http: listening"), std::string::npos) << "it must not serve a damaged database";

  // The restore procedure: damaged db aside, the backup's db in its place.
  std::filesystem::rename(data_dir / "db", data_dir / "db.damaged");
  std::filesystem::copy(dir_ / "backup" / "db", data_dir / "db", std::filesystem::copy_options::recursive);
  DaemonProcess restored(data_dir, Args());
  ASSERT_TRUE(restored.Start()) << restored.log();
  Result<client::HttpReply> series = client::HttpCall(restored.url(), "GET", "/v1/series/werk.uitstroom/zwolle");
  ASSERT_TRUE(series.ok() && series->status == 200);
  EXPECT_EQ(boost::json::parse(series->body).at("points").as_array().size(), 2u);
  Result<client::HttpReply> later = client::HttpCall(restored.url(), "GET", "/v1/series/werk.uitstroom/kampen");
  ASSERT_TRUE(later.ok() && later->status == 200);
  EXPECT_TRUE(boost::json::parse(later->body).at("points").as_array().empty()) << "ingested after the backup";
  Result<client::HttpReply> verify = client::HttpCall(restored.url(), "GET", "/v1/audit/verify");
  ASSERT_TRUE(verify.ok() && verify->status == 200);
  EXPECT_TRUE(boost::json::parse(verify->body).at("ok").as_bool()) << verify->body;
}

INSTANTIATE_TEST_SUITE_P(Files, StorageCorruptionTest,
                         ::testing::Values(Damaged{"Wal", "", ".log"}, Damaged{"Manifest", "MANIFEST-", ""}),
                         [](const auto& damaged) { return std::string(damaged.param.name); });

}  // namespace
}  // namespace kpiwatch
