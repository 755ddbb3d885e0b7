// Ingest: whole-batch validation, atomic storage, restatements, no-ops.
#include "daemon/ingest/ingest_service.h"

#include <gtest/gtest.h>

#include "tests/support/ingest_stack.h"

namespace kpiwatch::daemon {
namespace {

class IngestServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(stack_.Open());
    ASSERT_TRUE(stack_.catalogue->Put(testing::MonthlyIndicator("werk.uitstroom"), "steward-anna").ok());
  }

  Result<IngestResult> IngestCsv(const std::string& csv) {
    ParseOptions options;
    options.format = ObservationFormat::kCsv;
    options.file_name = "batch.csv";
    return stack_.ingest->Ingest(csv, options, "test", "source-bot");
  }

  std::vector<store::SeriesPoint> Series(const std::string& unit) {
    auto series = store::ObservationStore(*stack_.database).ReadSeries("werk.uitstroom", unit);
    EXPECT_TRUE(series.ok());
    return series.ok() ? *series : std::vector<store::SeriesPoint>{};
  }

  testing::IngestStack stack_;
};

TEST_F(IngestServiceTest, StoresAGoodBatchAndReadsItBackInPeriodOrder) {
  Result<IngestResult> result = IngestCsv(
      "indicator,unit,period,value,n\n"
      "werk.uitstroom,zwolle,2024-02,12,\n"
      "werk.uitstroom,zwolle,2024-01,10,300\n"
      "werk.uitstroom,deventer,2024-01,7,\n");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->received, 3u);
  EXPECT_EQ(result->inserted, 3u);
  EXPECT_EQ(result->batch_id, 1u);
  auto zwolle = Series("zwolle");
  ASSERT_EQ(zwolle.size(), 2u);
  EXPECT_EQ(zwolle[0].period.ToString(), "2024-01");
  EXPECT_EQ(zwolle[0].point.value, 10.0);
  EXPECT_EQ(zwolle[0].point.n, 300.0);
  EXPECT_EQ(zwolle[0].point.source, "test");
  EXPECT_EQ(zwolle[0].point.reported_at, 1700000000);
  EXPECT_EQ(zwolle[1].point.value, 12.0);
}

TEST_F(IngestServiceTest, ABadRowRejectsTheWholeBatchAndWritesNothing) {
  // Rows that do not parse and rows the catalogue does not allow, all in one answer.
  Result<IngestResult> result = IngestCsv(
      "indicator,unit,period,value\n"
      "werk.uitstroom,zwolle,2024-01,10\n"
      "werk.uitstroom,zwolle,2024-02,abc\n"
      "werk.uitstroom,zwolle,2024-Q1,11\n"
      "werk.onbekend,zwolle,2024-01,3\n"
      "werk.uitstroom,zwolle,2024-14,3\n");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "4 of 5 rows rejected");
  const std::vector<ErrorDetail>& details = result.status().details();
  ASSERT_EQ(details.size(), 4u) << result.status().ToString();
  EXPECT_EQ(details[0].line, 3);
  EXPECT_EQ(details[0].field, "value");
  EXPECT_EQ(details[1].line, 4);
  EXPECT_EQ(details[1].field, "period");
  EXPECT_EQ(details[2].line, 5);
  EXPECT_EQ(details[2].field, "indicator");
  EXPECT_EQ(details[3].line, 6);
  EXPECT_EQ(details[3].field, "period");
  EXPECT_TRUE(Series("zwolle").empty());
}

TEST_F(IngestServiceTest, SameValueIsANoOpAndADifferentValueIsARestatement) {
  ASSERT_TRUE(IngestCsv("indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,10\n").ok());
  stack_.clock.Advance(std::chrono::hours(24));
  Result<IngestResult> again = IngestCsv("indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,10\n");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 1u);
  EXPECT_EQ(again->batch_id, 0u) << "nothing written, no batch used";

  Result<IngestResult> restated =
      IngestCsv("indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,13\n");
  ASSERT_TRUE(restated.ok());
  ASSERT_EQ(restated->restatements.size(), 1u);
  EXPECT_EQ(restated->restatements[0].old_value, 10.0);
  EXPECT_EQ(restated->restatements[0].new_value, 13.0);
  EXPECT_EQ(Series("zwolle").at(0).point.value, 13.0);

  auto revisions = store::ObservationStore(*stack_.database).ReadRevisions("werk.uitstroom");
  ASSERT_TRUE(revisions.ok());
  ASSERT_EQ(revisions->size(), 1u);
  EXPECT_EQ((*revisions)[0].revision.replaced.value, 10.0);
  EXPECT_EQ((*revisions)[0].revision.replaced.reported_at, 1700000000);
  EXPECT_EQ((*revisions)[0].revision.replaced_at, 1700000000 + 86400);
}

TEST_F(IngestServiceTest, BatchIdsSurviveARestart) {
  ASSERT_TRUE(IngestCsv("indicator,unit,period,value\nwerk.uitstroom,a,2024-01,1\n").ok());
  ASSERT_TRUE(IngestCsv("indicator,unit,period,value\nwerk.uitstroom,a,2024-02,1\n").ok());
  IngestService restarted(*stack_.database, *stack_.catalogue, stack_.clock, *stack_.audit);
  ASSERT_TRUE(restarted.Start().ok());
  ParseOptions options;
  Result<IngestResult> result =
      restarted.Ingest("indicator,unit,period,value\nwerk.uitstroom,a,2024-03,1\n", options, "test",
                       "source-bot");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->batch_id, 3u);
}

TEST_F(IngestServiceTest, AStoredBatchIsAuditedWithItsRestatementsAndANoOpOrRejectIsNot) {
  const std::string first = "indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-01,10\n";
  ASSERT_TRUE(IngestCsv(first).ok());
  ASSERT_TRUE(IngestCsv(first).ok());  // unchanged: nothing stored, nothing audited
  ASSERT_FALSE(IngestCsv("indicator,unit,period,value\nwerk.uitstroom,zwolle,2024-02,x\n").ok());
  ASSERT_TRUE(IngestCsv("indicator,unit,period,value\n"
                        "werk.uitstroom,zwolle,2024-01,13.5\nwerk.uitstroom,zwolle,2024-02,7\n")
                  .ok());
  Result<std::vector<AuditRecord>> records = stack_.audit->Read(1, std::nullopt, 100);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[0].kind, "indicator");
  EXPECT_EQ((*records)[0].actor, "steward-anna");
  EXPECT_EQ((*records)[1].kind, "ingest");
  EXPECT_EQ((*records)[1].actor, "source-bot");
  EXPECT_EQ((*records)[1].payload.at("batch_id").to_number<int>(), 1);
  EXPECT_EQ((*records)[1].payload.at("source").as_string(), "test");
  EXPECT_EQ((*records)[1].payload.at("body_sha256").as_string(),
            "7befe53c3aac9b212eb278d0ac8d54e6275be313b340e6a7ec515597e6221f13");  // sha256sum of `first`
  const boost::json::object& second = (*records)[2].payload;
  EXPECT_EQ((*records)[2].kind, "ingest");
  EXPECT_EQ(second.at("batch_id").to_number<int>(), 2);
  EXPECT_EQ(second.at("received").to_number<int>(), 2);
  EXPECT_EQ(second.at("inserted").to_number<int>(), 1);
  EXPECT_EQ(second.at("unchanged").to_number<int>(), 0);
  EXPECT_EQ(second.at("restated").to_number<int>(), 1);
  const boost::json::object& restatement = (*records)[3].payload;
  EXPECT_EQ((*records)[3].kind, "restatement");
  EXPECT_EQ(restatement.at("indicator").as_string(), "werk.uitstroom");
  EXPECT_EQ(restatement.at("unit").as_string(), "zwolle");
  EXPECT_EQ(restatement.at("period").as_string(), "2024-01");
  EXPECT_EQ(restatement.at("old_value").to_number<double>(), 10.0);
  EXPECT_EQ(restatement.at("new_value").to_number<double>(), 13.5);
  EXPECT_EQ(restatement.at("batch_id").to_number<int>(), 2);
  Result<AuditVerification> verification = stack_.audit->Verify();
  ASSERT_TRUE(verification.ok());
  EXPECT_TRUE(verification->ok) << verification->reason;
  EXPECT_EQ(verification->records, 4u);
}

TEST_F(IngestServiceTest, ListsUnitsOfAnIndicator) {
  ASSERT_TRUE(IngestCsv("indicator,unit,period,value\n"
                        "werk.uitstroom,zwolle,2024-01,1\nwerk.uitstroom,zwolle,2024-02,1\n"
                        "werk.uitstroom,apeldoorn,2024-01,1\nwerk.uitstroom,deventer,2024-01,1\n")
                  .ok());
  auto units = store::ObservationStore(*stack_.database).ListUnits("werk.uitstroom");
  ASSERT_TRUE(units.ok());
  EXPECT_EQ(*units, (std::vector<std::string>{"apeldoorn", "deventer", "zwolle"}));
}

TEST_F(IngestServiceTest, SeriesRangeIsInclusive) {
  ASSERT_TRUE(IngestCsv("indicator,unit,period,value\n"
                        "werk.uitstroom,z,2024-01,1\nwerk.uitstroom,z,2024-02,2\n"
                        "werk.uitstroom,z,2024-03,3\nwerk.uitstroom,z,2024-04,4\n")
                  .ok());
  auto series = store::ObservationStore(*stack_.database)
                    .ReadSeries("werk.uitstroom", "z", *Period::Parse("2024-02"), *Period::Parse("2024-03"));
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->size(), 2u);
  EXPECT_EQ((*series)[0].point.value, 2.0);
  EXPECT_EQ((*series)[1].point.value, 3.0);
}

}  // namespace
}  // namespace kpiwatch::daemon
