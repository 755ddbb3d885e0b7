// `kpiwatch detect`: runs one detector offline on a CSV file (no daemon needed).
//
//   kpiwatch detect FILE.csv --detector NAME [--param key=value]...
//                   [--output table|json|indices] [--indicator ID --unit U] [--skip-missing]
//   kpiwatch detect --list [--output json]
//
// Exit codes: 0 ran (with or without findings), 2 bad usage or input (unknown detector,
// bad parameter, unreadable file, bad rows), 1 the detector failed.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>

#include "client/commands.h"
#include "client/detect_input.h"
#include "client/detect_output.h"
#include "detectors/core/registry.h"

namespace kpiwatch::client {
namespace {

struct DetectOptions {
  std::string file;
  std::string detector;
  std::vector<std::string> params;  // key=value
  std::string output = "table";
  std::string indicator;
  std::string unit;
  bool skip_missing = false;
  bool decimal_comma = false;
  bool list = false;
};

Result<std::string> ReadInput(const std::string& file) {
  if (file == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::IoError("cannot read '" + file + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<std::map<std::string, std::string>> ParseParams(const std::vector<std::string>& pairs) {
  std::map<std::string, std::string> params;
  for (const std::string& pair : pairs) {
    std::size_t equals = pair.find('=');
    if (equals == std::string::npos || equals == 0) {
      return Status::InvalidArgument("--param expects key=value, got '" + pair + "'");
    }
    if (!params.emplace(pair.substr(0, equals), pair.substr(equals + 1)).second) {
      return Status::InvalidArgument("--param '" + pair.substr(0, equals) + "' given twice");
    }
  }
  return params;
}

int Fail(const Status& status, int exit_code) {
  std::cerr << "kpiwatch detect: " << status.ToString() << "\n";
  return exit_code;
}

// Runs the command; returns the exit code.
int RunDetect(const DetectOptions& options) {
  const DetectorRegistry& registry = DetectorRegistry::Builtin();
  if (options.list) {
    std::cout << RenderDetectorList(registry, options.output == "json");
    return 0;
  }
  if (options.file.empty() || options.detector.empty()) {
    return Fail(Status::InvalidArgument("a FILE and --detector NAME are required (or --list)"), 2);
  }
  Result<const DetectorInfo*> info = registry.Lookup(options.detector);
  if (!info.ok()) return Fail(info.status(), 2);
  Result<std::map<std::string, std::string>> params = ParseParams(options.params);
  if (!params.ok()) return Fail(params.status(), 2);
  // Checked before reading the input, so a typo is reported first.
  if (Result<ParamValues> valid = ValidateParams(options.detector, (*info)->params, *params);
      !valid.ok()) {
    return Fail(valid.status(), 2);
  }
  Result<std::string> text = ReadInput(options.file);
  if (!text.ok()) return Fail(text.status(), 2);

  DetectInputOptions input_options;
  input_options.file_name = options.file == "-" ? "<stdin>" : options.file;
  input_options.indicator = options.indicator;
  // Names the series in explanations when the file does not (t,value layout).
  input_options.series_name =
      options.file == "-" ? "stdin" : std::filesystem::path(options.file).stem().string();
  input_options.unit = options.unit;
  input_options.skip_missing = options.skip_missing;
  input_options.decimal_comma = options.decimal_comma;
  Result<DetectSeries> input = LoadDetectSeries(*text, input_options);
  if (!input.ok()) return Fail(input.status(), 2);

  DetectorInput detector_input;
  detector_input.series = input->series;
  detector_input.indicator.id = input->series.indicator;
  if (input->series.has_periods()) {
    detector_input.indicator.cadence = input->series.periods.front().cadence();
  }
  Result<DetectorOutcome> outcome = registry.Run(options.detector, detector_input, *params);
  if (!outcome.ok()) return Fail(outcome.status(), 1);

  if (options.output == "json") {
    std::cout << RenderFindingsJson(options.detector, *params, *input, *outcome);
  } else if (options.output == "indices") {
    std::cout << RenderIndices(*input, *outcome);
  } else {
    std::cout << RenderFindingsTable(options.detector, *input, *outcome);
  }
  return 0;
}

}  // namespace

void RegisterDetectCommand(CLI::App& app) {
  auto options = std::make_shared<DetectOptions>();
  CLI::App* detect = app.add_subcommand(
      "detect", "run a detector offline on a CSV file (t,value or indicator,unit,period,value)");
  detect->add_option("file", options->file, "CSV file, '-' for standard input");
  detect->add_option("--detector", options->detector, "detector name (see --list)");
  detect->add_option("--param", options->params, "detector parameter key=value (repeatable)")
      ->allow_extra_args(false);
  detect->add_option("--output", options->output, "table, json or indices")
      ->check(CLI::IsMember({"table", "json", "indices"}))
      ->capture_default_str();
  detect->add_option("--indicator", options->indicator, "observation format: indicator id");
  detect->add_option("--unit", options->unit, "observation format: unit id");
  detect->add_flag("--skip-missing", options->skip_missing,
                   "skip rows whose value is empty or not a number");
  detect->add_flag("--decimal-comma", options->decimal_comma, "values use a decimal comma (3,5)");
  detect->add_flag("--list", options->list, "list the detectors with their parameters");
  detect->callback([options] { SetExitCode(RunDetect(*options)); });
}

}  // namespace kpiwatch::client
