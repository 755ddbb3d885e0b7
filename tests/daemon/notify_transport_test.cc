// Transports: maildir on a temporary directory, SMTP against a real server on loopback.
#include <gtest/gtest.h>

#include "daemon/notify/maildir_transport.h"
#include "daemon/notify/smtp_transport.h"
#include "tests/support/mail_parse.h"
#include "tests/support/notify_fixture.h"
#include "tests/support/smtp_server.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::notify {
namespace {

const std::chrono::sys_seconds kDate{std::chrono::seconds(1700000000)};

OutgoingMail SampleMail(Language language, std::uint64_t seq = 1) {
  return BuildAlertMail(testing::SampleAlert(), testing::SampleContext(), language,
                        {"kpiwatch@gemeente.example",
                         {"c@gemeente.example", "d@gemeente.example"},
                         "controllers",
                         seq,
                         kDate});
}

std::vector<std::filesystem::path> FilesIn(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error))
    files.push_back(entry.path());
  return files;
}

TEST(MaildirTransportTest, WritesOneEmlIntoNewWithLfLineEnds) {
  testing::TempDir dir;
  MaildirTransport transport(dir / "mail");
  OutgoingMail mail = SampleMail(Language::kEnglish);
  ASSERT_TRUE(transport.Send(mail).ok());
  auto files = FilesIn(dir / "mail" / "new");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].filename(), "kpiwatch-alert-12-1@gemeente.example.eml");
  EXPECT_TRUE(FilesIn(dir / "mail" / "tmp").empty());
  EXPECT_TRUE(std::filesystem::is_directory(dir / "mail" / "cur"));
  std::string content = testing::ReadFile(files[0]);
  EXPECT_EQ(content.find('\r'), std::string::npos);
  auto parsed = testing::ParseMail(content);
  EXPECT_EQ(parsed.Header("Message-ID"), "<kpiwatch-alert-12-1@gemeente.example>");
  EXPECT_NE(parsed.Part("text/plain").find("kpiwatch interpret 12"), std::string::npos);
  EXPECT_EQ(transport.Describe(), "maildir " + (dir / "mail").string());
}

TEST(MaildirTransportTest, ARetryOfTheSameMessageReplacesItsFileAndOthersGetTheirOwn) {
  testing::TempDir dir;
  MaildirTransport transport(dir / "mail");
  ASSERT_TRUE(transport.Send(SampleMail(Language::kEnglish, 1)).ok());
  ASSERT_TRUE(transport.Send(SampleMail(Language::kEnglish, 1)).ok());
  EXPECT_EQ(FilesIn(dir / "mail" / "new").size(), 1u);
  ASSERT_TRUE(transport.Send(SampleMail(Language::kDutch, 2)).ok());
  EXPECT_EQ(FilesIn(dir / "mail" / "new").size(), 2u);
}

TEST(MaildirTransportTest, UnwritableDirectoryIsAnIoError) {
  testing::TempDir dir;
  testing::WriteFile(dir / "file", "x");
  MaildirTransport transport(dir / "file" / "mail");
  Status status = transport.Send(SampleMail(Language::kEnglish));
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find("cannot create maildir"), std::string::npos) << status.message();
}

TEST(MakeTransportTest, MaildirWithoutSmtpSettings) {
  testing::TempDir dir;
  EXPECT_EQ(MakeTransport(std::nullopt, dir / "mail")->Describe(),
            "maildir " + (dir / "mail").string());
  SmtpSettings smtp;
  smtp.host = "mail.example";
  EXPECT_EQ(MakeTransport(smtp, dir / "mail")->Describe(), "smtp://mail.example:587 (starttls)");
  smtp.tls = SmtpTls::kImplicit;
  smtp.port = 465;
  EXPECT_EQ(MakeTransport(smtp, dir / "mail")->Describe(), "smtps://mail.example:465 (implicit)");
}

SmtpSettings Loopback(int port) {
  SmtpSettings smtp;
  smtp.host = "127.0.0.1";
  smtp.port = port;
  smtp.tls = SmtpTls::kNone;
  smtp.connect_timeout = std::chrono::seconds(5);
  smtp.timeout = std::chrono::seconds(10);
  return smtp;
}

TEST(SmtpTransportTest, RealServerReceivesBothLanguagesWithTheRightHeadersAndContent) {
  if (!testing::SmtpServer::Available()) GTEST_SKIP() << "/usr/bin/python3 cannot import aiosmtpd";
  testing::TempDir dir;
  testing::SmtpServer server(dir / "received");
  ASSERT_TRUE(server.Start()) << server.log();
  SmtpTransport transport(Loopback(server.port()));
  ASSERT_TRUE(transport.Send(SampleMail(Language::kEnglish, 1)).ok());
  Status dutch = transport.Send(SampleMail(Language::kDutch, 2));
  ASSERT_TRUE(dutch.ok()) << dutch.ToString();

  auto received = server.Received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].mail_from, "kpiwatch@gemeente.example");
  EXPECT_EQ(received[0].rcpt_to,
            (std::vector<std::string>{"c@gemeente.example", "d@gemeente.example"}));
  auto english = testing::ParseMail(received[0].data);
  EXPECT_EQ(english.Header("Message-ID"), "<kpiwatch-alert-12-1@gemeente.example>");
  EXPECT_EQ(english.Header("Subject"),
            "[kpiwatch] CRITICAL: Uitstroom naar werk (gemeente_a) - level shift");
  EXPECT_EQ(english.Header("MIME-Version"), "1.0");
  EXPECT_EQ(english.parts.size(), 2u);
  EXPECT_NE(english.Part("text/plain").find("  2024-03     44.7          met           <- flagged"),
            std::string::npos)
      << english.Part("text/plain");
  EXPECT_NE(english.Part("text/html").find("<tr class=\"flagged\""), std::string::npos);
  auto nl = testing::ParseMail(received[1].data);
  EXPECT_EQ(nl.Header("Message-ID"), "<kpiwatch-alert-12-2@gemeente.example>");
  EXPECT_EQ(testing::DecodeHeader(nl.Header("Subject")),
            "[kpiwatch] KRITIEK: Uitstroom naar werk (gemeente_a) - niveauverschuiving");
  EXPECT_NE(nl.Part("text/plain").find("Categorieën"), std::string::npos)
      << "UTF-8 survives the trip";
  EXPECT_NE(nl.Part("text/plain").find("Leg uw duiding vast"), std::string::npos);
}

TEST(SmtpTransportTest, ServerDownIsUnavailableWithAClearMessage) {
  int port = testing::FreeLoopbackPort();
  SmtpTransport transport(Loopback(port));
  Status status = transport.Send(SampleMail(Language::kEnglish));
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_NE(
      status.message().find("sending <kpiwatch-alert-12-1@gemeente.example> to smtp://127.0.0.1:" +
                            std::to_string(port) + " (none) failed: Couldn't connect to server"),
      std::string::npos)
      << status.message();
}

TEST(SmtpTransportTest, StartTlsRequiredButNotOfferedFailsInsteadOfSendingInClear) {
  if (!testing::SmtpServer::Available()) GTEST_SKIP() << "/usr/bin/python3 cannot import aiosmtpd";
  testing::TempDir dir;
  testing::SmtpServer server(dir / "received");
  ASSERT_TRUE(server.Start()) << server.log();
  SmtpSettings smtp = Loopback(server.port());
  smtp.tls = SmtpTls::kStartTls;
  SmtpTransport transport(smtp);
  Status status = transport.Send(SampleMail(Language::kEnglish));
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(server.Received().empty());
}

}  // namespace
}  // namespace kpiwatch::notify
