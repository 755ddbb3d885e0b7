// SHA-256 (OpenSSL EVP): audit chain hashes, digests of ingested bodies, token hashes.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace kpiwatch::daemon {

using Sha256Digest = std::array<unsigned char, 32>;

// The digest of `data`. OpenSSL failing to hash (out of memory) aborts: there is no
// meaningful way to go on without a hash.
Sha256Digest Sha256(std::string_view data);

// The digest as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);

// `digest` as 64 lower-case hex digits.
std::string DigestHex(const Sha256Digest& digest);

// Parses 64 hex digits (either case) into `digest`; false (digest unspecified) for
// anything else.
bool ParseDigestHex(std::string_view hex, Sha256Digest& digest);

}  // namespace kpiwatch::daemon
