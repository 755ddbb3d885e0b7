// MIME building blocks: quoted-printable, encoded-word headers, HTML escaping, dates.
#include <gtest/gtest.h>

#include <sstream>

#include "daemon/notify/mime.h"
#include "tests/support/mail_parse.h"

namespace kpiwatch::notify {
namespace {

std::vector<std::string> CrlfLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("\r\n", start);
    EXPECT_NE(end, std::string::npos) << "line without CRLF at " << start;
    if (end == std::string::npos) break;
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

TEST(QuotedPrintableTest, EncodesNonAsciiEqualsAndTrailingSpaceAndRoundTrips) {
  std::string text = "Streefwaarde = 40 % — gehaald \nRégion café\n.leading dot\n";
  std::string encoded = EncodeQuotedPrintable(text);
  EXPECT_NE(encoded.find("Streefwaarde =3D 40 % =E2=80=94 gehaald=20\r\n"), std::string::npos)
      << encoded;
  EXPECT_NE(encoded.find("R=C3=A9gion caf=C3=A9\r\n"), std::string::npos) << encoded;
  EXPECT_NE(encoded.find("\r\n=2Eleading dot\r\n"), std::string::npos) << encoded;
  EXPECT_EQ(testing::DecodeQuotedPrintable(encoded), text);
}

TEST(QuotedPrintableTest, LongLinesAreSoftBrokenAtMost76Characters) {
  std::string text(300, 'x');
  text += "ééé\n";
  std::string encoded = EncodeQuotedPrintable(text);
  for (const auto& line : CrlfLines(encoded)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_EQ(testing::DecodeQuotedPrintable(encoded), text);
}

TEST(HeaderEncodingTest, AsciiStaysAsIs) {
  EXPECT_EQ(EncodeHeaderValue("[kpiwatch] CRITICAL: Outflow (gemeente_a)"),
            "[kpiwatch] CRITICAL: Outflow (gemeente_a)");
}

TEST(HeaderEncodingTest, NonAsciiBecomesUtf8EncodedWordsSplitOnCharacters) {
  std::string subject =
      "[kpiwatch] KRITIEK: Cliënttevredenheid reïntegratie — ééééééééééééééééééééééé (wijk Noord)";
  std::string encoded = EncodeHeaderValue(subject);
  for (const auto& word : CrlfLines(encoded + "\r\n")) {
    std::string trimmed = word[0] == ' ' ? word.substr(1) : word;
    EXPECT_EQ(trimmed.rfind("=?UTF-8?B?", 0), 0u) << trimmed;
    EXPECT_LE(trimmed.size(), 75u) << trimmed;
    // Each word decodes on its own to valid UTF-8 (no split character): ends on a boundary.
    std::string decoded = testing::DecodeHeader(trimmed);
    ASSERT_FALSE(decoded.empty());
    EXPECT_NE(static_cast<unsigned char>(decoded.back()) & 0xC0, 0xC0u);
  }
  EXPECT_EQ(testing::DecodeHeader(encoded), subject);
}

TEST(HtmlEscapeTest, EscapesMarkupCharacters) {
  EXPECT_EQ(EscapeHtml("<b>\"Tom & Jerry's\"</b>"),
            "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;");
}

TEST(MailDateTest, Rfc5322InUtc) {
  EXPECT_EQ(FormatMailDate(std::chrono::sys_seconds{std::chrono::seconds(1700000000)}),
            "Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(FormatMailDate(std::chrono::sys_seconds{std::chrono::seconds(0)}),
            "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST(AddressDomainTest, DomainOrLocalhost) {
  EXPECT_EQ(AddressDomain("kpiwatch@gemeente.example"), "gemeente.example");
  EXPECT_EQ(AddressDomain("kpiwatch"), "localhost");
}

TEST(MimeMessageTest, HeadersAndTwoUtf8Parts) {
  MimeHeaders headers;
  headers.from = "kpiwatch@example.org";
  headers.to = {"a@example.org", "b@example.org"};
  headers.subject = "Duiding gevraagd: één indicator";
  headers.message_id = "<kpiwatch-alert-1-1@example.org>";
  headers.date = std::chrono::sys_seconds{std::chrono::seconds(1700000000)};
  headers.extra = {{"X-Kpiwatch-Alert", "1"}};
  std::string message = BuildMimeMessage(headers, "plain ë\n", "<p>html ë</p>\n");
  for (const auto& line : CrlfLines(message)) EXPECT_LE(line.size(), 78u) << line;
  auto parsed = testing::ParseMail(message);
  EXPECT_EQ(parsed.Header("From"), "kpiwatch@example.org");
  EXPECT_EQ(parsed.Header("To"), "a@example.org, b@example.org");
  EXPECT_EQ(testing::DecodeHeader(parsed.Header("Subject")), "Duiding gevraagd: één indicator");
  EXPECT_EQ(parsed.Header("Date"), "Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(parsed.Header("Message-ID"), "<kpiwatch-alert-1-1@example.org>");
  EXPECT_EQ(parsed.Header("MIME-Version"), "1.0");
  EXPECT_EQ(parsed.Header("X-Kpiwatch-Alert"), "1");
  EXPECT_EQ(parsed.Header("Content-Type").rfind("multipart/alternative; boundary=\"", 0), 0u);
  ASSERT_EQ(parsed.parts.size(), 2u);
  EXPECT_EQ(parsed.parts[0].headers.at("content-type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(parsed.parts[0].headers.at("content-transfer-encoding"), "quoted-printable");
  EXPECT_EQ(parsed.parts[1].headers.at("content-type"), "text/html; charset=UTF-8");
  EXPECT_EQ(parsed.Part("text/plain"), "plain ë\n");
  EXPECT_EQ(parsed.Part("text/html"), "<p>html ë</p>\n");
}

}  // namespace
}  // namespace kpiwatch::notify
