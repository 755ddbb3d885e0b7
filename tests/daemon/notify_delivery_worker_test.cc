// The delivery worker: retries, give-ups, digests and restarts, with a scripted transport
// and with a real SMTP server on loopback.
#include <gtest/gtest.h>

#include <deque>
#include <set>
#include <thread>

#include "daemon/notify/delivery_worker.h"
#include "daemon/notify/maildir_transport.h"
#include "daemon/notify/notifier.h"
#include "daemon/notify/notify_service.h"
#include "daemon/notify/smtp_transport.h"
#include "tests/support/fake_clock.h"
#include "tests/support/mail_parse.h"
#include "tests/support/notify_fixture.h"
#include "tests/support/smtp_server.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::notify {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Answers Send with the scripted statuses in order, then Ok; records what it was given.
class ScriptedTransport final : public MailTransport {
 public:
  Status Send(const OutgoingMail& mail) override {
    std::lock_guard lock(mutex_);
    attempts_.push_back(mail);
    if (script_.empty()) return Status::Ok();
    Status next = script_.front();
    script_.pop_front();
    return next;
  }
  std::string Describe() const override { return "scripted"; }
  void Fail(Status status, int times = 1) {
    std::lock_guard lock(mutex_);
    for (int i = 0; i < times; ++i) script_.push_back(status);
  }
  std::vector<OutgoingMail> attempts() const {
    std::lock_guard lock(mutex_);
    return attempts_;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<Status> script_;
  std::vector<OutgoingMail> attempts_;
};

NotifyConfig Config() {
  NotifyConfig config;
  config.from = "kpiwatch@gemeente.example";
  config.base_url = "http://kpi.gemeente.example";
  config.retry = {seconds(30), seconds(600), hours(2)};
  config.groups.push_back({"controllers",
                           {"c@gemeente.example"},
                           Language::kDutch,
                           DeliveryMode::kImmediate,
                           minutes(480),
                           Severity::kWarning,
                           20});
  config.groups.push_back({"board",
                           {"b@gemeente.example"},
                           Language::kEnglish,
                           DeliveryMode::kDigest,
                           minutes(480),
                           Severity::kWarning,
                           20});
  return config;
}

// An outbox on a real RocksDB in a temporary directory, reopenable.
struct Fixture {
  testing::TempDir dir;
  NotifyConfig config = Config();
  testing::FakeClock clock;
  std::unique_ptr<store::Database> database;
  std::unique_ptr<OutboxStore> outbox;

  Fixture() { Open(); }
  void Open() {
    outbox.reset();
    database.reset();
    auto opened = store::Database::Open({dir / "db"});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    database = std::move(opened).value();
    outbox = std::make_unique<OutboxStore>(*database);
    ASSERT_TRUE(outbox->Load().ok());
  }
  // Stages alert `id` for `groups` the way AlertService will, and writes the batch.
  void Raise(std::uint64_t id, std::vector<std::string> groups = {"controllers"}) {
    Notifier notifier(config, *outbox, clock);
    Alert alert = testing::SampleAlert();
    alert.id = id;
    alert.notify = std::move(groups);
    rocksdb::WriteBatch batch;
    notifier.StageForAlert(alert, "", testing::SampleContext(), batch);
    ASSERT_TRUE(database->Write(batch).ok());
  }
  std::size_t Pending() { return outbox->Messages()->size(); }
};

// Polls `done` for up to 20 s.
template <typename Predicate>
bool WaitFor(Predicate done) {
  auto deadline = std::chrono::steady_clock::now() + seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

TEST(DeliveryWorkerTest, SendsDueMessagesAndRemovesThemWithASentEvent) {
  Fixture f;
  f.Raise(1);
  f.Raise(2);
  ScriptedTransport transport;
  std::vector<std::string> kinds;
  DeliveryHooks hooks;
  hooks.commit = [&](rocksdb::WriteBatch& batch, const std::vector<daemon::AuditEvent>& events) {
    for (const auto& event : events) kinds.push_back(event.kind);
    return f.database->Write(batch);
  };
  metrics::Registry registry;
  DeliveryWorker worker(f.config, *f.outbox, transport, f.clock, hooks,
                        {std::chrono::milliseconds(10), 1, &registry});
  ASSERT_TRUE(worker.RunOnce().ok());
  ASSERT_EQ(transport.attempts().size(), 2u);
  EXPECT_EQ(transport.attempts()[0].message_id, "<kpiwatch-alert-1-1@gemeente.example>");
  EXPECT_EQ(f.Pending(), 0u);
  EXPECT_EQ(kinds, (std::vector<std::string>{"notification.sent", "notification.sent"}));
  EXPECT_EQ(worker.stats().sent, 2u);
  EXPECT_EQ(worker.stats().queued, 0u);
  std::string metrics = registry.RenderPrometheus();
  EXPECT_NE(metrics.find("kpiwatch_notify_sent_total 2"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("kpiwatch_notify_outbox_messages 0"), std::string::npos) << metrics;
  ASSERT_TRUE(worker.RunOnce().ok());
  EXPECT_EQ(transport.attempts().size(), 2u) << "nothing is sent twice";
}

TEST(DeliveryWorkerTest, AFailureIsRetriedAfterTheBackoffWithTheSameMessageId) {
  Fixture f;
  f.Raise(1);
  ScriptedTransport transport;
  transport.Fail(Status(StatusCode::kUnavailable, "connection refused"), 2);
  DeliveryWorker worker(f.config, *f.outbox, transport, f.clock, {},
                        {std::chrono::milliseconds(10), 1, nullptr});
  ASSERT_TRUE(worker.RunOnce().ok());
  auto pending = f.outbox->Messages();
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].attempts, 1);
  EXPECT_EQ((*pending)[0].last_error, "connection refused");
  EXPECT_GE((*pending)[0].next_attempt_at, f.clock.Now() + seconds(15));
  EXPECT_LE((*pending)[0].next_attempt_at, f.clock.Now() + seconds(30));
  ASSERT_TRUE(worker.RunOnce().ok());
  EXPECT_EQ(transport.attempts().size(), 1u) << "not due yet";
  f.clock.Advance(seconds(30));
  ASSERT_TRUE(worker.RunOnce().ok());  // second failure: 30..60 s
  EXPECT_EQ(transport.attempts().size(), 2u);
  f.clock.Advance(seconds(60));
  ASSERT_TRUE(worker.RunOnce().ok());
  ASSERT_EQ(transport.attempts().size(), 3u);
  EXPECT_EQ(transport.attempts()[0].data, transport.attempts()[2].data)
      << "a retry is byte-identical";
  EXPECT_EQ(f.Pending(), 0u);
  auto stats = worker.stats();
  EXPECT_EQ(stats.sent, 1u);
  EXPECT_EQ(stats.failed_attempts, 2u);
  EXPECT_EQ(stats.last_error, "connection refused");
}

TEST(DeliveryWorkerTest, DuringAnOutageAPassStopsAtTheFirstTransientFailure) {
  Fixture f;
  f.Raise(1);
  f.Raise(2);
  f.Raise(3);
  ScriptedTransport transport;
  transport.Fail(Status(StatusCode::kUnavailable, "timed out"));
  DeliveryWorker worker(f.config, *f.outbox, transport, f.clock, {},
                        {std::chrono::milliseconds(10), 1, nullptr});
  ASSERT_TRUE(worker.RunOnce().ok());
  EXPECT_EQ(transport.attempts().size(), 1u);
  EXPECT_EQ(f.Pending(), 3u);
  ASSERT_TRUE(worker.RunOnce().ok());  // messages 2 and 3 are still due and now go out
  ASSERT_EQ(transport.attempts().size(), 3u);
  EXPECT_EQ(transport.attempts()[1].message_id, "<kpiwatch-alert-2-2@gemeente.example>");
  EXPECT_EQ(f.Pending(), 1u);
}

TEST(DeliveryWorkerTest, GivesUpAfterTheGiveUpTimeAndReportsIt) {
  Fixture f;
  f.Raise(7);
  ScriptedTransport transport;
  transport.Fail(Status(StatusCode::kUnavailable, "connection refused"), 1000);
  std::vector<GiveUpReport> reports;
  std::vector<std::string> kinds;
  DeliveryHooks hooks;
  hooks.commit = [&](rocksdb::WriteBatch& batch, const std::vector<daemon::AuditEvent>& events) {
    for (const auto& event : events) kinds.push_back(event.kind);
    return f.database->Write(batch);
  };
  hooks.on_given_up = [&](const GiveUpReport& report, rocksdb::WriteBatch& batch,
                          std::vector<daemon::AuditEvent>& events) {
    reports.push_back(report);
    batch.Put(f.database->handle(store::Family::kAlerts), "7", "failure recorded");
    events.push_back({"kpiwatchd", "alert.notification_failed", {{"alert_id", 7}}});
  };
  DeliveryWorker worker(f.config, *f.outbox, transport, f.clock, hooks,
                        {std::chrono::milliseconds(10), 1, nullptr});
  for (int step = 0; step < 40 && f.Pending() > 0; ++step) {
    ASSERT_TRUE(worker.RunOnce().ok());
    f.clock.Advance(minutes(10));
  }
  EXPECT_EQ(f.Pending(), 0u);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].message.alert_ids, std::vector<std::uint64_t>{7});
  EXPECT_EQ(reports[0].reason, "gave up after 2 h: connection refused");
  EXPECT_GE(reports[0].message.attempts, 5);
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"notification.given_up", "alert.notification_failed"}));
  EXPECT_EQ(**f.database->Get(store::Family::kAlerts, "7"), "failure recorded")
      << "written with the removal";
  EXPECT_EQ(worker.stats().given_up, 1u);
  EXPECT_EQ(worker.stats().sent, 0u);
}

TEST(DeliveryWorkerTest, PermanentRefusalGivesUpAtOnce) {
  Fixture f;
  f.Raise(7);
  ScriptedTransport transport;
  transport.Fail(Status(StatusCode::kFailedPrecondition, "550 no such user"));
  DeliveryWorker worker(f.config, *f.outbox, transport, f.clock, {},
                        {std::chrono::milliseconds(10), 1, nullptr});
  ASSERT_TRUE(worker.RunOnce().ok());
  EXPECT_EQ(f.Pending(), 0u);
  EXPECT_EQ(worker.stats().given_up, 1u);
  EXPECT_EQ(transport.attempts().size(), 1u);
}

TEST(DeliveryWorkerTest, DigestGoesOutAtTheGroupsTimeOfDayWithAllItsAlerts) {
  Fixture f;
  f.clock.Set(std::chrono::sys_days{std::chrono::year{2024} / 3 / 5} + hours(12));
  f.Raise(1, {"board"});
  f.Raise(2, {"board"});
  ScriptedTransport transport;
  DeliveryWorker worker(f.config, *f.outbox, transport, f.clock, {},
                        {std::chrono::milliseconds(10), 1, nullptr});
  ASSERT_TRUE(worker.RunOnce().ok());
  EXPECT_TRUE(transport.attempts().empty());
  EXPECT_EQ(worker.stats().digest_items, 2u);
  f.clock.Set(std::chrono::sys_days{std::chrono::year{2024} / 3 / 6} + hours(8));  // board: 08:00
  ASSERT_TRUE(worker.RunOnce().ok());
  ASSERT_EQ(transport.attempts().size(), 1u);
  EXPECT_EQ(transport.attempts()[0].message_id, "<kpiwatch-digest-board-3@gemeente.example>");
  auto parsed = testing::ParseMail(transport.attempts()[0].data);
  EXPECT_EQ(parsed.Header("Subject"), "[kpiwatch] 2 alerts for board (2 x CRITICAL)");
  EXPECT_NE(parsed.Part("text/plain").find("#1 level shift"), std::string::npos);
  EXPECT_NE(parsed.Part("text/plain").find("#2 level shift"), std::string::npos);
  EXPECT_TRUE(f.outbox->DigestItems()->empty());
  EXPECT_EQ(f.Pending(), 0u);
}

TEST(DeliveryWorkerTest, MaildirDefaultDeliversIntoNew) {
  Fixture f;
  f.Raise(1);
  MaildirTransport transport(f.dir / "mail");
  DeliveryWorker worker(f.config, *f.outbox, transport, f.clock);
  ASSERT_TRUE(worker.RunOnce().ok());
  EXPECT_TRUE(
      std::filesystem::exists(f.dir / "mail" / "new" / "kpiwatch-alert-1-1@gemeente.example.eml"));
  EXPECT_EQ(f.Pending(), 0u);
}

TEST(NotifyServiceTest, WiresOutboxNotifierAndWorkerAndReportsStatus) {
  Fixture f;
  f.Raise(1);  // pending from "before the restart"
  auto service = NotifyService::Open(f.config, f.dir / "mail", *f.database, f.clock);
  ASSERT_TRUE(service.ok()) << service.status().ToString();
  Alert alert = testing::SampleAlert();
  alert.id = 2;
  rocksdb::WriteBatch batch;
  auto staged = (*service)->notifier().StageForAlert(alert, "", testing::SampleContext(), batch);
  ASSERT_EQ(staged.messages, 1);
  ASSERT_TRUE(f.database->Write(batch).ok());
  EXPECT_EQ(staged.events[0].payload.at("seq").as_uint64(), 2u) << "the sequence continues";
  (*service)->Start();
  (*service)->worker().Wake();
  ASSERT_TRUE(WaitFor([&] { return (*service)->worker().stats().sent == 2; }));
  (*service)->Stop();
  boost::json::object status = (*service)->StatusJson();
  EXPECT_EQ(status.at("transport").as_string(), "maildir " + (f.dir / "mail").string());
  EXPECT_EQ(status.at("sent").as_uint64(), 2u);
  EXPECT_EQ(status.at("queued").as_uint64(), 0u);
  EXPECT_EQ(status.at("given_up").as_uint64(), 0u);
  EXPECT_EQ(status.at("groups").as_uint64(), 2u);
  EXPECT_TRUE(
      std::filesystem::exists(f.dir / "mail" / "new" / "kpiwatch-alert-2-2@gemeente.example.eml"));
}

SmtpSettings Loopback(int port) {
  SmtpSettings smtp;
  smtp.host = "127.0.0.1";
  smtp.port = port;
  smtp.tls = SmtpTls::kNone;
  smtp.connect_timeout = seconds(5);
  smtp.timeout = seconds(10);
  return smtp;
}

TEST(DeliveryWorkerSmtpTest, ServerDownFirstThenUpDeliversExactlyOnce) {
  if (!testing::SmtpServer::Available()) GTEST_SKIP() << "/usr/bin/python3 cannot import aiosmtpd";
  Fixture f;
  testing::SmtpServer server(f.dir / "received");  // not started: down
  SmtpTransport transport(Loopback(server.port()));
  DeliveryWorker worker(f.config, *f.outbox, transport, f.clock, {},
                        {std::chrono::milliseconds(10), 1, nullptr});
  worker.Start();
  f.Raise(1);
  worker.Wake();
  ASSERT_TRUE(WaitFor([&] { return worker.stats().failed_attempts >= 1; }));
  EXPECT_EQ(f.Pending(), 1u);
  EXPECT_NE(worker.stats().last_error.find("Couldn't connect"), std::string::npos)
      << worker.stats().last_error;

  ASSERT_TRUE(server.Start()) << server.log();
  f.clock.Advance(seconds(31));  // past the first retry delay (at most 30 s)
  ASSERT_TRUE(WaitFor([&] { return worker.stats().sent == 1; })) << worker.stats().last_error;
  // More passes, more time: nothing more arrives.
  f.clock.Advance(hours(1));
  worker.Wake();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  worker.Stop();
  auto received = server.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(testing::ParseMail(received[0].data).Header("Message-ID"),
            "<kpiwatch-alert-1-1@gemeente.example>");
  EXPECT_EQ(f.Pending(), 0u);
  EXPECT_EQ(worker.stats().sent, 1u);
}

TEST(DeliveryWorkerSmtpTest, PendingMessagesAreDeliveredAfterARestart) {
  if (!testing::SmtpServer::Available()) GTEST_SKIP() << "/usr/bin/python3 cannot import aiosmtpd";
  Fixture f;
  testing::SmtpServer server(f.dir / "received");
  {
    SmtpTransport transport(Loopback(server.port()));  // server down
    DeliveryWorker worker(f.config, *f.outbox, transport, f.clock, {},
                          {std::chrono::milliseconds(10), 1, nullptr});
    f.Raise(1);
    f.Raise(2);
    f.Raise(3);
    ASSERT_TRUE(worker.RunOnce().ok());
    EXPECT_EQ(worker.stats().failed_attempts, 1u)
        << "the pass stops at the first unreachable server";
  }  // the worker stops and the database closes with three messages pending
  f.Open();
  EXPECT_EQ(f.Pending(), 3u);
  ASSERT_TRUE(server.Start()) << server.log();
  f.clock.Advance(minutes(1));
  SmtpTransport transport(Loopback(server.port()));
  DeliveryWorker worker(f.config, *f.outbox, transport, f.clock, {},
                        {std::chrono::milliseconds(10), 2, nullptr});
  worker.Start();
  ASSERT_TRUE(WaitFor([&] { return worker.stats().sent == 3; })) << worker.stats().last_error;
  worker.Stop();
  auto received = server.Received();
  ASSERT_EQ(received.size(), 3u);
  std::set<std::string> ids;
  for (const auto& mail : received) ids.insert(testing::ParseMail(mail.data).Header("Message-ID"));
  EXPECT_EQ(ids, (std::set<std::string>{"<kpiwatch-alert-1-1@gemeente.example>",
                                        "<kpiwatch-alert-2-2@gemeente.example>",
                                        "<kpiwatch-alert-3-3@gemeente.example>"}));
  EXPECT_EQ(f.Pending(), 0u);
}

}  // namespace
}  // namespace kpiwatch::notify
