#include "tests/support/tls_certificate.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace kpiwatch::testing {

TlsFiles MakeSelfSignedCertificate(const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  TlsFiles files{directory / "cert.pem", directory / "key.pem"};
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost"
      " -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout '" + files.key.string() +
      "' -out '" + files.certificate.string() + "' > '" + (directory / "openssl.log").string() +
      "' 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << "openssl failed: " << command;
  return files;
}

}  // namespace kpiwatch::testing
