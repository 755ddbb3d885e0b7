#include "daemon/notify/mail_text.h"

#include <cmath>
#include <map>

#include "detectors/core/finding_text.h"

namespace kpiwatch::notify {
namespace {

const MailWords kEnglish = {
    "[kpiwatch]",
    "kpiwatch raised alert {id} ({severity}) for indicator {indicator} ({indicator_id}).",
    "unit",
    "What was found",
    "Flagged period",
    "Window",
    "Direction",
    "Effect",
    "{sd} robust standard deviations",
    "p-value",
    "Posterior probability",
    "Detector's explanation",
    "Recent values",
    "Period",
    "Value",
    "Target",
    "<- flagged",
    "met",
    "not met",
    "no target set",
    "no recent values stored",
    "Before this number is used for steering, please answer:",
    "The detector gave no questions; ask how this number came about.",
    "Record your interpretation",
    "With the command line:",
    "Or through the API (role controller):",
    "Categories: genuine_change, definition_change, data_error, external_cause, "
    "gaming_suspected, gaming_confirmed, false_alarm, other.",
    "your interpretation",
    "category",
    "Why you receive this",
    "Rule {rule} (rule-set version {version}) fired because detector {detector} found a {kind} "
    "in period {period} that passed the rule's conditions, with severity {severity}.",
    "You receive it as a member of recipient group {group}.",
    "Definition of the indicator",
    "This is a signal, not proof: it is a reason to ask how the number came about before "
    "steering on it.",
    "{count} alerts for {group}",
    "1 alert for {group}",
    "kpiwatch raised {count} alerts for recipient group {group} since the last message. "
    "Each one asks for an interpretation before the number is used for steering.",
    "kpiwatch raised 1 alert for recipient group {group} since the last message. "
    "It asks for an interpretation before the number is used for steering.",
    "{count} x {severity}",
};

const MailWords kDutch = {
    "[kpiwatch]",
    "kpiwatch heeft melding {id} ({severity}) aangemaakt voor indicator {indicator} "
    "({indicator_id}).",
    "eenheid",
    "Wat is gevonden",
    "Gemarkeerde periode",
    "Venster",
    "Richting",
    "Effect",
    "{sd} robuuste standaarddeviaties",
    "p-waarde",
    "A-posteriorikans",
    "Toelichting van de detector",
    "Recente waarden",
    "Periode",
    "Waarde",
    "Streefwaarde",
    "<- gemarkeerd",
    "gehaald",
    "niet gehaald",
    "geen streefwaarde vastgesteld",
    "geen recente waarden opgeslagen",
    "Beantwoord deze vragen voordat dit getal wordt gebruikt voor sturing:",
    "De detector gaf geen vragen; ga na hoe dit getal tot stand is gekomen.",
    "Leg uw duiding vast",
    "Met de opdrachtregel:",
    "Of via de API (rol controller):",
    "Categorieën: genuine_change (echte verandering), definition_change (definitiewijziging), "
    "data_error (datafout), external_cause (externe oorzaak), gaming_suspected (vermoeden van "
    "strategisch gedrag), gaming_confirmed (vastgesteld strategisch gedrag), false_alarm (loos "
    "alarm), other (anders).",
    "uw duiding",
    "categorie",
    "Waarom u dit bericht ontvangt",
    "Regel {rule} (versie {version} van de regelset) is afgegaan omdat detector {detector} een "
    "{kind} vond in periode {period} die aan de voorwaarden van de regel voldoet, met ernst "
    "{severity}.",
    "U ontvangt dit als lid van ontvangersgroep {group}.",
    "Definitie van de indicator",
    "Dit is een signaal, geen bewijs: het is een reden om te vragen hoe het getal tot stand is "
    "gekomen voordat erop gestuurd wordt.",
    "{count} meldingen voor {group}",
    "1 melding voor {group}",
    "kpiwatch heeft sinds het vorige bericht {count} meldingen aangemaakt voor ontvangersgroep "
    "{group}. Elke melding vraagt om een duiding voordat het getal wordt gebruikt voor sturing.",
    "kpiwatch heeft sinds het vorige bericht 1 melding aangemaakt voor ontvangersgroep {group}. "
    "Deze melding vraagt om een duiding voordat het getal wordt gebruikt voor sturing.",
    "{count} x {severity}",
};

struct KindWords {
  const char* english;
  const char* dutch;
};

const std::map<std::string, KindWords>& Kinds() {
  static const std::map<std::string, KindWords> kinds = {
      {"benford_nonconformity",
       {"deviation from Benford's law", "afwijking van de wet van Benford"}},
      {"bunching", {"bunching at the target", "ophoping bij de streefwaarde"}},
      {"change_point", {"level shift", "niveauverschuiving"}},
      {"cusum_alarm", {"gradual shift (CUSUM alarm)", "geleidelijke verschuiving (CUSUM-alarm)"}},
      {"definition_change", {"definition change", "definitiewijziging"}},
      {"denominator_shift", {"shift in the denominator", "verschuiving in de noemer"}},
      {"digit_heaping", {"heaping on round numbers", "ophoping op ronde getallen"}},
      {"favourable_revisions",
       {"one-sided favourable revisions", "eenzijdig gunstige herzieningen"}},
      {"missing_periods", {"missing periods", "ontbrekende perioden"}},
      {"not_current", {"outdated data", "verouderde gegevens"}},
      {"outlier", {"outlier", "uitschieter"}},
      {"paired_divergence",
       {"divergence from its counter-indicator", "uiteenlopen met de tegenindicator"}},
      {"period_end_spike", {"spike at the end of the period", "piek aan het eind van de periode"}},
      {"relation_break",
       {"break in the relation with its outcome", "breuk in de relatie met het effect"}},
      {"stopped_reporting", {"reporting stopped", "aanlevering gestopt"}},
      {"target_hugging", {"values hugging the target", "waarden die de streefwaarde volgen"}},
      {"underdispersion", {"too little variation", "te weinig spreiding"}},
  };
  return kinds;
}

}  // namespace

const MailWords& WordsFor(Language language) {
  return language == Language::kDutch ? kDutch : kEnglish;
}

std::string SeverityWord(Severity severity, Language language) {
  bool dutch = language == Language::kDutch;
  switch (severity) {
    case Severity::kInfo:
      return "INFO";
    case Severity::kWarning:
      return dutch ? "WAARSCHUWING" : "WARNING";
    case Severity::kCritical:
      return dutch ? "KRITIEK" : "CRITICAL";
  }
  return "INFO";
}

std::string DirectionWord(ChangeDirection direction, Language language) {
  bool dutch = language == Language::kDutch;
  switch (direction) {
    case ChangeDirection::kUp:
      return dutch ? "omhoog" : "up";
    case ChangeDirection::kDown:
      return dutch ? "omlaag" : "down";
    case ChangeDirection::kNone:
      return dutch ? "geen" : "none";
  }
  return "";
}

std::string FindingKindWord(const std::string& kind, Language language) {
  auto found = Kinds().find(kind);
  if (found != Kinds().end()) {
    return language == Language::kDutch ? found->second.dutch : found->second.english;
  }
  std::string text = kind;
  for (char& c : text) {
    if (c == '_') c = ' ';
  }
  return text;
}

std::string NumberWord(double value, Language language) {
  if (!std::isfinite(value)) return "-";
  std::string text = NumberText(value, 4);
  if (language == Language::kDutch) {
    for (char& c : text) {
      if (c == '.') c = ',';
    }
  }
  return text;
}

std::string TargetText(const Target& target, Language language) {
  bool at_least = target.comparator == Comparator::kAtLeast;
  const char* word = language == Language::kDutch ? (at_least ? "minimaal" : "maximaal")
                                                  : (at_least ? "at least" : "at most");
  return std::string(word) + " " + NumberWord(target.value, language);
}

std::string Fill(std::string_view text,
                 const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      std::size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        std::string_view name = text.substr(i + 1, close - i - 1);
        bool replaced = false;
        for (const auto& [key, value] : values) {
          if (key == name) {
            out += value;
            replaced = true;
            break;
          }
        }
        if (replaced) {
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace kpiwatch::notify
