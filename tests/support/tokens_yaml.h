// The text of a kpiwatchd tokens file for integration tests: each token stored as its
// SHA-256 with a name and one role. Header-only because tests/support does not link the
// daemon layer (Sha256Hex).
#pragma once

#include <initializer_list>
#include <string>

#include "daemon/audit/sha256.h"

namespace kpiwatch::testing {

struct TestToken {
  std::string name;
  std::string token;
  std::string role;
};

inline std::string TokensFileYaml(std::initializer_list<TestToken> tokens) {
  std::string yaml = "tokens:\n";
  for (const TestToken& entry : tokens) {
    yaml += "  - name: " + entry.name + "\n    sha256: " + daemon::Sha256Hex(entry.token) +
            "\n    roles: [" + entry.role + "]\n";
  }
  return yaml;
}

}  // namespace kpiwatch::testing
