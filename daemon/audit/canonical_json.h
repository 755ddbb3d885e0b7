// Canonical JSON: one byte sequence per JSON value, so a hash over it is reproducible.
//
// The form (what an independent verifier has to reproduce):
//  - no whitespace anywhere;
//  - object members sorted by key, comparing the keys' UTF-8 bytes as unsigned bytes
//    (a boost::json::object holds each key once);
//  - strings: '"' and '\' escaped as \" and \\, the control characters U+0000..U+001F
//    as \u00xx (lower-case hex), every other byte (UTF-8 included) as it is;
//  - numbers: an integer (int64 or uint64) in decimal without sign for >= 0 and without
//    leading zeros; a double that is a whole number with |x| < 2^53 the same way (so 41.0
//    and 41 are both "41", and -0.0 is "0"); any other finite double as the shortest text
//    that reads back as the same double (std::to_chars, e.g. "39.5", "1e-07",
//    "1.2345678901234568e+20"); NaN and infinities, which JSON cannot hold, as null;
//  - true, false, null as such.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace kpiwatch::daemon {

// The canonical text of `value`. Never fails.
std::string CanonicalJson(const boost::json::value& value);

}  // namespace kpiwatch::daemon
