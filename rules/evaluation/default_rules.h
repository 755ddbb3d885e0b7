// The shipped default rule set: every registered detector but binseg, bocpd and cusum
// (docs/rules.md says why) applied sensibly to every declared indicator, used when
// kpiwatchd starts without --rules.
#pragma once

#include <string_view>

namespace kpiwatch {

// The default rules as YAML (a valid rules file; docs/rules.md explains each choice).
std::string_view DefaultRulesYaml();

}  // namespace kpiwatch
