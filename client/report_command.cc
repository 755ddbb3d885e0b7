// `kpiwatch report --indicator ID [--unit U] [--from P] [--to P] [--format html|csv|json]
// [--locale en|nl] --out FILE`: asks kpiwatchd for an indicator's history report
// (GET /v1/indicators/{id}/report) and writes it to FILE. The daemon renders everything;
// the file is written to a temporary name beside FILE and renamed, so FILE is either the
// old file or the whole new report, never a partial one.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "client/commands.h"
#include "client/daemon_call.h"
#include "client/http_client.h"

namespace kpiwatch::client {
namespace {

struct ReportOptions {
  std::string indicator;
  std::string unit;
  std::string from;
  std::string to;
  std::string format = "html";
  std::string locale = "en";
  std::string out;
};

std::string ReportTarget(const ReportOptions& report) {
  std::string target = "/v1/indicators/" + UrlEncode(report.indicator) + "/report?format=" + UrlEncode(report.format);
  if (report.format == "csv") target += "&locale=" + UrlEncode(report.locale);
  if (!report.unit.empty()) target += "&unit=" + UrlEncode(report.unit);
  if (!report.from.empty()) target += "&from=" + UrlEncode(report.from);
  if (!report.to.empty()) target += "&to=" + UrlEncode(report.to);
  return target;
}

// Writes `content` to `path` via a temporary file in the same directory and a rename.
Status WriteAtomically(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::path temporary = path;
  temporary += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError("cannot write " + temporary.string());
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::filesystem::remove(temporary);
      return Status::IoError("cannot write " + temporary.string());
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary);
    return Status::IoError("cannot rename " + temporary.string() + " to " + path.string() + ": " + error.message());
  }
  return Status::Ok();
}

void RunReport(const GlobalOptions& options, const ReportOptions& report) {
  Result<HttpReply> reply = HttpCall(options.server, "GET", ReportTarget(report), "", "", options.token);
  if (!reply.ok()) {
    std::cerr << "kpiwatch: " << reply.status().message() << "\n";
    SetExitCode(1);
    return;
  }
  if (reply->status != 200) {
    std::cerr << "kpiwatch: " << ErrorMessageFromReply(*reply) << "\n";
    SetExitCode(1);
    return;
  }
  Status written = WriteAtomically(report.out, reply->body);
  if (!written.ok()) {
    std::cerr << "kpiwatch: " << written.message() << "\n";
    SetExitCode(1);
    return;
  }
  std::cout << "report of " << report.indicator << " (" << report.format << ", " << reply->body.size()
            << " bytes) written to " << report.out << "\n";
}

}  // namespace

void RegisterReportCommand(CLI::App& app, GlobalOptions& options) {
  auto report = std::make_shared<ReportOptions>();
  auto* command = app.add_subcommand(
      "report", "write an indicator's history (definition, charts, alerts, audit status) to a file");
  command->add_option("--indicator", report->indicator, "indicator id")->required();
  command->add_option("--unit", report->unit, "only this unit (default: every unit)");
  command->add_option("--from", report->from, "first period, e.g. 2024-01");
  command->add_option("--to", report->to, "last period");
  command->add_option("--format", report->format, "html (self-contained page), csv or json")
      ->check(CLI::IsMember({"html", "csv", "json"}))
      ->capture_default_str();
  command->add_option("--locale", report->locale, "csv only: en (',' and '.') or nl (';' and decimal comma)")
      ->check(CLI::IsMember({"en", "nl"}))
      ->capture_default_str();
  command->add_option("--out", report->out, "file to write")->required();
  command->callback([&options, report] { RunReport(options, *report); });
}

}  // namespace kpiwatch::client
