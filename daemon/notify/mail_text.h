// The words of kpiwatch e-mail in English and Dutch.
//
// One table per language, complete in both: the message builders never fall back to
// English for a Dutch group. Dutch uses the field's own terms (indicator, streefwaarde,
// duiding, sturing). Placeholders in braces ({id}, {rule}, ...) are filled by Fill().
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/notify/notify_config.h"
#include "detectors/core/finding.h"
#include "detectors/core/series.h"

namespace kpiwatch::notify {

struct MailWords {
  const char* subject_prefix;        // "[kpiwatch]"
  const char* intro;                 // "kpiwatch raised alert {id} ({severity}) for ..."
  const char* unit_label;            // "unit"
  const char* found_heading;         // "What was found"
  const char* period_label;          // "Flagged period"
  const char* window_label;          // "Window"
  const char* direction_label;       // "Direction"
  const char* effect_label;          // "Effect"
  const char* effect_sd;             // "{sd} robust standard deviations"
  const char* p_value_label;         // "p-value"
  const char* probability_label;     // "Posterior probability"
  const char* detector_text_label;   // "Detector's explanation"
  const char* values_heading;        // "Recent values"
  const char* period_column;         // "Period"
  const char* value_column;          // "Value"
  const char* target_column;         // "Target"
  const char* flagged_marker;        // "<- flagged"
  const char* target_met;            // "met"
  const char* target_not_met;        // "not met"
  const char* no_target;             // "no target set"
  const char* no_values;             // "no recent values stored"
  const char* questions_heading;     // "Before this number is used for steering, answer:"
  const char* no_questions;          // when the finding has none
  const char* interpret_heading;     // "Record your interpretation"
  const char* interpret_cli;         // "With the command line:"
  const char* interpret_api;         // "Or through the API (role controller):"
  const char* categories;            // "Categories: ..."
  const char* note_placeholder;      // "your interpretation"
  const char* category_placeholder;  // "category"
  const char* why_heading;           // "Why you receive this"
  const char* why_rule;              // "Rule {rule} (rule-set version {version}) fired because ..."
  const char* why_group;             // "You receive it as member of recipient group {group}."
  const char* definition_label;      // "Definition of the indicator"
  const char* footer;                // signal, not proof
  // Digest.
  const char* digest_subject;         // "{count} alerts for {group}"
  const char* digest_subject_one;     // "1 alert for {group}"
  const char* digest_intro;           // "kpiwatch raised {count} alerts since the last digest ..."
  const char* digest_intro_one;       // the same for a single alert
  const char* digest_severity_count;  // "{count} x {severity}"
};

const MailWords& WordsFor(Language language);

// "WARNING" / "WAARSCHUWING" etc.
std::string SeverityWord(Severity severity, Language language);
// "up"/"omhoog", "down"/"omlaag", "none"/"geen".
std::string DirectionWord(ChangeDirection direction, Language language);
// What a finding kind is called: "change_point" -> "level shift" / "trendbreuk"; an
// unknown kind is shown with spaces for underscores.
std::string FindingKindWord(const std::string& kind, Language language);
// "at least 40" / "minimaal 40" (decimal comma in Dutch).
std::string TargetText(const Target& target, Language language);
// A number with up to 4 significant digits; a decimal comma in Dutch; "-" for NaN.
std::string NumberWord(double value, Language language);

// `text` with every "{name}" replaced by its value.
std::string Fill(std::string_view text,
                 const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace kpiwatch::notify
