#include "daemon/metrics/registry.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace kpiwatch::metrics {
namespace {

constexpr std::array<double, 13> kDefaultBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                    0.1,   0.25,   0.5,   1.0,  2.5,   5.0,
                                                    10.0};

// Replaces characters outside [a-zA-Z0-9_] (and ':' when allowed) by '_'; a leading
// digit gets a '_' prefix.
std::string Sanitize(const std::string& name, bool allow_colon) {
  std::string out = name.empty() ? "_" : name;
  for (char& c : out) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_' || (allow_colon && c == ':');
    if (!ok) c = '_';
  }
  if (out.front() >= '0' && out.front() <= '9') out.insert(out.begin(), '_');
  return out;
}

Labels Canonical(const Labels& labels) {
  Labels out;
  out.reserve(labels.size());
  for (const auto& [name, value] : labels) out.emplace_back(Sanitize(name, false), value);
  std::sort(out.begin(), out.end());
  return out;
}

std::string FormatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  std::array<char, 32> buffer;
  auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

// Escapes for a HELP line (escape_quotes = false) or a label value (true).
std::string Escape(const std::string& text, bool escape_quotes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && escape_quotes) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

// {a="1",b="2"} with an optional extra label appended (le for buckets); "" when empty.
std::string LabelText(const Labels& labels, const std::string& extra_name = "",
                      const std::string& extra_value = "") {
  std::string out;
  auto add = [&out](const std::string& name, const std::string& value) {
    out += out.empty() ? "{" : ",";
    out += name + "=\"" + Escape(value, true) + "\"";
  };
  for (const auto& [name, value] : labels) add(name, value);
  if (!extra_name.empty()) add(extra_name, extra_value);
  return out.empty() ? out : out + "}";
}

}  // namespace

Registry::Series* Registry::FindSeries(const std::string& name, const Labels& labels,
                                       Type type) {
  Family& family = families_[Sanitize(name, true)];
  if (family.type == Type::kUntyped) family.type = type;
  if (family.type != type) return nullptr;
  Series& series = family.series[Canonical(labels)];
  if (type == Type::kHistogram && series.bucket_counts.empty()) {
    series.bucket_counts.assign(kDefaultBuckets.size(), 0.0);
  }
  return &series;
}

void Registry::IncrementCounter(const std::string& name, const Labels& labels, double by) {
  if (!(by >= 0)) return;
  std::lock_guard lock(mutex_);
  if (Series* series = FindSeries(name, labels, Type::kCounter)) series->value += by;
}

void Registry::SetGauge(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  if (Series* series = FindSeries(name, labels, Type::kGauge)) series->value = value;
}

void Registry::ObserveHistogram(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  Series* series = FindSeries(name, labels, Type::kHistogram);
  if (series == nullptr) return;
  auto bucket = std::lower_bound(kDefaultBuckets.begin(), kDefaultBuckets.end(), value);
  if (bucket != kDefaultBuckets.end()) ++series->bucket_counts[bucket - kDefaultBuckets.begin()];
  series->value += value;
  series->count += 1;
}

void Registry::Describe(const std::string& name, const std::string& help,
                        const std::string& type) {
  Type parsed;
  if (type == "counter") {
    parsed = Type::kCounter;
  } else if (type == "gauge") {
    parsed = Type::kGauge;
  } else if (type == "histogram") {
    parsed = Type::kHistogram;
  } else {
    return;
  }
  std::lock_guard lock(mutex_);
  Family& family = families_[Sanitize(name, true)];
  if (family.type == Type::kUntyped) family.type = parsed;
  if (family.type == parsed) family.help = help;
}

std::string Registry::RenderPrometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    if (!family.help.empty()) out += "# HELP " + name + " " + Escape(family.help, false) + "\n";
    switch (family.type) {
      case Type::kCounter: out += "# TYPE " + name + " counter\n"; break;
      case Type::kGauge: out += "# TYPE " + name + " gauge\n"; break;
      case Type::kHistogram: out += "# TYPE " + name + " histogram\n"; break;
      case Type::kUntyped: out += "# TYPE " + name + " untyped\n"; break;
    }
    for (const auto& [labels, series] : family.series) {
      if (family.type != Type::kHistogram) {
        out += name + LabelText(labels) + " " + FormatNumber(series.value) + "\n";
        continue;
      }
      double cumulative = 0;
      for (size_t i = 0; i < kDefaultBuckets.size(); ++i) {
        cumulative += series.bucket_counts[i];
        out += name + "_bucket" + LabelText(labels, "le", FormatNumber(kDefaultBuckets[i])) +
               " " + FormatNumber(cumulative) + "\n";
      }
      out += name + "_bucket" + LabelText(labels, "le", "+Inf") + " " +
             FormatNumber(series.count) + "\n";
      out += name + "_sum" + LabelText(labels) + " " + FormatNumber(series.value) + "\n";
      out += name + "_count" + LabelText(labels) + " " + FormatNumber(series.count) + "\n";
    }
  }
  return out;
}

}  // namespace kpiwatch::metrics
