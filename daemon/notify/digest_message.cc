#include "daemon/notify/digest_message.h"

#include <algorithm>
#include <map>

#include "daemon/notify/mail_text.h"
#include "daemon/notify/mime.h"

namespace kpiwatch::notify {
namespace {

constexpr Severity kSeveritiesDescending[] = {Severity::kCritical, Severity::kWarning,
                                              Severity::kInfo};

// indicator name -> severity -> entries (ascending alert id).
using Grouped =
    std::map<std::string, std::map<Severity, std::vector<const DigestEntry*>, std::greater<>>>;

Grouped GroupEntries(const std::vector<DigestEntry>& entries) {
  Grouped grouped;
  for (const auto& entry : entries) grouped[entry.indicator_name][entry.severity].push_back(&entry);
  for (auto& [name, by_severity] : grouped) {
    for (auto& [severity, list] : by_severity) {
      std::sort(list.begin(), list.end(),
                [](auto* a, auto* b) { return a->alert_id < b->alert_id; });
    }
  }
  return grouped;
}

std::string SeverityCounts(const std::vector<DigestEntry>& entries, Language language) {
  std::string out;
  for (Severity severity : kSeveritiesDescending) {
    auto count = std::count_if(entries.begin(), entries.end(),
                               [&](const auto& e) { return e.severity == severity; });
    if (count == 0) continue;
    if (!out.empty()) out += ", ";
    out += Fill(WordsFor(language).digest_severity_count,
                {{"count", std::to_string(count)}, {"severity", SeverityWord(severity, language)}});
  }
  return out;
}

std::string EntryLine(const DigestEntry& entry, Language language) {
  std::string line =
      "#" + std::to_string(entry.alert_id) + " " + FindingKindWord(entry.kind, language);
  if (!entry.period.empty()) line += ", " + entry.period;
  if (!entry.unit.empty())
    line += ", " + std::string(WordsFor(language).unit_label) + " " + entry.unit;
  return line + " (" + entry.rule + ")";
}

std::string IntroText(const std::vector<DigestEntry>& entries, const MailWords& words,
                      const std::string& group) {
  return Fill(entries.size() == 1 ? words.digest_intro_one : words.digest_intro,
              {{"count", std::to_string(entries.size())}, {"group", group}});
}

std::string StringField(const boost::json::object& object, const char* name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

}  // namespace

DigestEntry DigestEntryFor(const Alert& alert, const AlertMailContext& context) {
  DigestEntry entry;
  entry.alert_id = alert.id;
  entry.severity = alert.severity;
  entry.indicator = alert.indicator;
  entry.indicator_name = context.indicator_name.empty() ? alert.indicator : context.indicator_name;
  entry.unit = alert.unit;
  entry.rule = alert.rule;
  entry.kind = alert.finding.kind;
  entry.period = !alert.finding.period.empty() ? alert.finding.period
                 : alert.raised_period         ? alert.raised_period->ToString()
                                               : "";
  entry.explanation = alert.finding.explanation;
  return entry;
}

boost::json::object DigestEntryToJson(const DigestEntry& entry) {
  return {{"alert_id", entry.alert_id},
          {"severity", SeverityName(entry.severity)},
          {"indicator", entry.indicator},
          {"indicator_name", entry.indicator_name},
          {"unit", entry.unit},
          {"rule", entry.rule},
          {"kind", entry.kind},
          {"period", entry.period},
          {"explanation", entry.explanation}};
}

Result<DigestEntry> DigestEntryFromJson(const boost::json::value& json) {
  if (!json.is_object()) return Status::InvalidArgument("digest entry: expected an object");
  const auto& object = json.as_object();
  DigestEntry entry;
  const auto* id = object.if_contains("alert_id");
  if (id == nullptr || !(id->is_uint64() || id->is_int64())) {
    return Status::InvalidArgument("digest entry: alert_id: expected a number");
  }
  entry.alert_id = id->is_uint64() ? id->as_uint64() : static_cast<std::uint64_t>(id->as_int64());
  auto severity = ParseSeverity(StringField(object, "severity"));
  if (!severity.ok())
    return Status::InvalidArgument("digest entry: severity: " + severity.status().message());
  entry.severity = *severity;
  entry.indicator = StringField(object, "indicator");
  entry.indicator_name = StringField(object, "indicator_name");
  entry.unit = StringField(object, "unit");
  entry.rule = StringField(object, "rule");
  entry.kind = StringField(object, "kind");
  entry.period = StringField(object, "period");
  entry.explanation = StringField(object, "explanation");
  return entry;
}

std::string DigestSubject(const std::vector<DigestEntry>& entries, Language language,
                          const std::string& group) {
  const MailWords& words = WordsFor(language);
  return std::string(words.subject_prefix) + " " +
         Fill(entries.size() == 1 ? words.digest_subject_one : words.digest_subject,
              {{"count", std::to_string(entries.size())}, {"group", group}}) +
         " (" + SeverityCounts(entries, language) + ")";
}

std::string DigestPlainText(const std::vector<DigestEntry>& entries, Language language,
                            const std::string& group, const std::string& base_url) {
  const MailWords& words = WordsFor(language);
  std::string out =
      IntroText(entries, words, group) + "\n" + SeverityCounts(entries, language) + "\n";
  for (const auto& [name, by_severity] : GroupEntries(entries)) {
    out += "\n" + name + "\n";
    for (const auto& [severity, list] : by_severity) {
      out += "  " + SeverityWord(severity, language) + "\n";
      for (const DigestEntry* entry : list) {
        out += "    " + EntryLine(*entry, language) + "\n";
        if (!entry->explanation.empty()) out += "      " + entry->explanation + "\n";
        out += "      " + InterpretCommand(entry->alert_id, language) + "\n";
        out += "      POST " + InterpretUrl(base_url, entry->alert_id) + "\n";
      }
    }
  }
  out += "\n" + std::string(words.categories) + "\n\n" + words.footer + "\n";
  return out;
}

std::string DigestHtml(const std::vector<DigestEntry>& entries, Language language,
                       const std::string& group, const std::string& base_url) {
  const MailWords& words = WordsFor(language);
  auto e = [](const std::string& text) { return EscapeHtml(text); };
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(LanguageName(language)) +
                    "\">\n<head><meta charset=\"UTF-8\"><title>" +
                    e(DigestSubject(entries, language, group)) +
                    "</title></head>\n<body style=\"font-family: sans-serif\">\n";
  out += "<p>" + e(IntroText(entries, words, group)) + "</p>\n<p><strong>" +
         e(SeverityCounts(entries, language)) + "</strong></p>\n";
  for (const auto& [name, by_severity] : GroupEntries(entries)) {
    out += "<h2>" + e(name) + "</h2>\n";
    for (const auto& [severity, list] : by_severity) {
      out += "<h3>" + e(SeverityWord(severity, language)) + "</h3>\n<ul>\n";
      for (const DigestEntry* entry : list) {
        std::string url = InterpretUrl(base_url, entry->alert_id);
        out += "<li><strong>" + e(EntryLine(*entry, language)) + "</strong>";
        if (!entry->explanation.empty()) out += "<br>" + e(entry->explanation);
        out += "<br><code>" + e(InterpretCommand(entry->alert_id, language)) +
               "</code><br>POST <a href=\"" + e(url) + "\">" + e(url) + "</a></li>\n";
      }
      out += "</ul>\n";
    }
  }
  out += "<p>" + e(words.categories) + "</p>\n<p><small>" + e(words.footer) +
         "</small></p>\n</body>\n</html>\n";
  return out;
}

OutgoingMail BuildDigestMail(const std::vector<DigestEntry>& entries, Language language,
                             const MailAddressing& addressing, const std::string& base_url) {
  MimeHeaders headers;
  headers.from = addressing.from;
  headers.to = addressing.to;
  headers.subject = DigestSubject(entries, language, addressing.group);
  headers.message_id =
      DigestMessageId(addressing.group, addressing.seq, AddressDomain(addressing.from));
  headers.date = addressing.date;
  headers.extra = {{"X-Kpiwatch-Digest", addressing.group}};
  OutgoingMail mail;
  mail.message_id = headers.message_id;
  mail.from = addressing.from;
  mail.recipients = addressing.to;
  mail.data =
      BuildMimeMessage(headers, DigestPlainText(entries, language, addressing.group, base_url),
                       DigestHtml(entries, language, addressing.group, base_url));
  return mail;
}

}  // namespace kpiwatch::notify
