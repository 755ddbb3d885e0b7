#include "daemon/notify/alert_message.h"

#include <cctype>
#include <cmath>

#include "daemon/notify/mail_text.h"
#include "daemon/notify/mime.h"
#include "detectors/core/finding_text.h"

namespace kpiwatch::notify {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string IndicatorName(const Alert& alert, const AlertMailContext& context) {
  return context.indicator_name.empty() ? alert.indicator : context.indicator_name;
}

std::string FlaggedPeriod(const Alert& alert) {
  if (!alert.finding.period.empty()) return alert.finding.period;
  return alert.raised_period ? alert.raised_period->ToString() : "";
}

// The key numbers of the finding as (label, value) lines.
Pairs KeyNumbers(const Alert& alert, Language language) {
  const MailWords& words = WordsFor(language);
  const Finding& finding = alert.finding;
  Pairs lines;
  std::string period = FlaggedPeriod(alert);
  if (!period.empty()) lines.emplace_back(words.period_label, period);
  if (!finding.window_begin_period.empty() && !finding.window_end_period.empty()) {
    lines.emplace_back(words.window_label,
                       finding.window_begin_period + " .. " + finding.window_end_period);
  }
  if (finding.direction != ChangeDirection::kNone) {
    lines.emplace_back(words.direction_label, DirectionWord(finding.direction, language));
  }
  if (std::isfinite(finding.effect)) {
    std::string effect = NumberWord(finding.effect, language);
    if (std::isfinite(finding.effect_sd)) {
      effect +=
          " (" + Fill(words.effect_sd, {{"sd", NumberWord(finding.effect_sd, language)}}) + ")";
    }
    lines.emplace_back(words.effect_label, effect);
  }
  if (!finding.statistic_name.empty() && std::isfinite(finding.statistic)) {
    lines.emplace_back(finding.statistic_name, NumberWord(finding.statistic, language));
  }
  if (finding.p_value) {
    std::string p = PValueText(*finding.p_value);
    if (language == Language::kDutch) {
      for (char& c : p) {
        if (c == '.') c = ',';
      }
    }
    lines.emplace_back(words.p_value_label, p);
  }
  if (finding.probability) {
    lines.emplace_back(words.probability_label, NumberWord(*finding.probability, language));
  }
  return lines;
}

std::string WhyText(const Alert& alert, Language language) {
  return Fill(WordsFor(language).why_rule, {{"rule", alert.rule},
                                            {"version", std::to_string(alert.rule_version)},
                                            {"detector", alert.finding.detector},
                                            {"kind", FindingKindWord(alert.finding.kind, language)},
                                            {"period", FlaggedPeriod(alert)},
                                            {"severity", SeverityWord(alert.severity, language)}});
}

std::string IntroText(const Alert& alert, const AlertMailContext& context, Language language) {
  std::string intro =
      Fill(WordsFor(language).intro, {{"id", std::to_string(alert.id)},
                                      {"severity", SeverityWord(alert.severity, language)},
                                      {"indicator", IndicatorName(alert, context)},
                                      {"indicator_id", alert.indicator}});
  if (!alert.unit.empty()) {
    intro.insert(intro.size() - 1,
                 std::string(", ") + WordsFor(language).unit_label + " " + alert.unit);
  }
  return intro;
}

std::string ValuesHeading(const AlertMailContext& context, Language language) {
  const MailWords& words = WordsFor(language);
  std::string target = context.target ? TargetText(*context.target, language) : words.no_target;
  return std::string(words.values_heading) + " (" + words.target_column + ": " + target + ")";
}

std::string TargetCell(const AlertMailContext& context, double value, Language language) {
  if (!context.target) return "";
  return context.target->IsMet(value) ? WordsFor(language).target_met
                                      : WordsFor(language).target_not_met;
}

std::string Pad(const std::string& text, std::size_t width) {
  // Pads by characters, not bytes, so UTF-8 labels line up.
  std::size_t characters = 0;
  for (unsigned char c : text) characters += (c & 0xC0) != 0x80;
  return characters >= width ? text + " " : text + std::string(width - characters, ' ');
}

}  // namespace

std::string InterpretCommand(std::uint64_t alert_id, Language language) {
  const MailWords& words = WordsFor(language);
  return "kpiwatch interpret " + std::to_string(alert_id) + " --category <" +
         words.category_placeholder + "> --note \"<" + words.note_placeholder + ">\"";
}

std::string InterpretUrl(const std::string& base_url, std::uint64_t alert_id) {
  return base_url + "/v1/alerts/" + std::to_string(alert_id) + "/interpret";
}

std::string AlertSubject(const Alert& alert, const AlertMailContext& context, Language language) {
  const MailWords& words = WordsFor(language);
  std::string subject = std::string(words.subject_prefix) + " " +
                        SeverityWord(alert.severity, language) + ": " +
                        IndicatorName(alert, context);
  if (!alert.unit.empty()) subject += " (" + alert.unit + ")";
  return subject + " - " + FindingKindWord(alert.finding.kind, language);
}

std::string AlertPlainText(const Alert& alert, const AlertMailContext& context, Language language,
                           const std::string& group) {
  const MailWords& words = WordsFor(language);
  std::string flagged = FlaggedPeriod(alert);
  std::string out = IntroText(alert, context, language) + "\n\n";

  out += std::string(words.found_heading) + "\n";
  for (const auto& [label, value] : KeyNumbers(alert, language))
    out += "  " + Pad(label + ":", 26) + value + "\n";
  if (!alert.finding.explanation.empty()) {
    out +=
        "\n  " + std::string(words.detector_text_label) + ": " + alert.finding.explanation + "\n";
  }

  out += "\n" + ValuesHeading(context, language) + "\n";
  if (context.recent_values.empty()) {
    out += "  " + std::string(words.no_values) + "\n";
  } else {
    std::string header = "  " + Pad(words.period_column, 12) + Pad(words.value_column, 14) +
                         (context.target ? words.target_column : "");
    while (header.back() == ' ') header.pop_back();
    out += header + "\n";
    for (const auto& row : context.recent_values) {
      std::string line = "  " + Pad(row.period, 12) + Pad(NumberWord(row.value, language), 14);
      if (context.target) line += Pad(TargetCell(context, row.value, language), 14);
      if (row.period == flagged) line += words.flagged_marker;
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
  }

  out += "\n" + std::string(words.questions_heading) + "\n";
  if (alert.questions.empty()) out += "  " + std::string(words.no_questions) + "\n";
  for (std::size_t i = 0; i < alert.questions.size(); ++i) {
    out += "  " + std::to_string(i + 1) + ". " + alert.questions[i] + "\n";
  }

  out += "\n" + std::string(words.interpret_heading) + "\n";
  out += "  " + std::string(words.interpret_cli) + "\n    " + InterpretCommand(alert.id, language) +
         "\n";
  out += "  " + std::string(words.interpret_api) + "\n    POST " +
         InterpretUrl(context.base_url, alert.id) + "\n    {\"category\": \"<" +
         words.category_placeholder + ">\", \"note\": \"<" + words.note_placeholder + ">\"}\n";
  out += "  " + std::string(words.categories) + "\n";

  out += "\n" + std::string(words.why_heading) + "\n";
  out += "  " + WhyText(alert, language) + "\n";
  out += "  " + Fill(words.why_group, {{"group", group}}) + "\n";
  if (!context.indicator_definition.empty()) {
    out += "  " + std::string(words.definition_label) + ": " + context.indicator_definition + "\n";
  }
  out += "\n" + std::string(words.footer) + "\n";
  return out;
}

std::string AlertHtml(const Alert& alert, const AlertMailContext& context, Language language,
                      const std::string& group) {
  const MailWords& words = WordsFor(language);
  std::string flagged = FlaggedPeriod(alert);
  auto e = [](const std::string& text) { return EscapeHtml(text); };
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(LanguageName(language)) +
                    "\">\n<head><meta charset=\"UTF-8\"><title>" +
                    e(AlertSubject(alert, context, language)) +
                    "</title></head>\n<body style=\"font-family: sans-serif\">\n";
  out += "<p>" + e(IntroText(alert, context, language)) + "</p>\n";

  out += "<h2>" + e(words.found_heading) + "</h2>\n<ul>\n";
  for (const auto& [label, value] : KeyNumbers(alert, language)) {
    out += "<li><strong>" + e(label) + ":</strong> " + e(value) + "</li>\n";
  }
  out += "</ul>\n";
  if (!alert.finding.explanation.empty()) {
    out += "<p><em>" + e(words.detector_text_label) + ":</em> " + e(alert.finding.explanation) +
           "</p>\n";
  }

  out += "<h2>" + e(ValuesHeading(context, language)) + "</h2>\n";
  if (context.recent_values.empty()) {
    out += "<p>" + e(words.no_values) + "</p>\n";
  } else {
    out += "<table style=\"border-collapse: collapse\" border=\"1\" cellpadding=\"4\">\n<tr><th>" +
           e(words.period_column) + "</th><th>" + e(words.value_column) + "</th>" +
           (context.target ? "<th>" + e(words.target_column) + "</th>" : "") + "<th></th></tr>\n";
    for (const auto& row : context.recent_values) {
      bool is_flagged = row.period == flagged;
      out += is_flagged ? "<tr class=\"flagged\" style=\"background: #fde68a; font-weight: bold\">"
                        : "<tr>";
      out += "<td>" + e(row.period) + "</td><td style=\"text-align: right\">" +
             e(NumberWord(row.value, language)) + "</td>";
      if (context.target) out += "<td>" + e(TargetCell(context, row.value, language)) + "</td>";
      out += "<td>" + (is_flagged ? e(words.flagged_marker) : std::string()) + "</td></tr>\n";
    }
    out += "</table>\n";
  }

  out += "<h2>" + e(words.questions_heading) + "</h2>\n";
  if (alert.questions.empty()) {
    out += "<p>" + e(words.no_questions) + "</p>\n";
  } else {
    out += "<ol>\n";
    for (const auto& question : alert.questions) out += "<li>" + e(question) + "</li>\n";
    out += "</ol>\n";
  }

  std::string url = InterpretUrl(context.base_url, alert.id);
  out += "<h2>" + e(words.interpret_heading) + "</h2>\n";
  out += "<p>" + e(words.interpret_cli) + "</p>\n<pre>" + e(InterpretCommand(alert.id, language)) +
         "</pre>\n";
  out += "<p>" + e(words.interpret_api) + "</p>\n<pre>POST " + e(url) + "\n{\"category\": \"&lt;" +
         e(words.category_placeholder) + "&gt;\", \"note\": \"&lt;" + e(words.note_placeholder) +
         "&gt;\"}</pre>\n";
  out += "<p>" + e(words.categories) + "</p>\n";

  out += "<h2>" + e(words.why_heading) + "</h2>\n";
  out += "<p>" + e(WhyText(alert, language)) + " " + e(Fill(words.why_group, {{"group", group}})) +
         "</p>\n";
  if (!context.indicator_definition.empty()) {
    out += "<p><strong>" + e(words.definition_label) + ":</strong> " +
           e(context.indicator_definition) + "</p>\n";
  }
  out += "<p><small>" + e(words.footer) + "</small></p>\n</body>\n</html>\n";
  return out;
}

OutgoingMail BuildAlertMail(const Alert& alert, const AlertMailContext& context, Language language,
                            const MailAddressing& addressing) {
  MimeHeaders headers;
  headers.from = addressing.from;
  headers.to = addressing.to;
  headers.subject = AlertSubject(alert, context, language);
  headers.message_id = AlertMessageId(alert.id, addressing.seq, AddressDomain(addressing.from));
  headers.date = addressing.date;
  headers.extra = {{"X-Kpiwatch-Alert", std::to_string(alert.id)},
                   {"X-Kpiwatch-Severity", SeverityName(alert.severity)}};
  OutgoingMail mail;
  mail.message_id = headers.message_id;
  mail.from = addressing.from;
  mail.recipients = addressing.to;
  mail.data = BuildMimeMessage(headers, AlertPlainText(alert, context, language, addressing.group),
                               AlertHtml(alert, context, language, addressing.group));
  return mail;
}

std::string AlertMessageId(std::uint64_t alert_id, std::uint64_t seq, const std::string& domain) {
  return "<kpiwatch-alert-" + std::to_string(alert_id) + "-" + std::to_string(seq) + "@" + domain +
         ">";
}

std::string DigestMessageId(const std::string& group, std::uint64_t seq,
                            const std::string& domain) {
  std::string safe = group;
  for (char& c : safe) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '-';
  }
  return "<kpiwatch-digest-" + safe + "-" + std::to_string(seq) + "@" + domain + ">";
}

}  // namespace kpiwatch::notify
