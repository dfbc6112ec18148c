// Thin, hard-to-misuse wrappers over libsodium.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace gk {

// Initialises libsodium; aborts if it cannot (a start-up fault). Idempotent.
void InitCrypto();

// `bytes` random bytes as unpadded base64url text (URL- and cookie-safe).
std::string RandomToken(size_t bytes = 32);

// BLAKE2b-256 of `data` as 64 lowercase hex characters.
std::string Blake2bHex(std::string_view data);

// Standard base64 (with padding) of arbitrary bytes, and back; Base64Decode
// is InvalidArgument for text that is not base64.
std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

// Constant-time comparison of two strings (false if the lengths differ).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Cost of Argon2id password hashing.
enum class PasswordCost { kTest, kInteractive, kModerate };

// Argon2id hash in libsodium's self-describing "$argon2id$…" format.
Result<std::string> HashPassword(std::string_view password, PasswordCost cost);
// True if `password` matches `hash`; false for a wrong password or a malformed hash.
bool VerifyPassword(std::string_view password, const std::string& hash);

}  // namespace gk
