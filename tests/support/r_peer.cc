#include "tests/support/r_peer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "tests/support/temp_dir.h"

namespace kpiwatch::testing {

bool HaveRscript() { return std::system("command -v Rscript >/dev/null 2>&1") == 0; }

std::string RunR(const std::string& script) {
  TempDir dir;
  WriteFile(dir / "peer.R", script);
  std::string command = "Rscript --vanilla " + (dir / "peer.R").string() + " 2>" +
                        (dir / "stderr.txt").string();
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot start Rscript";
    return "";
  }
  std::string output;
  char buffer[4096];
  while (std::size_t read = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, read);
  int status = ::pclose(pipe);
  if (status != 0) {
    ADD_FAILURE() << "Rscript failed (status " << status << "):\n" << ReadFile(dir / "stderr.txt");
    return "";
  }
  return output;
}

std::map<std::string, double> ParseNamedNumbers(const std::string& output) {
  std::map<std::string, double> values;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string name;
    std::string number;
    if (!(fields >> name >> number)) continue;
    if (number == "NA" || number == "NaN") {
      values[name] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    char* end = nullptr;
    double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() && *end == '\0') values[name] = value;
  }
  return values;
}

std::string RVector(const std::vector<double>& values) {
  std::ostringstream out;
  out.precision(17);
  out << "c(";
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
  out << ")";
  return out.str();
}

}  // namespace kpiwatch::testing
