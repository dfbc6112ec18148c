#include "base/crypto.h"

#include <array>
#include <cstdint>

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace gk {

void InitCrypto() {
  if (sodium_init() < 0) {
    std::fprintf(stderr, "fatal: libsodium could not be initialised\n");
    std::abort();
  }
}

std::string RandomToken(size_t bytes) {
  InitCrypto();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string Blake2bHex(std::string_view data) {
  InitCrypto();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

namespace {

std::string Hex(const unsigned char* h, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kHex[h[i] >> 4];
    out += kHex[h[i] & 15];
  }
  return out;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  InitCrypto();
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return Hex(h, sizeof h);
}

struct Sha256::State {
  crypto_hash_sha256_state s;
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
  InitCrypto();
  crypto_hash_sha256_init(&state_->s);
}

Sha256::~Sha256() = default;

void Sha256::Update(std::string_view bytes) {
  crypto_hash_sha256_update(&state_->s, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string Sha256::HexDigest() {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state_->s, h);
  return Hex(h, sizeof h);
}

std::string Base64Encode(std::string_view bytes) {
  InitCrypto();
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  InitCrypto();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return InvalidArgument("not base64");
  }
  out.resize(len);
  return out;
}

Result<std::string> Base64DecodePublic(std::string_view text) {
  static constexpr auto kValue = [] {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
    return t;
  }();
  if (text.size() % 4 != 0) return InvalidArgument("not base64");
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') pad = text[text.size() - 2] == '=' ? 2 : 1;
  std::string out(text.size() / 4 * 3 - pad, '\0');
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  char* o = out.data();
  const size_t full = text.size() - (pad ? 4 : 0);  // the groups without padding
  for (size_t i = 0; i < full; i += 4) {
    int a = kValue[in[i]], b = kValue[in[i + 1]], c = kValue[in[i + 2]], d = kValue[in[i + 3]];
    if ((a | b | c | d) < 0) return InvalidArgument("not base64");
    uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6) | uint32_t(d);
    *o++ = static_cast<char>(v >> 16);
    *o++ = static_cast<char>(v >> 8);
    *o++ = static_cast<char>(v);
  }
  if (pad) {  // "xx==" or "xxx=": the unused bits must be zero
    const unsigned char* g = in + full;
    int a = kValue[g[0]], b = kValue[g[1]], c = pad == 1 ? kValue[g[2]] : 0;
    if ((a | b | c) < 0) return InvalidArgument("not base64");
    uint32_t v = (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6);
    if ((pad == 2 ? v & 0xffff : v & 0xff) != 0) return InvalidArgument("not base64");
    *o++ = static_cast<char>(v >> 16);
    if (pad == 1) *o++ = static_cast<char>(v >> 8);
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  InitCrypto();
  unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (cost == PasswordCost::kModerate) {
    ops = crypto_pwhash_OPSLIMIT_MODERATE;
    mem = crypto_pwhash_MEMLIMIT_MODERATE;
  } else if (cost == PasswordCost::kTest) {
    ops = crypto_pwhash_OPSLIMIT_MIN;
    mem = crypto_pwhash_MEMLIMIT_MIN;
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  InitCrypto();
  if (hash.rfind("$argon2id$", 0) != 0) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<DataKey> DataKey::FromBase64(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  auto raw = Base64Decode(text);
  if (!raw.ok() || raw->size() != 32) return InvalidArgument("the data key must be the base64 text of 32 bytes");
  DataKey k;
  std::memcpy(k.key_.data(), raw->data(), 32);
  sodium_memzero(raw->data(), raw->size());
  k.DeriveHashKey();
  return k;
}

DataKey DataKey::Random() {
  InitCrypto();
  DataKey k;
  crypto_secretbox_keygen(k.key_.data());
  k.DeriveHashKey();
  return k;
}

void DataKey::DeriveHashKey() {
  InitCrypto();
  crypto_kdf_derive_from_key(hash_key_.data(), hash_key_.size(), 1, "gkfinger", key_.data());
}

std::string DataKey::ToBase64() const {
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(key_.data()), key_.size()));
}

std::string DataKey::Seal(std::string_view plaintext) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), nonce, key_.data());
  return Base64Encode(out);
}

Result<std::string> DataKey::Open(std::string_view sealed) const {
  auto raw = Base64Decode(sealed);
  if (!raw.ok() || raw->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return InvalidArgument("encrypted value is malformed");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
  std::string out(raw->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()), nonce + crypto_secretbox_NONCEBYTES,
                                 raw->size() - crypto_secretbox_NONCEBYTES, nonce, key_.data()) != 0) {
    return InvalidArgument("encrypted value cannot be opened with this data key");
  }
  return out;
}

namespace {

// Keyed BLAKE2b-256 of `data` as 64 lowercase hex characters.
std::string KeyedHex(const std::array<unsigned char, 32>& key, std::string_view data) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(), key.data(),
                     key.size());
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

}  // namespace

std::string DataKey::Fingerprint(std::string_view data) const { return KeyedHex(hash_key_, data); }

std::string DataKey::Mac(std::string_view context, std::string_view data) const {
  std::array<unsigned char, 32> subkey{};
  char ctx[crypto_kdf_CONTEXTBYTES] = {};
  std::copy_n(context.begin(), std::min(context.size(), sizeof ctx), ctx);
  crypto_kdf_derive_from_key(subkey.data(), subkey.size(), 2, ctx, key_.data());
  std::string out = KeyedHex(subkey, data);
  sodium_memzero(subkey.data(), subkey.size());
  return out;
}

Result<DataKey> LoadDataKeyFile(const std::string& path, bool create) {
  std::ifstream in(path);
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    auto key = DataKey::FromBase64(ss.str());
    if (!key.ok()) return InvalidArgument(path + ": " + key.status().message());
    return key;
  }
  if (!create) return NotFound("data key file " + path + " does not exist");
  DataKey key = DataKey::Random();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return Internal("cannot create data key file " + path + ": " + std::strerror(errno));
  std::string text = key.ToBase64() + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!ok) return Internal("cannot write data key file " + path);
  return key;
}

}  // namespace gk
