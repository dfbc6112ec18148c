// Thin, hard-to-misuse wrappers over libsodium.
#pragma once

#include <array>
#include <memory>
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

// SHA-256 of `data` as 64 lowercase hex characters (for digests others check
// with common tools: archives, filing packages, files of a case).
std::string Sha256Hex(std::string_view data);

// The same for bytes given in pieces (a file too large to hold at once).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  // The digest of everything given; call once.
  std::string HexDigest();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Standard base64 (with padding) of arbitrary bytes, and back; Base64Decode
// is InvalidArgument for text that is not base64.
std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);
// Base64Decode of bytes that are no secret (a published file): the same
// answers, by a lookup table — many times faster, but its time depends on
// the text, so never for keys or personal data.
Result<std::string> Base64DecodePublic(std::string_view text);

// Constant-time comparison of two strings (false if the lengths differ).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Cost of Argon2id password hashing.
enum class PasswordCost { kTest, kInteractive, kModerate };

// Argon2id hash in libsodium's self-describing "$argon2id$…" format.
Result<std::string> HashPassword(std::string_view password, PasswordCost cost);
// True if `password` matches `hash`; false for a wrong password or a malformed hash.
bool VerifyPassword(std::string_view password, const std::string& hash);

// The key that protects personal data at rest (identity numbers, phone
// numbers, addresses): XSalsa20-Poly1305 (crypto_secretbox) for the values and
// a keyed BLAKE2b, from a subkey, for equality lookups that must not decrypt
// (the same applicant's applications). The key comes from configuration
// (security.data_key_file or GONGKAI_DATA_KEY), never from the database.
class DataKey {
 public:
  // From the base64 text of 32 bytes (surrounding white space ignored).
  // InvalidArgument for anything else.
  static Result<DataKey> FromBase64(std::string_view text);
  static DataKey Random();
  std::string ToBase64() const;

  // base64(nonce || ciphertext); a fresh random nonce each time.
  std::string Seal(std::string_view plaintext) const;
  // InvalidArgument if `sealed` is not base64 or fails authentication (a
  // different key, or altered data).
  Result<std::string> Open(std::string_view sealed) const;
  // 64 hex characters; equal inputs give equal outputs under one key.
  std::string Fingerprint(std::string_view data) const;
  // A MAC of `data` (64 hex characters): keyed BLAKE2b under a subkey derived
  // for `context` (exactly 8 characters, e.g. "gkcsrfv1"), so each use has
  // its own key and none reveals the data key.
  std::string Mac(std::string_view context, std::string_view data) const;

 private:
  DataKey() = default;
  void DeriveHashKey();
  std::array<unsigned char, 32> key_{};
  std::array<unsigned char, 32> hash_key_{};
};

// Reads the data key from `path`, or, if the file does not exist and
// `create` is true, writes a new random key there (mode 0600) and returns it.
Result<DataKey> LoadDataKeyFile(const std::string& path, bool create);

}  // namespace gk
