// AuditLog on a real RocksDB: the hash chain, atomic commits, restart, and tampering
// found by Verify.
#include "daemon/audit/audit_log.h"

#include <gtest/gtest.h>

#include "daemon/audit/canonical_json.h"
#include "daemon/audit/sha256.h"
#include "daemon/store/key_encoding.h"
#include "tests/support/fake_clock.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::daemon {
namespace {

const std::string kZeros(64, '0');

std::string SeqKey(std::uint64_t seq) {
  std::string key;
  store::AppendBigEndian64(key, seq);
  return key;
}

AuditEvent Event(const std::string& kind, boost::json::object payload,
                 const std::string& actor = "alice") {
  return {actor, kind, std::move(payload)};
}

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    audit_.reset();
    database_.reset();
    auto database = store::Database::Open({.path = dir_ / "db", .sync_writes = false});
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = std::move(*database);
    audit_ = std::make_unique<AuditLog>(*database_, clock_);
    ASSERT_TRUE(audit_->Start().ok());
  }

  void CommitEvents(std::vector<AuditEvent> events) {
    rocksdb::WriteBatch batch;
    Status committed = audit_->Commit(batch, events);
    ASSERT_TRUE(committed.ok()) << committed.ToString();
  }

  // Five records: 1 ingest, 2 restatement, 3 indicator, 4 alert.raise, 5 alert.close.
  void CommitFive() {
    CommitEvents({Event("ingest", {{"batch_id", 1}, {"rows", 2}})});
    CommitEvents({Event("restatement", {{"old_value", 41.0}, {"new_value", 47.5}}),
                  Event("indicator", {{"id", "werk.uitstroom"}})});
    clock_.Advance(std::chrono::seconds(90));
    CommitEvents(
        {Event("alert.raise", {{"alert", 1}}, "kpiwatchd"), Event("alert.close", {{"alert", 1}})});
  }

  std::vector<AuditRecord> ReadAll() {
    Result<std::vector<AuditRecord>> records = audit_->Read(0, std::nullopt, 1000);
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    return records.ok() ? *records : std::vector<AuditRecord>{};
  }

  AuditVerification Verify() {
    Result<AuditVerification> verification = audit_->Verify();
    EXPECT_TRUE(verification.ok()) << verification.status().ToString();
    return verification.ok() ? *verification : AuditVerification{};
  }

  std::string StoredValue(std::uint64_t seq) {
    std::string value;
    EXPECT_TRUE(database_->db()
                    ->Get({}, database_->handle(store::Family::kAudit), SeqKey(seq), &value)
                    .ok());
    return value;
  }

  void Store(std::uint64_t seq, const std::string& value) {
    ASSERT_TRUE(database_->db()
                    ->Put({}, database_->handle(store::Family::kAudit), SeqKey(seq), value)
                    .ok());
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<store::Database> database_;
  std::unique_ptr<AuditLog> audit_;
};

TEST_F(AuditLogTest, CommitsFormAChainThatVerifies) {
  rocksdb::WriteBatch batch;
  batch.Put(database_->handle(store::Family::kMeta), "test/change", "the change being recorded");
  ASSERT_TRUE(audit_->Commit(batch, {Event("ingest", {{"batch_id", 1}})}).ok());
  CommitEvents(
      {Event("restatement", {{"old_value", 41.0}, {"new_value", 47.5}}), Event("indicator", {})});
  EXPECT_EQ(audit_->last_seq(), 3u);

  auto change = database_->Get(store::Family::kMeta, "test/change");
  ASSERT_TRUE(change.ok() && change->has_value());
  EXPECT_EQ(**change, "the change being recorded");

  std::vector<AuditRecord> records = ReadAll();
  ASSERT_EQ(records.size(), 3u);
  std::string prev_hash = kZeros;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const AuditRecord& record = records[i];
    EXPECT_EQ(record.seq, i + 1);
    EXPECT_EQ(record.prev_hash, prev_hash);
    EXPECT_EQ(record.time, clock_.Now());
    // The documented rule, recomputed independently of the implementation.
    boost::json::object without_hash = AuditRecordToJson(record);
    without_hash.erase("hash");
    EXPECT_EQ(record.hash, Sha256Hex(prev_hash + CanonicalJson(without_hash)))
        << "record " << record.seq;
    prev_hash = record.hash;
  }
  EXPECT_EQ(records[1].kind, "restatement");
  EXPECT_EQ(records[1].payload.at("new_value").to_number<double>(), 47.5);
  EXPECT_EQ(records[0].actor, "alice");

  AuditVerification verification = Verify();
  EXPECT_TRUE(verification.ok) << verification.reason;
  EXPECT_EQ(verification.records, 3u);
}

TEST_F(AuditLogTest, AnEmptyLogVerifiesAndAnEmptyCommitOnlyWritesTheBatch) {
  rocksdb::WriteBatch batch;
  batch.Put(database_->handle(store::Family::kMeta), "test/x", "1");
  ASSERT_TRUE(audit_->Commit(batch, {}).ok());
  EXPECT_EQ(audit_->last_seq(), 0u);
  EXPECT_TRUE(ReadAll().empty());
  AuditVerification verification = Verify();
  EXPECT_TRUE(verification.ok);
  EXPECT_EQ(verification.records, 0u);
}

TEST_F(AuditLogTest, ReadSelectsBySeqKindAndLimit) {
  CommitFive();
  Result<std::vector<AuditRecord>> alerts = audit_->Read(1, "alert", 10);
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 2u);
  EXPECT_EQ((*alerts)[0].kind, "alert.raise");
  EXPECT_EQ((*alerts)[0].actor, "kpiwatchd");
  EXPECT_EQ((*alerts)[0].time, clock_.Now());
  EXPECT_EQ((*alerts)[1].kind, "alert.close");
  Result<std::vector<AuditRecord>> exact = audit_->Read(1, "alert.close", 10);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->size(), 1u);
  Result<std::vector<AuditRecord>> prefix_only = audit_->Read(1, "ale", 10);
  ASSERT_TRUE(prefix_only.ok());
  EXPECT_TRUE(prefix_only->empty()) << "a kind matches whole dot-separated parts only";
  Result<std::vector<AuditRecord>> page = audit_->Read(2, std::nullopt, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].seq, 2u);
  EXPECT_EQ((*page)[1].seq, 3u);
}

TEST_F(AuditLogTest, AFailedCommitStoresNothingAndDoesNotAdvanceTheChain) {
  CommitFive();
  // A batch that holds the caller's change but has no room for its audit record.
  // (A batch that RocksDB refuses only after logging it, such as one writing to a dropped
  // column family, is replayed from the WAL on the next open; RocksDB cannot fail that way
  // for the families kpiwatchd writes, which are never dropped.)
  rocksdb::WriteBatch batch(0, 64);
  ASSERT_TRUE(batch.Put(database_->handle(store::Family::kMeta), "test/change", "x").ok());
  Status committed = audit_->Commit(batch, {Event("ingest", {{"batch_id", 2}})});
  EXPECT_FALSE(committed.ok());
  EXPECT_EQ(batch.Count(), 1u) << "the caller's batch is handed back as it was";
  EXPECT_EQ(audit_->last_seq(), 5u);
  EXPECT_EQ(ReadAll().size(), 5u);
  auto change = database_->Get(store::Family::kMeta, "test/change");
  ASSERT_TRUE(change.ok());
  EXPECT_FALSE(change->has_value()) << "the change is not stored without its record";

  CommitEvents({Event("ingest", {{"batch_id", 2}})});
  std::vector<AuditRecord> records = ReadAll();
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records[5].seq, 6u);
  EXPECT_EQ(records[5].prev_hash, records[4].hash);
  EXPECT_TRUE(Verify().ok);
}

TEST_F(AuditLogTest, ARestartContinuesTheChain) {
  CommitFive();
  std::string last_hash = ReadAll().back().hash;
  Open();
  EXPECT_EQ(audit_->last_seq(), 5u);
  CommitEvents({Event("rules", {{"version", 2}})});
  std::vector<AuditRecord> records = ReadAll();
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records[5].seq, 6u);
  EXPECT_EQ(records[5].prev_hash, last_hash);
  AuditVerification verification = Verify();
  EXPECT_TRUE(verification.ok) << verification.reason;
  EXPECT_EQ(verification.records, 6u);
}

TEST_F(AuditLogTest, AChangedPayloadIsNamedByItsSeq) {
  CommitFive();
  std::string value = StoredValue(2);
  std::size_t at = value.find("47.5");
  ASSERT_NE(at, std::string::npos) << value;
  value.replace(at, 4, "45.5");
  Store(2, value);
  AuditVerification verification = Verify();
  EXPECT_FALSE(verification.ok);
  EXPECT_EQ(verification.first_broken_seq, 2u);
  EXPECT_EQ(verification.reason, "hash mismatch: the record was changed after it was written");
  EXPECT_EQ(verification.records, 1u);
}

TEST_F(AuditLogTest, ARecordRewrittenWithAFreshHashBreaksTheNextLink) {
  CommitFive();
  std::vector<AuditRecord> records = ReadAll();
  AuditRecord forged = records[2];
  forged.actor = "mallory";
  boost::json::object without_hash = AuditRecordToJson(forged);
  without_hash.erase("hash");
  std::string text = CanonicalJson(without_hash);
  Store(3, std::string(1, '\x01') + Sha256Hex(forged.prev_hash + text) + text);
  AuditVerification verification = Verify();
  EXPECT_FALSE(verification.ok);
  EXPECT_EQ(verification.first_broken_seq, 4u);
  EXPECT_EQ(verification.reason, "prev_hash mismatch: it is not the hash of record 3");
}

TEST_F(AuditLogTest, ADeletedRecordIsASeqGap) {
  CommitFive();
  ASSERT_TRUE(
      database_->db()->Delete({}, database_->handle(store::Family::kAudit), SeqKey(3)).ok());
  AuditVerification verification = Verify();
  EXPECT_FALSE(verification.ok);
  EXPECT_EQ(verification.first_broken_seq, 3u);
  EXPECT_EQ(verification.reason, "seq gap: record 3 is missing (the next one is 4)");
}

TEST_F(AuditLogTest, RecordsCutOffTheEndAreMissingToo) {
  CommitFive();
  ASSERT_TRUE(
      database_->db()->Delete({}, database_->handle(store::Family::kAudit), SeqKey(5)).ok());
  AuditVerification verification = Verify();
  EXPECT_FALSE(verification.ok);
  EXPECT_EQ(verification.first_broken_seq, 5u);
  EXPECT_EQ(verification.reason, "seq gap: record 5 is missing (5 records were committed)");
  // A restart does not reuse seq 5: the gap stays visible.
  Open();
  CommitEvents({Event("ingest", {})});
  EXPECT_EQ(ReadAll().back().seq, 6u);
  EXPECT_EQ(Verify().first_broken_seq, 5u);
}

TEST_F(AuditLogTest, AnUnparsableRecordIsNamed) {
  CommitFive();
  Store(4, std::string(1, '\x01') + std::string(64, 'a') + "{not json");
  AuditVerification verification = Verify();
  EXPECT_FALSE(verification.ok);
  EXPECT_EQ(verification.first_broken_seq, 4u);
  EXPECT_EQ(verification.reason, "unparsable record: audit record 4: not a JSON object");
  EXPECT_EQ(audit_->Read(1, std::nullopt, 10).status().code(), StatusCode::kCorruption);
}

// Boost.JSON 1.81 reads some doubles back one unit in the last place off; the hash covers
// the stored bytes, so such values verify.
TEST_F(AuditLogTest, DoublesBoostJsonReadsImpreciselyStillVerify) {
  CommitEvents(
      {Event("restatement", {{"old_value", -254224.60108763038}, {"new_value", 0.1 + 0.2}})});
  AuditVerification verification = Verify();
  EXPECT_TRUE(verification.ok) << verification.reason;
}

TEST_F(AuditLogTest, ReadSinceGivesTheLastStretchOldestFirstOfTheKindAsked) {
  CommitFive();  // records 1-3 at the start time, 4 and 5 90 s later
  const std::chrono::sys_seconds later = clock_.Now();
  Result<std::vector<AuditRecord>> recent = audit_->ReadSince(later, std::nullopt);
  ASSERT_TRUE(recent.ok()) << recent.status().ToString();
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_EQ((*recent)[0].seq, 4u);
  EXPECT_EQ((*recent)[1].seq, 5u);
  Result<std::vector<AuditRecord>> all = audit_->ReadSince(later - std::chrono::seconds(90), std::nullopt);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 5u);
  Result<std::vector<AuditRecord>> raises = audit_->ReadSince(later - std::chrono::hours(1), "alert.raise");
  ASSERT_TRUE(raises.ok());
  ASSERT_EQ(raises->size(), 1u);
  EXPECT_EQ((*raises)[0].seq, 4u);
  Result<std::vector<AuditRecord>> none = audit_->ReadSince(later + std::chrono::seconds(1), std::nullopt);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace kpiwatch::daemon
