// `kpiwatch audit` (list the audit trail) and `kpiwatch audit verify` (check its chain).
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <iostream>
#include <memory>

#include "client/commands.h"
#include "client/daemon_call.h"
#include "client/table.h"

namespace kpiwatch::client {
namespace {

constexpr std::size_t kPageSize = 1000;
constexpr std::size_t kSummaryWidth = 90;

struct AuditListOptions {
  std::uint64_t from_seq = 1;
  std::string kind;
};

// Every record from `from_seq` on, page by page; nullopt when a call failed (reported).
std::optional<boost::json::array> FetchRecords(const GlobalOptions& options,
                                               const AuditListOptions& list) {
  boost::json::array records;
  boost::json::value next = list.from_seq;
  while (!next.is_null()) {
    std::string target = "/v1/audit?limit=" + std::to_string(kPageSize) + "&from_seq=" + Text(next);
    if (!list.kind.empty()) target += "&kind=" + UrlEncode(list.kind);
    std::optional<boost::json::value> page = CallJson(options, "GET", target);
    if (!page) return std::nullopt;
    for (const boost::json::value& record : page->at("records").as_array())
      records.push_back(record);
    next = page->at("next_seq");
  }
  return records;
}

std::string Summary(const boost::json::value& payload) {
  std::string text = boost::json::serialize(payload);
  return text.size() <= kSummaryWidth ? text : text.substr(0, kSummaryWidth - 3) + "...";
}

void ListAudit(const GlobalOptions& options, const AuditListOptions& list) {
  std::optional<boost::json::array> records = FetchRecords(options, list);
  if (!records) return;
  if (options.json) {
    std::cout << boost::json::serialize(boost::json::object{{"records", *records}}) << "\n";
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const boost::json::value& item : *records) {
    const boost::json::object& record = item.as_object();
    rows.push_back({Field(record, "seq"), Field(record, "time"), Field(record, "actor"),
                    Field(record, "kind"), Summary(record.at("payload"))});
  }
  std::cout << RenderTable({"SEQ", "TIME", "ACTOR", "KIND", "PAYLOAD"}, rows);
}

void VerifyAudit(const GlobalOptions& options) {
  std::optional<boost::json::value> reply = CallJson(options, "GET", "/v1/audit/verify");
  if (!reply) return;
  const boost::json::object& result = reply->as_object();
  bool intact = result.at("ok").as_bool();
  if (!intact) SetExitCode(1);
  if (options.json) {
    std::cout << boost::json::serialize(result) << "\n";
    return;
  }
  if (intact) {
    std::cout << "audit trail intact: " << Field(result, "records") << " records verified\n";
  } else {
    std::cout << "audit trail BROKEN at seq " << Field(result, "first_broken_seq") << ": "
              << Field(result, "reason") << " (" << Field(result, "records")
              << " records before it verified)\n";
  }
}

}  // namespace

void RegisterAuditCommands(CLI::App& app, GlobalOptions& options) {
  auto* audit = app.add_subcommand("audit", "list the audit trail (auditor role)");
  auto list = std::make_shared<AuditListOptions>();
  audit->add_option("--from-seq", list->from_seq, "first record to show")->capture_default_str();
  audit->add_option("--kind", list->kind,
                    "only this kind (\"alert\" also matches alert.raise, ...)");
  auto* verify =
      audit->add_subcommand("verify", "recompute the hash chain; exit code 1 when it is broken");
  verify->callback([&options] { VerifyAudit(options); });
  audit->callback([&options, list, verify] {
    if (!verify->parsed()) ListAudit(options, *list);
  });
}

}  // namespace kpiwatch::client
