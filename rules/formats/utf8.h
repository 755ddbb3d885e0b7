// UTF-8 validation for input files: catalogue and rules YAML and ingest batches must be
// UTF-8, so that what is stored can be written back (YAML, JSON, e-mail) unchanged.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "detectors/core/status.h"

namespace kpiwatch {

// The byte offset of the first byte that does not start a well-formed UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF are ill-formed); nullopt when
// `text` is valid UTF-8.
std::optional<std::size_t> FirstInvalidUtf8(std::string_view text);

// An ErrorDetail at the first invalid byte of `text` (1-based line and column in bytes),
// "not valid UTF-8 (byte 0xNN); save the file as UTF-8", or nullopt when `text` is valid.
std::optional<ErrorDetail> InvalidUtf8Error(std::string_view text, std::string_view file_name);

// An ErrorDetail at the first control character YAML does not allow in a document (C0
// controls other than tab, LF and CR, and DEL; YAML 1.2 section 5.1), or nullopt. Such bytes
// (a NUL, say) would be read by yaml-cpp but not written back the same.
std::optional<ErrorDetail> ControlCharacterError(std::string_view text, std::string_view file_name);

}  // namespace kpiwatch
