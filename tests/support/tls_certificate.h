// A throw-away self-signed TLS certificate for tests of HTTPS (made with the openssl
// command-line tool): valid for "localhost" and 127.0.0.1, for one day.
#pragma once

#include <filesystem>

namespace kpiwatch::testing {

struct TlsFiles {
  std::filesystem::path certificate;  // PEM; also the CA a client must trust
  std::filesystem::path key;          // PEM, unencrypted
};

// Writes cert.pem and key.pem into `directory`; fails the test when openssl fails.
TlsFiles MakeSelfSignedCertificate(const std::filesystem::path& directory);

}  // namespace kpiwatch::testing
