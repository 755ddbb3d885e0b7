// Commands for controllers: alerts, alert ID, acknowledge/interpret/close/reopen ID,
// silences, silence.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <iostream>
#include <memory>

#include "client/commands.h"
#include "client/daemon_call.h"
#include "client/table.h"

namespace kpiwatch::client {
namespace {

struct AlertListOptions {
  std::string status, indicator, unit, rule, severity, from, to;
};

std::string QueryOf(const AlertListOptions& list) {
  std::string query;
  auto add = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    query += (query.empty() ? "?" : "&") + std::string(name) + "=" + UrlEncode(value);
  };
  add("status", list.status);
  add("indicator", list.indicator);
  add("unit", list.unit);
  add("rule", list.rule);
  add("severity", list.severity);
  add("from", list.from);
  add("to", list.to);
  return query;
}

void PrintJson(const boost::json::value& json) { std::cout << boost::json::serialize(json) << "\n"; }

void ListAlerts(const GlobalOptions& options, const AlertListOptions& list) {
  auto json = CallJson(options, "GET", "/v1/alerts" + QueryOf(list));
  if (!json) return;
  if (options.json) return PrintJson(*json);
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : json->at("alerts").as_array()) {
    const boost::json::object& alert = item.as_object();
    const boost::json::object& finding = alert.at("finding").as_object();
    rows.push_back({Field(alert, "id"), Field(alert, "status"), Field(alert, "severity"), Field(alert, "indicator"),
                    Field(alert, "unit"), Field(finding, "period"), Field(alert, "rule"), Field(finding, "kind")});
  }
  if (rows.empty()) {
    std::cout << "no alerts\n";
    return;
  }
  std::cout << RenderTable({"ID", "STATUS", "SEVERITY", "INDICATOR", "UNIT", "PERIOD", "RULE", "FINDING"}, rows);
}

void PrintAlert(const boost::json::object& alert) {
  const boost::json::object& finding = alert.at("finding").as_object();
  std::cout << "alert " << Field(alert, "id") << " [" << Field(alert, "severity") << ", " << Field(alert, "status")
            << "] " << Field(alert, "indicator") << (Field(alert, "unit").empty() ? "" : " / " + Field(alert, "unit"))
            << "\n";
  std::cout << "rule " << Field(alert, "rule") << " (rule set version " << Field(alert, "rule_version")
            << "), detector " << Field(finding, "detector") << ", period " << Field(finding, "period") << "\n\n";
  std::cout << Field(finding, "explanation") << "\n";
  if (const auto* questions = alert.if_contains("questions"); questions && !questions->as_array().empty()) {
    std::cout << "\nBefore this number is used for steering, ask:\n";
    for (const auto& question : questions->as_array()) std::cout << "  - " << Text(question) << "\n";
  }
  if (const auto* interpretation = alert.if_contains("interpretation"); interpretation && interpretation->is_object()) {
    const boost::json::object& given = interpretation->as_object();
    std::cout << "\ninterpretation: " << Field(given, "category") << " by " << Field(given, "author") << " at "
              << Field(given, "at") << "\n  " << Field(given, "note") << "\n";
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : alert.at("transitions").as_array()) {
    const boost::json::object& step = item.as_object();
    rows.push_back({Field(step, "at"), Field(step, "action"), Field(step, "from") + " -> " + Field(step, "to"),
                    Field(step, "actor"), Field(step, "note")});
  }
  std::cout << "\n" << RenderTable({"AT", "ACTION", "STATUS", "BY", "NOTE"}, rows);
  std::cout << "\nrecord an interpretation: kpiwatch interpret " << Field(alert, "id")
            << " --category CATEGORY --note \"...\"\n";
}

void ShowAlert(const GlobalOptions& options, const std::string& id) {
  auto json = CallJson(options, "GET", "/v1/alerts/" + UrlEncode(id));
  if (!json) return;
  if (options.json) return PrintJson(*json);
  PrintAlert(json->as_object());
}

void Act(const GlobalOptions& options, const std::string& id, const std::string& action, const std::string& body = "") {
  auto json = CallJson(options, "POST", "/v1/alerts/" + UrlEncode(id) + "/" + action, body,
                       body.empty() ? "" : "application/json");
  if (!json) return;
  if (options.json) return PrintJson(*json);
  const boost::json::object& alert = json->as_object();
  std::cout << "alert " << Field(alert, "id") << " is now " << Field(alert, "status") << "\n";
}

void ListSilences(const GlobalOptions& options) {
  auto json = CallJson(options, "GET", "/v1/silences");
  if (!json) return;
  if (options.json) return PrintJson(*json);
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : json->at("silences").as_array()) {
    const boost::json::object& silence = item.as_object();
    rows.push_back({Field(silence, "id"), silence.at("active").as_bool() ? "active" : "ended",
                    Field(silence, "indicator"), Field(silence, "unit"), Field(silence, "rule"),
                    Field(silence, "ends_at"), Field(silence, "author"), Field(silence, "reason")});
  }
  if (rows.empty()) {
    std::cout << "no silences\n";
    return;
  }
  std::cout << RenderTable({"ID", "STATE", "INDICATOR", "UNIT", "RULE", "ENDS", "BY", "REASON"}, rows);
}

}  // namespace

void RegisterAlertCommands(CLI::App& app, GlobalOptions& options) {
  auto list = std::make_shared<AlertListOptions>();
  auto* alerts = app.add_subcommand("alerts", "list alerts (newest first)");
  alerts->add_option("--status", list->status, "open, acknowledged, interpreted, closed or silenced");
  alerts->add_option("--indicator", list->indicator, "indicator id");
  alerts->add_option("--unit", list->unit, "unit of observation");
  alerts->add_option("--rule", list->rule, "rule name");
  alerts->add_option("--severity", list->severity, "at least this severity: info, warning, critical");
  alerts->add_option("--from", list->from, "flagged period from");
  alerts->add_option("--to", list->to, "flagged period to");
  alerts->callback([&options, list] { ListAlerts(options, *list); });

  auto id = std::make_shared<std::string>();
  auto* alert = app.add_subcommand("alert", "one alert: finding, explanation, questions, history");
  alert->add_option("id", *id, "alert id")->required();
  alert->callback([&options, id] { ShowAlert(options, *id); });

  for (const char* action : {"acknowledge", "close", "reopen"}) {
    auto* command = app.add_subcommand(action, std::string(action) + " an alert");
    command->add_option("id", *id, "alert id")->required();
    command->callback([&options, id, action] { Act(options, *id, action); });
  }

  auto category = std::make_shared<std::string>();
  auto note = std::make_shared<std::string>();
  auto* interpret = app.add_subcommand("interpret", "record what an alert means (duiding)");
  interpret->add_option("id", *id, "alert id")->required();
  interpret->add_option("--category", *category,
                        "genuine_change, definition_change, data_error, external_cause, gaming_suspected, "
                        "gaming_confirmed, false_alarm or other")
      ->required();
  interpret->add_option("--note", *note, "what the number means, in words")->required();
  interpret->callback([&options, id, category, note] {
    Act(options, *id, "interpret", boost::json::serialize(boost::json::object{{"category", *category}, {"note", *note}}));
  });

  app.add_subcommand("silences", "list silences")->callback([&options] { ListSilences(options); });
  auto silence = std::make_shared<std::array<std::string, 4>>();
  auto hours = std::make_shared<double>(24.0);
  auto* add = app.add_subcommand("silence", "mute alerts of an indicator/unit/rule for a while");
  add->add_option("--indicator", (*silence)[0], "indicator id or glob");
  add->add_option("--unit", (*silence)[1], "unit or glob");
  add->add_option("--rule", (*silence)[2], "rule name");
  add->add_option("--reason", (*silence)[3], "why (required)")->required();
  add->add_option("--hours", *hours, "how long")->capture_default_str();
  add->callback([&options, silence, hours] {
    boost::json::object body{{"indicator", (*silence)[0]}, {"unit", (*silence)[1]}, {"rule", (*silence)[2]},
                             {"reason", (*silence)[3]}, {"hours", *hours}};
    auto json = CallJson(options, "POST", "/v1/silences", boost::json::serialize(body), "application/json");
    if (!json) return;
    if (options.json) return PrintJson(*json);
    std::cout << "silence " << Field(json->as_object(), "id") << " until " << Field(json->as_object(), "ends_at") << "\n";
  });
}

}  // namespace kpiwatch::client
