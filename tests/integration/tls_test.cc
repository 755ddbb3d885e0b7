// HTTPS: kpiwatchd with http.tls.cert_file/key_file serves the API over TLS only, and the
// CLI talks to it with https:// URLs, trusting the certificate given in KPIWATCH_CA_CERT.
#include <cstdlib>

#include <gtest/gtest.h>

#include "tests/support/daemon_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tls_certificate.h"

namespace kpiwatch {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tls_ = testing::MakeSelfSignedCertificate(dir_ / "tls");
    testing::WriteFile(dir_ / "kpiwatchd.yaml", "http:\n  tls:\n    cert_file: " +
                                                    tls_.certificate.string() + "\n    key_file: " +
                                                    tls_.key.string() + "\n");
    daemon_ = std::make_unique<testing::DaemonProcess>(
        dir_ / "var", std::vector<std::string>{"--config", (dir_ / "kpiwatchd.yaml").string()});
    ASSERT_TRUE(daemon_->Start()) << daemon_->log();
  }
  void TearDown() override { unsetenv("KPIWATCH_CA_CERT"); }

  std::string HttpsUrl() const { return "https://localhost:" + std::to_string(daemon_->port()); }

  testing::TempDir dir_;
  testing::TlsFiles tls_;
  std::unique_ptr<testing::DaemonProcess> daemon_;
};

TEST_F(TlsTest, TheCliTalksHttpsWhenItTrustsTheCertificate) {
  setenv("KPIWATCH_CA_CERT", tls_.certificate.c_str(), 1);
  auto status = testing::RunCli({"--server", HttpsUrl(), "status"});
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find("ok"), std::string::npos) << status.output;
  auto indicators = testing::RunCli({"--server", HttpsUrl(), "indicators", "--json"});
  EXPECT_EQ(indicators.exit_code, 0) << indicators.output;
}

TEST_F(TlsTest, AnUntrustedCertificateIsRefusedByTheCli) {
  auto status = testing::RunCli({"--server", HttpsUrl(), "status"});
  EXPECT_EQ(status.exit_code, 1) << status.output;
  EXPECT_NE(status.output.find("certificate verify failed"), std::string::npos) << status.output;
}

TEST_F(TlsTest, PlainHttpGetsNoAnswerFromAnHttpsDaemon) {
  auto status = testing::RunCli(
      {"--server", "http://127.0.0.1:" + std::to_string(daemon_->port()), "status"});
  EXPECT_EQ(status.exit_code, 1) << status.output;
  EXPECT_EQ(status.output.find("ok"), std::string::npos) << status.output;
  EXPECT_NE(daemon_->log().find("https"), std::string::npos) << daemon_->log();
}

TEST(TlsConfigTest, AMissingKeyFileStopsTheDaemonWithTheFileNamed) {
  testing::TempDir dir;
  const testing::TlsFiles tls = testing::MakeSelfSignedCertificate(dir / "tls");
  testing::WriteFile(dir / "kpiwatchd.yaml", "http:\n  tls:\n    cert_file: " +
                                                 tls.certificate.string() + "\n    key_file: " +
                                                 (dir / "missing.pem").string() + "\n");
  testing::DaemonProcess daemon(dir / "var", {"--config", (dir / "kpiwatchd.yaml").string()});
  EXPECT_FALSE(daemon.Start());
  EXPECT_NE(daemon.log().find("cannot load the TLS key " + (dir / "missing.pem").string()),
            std::string::npos)
      << daemon.log();
}

}  // namespace
}  // namespace kpiwatch
