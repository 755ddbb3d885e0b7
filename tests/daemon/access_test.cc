// Access control: the tokens file, token hashes, and the 401/403 decisions of Protect,
// each refusal audited without the token.
#include "daemon/auth/access.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "daemon/audit/sha256.h"
#include "tests/support/fake_clock.h"
#include "tests/support/temp_dir.h"

namespace kpiwatch::daemon {
namespace {

const std::string kAliceToken = "alice-7f3a9c";
const std::string kBobToken = "bob-55e1d0";
const std::string kAuditorToken = "audrey-0b9e22";
const std::string kAdminToken = "root-c0ffee";

std::string TokensYaml() {
  return "tokens:\n"
         "  - name: alice\n"
         "    sha256: " +
         Sha256Hex(kAliceToken) +
         "\n"
         "    roles: [controller]\n"
         "  - name: bob\n"
         "    sha256: " +
         Sha256Hex(kBobToken) +
         "\n"
         "    roles: [ingest, steward]\n"
         "  - name: audrey\n"
         "    sha256: " +
         Sha256Hex(kAuditorToken) +
         "\n"
         "    roles: [auditor]\n"
         "  - name: root\n"
         "    sha256: " +
         Sha256Hex(kAdminToken) +
         "\n"
         "    roles: [admin]\n";
}

http::Request Request(const std::string& method, const std::string& target,
                      const std::string& token = "") {
  Result<http::Request> request = http::MakeRequest(method, target);
  EXPECT_TRUE(request.ok());
  if (!token.empty()) request->headers["authorization"] = "Bearer " + token;
  request->remote_address = "192.0.2.7";
  return *request;
}

std::string Header(const http::Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(TokensFileTest, ParsesNamesHashesAndRoles) {
  Result<std::vector<TokenEntry>> tokens = ParseTokensYaml(TokensYaml(), "tokens.yaml");
  ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
  ASSERT_EQ(tokens->size(), 4u);
  EXPECT_EQ((*tokens)[1].name, "bob");
  EXPECT_EQ(DigestHex((*tokens)[1].sha256), Sha256Hex(kBobToken));
  EXPECT_EQ((*tokens)[1].roles, (std::vector<Role>{Role::kIngest, Role::kSteward}));
  Result<std::vector<TokenEntry>> empty = ParseTokensYaml("tokens: []\n", "tokens.yaml");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(TokensFileTest, ReportsEveryErrorWithItsPosition) {
  const std::string text =
      "tokens:\n"
      "  - name: alice\n"
      "    sha256: 5e88489\n"
      "    roles: [contoller]\n"
      "  - name: alice\n"
      "    sha256: " +
      Sha256Hex("x") +
      "\n"
      "    role: [admin]\n"
      "  - name: carol smith\n"
      "    sha256: " +
      Sha256Hex("y") +
      "\n"
      "    roles: []\n"
      "extra: 1\n";
  Result<std::vector<TokenEntry>> tokens = ParseTokensYaml(text, "tokens.yaml");
  ASSERT_FALSE(tokens.ok());
  EXPECT_EQ(tokens.status().message(), "invalid tokens file: 8 errors");
  std::vector<std::string> errors;
  for (const ErrorDetail& detail : tokens.status().details()) errors.push_back(detail.ToString());
  EXPECT_EQ(errors,
            (std::vector<std::string>{
                "tokens.yaml:3:13: sha256: must be the SHA-256 of the token: 64 hex digits (got 7 "
                "characters)",
                "tokens.yaml:4:13: roles: unknown role 'contoller' (allowed: ingest, steward, "
                "controller, "
                "auditor, admin); did you mean 'controller'?",
                "tokens.yaml:5:5: roles: missing required field",
                "tokens.yaml:5:11: name: duplicate name 'alice' (first on line 2)",
                "tokens.yaml:7:5: role: unknown field (did you mean 'roles'?)",
                "tokens.yaml:8:11: name: 'carol smith' may hold only letters, digits and . _ @ -",
                "tokens.yaml:10:12: roles: must be a non-empty list of roles, e.g. [controller]",
                "tokens.yaml:11:1: extra: unknown top-level key (expected 'tokens')",
            }));
}

TEST(TokensFileTest, TheSameHashTwiceAndYamlSyntaxErrorsArePositioned) {
  const std::string twice = "tokens:\n  - {name: a, sha256: " + Sha256Hex("t") +
                            ", roles: [ingest]}\n" + "  - {name: b, sha256: " + Sha256Hex("t") +
                            ", roles: [auditor]}\n";
  Result<std::vector<TokenEntry>> duplicate = ParseTokensYaml(twice, "t.yaml");
  ASSERT_FALSE(duplicate.ok());
  ASSERT_EQ(duplicate.status().details().size(), 1u);
  EXPECT_EQ(duplicate.status().details()[0].ToString(),
            "t.yaml:3:23: sha256: the same token hash as on line 2: every token must be different");

  Result<std::vector<TokenEntry>> syntax = ParseTokensYaml("tokens:\n  - name: [a\n", "t.yaml");
  ASSERT_FALSE(syntax.ok());
  ASSERT_EQ(syntax.status().details().size(), 1u);
  EXPECT_EQ(syntax.status().details()[0].line, 3);
  EXPECT_EQ(ParseTokensYaml("tokens:\n", "t.yaml").status().details().at(0).ToString(),
            "t.yaml:1:1: tokens: must be a list of tokens");
}

TEST(AccessControlTest, LoadRendersErrorsWithTheSourceLineAndRefusesUnreadableFiles) {
  testing::TempDir dir;
  testing::WriteFile(dir / "tokens.yaml",
                     "tokens:\n  - name: alice\n    sha256: abc\n    roles: [admin]\n");
  Result<AccessControl> access = AccessControl::Load(dir / "tokens.yaml");
  ASSERT_FALSE(access.ok());
  EXPECT_EQ(access.status().code(), StatusCode::kInvalidArgument);
  const std::string& message = access.status().message();
  std::string file = (dir / "tokens.yaml").string();
  EXPECT_NE(message.find(file + ":3:13: sha256: must be the SHA-256"), std::string::npos)
      << message;
  EXPECT_NE(message.find("    sha256: abc\n            ^"), std::string::npos) << message;

  Result<AccessControl> missing = AccessControl::Load(dir / "nope.yaml");
  EXPECT_EQ(missing.status().code(), StatusCode::kIoError);
}

TEST(AccessControlTest, WithoutATokensFileEveryRequestIsTheLocalAdmin) {
  Result<AccessControl> access = AccessControl::Load(std::nullopt);
  ASSERT_TRUE(access.ok());
  EXPECT_FALSE(access->enabled());
  Result<Principal> principal = access->Authenticate(Request("PUT", "/v1/indicators/x"));
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->name, "local");
  EXPECT_EQ(principal->roles, std::vector<Role>{Role::kAdmin});
}

TEST(AccessControlTest, AuthenticatesByTheSha256OfTheToken) {
  // sha256("abc") from FIPS 180-2.
  Result<std::vector<TokenEntry>> tokens = ParseTokensYaml(
      "tokens:\n  - name: abc\n    sha256: "
      "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD\n"
      "    roles: [auditor]\n",
      "tokens.yaml");
  ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
  AccessControl access = AccessControl::WithTokens(*tokens);
  EXPECT_TRUE(access.enabled());
  Result<Principal> principal = access.Authenticate(Request("GET", "/v1/audit", "abc"));
  ASSERT_TRUE(principal.ok()) << principal.status().ToString();
  EXPECT_EQ(principal->name, "abc");
  EXPECT_TRUE(principal->Has(Role::kAuditor));
  EXPECT_FALSE(principal->Has(Role::kAdmin));

  Result<Principal> wrong = access.Authenticate(Request("GET", "/v1/audit", "abd"));
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status().message(), "unknown token");
  Result<Principal> none = access.Authenticate(Request("GET", "/v1/audit"));
  EXPECT_EQ(none.status().message(), "missing bearer token");
  http::Request basic = Request("GET", "/v1/audit");
  basic.headers["authorization"] = "Basic YWJjOmFiYw==";
  EXPECT_EQ(access.Authenticate(basic).status().message(), "missing bearer token");
}

class ProtectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = store::Database::Open({.path = dir_ / "db", .sync_writes = false});
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = std::move(*database);
    audit_ = std::make_unique<AuditLog>(*database_, clock_);
    ASSERT_TRUE(audit_->Start().ok());
    Result<std::vector<TokenEntry>> tokens = ParseTokensYaml(TokensYaml(), "tokens.yaml");
    ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
    access_ = AccessControl::WithTokens(*tokens);
  }

  // A handler that allows `allowed` and answers 200 with the principal's name.
  http::Handler Guarded(std::vector<Role> allowed) {
    return Protect(access_, *audit_, std::move(allowed),
                   [this](const http::Request&, const Principal& principal) {
                     ++calls_;
                     return http::Response{200, "text/plain", principal.name, {}};
                   });
  }

  std::vector<AuditRecord> Denials() {
    Result<std::vector<AuditRecord>> records = audit_->Read(1, "auth.denied", 100);
    EXPECT_TRUE(records.ok());
    return records.ok() ? *records : std::vector<AuditRecord>{};
  }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  std::unique_ptr<store::Database> database_;
  std::unique_ptr<AuditLog> audit_;
  AccessControl access_;
  int calls_ = 0;
};

TEST_F(ProtectTest, AMissingOrUnknownTokenIs401WithAChallenge) {
  http::Handler handler = Guarded({Role::kIngest});
  http::Response missing = handler(Request("POST", "/v1/observations"));
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(Header(missing, "WWW-Authenticate"), R"(Bearer realm="kpiwatchd")");
  EXPECT_EQ(boost::json::parse(missing.body).at("error").at("code").as_string(), "unauthenticated");
  http::Response unknown = handler(Request("POST", "/v1/observations", "guess"));
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(Header(unknown, "WWW-Authenticate"),
            R"(Bearer realm="kpiwatchd", error="invalid_token")");
  EXPECT_EQ(calls_, 0);
}

TEST_F(ProtectTest, APrincipalWithoutAnAllowedRoleIs403AndOneWithItPasses) {
  http::Handler ingest = Guarded({Role::kIngest});
  http::Response refused = ingest(Request("POST", "/v1/observations", kAliceToken));
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(boost::json::parse(refused.body).at("error").at("message").as_string(),
            "'alice' needs the role ingest to POST /v1/observations");
  EXPECT_EQ(calls_, 0);
  http::Response passed = ingest(Request("POST", "/v1/observations", kBobToken));
  EXPECT_EQ(passed.status, 200);
  EXPECT_EQ(passed.body, "bob");
  http::Response admin = ingest(Request("POST", "/v1/observations", kAdminToken));
  EXPECT_EQ(admin.status, 200);
  EXPECT_EQ(admin.body, "root");
  EXPECT_EQ(calls_, 2);
}

TEST_F(ProtectTest, AnAuditorMayCallEveryGetButNothingElse) {
  http::Handler controllers_only = Guarded({Role::kController, Role::kSteward});
  EXPECT_EQ(controllers_only(Request("GET", "/v1/alerts", kAuditorToken)).status, 200);
  http::Response post = controllers_only(Request("POST", "/v1/alerts/1/close", kAuditorToken));
  EXPECT_EQ(post.status, 403);
  EXPECT_NE(post.body.find("needs one of the roles controller, steward"), std::string::npos)
      << post.body;
  EXPECT_EQ(Guarded({Role::kAuditor})(Request("GET", "/v1/audit", kAliceToken)).status, 403);
}

TEST_F(ProtectTest, RefusalsAreAuditedWithoutTheToken) {
  http::Handler handler = Guarded({Role::kSteward});
  handler(Request("PUT", "/v1/indicators/x", "not-a-token-" + kAliceToken));
  handler(Request("PUT", "/v1/indicators/x", kAliceToken));
  handler(Request("PUT", "/v1/indicators/x", kBobToken));  // allowed: not audited here
  std::vector<AuditRecord> denials = Denials();
  ASSERT_EQ(denials.size(), 2u);
  EXPECT_EQ(denials[0].actor, "anonymous");
  EXPECT_EQ(
      boost::json::serialize(denials[0].payload),
      R"({"method":"PUT","path":"/v1/indicators/x","reason":"unknown token","remote_address":"192.0.2.7"})");
  EXPECT_EQ(denials[1].actor, "alice");
  EXPECT_EQ(boost::json::serialize(denials[1].payload),
            R"({"method":"PUT","path":"/v1/indicators/x","reason":"needs the role steward",)"
            R"("remote_address":"192.0.2.7","token_name":"alice"})");
  for (const AuditRecord& record : denials) {
    std::string text = boost::json::serialize(AuditRecordToJson(record));
    EXPECT_EQ(text.find(kAliceToken), std::string::npos) << text;
    EXPECT_EQ(text.find(Sha256Hex(kAliceToken)), std::string::npos) << text;
  }
  Result<AuditVerification> verification = audit_->Verify();
  ASSERT_TRUE(verification.ok());
  EXPECT_TRUE(verification->ok);
}

}  // namespace
}  // namespace kpiwatch::daemon
