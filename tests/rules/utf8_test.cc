// UTF-8 validation of input files, and its use by the YAML and ingest parsers.
#include "rules/formats/utf8.h"

#include <gtest/gtest.h>

#include "detectors/core/registry.h"
#include "rules/formats/catalogue_parser.h"
#include "rules/formats/observation_parser.h"
#include "rules/formats/rule_parser.h"

namespace kpiwatch {
namespace {

TEST(Utf8Test, AcceptsWellFormedTextAndFindsTheFirstBadByte) {
  EXPECT_EQ(FirstInvalidUtf8(""), std::nullopt);
  EXPECT_EQ(FirstInvalidUtf8("Wachttijd \xE2\x82\xAC 5, caf\xC3\xA9, \xF0\x9F\x98\x80"), std::nullopt);
  EXPECT_EQ(FirstInvalidUtf8("ab\x89"), 2u);                // a lone continuation byte
  EXPECT_EQ(FirstInvalidUtf8("a\xC3"), 1u);                 // cut short at the end
  EXPECT_EQ(FirstInvalidUtf8("a\xC3(b"), 1u);               // not followed by a continuation
  EXPECT_EQ(FirstInvalidUtf8("\xC0\xAF"), 0u);              // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("x\xED\xA0\x80"), 1u);         // a surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);      // above U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("ok \xFF"), 3u);
}

TEST(Utf8Test, TheErrorNamesLineColumnAndByte) {
  std::optional<ErrorDetail> error = InvalidUtf8Error("rules:\n  - name: x\xE9y\n", "rules.yaml");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->ToString(),
            "rules.yaml:2:12: not valid UTF-8 (byte 0xE9); save the file as UTF-8");
}

TEST(Utf8Test, RulesCatalogueAndBatchesMustBeUtf8) {
  // Found by fuzz_rules: invalid bytes in a quoted string were read, then written back by
  // RulesToYaml as U+FFFD, so the stored rule set was not the one given.
  auto rules = ParseRulesYaml("rules:\n  - name: r\n    detector: pelt\n    dedup_key: \"{rule}\x89\"\n",
                              "rules.yaml", DetectorRegistry::Builtin(), nullptr);
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().details().at(0).line, 4);
  EXPECT_NE(rules.status().details().at(0).reason.find("not valid UTF-8"), std::string::npos);

  auto catalogue = ParseCatalogueYaml("indicators:\n  - id: a\n    name: \xE9\n", "catalogue.yaml");
  ASSERT_FALSE(catalogue.ok());
  EXPECT_EQ(catalogue.status().details().at(0).line, 3);

  ParseOptions options;
  options.file_name = "batch.csv";
  auto batch = ParseObservations("indicator,unit,period,value\nkpi,Zw\xF6lle,2024-01,3\n", options);
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().details().at(0).ToString(),
            "batch.csv:2:7: not valid UTF-8 (byte 0xF6); save the file as UTF-8");
}

TEST(Utf8Test, YamlMayNotHoldControlCharacters) {
  EXPECT_EQ(ControlCharacterError("a:\tb\r\nc: d\n", "x.yaml"), std::nullopt);
  std::optional<ErrorDetail> nul = ControlCharacterError(std::string_view("a: b\nc: d\0e\n", 12), "x.yaml");
  ASSERT_TRUE(nul.has_value());
  EXPECT_EQ(nul->ToString(), "x.yaml:2:5: a control character, not allowed in YAML (byte 0x00)");
  // Found by fuzz_rules: a NUL in a notify group name was read, but not written back.
  auto rules = ParseRulesYaml(std::string_view("rules:\n  - name: r\n    detector: pelt\n    notify: [a\0b]\n", 56),
                              "rules.yaml", DetectorRegistry::Builtin(), nullptr);
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().details().at(0).line, 4);
}

}  // namespace
}  // namespace kpiwatch
