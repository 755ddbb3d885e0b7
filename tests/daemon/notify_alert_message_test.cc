// Alert and digest e-mail content, in English and Dutch.
#include <gtest/gtest.h>

#include <cctype>
#include <sstream>

#include "daemon/notify/alert_message.h"
#include "daemon/notify/digest_message.h"
#include "tests/support/mail_parse.h"
#include "tests/support/notify_fixture.h"

namespace kpiwatch::notify {
namespace {

using testing::SampleAlert;
using testing::SampleContext;

const std::chrono::sys_seconds kDate{std::chrono::seconds(1700000000)};

MailAddressing Addressing() {
  return {"kpiwatch@gemeente.example", {"c@gemeente.example"}, "controllers", 7, kDate};
}

// The first line of `text` that starts with `prefix`, "" when none.
std::string LineWith(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

TEST(AlertMessageTest, HeadersCarrySubjectWithSeverityIndicatorAndUnitAndStableMessageId) {
  OutgoingMail mail =
      BuildAlertMail(SampleAlert(), SampleContext(), Language::kEnglish, Addressing());
  EXPECT_EQ(mail.message_id, "<kpiwatch-alert-12-7@gemeente.example>");
  EXPECT_EQ(mail.from, "kpiwatch@gemeente.example");
  EXPECT_EQ(mail.recipients, std::vector<std::string>{"c@gemeente.example"});
  auto parsed = testing::ParseMail(mail.data);
  EXPECT_EQ(parsed.Header("Subject"),
            "[kpiwatch] CRITICAL: Uitstroom naar werk (gemeente_a) - level shift");
  EXPECT_EQ(parsed.Header("Message-ID"), "<kpiwatch-alert-12-7@gemeente.example>");
  EXPECT_EQ(parsed.Header("From"), "kpiwatch@gemeente.example");
  EXPECT_EQ(parsed.Header("To"), "c@gemeente.example");
  EXPECT_EQ(parsed.Header("Date"), "Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(parsed.Header("X-Kpiwatch-Alert"), "12");
  EXPECT_EQ(parsed.Header("X-Kpiwatch-Severity"), "critical");
  // Same inputs, same message: a retry is byte-identical.
  EXPECT_EQ(BuildAlertMail(SampleAlert(), SampleContext(), Language::kEnglish, Addressing()).data,
            mail.data);
}

TEST(AlertMessageTest, EnglishPlainTextHasFindingTableQuestionsCommandAndRule) {
  std::string text =
      AlertPlainText(SampleAlert(), SampleContext(), Language::kEnglish, "controllers");
  EXPECT_NE(text.find("kpiwatch raised alert 12 (CRITICAL) for indicator Uitstroom naar werk "
                      "(werkplein.uitstroom_werk), unit gemeente_a."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Flagged period:"), std::string::npos);
  EXPECT_NE(LineWith(text, "  Effect:").find("6.5 (3.25 robust standard deviations)"),
            std::string::npos)
      << text;
  EXPECT_NE(LineWith(text, "  p-value:").find("p = 0.004"), std::string::npos) << text;
  EXPECT_NE(text.find("The level rose from 38.2 to 44.7 in 2024-03."), std::string::npos);
  EXPECT_NE(text.find("Recent values (Target: at least 40)"), std::string::npos) << text;
  // The flagged row is marked, the others are not; each row says whether the target was met.
  EXPECT_NE(LineWith(text, "  2024-03").find("met"), std::string::npos);
  EXPECT_NE(LineWith(text, "  2024-03").find("<- flagged"), std::string::npos) << text;
  EXPECT_EQ(LineWith(text, "  2024-04").find("<- flagged"), std::string::npos);
  EXPECT_NE(LineWith(text, "  2024-02").find("not met"), std::string::npos);
  EXPECT_NE(text.find("Before this number is used for steering, please answer:\n"
                      "  1. Did the definition of outflow change in 2024-03?\n"
                      "  2. Were cases closed early to meet the target <40%>?\n"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("kpiwatch interpret 12 --category <category> --note \"<your interpretation>\""),
      std::string::npos);
  EXPECT_NE(text.find("POST http://kpi.example.org:8470/v1/alerts/12/interpret"),
            std::string::npos);
  EXPECT_NE(
      text.find(
          "Rule shift-in-outflow (rule-set version 3) fired because detector pelt found a level "
          "shift in period 2024-03"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("recipient group controllers"), std::string::npos);
  EXPECT_NE(text.find("Share of clients who left benefits for work & stayed 6 months."),
            std::string::npos);
}

TEST(AlertMessageTest, DutchIsCompleteAndUsesTheFieldsTerms) {
  Alert alert = SampleAlert();
  OutgoingMail mail = BuildAlertMail(alert, SampleContext(), Language::kDutch, Addressing());
  auto parsed = testing::ParseMail(mail.data);
  EXPECT_EQ(testing::DecodeHeader(parsed.Header("Subject")),
            "[kpiwatch] KRITIEK: Uitstroom naar werk (gemeente_a) - niveauverschuiving");
  std::string text = parsed.Part("text/plain");
  EXPECT_NE(
      text.find("kpiwatch heeft melding 12 (KRITIEK) aangemaakt voor indicator Uitstroom naar werk "
                "(werkplein.uitstroom_werk), eenheid gemeente_a."),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("Recente waarden (Streefwaarde: minimaal 40)"), std::string::npos) << text;
  EXPECT_NE(LineWith(text, "  2024-03").find("<- gemarkeerd"), std::string::npos) << text;
  EXPECT_NE(LineWith(text, "  2024-03").find("44,7"), std::string::npos)
      << "decimal comma: " << text;
  EXPECT_NE(LineWith(text, "  2024-02").find("niet gehaald"), std::string::npos);
  EXPECT_NE(LineWith(text, "  Effect:").find("6,5 (3,25 robuuste standaarddeviaties)"),
            std::string::npos)
      << text;
  EXPECT_NE(LineWith(text, "  Richting:").find("omhoog"), std::string::npos);
  EXPECT_NE(text.find("voordat dit getal wordt gebruikt voor sturing"), std::string::npos);
  EXPECT_NE(text.find("Leg uw duiding vast"), std::string::npos);
  EXPECT_NE(text.find("kpiwatch interpret 12 --category <categorie> --note \"<uw duiding>\""),
            std::string::npos);
  EXPECT_NE(
      text.find(
          "Regel shift-in-outflow (versie 3 van de regelset) is afgegaan omdat detector pelt een "
          "niveauverschuiving vond in periode 2024-03"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("ontvangersgroep controllers"), std::string::npos);
  EXPECT_NE(text.find("Definitie van de indicator"), std::string::npos);
  // No English template text leaks into the Dutch message (the detector's own words and
  // the catalogue's definition are left out here: they come in the language they were written in).
  alert.questions.clear();
  alert.finding.explanation.clear();
  AlertMailContext context = SampleContext();
  context.indicator_definition.clear();
  std::string template_text = AlertPlainText(alert, context, Language::kDutch, "controllers");
  for (const char* english :
       {"What was found", "Recent values", "flagged", "Before this number", "Record your",
        "Why you receive", "Rule ", "target", "unit ", "The detector"}) {
    EXPECT_EQ(template_text.find(english), std::string::npos) << english;
  }
  std::string html = parsed.Part("text/html");
  EXPECT_NE(html.find("<html lang=\"nl\">"), std::string::npos);
  for (const char* term : {"indicator", "streefwaarde", "duiding", "sturing"}) {
    EXPECT_NE(Lower(text).find(term), std::string::npos) << term;
    EXPECT_NE(Lower(html).find(term), std::string::npos) << term;
  }
}

TEST(AlertMessageTest, HtmlEscapesEverythingFromTheAlertAndMarksTheFlaggedRow) {
  Alert alert = SampleAlert();
  alert.finding.explanation = "<script>alert('x')</script> & more";
  std::string html = AlertHtml(alert, SampleContext(), Language::kEnglish, "controllers");
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"),
            std::string::npos);
  EXPECT_NE(html.find("to meet the target &lt;40%&gt;?"), std::string::npos);
  EXPECT_NE(html.find("work &amp; stayed"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"flagged\" style=\"background: #fde68a; font-weight: "
                      "bold\"><td>2024-03</td>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("<tr class=\"flagged\" style=\"background: #fde68a; font-weight: "
                      "bold\"><td>2024-04</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th>Target</th>"), std::string::npos);
  EXPECT_NE(html.find("kpiwatch interpret 12 --category &lt;category&gt;"), std::string::npos);
  EXPECT_NE(html.find("POST http://kpi.example.org:8470/v1/alerts/12/interpret"),
            std::string::npos);
}

TEST(AlertMessageTest, NonAsciiIndicatorNameIsAnEncodedWordSubject) {
  AlertMailContext context = SampleContext();
  context.indicator_name = "Cliënttevredenheid";
  OutgoingMail mail = BuildAlertMail(SampleAlert(), context, Language::kDutch, Addressing());
  auto parsed = testing::ParseMail(mail.data);
  EXPECT_EQ(parsed.Header("Subject").rfind("=?UTF-8?B?", 0), 0u) << parsed.Header("Subject");
  EXPECT_EQ(testing::DecodeHeader(parsed.Header("Subject")),
            "[kpiwatch] KRITIEK: Cliënttevredenheid (gemeente_a) - niveauverschuiving");
}

TEST(AlertMessageTest, WithoutTargetOrValuesOrQuestionsTheMessageSaysSo) {
  Alert alert = SampleAlert();
  alert.questions.clear();
  AlertMailContext context = SampleContext();
  context.target.reset();
  context.recent_values.clear();
  std::string text = AlertPlainText(alert, context, Language::kEnglish, "controllers");
  EXPECT_NE(text.find("Recent values (Target: no target set)"), std::string::npos) << text;
  EXPECT_NE(text.find("no recent values stored"), std::string::npos);
  EXPECT_NE(text.find("The detector gave no questions"), std::string::npos);
  std::string dutch = AlertPlainText(alert, context, Language::kDutch, "controllers");
  EXPECT_NE(dutch.find("geen streefwaarde vastgesteld"), std::string::npos) << dutch;
}

std::vector<DigestEntry> ThreeEntries() {
  Alert first = SampleAlert();
  Alert second = SampleAlert();
  second.id = 15;
  second.severity = Severity::kWarning;
  second.finding.kind = "outlier";
  second.finding.period = "2024-04";
  Alert third = SampleAlert();
  third.id = 14;
  third.indicator = "zorg.wachttijd";
  third.severity = Severity::kCritical;
  AlertMailContext other = SampleContext();
  other.indicator_name = "Wachttijd <zorg>";
  return {DigestEntryFor(second, SampleContext()), DigestEntryFor(third, other),
          DigestEntryFor(first, SampleContext())};
}

TEST(DigestMessageTest, GroupsByIndicatorThenSeverityCriticalFirst) {
  auto entries = ThreeEntries();
  EXPECT_EQ(DigestSubject(entries, Language::kEnglish, "controllers"),
            "[kpiwatch] 3 alerts for controllers (2 x CRITICAL, 1 x WARNING)");
  std::string text = DigestPlainText(entries, Language::kEnglish, "controllers", "http://kpi:8470");
  std::size_t outflow = text.find("\nUitstroom naar werk\n");
  std::size_t critical = text.find(
      "  CRITICAL\n    #12 level shift, 2024-03, unit gemeente_a (shift-in-outflow)", outflow);
  std::size_t warning =
      text.find("  WARNING\n    #15 outlier, 2024-04, unit gemeente_a (shift-in-outflow)", outflow);
  std::size_t waiting = text.find("\nWachttijd <zorg>\n  CRITICAL\n    #14 level shift");
  ASSERT_NE(outflow, std::string::npos) << text;
  ASSERT_NE(critical, std::string::npos) << text;
  ASSERT_NE(warning, std::string::npos) << text;
  ASSERT_NE(waiting, std::string::npos) << text;
  EXPECT_LT(critical, warning);
  EXPECT_LT(outflow, waiting);  // indicators in name order
  EXPECT_NE(text.find("kpiwatch interpret 15 --category <category>"), std::string::npos);
  EXPECT_NE(text.find("POST http://kpi:8470/v1/alerts/14/interpret"), std::string::npos);
  std::string html = DigestHtml(entries, Language::kEnglish, "controllers", "http://kpi:8470");
  EXPECT_NE(html.find("<h2>Wachttijd &lt;zorg&gt;</h2>"), std::string::npos);
}

TEST(DigestMessageTest, DutchDigestAndJsonRoundTrip) {
  auto entries = ThreeEntries();
  OutgoingMail mail = BuildDigestMail(
      entries, Language::kDutch,
      {"kpiwatch@gemeente.example", {"c@gemeente.example"}, "controllers", 9, kDate},
      "http://kpi:8470");
  EXPECT_EQ(mail.message_id, "<kpiwatch-digest-controllers-9@gemeente.example>");
  auto parsed = testing::ParseMail(mail.data);
  EXPECT_EQ(testing::DecodeHeader(parsed.Header("Subject")),
            "[kpiwatch] 3 meldingen voor controllers (2 x KRITIEK, 1 x WAARSCHUWING)");
  std::string text = parsed.Part("text/plain");
  EXPECT_NE(text.find("duiding voordat het getal wordt gebruikt voor sturing"), std::string::npos)
      << text;
  EXPECT_NE(text.find("#15 uitschieter, 2024-04, eenheid gemeente_a"), std::string::npos) << text;
  std::vector<DigestEntry> one = {entries[0]};
  EXPECT_EQ(DigestSubject(one, Language::kDutch, "board"),
            "[kpiwatch] 1 melding voor board (1 x WAARSCHUWING)");
  EXPECT_NE(
      DigestPlainText(one, Language::kDutch, "board", "http://k").find("1 melding aangemaakt"),
      std::string::npos);

  auto back = DigestEntryFromJson(DigestEntryToJson(entries[1]));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->alert_id, 14u);
  EXPECT_EQ(back->severity, Severity::kCritical);
  EXPECT_EQ(back->indicator_name, "Wachttijd <zorg>");
  EXPECT_EQ(back->period, "2024-03");
  EXPECT_FALSE(DigestEntryFromJson(boost::json::object{{"alert_id", "x"}}).ok());
}

}  // namespace
}  // namespace kpiwatch::notify
