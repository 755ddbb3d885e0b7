// The outbox in RocksDB (real database in a temporary directory) and Notifier staging.
#include <gtest/gtest.h>

#include "daemon/notify/notifier.h"
#include "daemon/notify/outbox_store.h"
#include "tests/support/fake_clock.h"
#include "tests/support/mail_parse.h"
#include "tests/support/notify_fixture.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::notify {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

std::unique_ptr<store::Database> OpenDatabase(const testing::TempDir& dir) {
  auto database = store::Database::Open({dir / "db"});
  EXPECT_TRUE(database.ok()) << database.status().ToString();
  return database.ok() ? std::move(database).value() : nullptr;
}

OutboxMessage Message(std::uint64_t seq, std::chrono::sys_seconds at) {
  OutboxMessage message;
  message.seq = seq;
  message.group = "controllers";
  message.alert_ids = {seq * 10};
  message.mail = {AlertMessageId(seq * 10, seq, "example.org"),
                  "kpiwatch@example.org",
                  {"a@example.org", "b@example.org"},
                  "Subject: x\r\n\r\nbody ë\r\n"};
  message.first_queued_at = at;
  message.next_attempt_at = at + seconds(30);
  message.attempts = 2;
  message.last_error = "connection refused";
  return message;
}

TEST(OutboxStoreTest, StagedMessagesSurviveReopenAndAreRemovedOnlyWhenAsked) {
  testing::TempDir dir;
  const auto at = std::chrono::sys_seconds{seconds(1700000000)};
  {
    auto database = OpenDatabase(dir);
    OutboxStore outbox(*database);
    ASSERT_TRUE(outbox.Load().ok());
    rocksdb::WriteBatch batch;
    std::uint64_t first = outbox.AllocateSeq(batch);
    std::uint64_t second = outbox.AllocateSeq(batch);
    EXPECT_EQ(first, 1u);
    EXPECT_EQ(second, 2u);
    outbox.StageMessage(batch, Message(first, at));
    outbox.StageMessage(batch, Message(second, at));
    EXPECT_TRUE(outbox.Messages()->empty()) << "nothing is stored before the batch is written";
    ASSERT_TRUE(database->Write(batch).ok());
  }
  auto database = OpenDatabase(dir);
  OutboxStore outbox(*database);
  ASSERT_TRUE(outbox.Load().ok());
  auto messages = outbox.Messages();
  ASSERT_TRUE(messages.ok()) << messages.status().ToString();
  ASSERT_EQ(messages->size(), 2u);
  const OutboxMessage& read = (*messages)[0];
  EXPECT_EQ(read.seq, 1u);
  EXPECT_EQ(read.group, "controllers");
  EXPECT_EQ(read.alert_ids, std::vector<std::uint64_t>{10});
  EXPECT_EQ(read.mail.message_id, "<kpiwatch-alert-10-1@example.org>");
  EXPECT_EQ(read.mail.recipients, (std::vector<std::string>{"a@example.org", "b@example.org"}));
  EXPECT_EQ(read.mail.data, "Subject: x\r\n\r\nbody ë\r\n");
  EXPECT_EQ(read.attempts, 2);
  EXPECT_EQ(read.first_queued_at, at);
  EXPECT_EQ(read.next_attempt_at, at + seconds(30));
  EXPECT_EQ(read.last_error, "connection refused");

  rocksdb::WriteBatch batch;
  EXPECT_EQ(outbox.AllocateSeq(batch), 3u) << "the sequence resumes after a reopen";
  outbox.StageRemoveMessage(batch, 1);
  ASSERT_TRUE(database->Write(batch).ok());
  messages = outbox.Messages();
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ((*messages)[0].seq, 2u);
}

TEST(OutboxStoreTest, SequenceIsNotReusedAfterTheOutboxEmptied) {
  testing::TempDir dir;
  {
    auto database = OpenDatabase(dir);
    OutboxStore outbox(*database);
    ASSERT_TRUE(outbox.Load().ok());
    rocksdb::WriteBatch batch;
    for (int i = 0; i < 5; ++i) outbox.AllocateSeq(batch);
    ASSERT_TRUE(database->Write(batch).ok());
  }
  auto database = OpenDatabase(dir);
  OutboxStore outbox(*database);
  ASSERT_TRUE(outbox.Load().ok());
  rocksdb::WriteBatch batch;
  EXPECT_EQ(outbox.AllocateSeq(batch), 6u);
}

TEST(OutboxStoreTest, DigestItemsAreKeptApartFromMessages) {
  testing::TempDir dir;
  auto database = OpenDatabase(dir);
  OutboxStore outbox(*database);
  ASSERT_TRUE(outbox.Load().ok());
  rocksdb::WriteBatch batch;
  DigestItem item;
  item.seq = outbox.AllocateSeq(batch);
  item.group = "board";
  item.entry = DigestEntryFor(testing::SampleAlert(), testing::SampleContext());
  item.queued_at = std::chrono::sys_seconds{seconds(1700000000)};
  item.flush_at = item.queued_at + minutes(90);
  outbox.StageDigestItem(batch, item);
  ASSERT_TRUE(database->Write(batch).ok());
  EXPECT_TRUE(outbox.Messages()->empty());
  auto items = outbox.DigestItems();
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].group, "board");
  EXPECT_EQ((*items)[0].entry.alert_id, 12u);
  EXPECT_EQ((*items)[0].flush_at, item.flush_at);
}

TEST(OutboxStoreTest, DamagedValueIsCorruptionNamingTheEntry) {
  testing::TempDir dir;
  auto database = OpenDatabase(dir);
  OutboxStore outbox(*database);
  rocksdb::WriteBatch batch;
  std::string key = "m";
  key.append(7, '\0');
  key += '\x09';
  batch.Put(database->handle(store::Family::kOutbox), key, "{not json");
  ASSERT_TRUE(database->Write(batch).ok());
  auto messages = outbox.Messages();
  ASSERT_FALSE(messages.ok());
  EXPECT_EQ(messages.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(messages.status().message(), "outbox entry 9 is not JSON");
}

NotifyConfig Groups() {
  NotifyConfig config;
  config.from = "kpiwatch@gemeente.example";
  config.base_url = "http://kpi.gemeente.example";
  config.groups.push_back({"controllers",
                           {"c@gemeente.example"},
                           Language::kDutch,
                           DeliveryMode::kImmediate,
                           minutes(480),
                           Severity::kWarning,
                           2});
  config.groups.push_back({"board",
                           {"b@gemeente.example"},
                           Language::kEnglish,
                           DeliveryMode::kDigest,
                           minutes(480),
                           Severity::kWarning,
                           20});
  return config;
}

// A Notifier over a fresh outbox with the Groups() configuration (controllers: immediate,
// cap 2; board: digest).
class NotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = OpenDatabase(dir_);
    outbox_ = std::make_unique<OutboxStore>(*database_);
    ASSERT_TRUE(outbox_->Load().ok());
    notifier_ = std::make_unique<Notifier>(config_, *outbox_, clock_);
  }

  // Stages alerts with ids first_id, first_id + 1, ... for their rule's groups, writing each
  // batch; returns each one's "delivery" (immediate or digest) as audited.
  std::vector<std::string> StageDeliveries(int count, std::uint64_t first_id) {
    std::vector<std::string> deliveries;
    for (int i = 0; i < count; ++i) {
      Alert alert = testing::SampleAlert();
      alert.id = first_id + static_cast<std::uint64_t>(i);
      rocksdb::WriteBatch batch;
      auto staged = notifier_->StageForAlert(alert, "", testing::SampleContext(), batch);
      EXPECT_EQ(staged.events.size(), 1u);
      if (staged.events.size() != 1u) break;
      deliveries.emplace_back(staged.events[0].payload.at("delivery").as_string());
      EXPECT_TRUE(database_->Write(batch).ok());
    }
    return deliveries;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> database_;
  std::unique_ptr<OutboxStore> outbox_;
  NotifyConfig config_ = Groups();
  testing::FakeClock clock_;
  std::unique_ptr<Notifier> notifier_;
};

TEST_F(NotifierTest, StagesAnImmediateMessageAndADigestItemInTheCallersBatch) {
  Alert alert = testing::SampleAlert();
  alert.notify = {"controllers", "nobody"};
  AlertMailContext context = testing::SampleContext();
  context.base_url.clear();  // taken from the config

  rocksdb::WriteBatch batch;
  auto staged = notifier_->StageForAlert(alert, "board", context, batch);
  EXPECT_EQ(staged.messages, 1);
  EXPECT_EQ(staged.digest_items, 1);
  EXPECT_EQ(staged.unknown_groups, std::vector<std::string>{"nobody"});
  ASSERT_EQ(staged.events.size(), 2u);
  EXPECT_EQ(staged.events[0].kind, "notification.queued");
  EXPECT_EQ(staged.events[0].actor, "kpiwatchd");
  EXPECT_EQ(staged.events[0].payload.at("group").as_string(), "controllers");
  EXPECT_EQ(staged.events[0].payload.at("delivery").as_string(), "immediate");
  EXPECT_EQ(staged.events[0].payload.at("message_id").as_string(),
            "<kpiwatch-alert-12-1@gemeente.example>");
  EXPECT_EQ(staged.events[1].payload.at("delivery").as_string(), "digest");
  EXPECT_EQ(staged.events[1].payload.at("flush_at").as_string(), "2023-11-15T08:00:00Z");
  EXPECT_TRUE(outbox_->Messages()->empty()) << "the caller writes the batch";
  ASSERT_TRUE(database_->Write(batch).ok());

  auto messages = outbox_->Messages();
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ((*messages)[0].next_attempt_at, clock_.Now());
  EXPECT_EQ((*messages)[0].mail.recipients, std::vector<std::string>{"c@gemeente.example"});
  auto parsed = testing::ParseMail((*messages)[0].mail.data);
  EXPECT_NE(
      parsed.Part("text/plain").find("POST http://kpi.gemeente.example/v1/alerts/12/interpret"),
      std::string::npos);
  EXPECT_NE(parsed.Part("text/plain").find("duiding"), std::string::npos) << "the group's language";
  ASSERT_EQ(outbox_->DigestItems()->size(), 1u);
  EXPECT_EQ((*outbox_->DigestItems())[0].group, "board");
}

TEST_F(NotifierTest, OverTheHourlyCapAnImmediateGroupGetsDigestItemsUntilTheNextHour) {
  EXPECT_EQ(StageDeliveries(4, 100), (std::vector<std::string>{"immediate", "immediate", "digest", "digest"}));
  auto items = outbox_->DigestItems();
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].flush_at,
            std::chrono::floor<std::chrono::hours>(clock_.Now()) + std::chrono::hours(1));

  clock_.Advance(std::chrono::hours(1));  // a new hour: immediate again
  Alert alert = testing::SampleAlert();
  rocksdb::WriteBatch batch;
  auto staged = notifier_->StageForAlert(alert, "", testing::SampleContext(), batch);
  EXPECT_EQ(staged.messages, 1);
}

TEST_F(NotifierTest, ImmediateMessagesQueuedBeforeARestartCountAgainstTheHourlyCap) {
  auto queued = [&](const char* group, const char* delivery, std::chrono::seconds ago) {
    daemon::AuditRecord record;
    record.kind = "notification.queued";
    record.time = clock_.Now() - ago;
    record.payload = {{"group", group}, {"delivery", delivery}};
    return record;
  };
  // One immediate message 10 min ago counts; a digest item, another group and a message
  // over an hour old do not. The cap (2) is reached by the first new alert.
  notifier_->RestoreHourlyCap({queued("controllers", "immediate", std::chrono::hours(2)),
                             queued("controllers", "immediate", minutes(10)),
                             queued("controllers", "digest", minutes(5)),
                             queued("board", "immediate", minutes(5))});
  EXPECT_EQ(StageDeliveries(2, 200), (std::vector<std::string>{"immediate", "digest"}));
}

TEST_F(NotifierTest, SilencedAlertsAndLowSeveritiesStageNothing) {
  Alert silenced = testing::SampleAlert();
  silenced.status = AlertStatus::kSilenced;
  rocksdb::WriteBatch batch;
  EXPECT_TRUE(
      notifier_->StageForAlert(silenced, "board", testing::SampleContext(), batch).events.empty());
  Alert info = testing::SampleAlert();
  info.severity = Severity::kInfo;
  EXPECT_TRUE(
      notifier_->StageForAlert(info, "board", testing::SampleContext(), batch).events.empty());
  EXPECT_EQ(batch.Count(), 0);
}

}  // namespace
}  // namespace kpiwatch::notify
