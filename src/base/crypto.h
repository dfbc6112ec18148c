// Thin, hard-to-misuse wrappers over libsodium.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
//
// It is a set of keys. The root key, the first of the file, gives every
// lookup (Fingerprint, Mac): those are stored in place of values nobody keeps
// (an applicant's query code), so it never changes. The sealing keys are
// numbered; one of them seals, every one held opens. Key 1 is the root key
// itself, as long as it is not retired. Rotation adds a key, makes it the
// sealing key, seals every value again under it and retires the old one
// (accounts/data_key.h; docs/operations.md, "Key rotation").
class DataKey {
 public:
  // From the base64 text of 32 bytes (surrounding white space ignored): the
  // root key, which is also sealing key 1. InvalidArgument for anything else.
  static Result<DataKey> FromBase64(std::string_view text);
  // From the text of a key file (LoadDataKeyFile): lines of
  //   BASE64            the root key, also sealing key 1;
  //   lookup BASE64     the root key once key 1 is retired: lookups only;
  //   key N BASE64      sealing key N (N >= 2);
  //   seal N            the key that seals (default 1);
  // blank lines and lines starting with '#' are ignored. A single base64 line
  // is the file of a key never rotated. InvalidArgument, saying which line is
  // wrong, for anything else.
  static Result<DataKey> Parse(std::string_view text);
  static DataKey Random();
  // The root key's base64 text.
  std::string ToBase64() const;
  // The key file text Parse reads back (a single line until the first rotation).
  std::string ToFileText() const;

  // base64(nonce || ciphertext) under the sealing key, with a fresh random
  // nonce each time; prefixed "kN:" when the sealing key N is not key 1.
  std::string Seal(std::string_view plaintext) const;
  // InvalidArgument if `sealed` is malformed, sealed under a key this set
  // does not hold, or fails authentication (a different key, altered data).
  Result<std::string> Open(std::string_view sealed) const;
  // The number of the key `sealed` was sealed with; 0 if it is not a sealed value.
  static int VersionOf(std::string_view sealed);

  // Rotation. The sealing key's number; the numbers of the sealing keys held.
  int seal_version() const { return seal_version_; }
  std::vector<int> versions() const;
  // Adds a new random sealing key, numbered one above every key held; returns
  // its number. The sealing key stays the same.
  int AddKey();
  // Makes key `version` the sealing key; NotFound if it is not held.
  Status SealWith(int version);
  // Forgets key `version`: values sealed with it can no longer be opened.
  // FailedPrecondition for the sealing key; NotFound if it is not held.
  Status Retire(int version);

  // 64 hex characters; equal inputs give equal outputs under one root key.
  std::string Fingerprint(std::string_view data) const;
  // A MAC of `data` (64 hex characters): keyed BLAKE2b under a subkey of the
  // root key derived for `context` (exactly 8 characters, e.g. "gkcsrfv1"),
  // so each use has its own key and none reveals the data key.
  std::string Mac(std::string_view context, std::string_view data) const;

 private:
  using Bytes = std::array<unsigned char, 32>;
  DataKey() = default;
  void DeriveHashKey();
  const Bytes* SealingKey(int version) const;
  Bytes key_{};  // the root key
  Bytes hash_key_{};
  std::vector<std::pair<int, Bytes>> sealing_;  // by number, ascending
  int seal_version_ = 1;
};

// Reads the data key file at `path` (DataKey::Parse), or, if the file does
// not exist and `create` is true, writes a new random key there (mode 0600)
// and returns it.
Result<DataKey> LoadDataKeyFile(const std::string& path, bool create);
// Replaces the key file at `path` with `key`'s text, atomically (a new file
// renamed over it, synced), keeping its mode and owner: the service user
// must still read it when root rewrote it.
Status WriteDataKeyFile(const std::string& path, const DataKey& key);

}  // namespace gk
