// Commands for data stewards: rules show | check | upload | versions | backtest.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <iostream>
#include <memory>

#include "client/commands.h"
#include "client/daemon_call.h"
#include "client/http_client.h"
#include "client/table.h"
#include "detectors/core/registry.h"
#include "rules/formats/catalogue_parser.h"
#include "rules/formats/rule_parser.h"

namespace kpiwatch::client {
namespace {

void PrintJson(const boost::json::value& json) { std::cout << boost::json::serialize(json) << "\n"; }

void PrintWarnings(const boost::json::array& warnings) {
  for (const auto& item : warnings) {
    const boost::json::object& warning = item.as_object();
    ErrorDetail detail{Field(warning, "file"), 0, 0, Field(warning, "field"), Field(warning, "reason")};
    if (const auto* line = warning.if_contains("line")) detail.line = static_cast<int>(line->to_number<std::int64_t>());
    if (const auto* column = warning.if_contains("column")) detail.column = static_cast<int>(column->to_number<std::int64_t>());
    std::cout << "warning: " << detail.ToString() << "\n";
  }
}

// A rules call whose error message already shows the offending lines (rendered by the
// daemon): prints only that message on failure.
std::optional<boost::json::value> CallRules(const GlobalOptions& options, const std::string& method,
                                            const std::string& target, const std::string& body,
                                            const std::string& content_type) {
  Result<HttpReply> reply = HttpCall(options.server, method, target, body, content_type, options.token);
  if (!reply.ok()) {
    std::cerr << "kpiwatch: " << reply.status().message() << "\n";
    SetExitCode(1);
    return std::nullopt;
  }
  boost::system::error_code error;
  boost::json::value json = boost::json::parse(reply->body, error);
  if (reply->status >= 300) {
    const boost::json::value* message = nullptr;
    if (!error && json.is_object()) {
      if (const boost::json::value* problem = json.as_object().if_contains("error"); problem && problem->is_object()) {
        message = problem->as_object().if_contains("message");
      }
    }
    std::cerr << (message && message->is_string() ? std::string(message->as_string()) : ErrorMessageFromReply(*reply))
              << "\n";
    SetExitCode(1);
    return std::nullopt;
  }
  if (error) {
    std::cerr << "kpiwatch: the daemon sent a reply that is not JSON\n";
    SetExitCode(1);
    return std::nullopt;
  }
  return json;
}

void CheckOffline(const std::string& file, const std::string& text, const std::string& catalogue_file) {
  std::optional<Catalogue> catalogue;
  if (!catalogue_file.empty()) {
    Result<std::string> catalogue_text = ReadInput(catalogue_file);
    if (!catalogue_text.ok()) {
      std::cerr << "kpiwatch: " << catalogue_text.status().message() << "\n";
      return SetExitCode(1);
    }
    Result<Catalogue> parsed = ParseCatalogueYaml(*catalogue_text, catalogue_file);
    if (!parsed.ok()) {
      std::cerr << RenderErrorsWithSource(parsed.status(), *catalogue_text) << "\n";
      return SetExitCode(1);
    }
    catalogue = std::move(*parsed);
  }
  Result<ParsedRules> parsed =
      ParseRulesYaml(text, file, DetectorRegistry::Builtin(), catalogue ? &*catalogue : nullptr);
  if (!parsed.ok()) {
    std::cerr << RenderErrorsWithSource(parsed.status(), text) << "\n";
    return SetExitCode(1);
  }
  for (const ErrorDetail& warning : parsed->warnings) std::cout << "warning: " << warning.ToString() << "\n";
  std::cout << file << ": valid, " << parsed->rules.rules.size() << " rules\n";
}

void Check(const GlobalOptions& options, const std::string& file, bool offline, const std::string& catalogue) {
  Result<std::string> text = ReadInput(file);
  if (!text.ok()) {
    std::cerr << "kpiwatch: " << text.status().message() << "\n";
    return SetExitCode(1);
  }
  if (offline) return CheckOffline(file, *text, catalogue);
  auto json = CallRules(options, "POST", "/v1/rules/check?file=" + UrlEncode(file), *text, "application/yaml");
  if (!json) return;
  if (options.json) return PrintJson(*json);
  PrintWarnings(json->at("warnings").as_array());
  std::cout << file << ": valid, " << Field(json->as_object(), "rules") << " rules\n";
}

void Upload(const GlobalOptions& options, const std::string& file) {
  Result<std::string> text = ReadInput(file);
  if (!text.ok()) {
    std::cerr << "kpiwatch: " << text.status().message() << "\n";
    return SetExitCode(1);
  }
  auto json = CallRules(options, "PUT", "/v1/rules", *text, "application/yaml");
  if (!json) return;
  if (options.json) return PrintJson(*json);
  const boost::json::object& version = json->as_object();
  PrintWarnings(version.at("warnings").as_array());
  if (!version.at("changed").as_bool()) {
    std::cout << "unchanged: rule set version " << Field(version, "version") << " is already active\n";
    return;
  }
  std::cout << "activated rule set version " << Field(version, "version") << ": "
            << Field(version.at("diff").as_object(), "summary") << "\n";
}

void Show(const GlobalOptions& options) {
  auto json = CallJson(options, "GET", "/v1/rules");
  if (!json) return;
  if (options.json) return PrintJson(*json);
  const boost::json::object& active = json->as_object();
  std::cout << "rule set version " << Field(active, "version") << " from " << Field(active, "source") << " by "
            << Field(active, "author") << " at " << Field(active, "activated_at") << "\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : active.at("rules").as_array()) {
    const boost::json::object& rule = item.as_object();
    rows.push_back({Field(rule, "name"), Field(rule, "detector"), Field(rule, "when"), Field(rule, "severity"),
                    Field(rule, "description")});
  }
  std::cout << RenderTable({"RULE", "DETECTOR", "WHEN", "SEVERITY", "DESCRIPTION"}, rows);
}

void Versions(const GlobalOptions& options) {
  auto json = CallJson(options, "GET", "/v1/rules/versions");
  if (!json) return;
  if (options.json) return PrintJson(*json);
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : json->at("versions").as_array()) {
    const boost::json::object& version = item.as_object();
    rows.push_back({Field(version, "version"), Field(version, "activated_at"), Field(version, "author"),
                    Field(version, "source"), Field(version.at("diff").as_object(), "summary")});
  }
  std::cout << RenderTable({"VERSION", "ACTIVATED", "BY", "SOURCE", "CHANGES"}, rows);
}

struct BacktestArgs {
  std::string rules_file, from, to;
  std::vector<std::string> indicators;
  int null_replicates = 5;
};

void Backtest(const GlobalOptions& options, const BacktestArgs& args) {
  boost::json::object body{{"null_replicates", args.null_replicates}};
  if (!args.from.empty()) body["from"] = args.from;
  if (!args.to.empty()) body["to"] = args.to;
  if (!args.indicators.empty()) body["indicators"] = boost::json::value_from(args.indicators);
  if (!args.rules_file.empty()) {
    Result<std::string> text = ReadInput(args.rules_file);
    if (!text.ok()) {
      std::cerr << "kpiwatch: " << text.status().message() << "\n";
      return SetExitCode(1);
    }
    body["rules"] = *text;
  }
  auto json = CallRules(options, "POST", "/v1/rules/backtest", boost::json::serialize(body), "application/json");
  if (!json) return;
  if (options.json) return PrintJson(*json);
  std::vector<std::vector<std::string>> alerts;
  for (const auto& item : json->at("alerts").as_array()) {
    const boost::json::object& alert = item.as_object();
    if (!alert.at("created").as_bool()) continue;
    alerts.push_back({Field(alert, "step"), Field(alert, "rule"), Field(alert, "indicator"), Field(alert, "unit"),
                      Field(alert.at("finding").as_object(), "period")});
  }
  std::cout << alerts.size() << " alerts would have fired\n";
  if (!alerts.empty()) std::cout << RenderTable({"FIRED AT", "RULE", "INDICATOR", "UNIT", "FLAGGED PERIOD"}, alerts);
  std::vector<std::vector<std::string>> rules;
  auto rounded = [](const boost::json::object& object, const char* name) {
    const boost::json::value& value = object.at(name);
    if (value.is_null()) return std::string("-");
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value.to_number<double>());
    return std::string(text);
  };
  for (const auto& item : json->at("rules").as_array()) {
    const boost::json::object& rule = item.as_object();
    rules.push_back({Field(rule, "rule"), Field(rule, "evaluations"), Field(rule, "alerts"),
                     rounded(rule, "alerts_per_year"), rounded(rule, "expected_false_alarms_per_year"),
                     rounded(rule, "false_alarm_share")});
  }
  std::cout << "\n" << RenderTable({"RULE", "EVALUATIONS", "ALERTS", "PER YEAR", "NULL PER YEAR", "FALSE ALARM SHARE"}, rules);
}

}  // namespace

void RegisterRuleCommands(CLI::App& app, GlobalOptions& options) {
  auto* rules = app.add_subcommand("rules", "detection rules: show, check, upload, versions, backtest");
  rules->require_subcommand(1);
  rules->add_subcommand("show", "the active rule set")->callback([&options] { Show(options); });
  rules->add_subcommand("versions", "every activated rule set")->callback([&options] { Versions(options); });

  auto file = std::make_shared<std::string>();
  auto offline = std::make_shared<bool>(false);
  auto catalogue = std::make_shared<std::string>();
  auto* check = rules->add_subcommand("check", "validate a rules file (every error, with positions)");
  check->add_option("file", *file, "rules YAML (- for stdin)")->required();
  check->add_flag("--offline", *offline, "check here, without the daemon");
  check->add_option("--catalogue", *catalogue, "with --offline: warn about selectors matching none of these");
  check->callback([&options, file, offline, catalogue] { Check(options, *file, *offline, *catalogue); });

  auto* upload = rules->add_subcommand("upload", "validate and activate a rules file");
  upload->add_option("file", *file, "rules YAML (- for stdin)")->required();
  upload->callback([&options, file] { Upload(options, *file); });

  auto args = std::make_shared<BacktestArgs>();
  auto* backtest = rules->add_subcommand("backtest", "replay stored history as if the rules had been live");
  backtest->add_option("--rules", args->rules_file, "rules YAML to try (default: the active rules)");
  backtest->add_option("--from", args->from, "first period replayed");
  backtest->add_option("--to", args->to, "last period replayed");
  backtest->add_option("--indicator", args->indicators, "indicator id or glob (repeatable)");
  backtest->add_option("--null-replicates", args->null_replicates, "null series per series for expected false alarms")
      ->capture_default_str();
  backtest->callback([&options, args] { Backtest(options, *args); });
}

}  // namespace kpiwatch::client
