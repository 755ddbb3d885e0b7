// Commands that talk to kpiwatchd: ingest, indicators, series, history, status.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "client/commands.h"
#include "client/daemon_call.h"
#include "client/http_client.h"
#include "client/table.h"

namespace kpiwatch::client {
namespace {

std::string ContentTypeFor(const std::string& file) {
  if (file.ends_with(".csv")) return "text/csv";
  if (file.ends_with(".json")) return "application/json";
  if (file.ends_with(".ndjson") || file.ends_with(".jsonl")) return "application/x-ndjson";
  return "";  // the daemon detects the format from the first character
}

void Ingest(const GlobalOptions& options, const std::vector<std::string>& files, bool decimal_comma) {
  for (const std::string& file : files) {
    Result<std::string> body = ReadInput(file);
    if (!body.ok()) {
      std::cerr << "kpiwatch: " << body.status().message() << "\n";
      SetExitCode(1);
      continue;
    }
    std::string target = std::string("/v1/observations") + (decimal_comma ? "?decimal_comma=true" : "");
    Result<HttpReply> reply = HttpCall(options.server, "POST", target, *body, ContentTypeFor(file), options.token);
    if (!reply.ok()) {
      std::cerr << "kpiwatch: " << reply.status().message() << "\n";
      SetExitCode(1);
      return;
    }
    if (reply->status != 200) {
      std::cerr << file << ": rejected, nothing stored: " << ErrorMessageFromReply(*reply) << "\n";
      SetExitCode(1);
      continue;
    }
    if (options.json) {
      std::cout << reply->body << "\n";
      continue;
    }
    boost::json::object result = boost::json::parse(reply->body).as_object();
    std::cout << file << ": accepted " << Field(result, "received") << " rows (" << Field(result, "inserted")
              << " new, " << Field(result, "unchanged") << " unchanged, " << Field(result, "restated")
              << " restated), batch " << Field(result, "batch_id") << "\n";
  }
}

std::string TargetText(const boost::json::object& indicator) {
  auto target = indicator.find("target");
  if (target == indicator.end() || !target->value().is_object()) return "";
  const boost::json::object& t = target->value().as_object();
  std::string text = Field(t, "comparator") + " " + Field(t, "value");
  if (std::string from = Field(t, "valid_from"); !from.empty()) text += " from " + from;
  return text;
}

void Indicators(const GlobalOptions& options) {
  auto json = CallJson(options, "GET", "/v1/indicators");
  if (!json) return;
  if (options.json) {
    std::cout << boost::json::serialize(*json) << "\n";
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : json->at("indicators").as_array()) {
    const boost::json::object& indicator = item.as_object();
    rows.push_back({Field(indicator, "id"), Field(indicator, "name"), Field(indicator, "unit"),
                    Field(indicator, "cadence"), Field(indicator, "direction"), TargetText(indicator),
                    std::to_string(indicator.at("units").as_array().size()), Field(indicator, "steering_status")});
  }
  std::cout << RenderTable({"ID", "NAME", "UNIT", "CADENCE", "DIRECTION", "TARGET", "UNITS", "STEERING"}, rows);
}

void SeriesCommand(const GlobalOptions& options, const std::string& indicator, const std::string& unit,
                   const std::string& from, const std::string& to) {
  std::string target = "/v1/series/" + UrlEncode(indicator) + "/" + UrlEncode(unit);
  std::string query;
  if (!from.empty()) query += "from=" + UrlEncode(from);
  if (!to.empty()) query += std::string(query.empty() ? "" : "&") + "to=" + UrlEncode(to);
  auto json = CallJson(options, "GET", target + (query.empty() ? "" : "?" + query));
  if (!json) return;
  if (options.json) {
    std::cout << boost::json::serialize(*json) << "\n";
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : json->at("points").as_array()) {
    const boost::json::object& point = item.as_object();
    rows.push_back({Field(point, "period"), Field(point, "value"), Field(point, "n"),
                    Field(point, "reported_at"), Field(point, "source")});
  }
  std::cout << indicator << " / " << unit << " (" << rows.size() << " periods)\n"
            << RenderTable({"PERIOD", "VALUE", "N", "REPORTED_AT", "SOURCE"}, rows);
}

void History(const GlobalOptions& options, const std::string& indicator) {
  auto json = CallJson(options, "GET", "/v1/indicators/" + UrlEncode(indicator) + "/history");
  if (!json) return;
  if (options.json) {
    std::cout << boost::json::serialize(*json) << "\n";
    return;
  }
  const boost::json::object& definition = json->at("indicator").as_object();
  std::cout << Field(definition, "id") << ": " << Field(definition, "name") << "\n  "
            << Field(definition, "definition") << "\n  definition version "
            << Field(definition, "definition_version") << ", "
            << json->at("previous_definitions").as_array().size() << " earlier definition(s)\n";
  for (const auto& item : json->at("units").as_array()) {
    const boost::json::object& unit = item.as_object();
    const auto& points = unit.at("points").as_array();
    const auto& restatements = unit.at("restatements").as_array();
    std::cout << "\nunit " << Field(unit, "unit") << ": " << points.size() << " periods";
    if (!points.empty()) {
      std::cout << " (" << Field(points.front().as_object(), "period") << " .. "
                << Field(points.back().as_object(), "period") << ")";
    }
    std::cout << ", " << restatements.size() << " restatement(s)\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : restatements) {
      const boost::json::object& revision = r.as_object();
      rows.push_back({Field(revision, "period"), Field(revision, "old_value"), Field(revision, "new_value"),
                      Field(revision, "old_reported_at"), Field(revision, "replaced_at")});
    }
    if (!rows.empty()) std::cout << RenderTable({"PERIOD", "OLD", "NEW", "REPORTED_AT", "REPLACED_AT"}, rows);
  }
}

void StatusCommand(const GlobalOptions& options) {
  auto json = CallJson(options, "GET", "/healthz");
  if (!json) return;
  if (options.json) {
    std::cout << boost::json::serialize(*json) << "\n";
    return;
  }
  const boost::json::object& health = json->as_object();
  std::cout << "kpiwatchd at " << options.server << ": " << Field(health, "status") << ", "
            << Field(health, "indicators") << " indicators declared, rule set version "
            << Field(health, "rules_version") << "\n";
  if (const boost::json::value* scheduler = health.if_contains("scheduler"); scheduler && scheduler->is_object()) {
    const boost::json::object& state = scheduler->as_object();
    std::cout << "scheduler: " << Field(state, "queued") << " rounds queued"
              << (state.at("busy").as_bool() ? ", evaluating" : ", idle") << "; " << Field(state, "rounds")
              << " rounds and " << Field(state, "alerts_raised") << " alerts since start\n";
  }
  if (const boost::json::value* notify = health.if_contains("notifications"); notify && notify->is_object()) {
    const boost::json::object& state = notify->as_object();
    std::cout << "e-mail: " << Field(state, "transport") << "; " << Field(state, "queued") << " in the outbox (oldest "
              << Field(state, "oldest_queued_seconds") << " s), " << Field(state, "digest_items")
              << " waiting for a digest; " << Field(state, "sent") << " sent, " << Field(state, "failed_attempts")
              << " failed attempts, " << Field(state, "given_up") << " given up since start\n";
    if (std::string error = Field(state, "last_error"); !error.empty()) std::cout << "e-mail last error: " << error << "\n";
  }
}

}  // namespace

void RegisterDaemonCommands(CLI::App& app, GlobalOptions& options) {
  auto* ingest = app.add_subcommand("ingest", "send observation files (CSV, JSON, NDJSON; - for stdin)");
  auto files = std::make_shared<std::vector<std::string>>();
  auto decimal_comma = std::make_shared<bool>(false);
  ingest->add_option("files", *files, "files to ingest")->required();
  ingest->add_flag("--decimal-comma", *decimal_comma, "CSV values use a decimal comma (3,5)");
  ingest->callback([&options, files, decimal_comma] { Ingest(options, *files, *decimal_comma); });

  app.add_subcommand("indicators", "list declared indicators")->callback([&options] { Indicators(options); });

  auto* series = app.add_subcommand("series", "print one series");
  auto series_args = std::make_shared<std::array<std::string, 4>>();
  series->add_option("indicator", (*series_args)[0], "indicator id")->required();
  series->add_option("unit", (*series_args)[1], "unit of observation")->required();
  series->add_option("--from", (*series_args)[2], "first period");
  series->add_option("--to", (*series_args)[3], "last period");
  series->callback([&options, series_args] {
    SeriesCommand(options, (*series_args)[0], (*series_args)[1], (*series_args)[2], (*series_args)[3]);
  });

  auto* history = app.add_subcommand("history", "values and restatements of an indicator, per unit");
  auto history_indicator = std::make_shared<std::string>();
  history->add_option("indicator", *history_indicator, "indicator id")->required();
  history->callback([&options, history_indicator] { History(options, *history_indicator); });

  app.add_subcommand("status", "is the daemon up, and what does it hold")->callback([&options] {
    StatusCommand(options);
  });
}

}  // namespace kpiwatch::client
