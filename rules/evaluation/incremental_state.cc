#include "rules/evaluation/incremental_state.h"

#include <charconv>
#include <vector>

namespace kpiwatch {
namespace {

constexpr std::string_view kMagic = "kpiwatch-state1";

bool ReadSize(std::string_view text, std::size_t& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::string DetectorStateRecord::Serialize() const {
  return std::string(kMagic) + "\n" + fingerprint + "\n" + first_period + "\n" + last_period + "\n" +
         std::to_string(rows) + "\n" + std::to_string(revisions) + "\n" + state;
}

Result<DetectorStateRecord> DetectorStateRecord::Parse(std::string_view text) {
  std::vector<std::string_view> lines;
  for (int i = 0; i < 6; ++i) {
    std::size_t newline = text.find('\n');
    if (newline == std::string_view::npos) {
      return Status::InvalidArgument("detector state record: expected 6 header lines, got " + std::to_string(i));
    }
    lines.push_back(text.substr(0, newline));
    text.remove_prefix(newline + 1);
  }
  if (lines[0] != kMagic) return Status::InvalidArgument("detector state record: expected '" + std::string(kMagic) + "'");
  DetectorStateRecord record;
  record.fingerprint = lines[1];
  record.first_period = lines[2];
  record.last_period = lines[3];
  if (!ReadSize(lines[4], record.rows)) return Status::InvalidArgument("detector state record: bad rows");
  if (!ReadSize(lines[5], record.revisions)) return Status::InvalidArgument("detector state record: bad revisions");
  record.state = text;
  return record;
}

std::string DetectorStateKey(const std::string& rule, const std::string& indicator, const std::string& unit) {
  std::string key = rule;
  key += '\0';
  key += indicator;
  key += '\0';
  key += unit;
  return key;
}

std::string RuleFingerprint(const Rule& rule) {
  std::string text = rule.detector + ";";
  for (const auto& [name, value] : rule.params) text += name + "=" + value + ";";
  text += "window=" + (rule.window_periods ? std::to_string(*rule.window_periods) : std::string("all"));
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

bool SupportsIncremental(const Rule& rule, const DetectorInfo& detector) {
  return static_cast<bool>(detector.resume) && (!rule.window_periods || *rule.window_periods <= 0);
}

bool Resumable(const DetectorStateRecord& record, const std::string& fingerprint, const DetectorInput& input) {
  const Series& series = input.series;
  if (record.fingerprint != fingerprint || record.rows == 0 || !series.has_periods()) return false;
  if (record.rows > series.size()) return false;
  if (series.periods.front().ToString() != record.first_period) return false;
  if (series.periods[record.rows - 1].ToString() != record.last_period) return false;
  return input.revisions.size() == record.revisions;
}

}  // namespace kpiwatch
