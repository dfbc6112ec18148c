#include "base/crypto.h"

#include <array>
#include <cstdint>

#include <fcntl.h>
#include <sys/stat.h>
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

namespace {

constexpr size_t kSealOverhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  return text;
}

// The 32 bytes of a key's base64 text; `what` names it in the error.
Result<std::array<unsigned char, 32>> KeyBytes(std::string_view text, const std::string& what) {
  auto raw = Base64Decode(TrimSpace(text));
  if (!raw.ok() || raw->size() != 32) return InvalidArgument(what + " must be the base64 text of 32 bytes");
  std::array<unsigned char, 32> k{};
  std::memcpy(k.data(), raw->data(), 32);
  sodium_memzero(raw->data(), raw->size());
  return k;
}

std::string KeyText(const std::array<unsigned char, 32>& k) {
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(k.data()), k.size()));
}

// A positive key number of at most 6 digits, or 0.
int KeyNumber(std::string_view text) {
  if (text.empty() || text.size() > 6 || text[0] == '0') return 0;
  int n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

Result<DataKey> DataKey::FromBase64(std::string_view text) {
  ASSIGN_OR_RETURN(auto root, KeyBytes(text, "the data key"));
  DataKey k;
  k.key_ = root;
  k.sealing_.emplace_back(1, root);
  k.DeriveHashKey();
  return k;
}

Result<DataKey> DataKey::Parse(std::string_view text) {
  DataKey k;
  bool have_root = false;
  int seal = 0;
  int line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = TrimSpace(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> words;
    for (size_t i = 0; i < line.size();) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      size_t j = i;
      while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
      if (j > i) words.push_back(line.substr(i, j - i));
      i = j;
    }
    const std::string where = "line " + std::to_string(line_no) + " of the data key";
    if (words.size() == 1 || (words.size() == 2 && words[0] == "lookup")) {
      if (have_root) return InvalidArgument(where + ": a second root key");
      ASSIGN_OR_RETURN(k.key_, KeyBytes(words.back(), where));
      have_root = true;
      if (words.size() == 1) k.sealing_.emplace_back(1, k.key_);
    } else if (words.size() == 3 && words[0] == "key") {
      int n = KeyNumber(words[1]);
      if (n < 2) return InvalidArgument(where + ": the number of a key is 2 or more");
      if (k.SealingKey(n)) return InvalidArgument(where + ": key " + std::to_string(n) + " twice");
      ASSIGN_OR_RETURN(auto bytes, KeyBytes(words[2], where));
      k.sealing_.emplace_back(n, bytes);
    } else if (words.size() == 2 && words[0] == "seal") {
      if (seal) return InvalidArgument(where + ": a second seal line");
      seal = KeyNumber(words[1]);
      if (!seal) return InvalidArgument(where + ": seal takes the number of a key");
    } else {
      return InvalidArgument(where + " is none of: BASE64, lookup BASE64, key N BASE64, seal N");
    }
  }
  if (!have_root) return InvalidArgument("the data key has no root key line");
  std::sort(k.sealing_.begin(), k.sealing_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  k.seal_version_ = seal ? seal : 1;
  if (!k.SealingKey(k.seal_version_)) {
    return InvalidArgument("the data key seals with key " + std::to_string(k.seal_version_) + ", which it does not hold");
  }
  k.DeriveHashKey();
  return k;
}

DataKey DataKey::Random() {
  InitCrypto();
  DataKey k;
  crypto_secretbox_keygen(k.key_.data());
  k.sealing_.emplace_back(1, k.key_);
  k.DeriveHashKey();
  return k;
}

void DataKey::DeriveHashKey() {
  InitCrypto();
  crypto_kdf_derive_from_key(hash_key_.data(), hash_key_.size(), 1, "gkfinger", key_.data());
}

std::string DataKey::ToBase64() const { return KeyText(key_); }

std::string DataKey::ToFileText() const {
  const bool root_seals = SealingKey(1) != nullptr;
  if (root_seals && sealing_.size() == 1) return ToBase64() + "\n";
  std::string out =
      "# The Gongkai data key: the root key (lookups), the sealing keys and the one that seals.\n"
      "# Without it the personal data in the database cannot be read. docs/operations.md, \"Key rotation\".\n";
  out += (root_seals ? "" : "lookup ") + ToBase64() + "\n";
  for (const auto& [n, bytes] : sealing_) {
    if (n != 1) out += "key " + std::to_string(n) + " " + KeyText(bytes) + "\n";
  }
  out += "seal " + std::to_string(seal_version_) + "\n";
  return out;
}

const DataKey::Bytes* DataKey::SealingKey(int version) const {
  for (const auto& [n, bytes] : sealing_) {
    if (n == version) return &bytes;
  }
  return nullptr;
}

std::vector<int> DataKey::versions() const {
  std::vector<int> out;
  for (const auto& entry : sealing_) out.push_back(entry.first);
  return out;
}

int DataKey::AddKey() {
  InitCrypto();
  int n = sealing_.empty() ? 2 : std::max(2, sealing_.back().first + 1);
  Bytes bytes{};
  crypto_secretbox_keygen(bytes.data());
  sealing_.emplace_back(n, bytes);
  return n;
}

Status DataKey::SealWith(int version) {
  if (!SealingKey(version)) return NotFound("the data key holds no key " + std::to_string(version));
  seal_version_ = version;
  return Status::Ok();
}

Status DataKey::Retire(int version) {
  if (!SealingKey(version)) return NotFound("the data key holds no key " + std::to_string(version));
  if (version == seal_version_) {
    return FailedPrecondition("key " + std::to_string(version) + " seals new values: make another key the sealing "
                              "key first");
  }
  auto it = std::find_if(sealing_.begin(), sealing_.end(), [&](const auto& e) { return e.first == version; });
  sodium_memzero(it->second.data(), it->second.size());
  sealing_.erase(it);
  return Status::Ok();
}

int DataKey::VersionOf(std::string_view sealed) {
  if (sealed.empty()) return 0;
  if (sealed[0] != 'k') return 1;  // base64 of a nonce; no prefix before rotation
  size_t colon = sealed.find(':');
  if (colon == std::string_view::npos) return 1;
  return KeyNumber(sealed.substr(1, colon - 1));
}

std::string DataKey::Seal(std::string_view plaintext) const {
  const Bytes& key = *SealingKey(seal_version_);
  std::string out(kSealOverhead + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), nonce, key.data());
  std::string text = Base64Encode(out);
  return seal_version_ == 1 ? text : "k" + std::to_string(seal_version_) + ":" + text;
}

Result<std::string> DataKey::Open(std::string_view sealed) const {
  int version = VersionOf(sealed);
  if (version == 0) return InvalidArgument("encrypted value is malformed");
  if (version != 1) sealed.remove_prefix(sealed.find(':') + 1);
  const Bytes* key = SealingKey(version);
  if (!key) {
    return InvalidArgument("encrypted value is sealed with data key " + std::to_string(version) +
                           ", which the configured key file does not hold");
  }
  auto raw = Base64Decode(sealed);
  if (!raw.ok() || raw->size() < kSealOverhead) return InvalidArgument("encrypted value is malformed");
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
  std::string out(raw->size() - kSealOverhead, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()), nonce + crypto_secretbox_NONCEBYTES,
                                 raw->size() - crypto_secretbox_NONCEBYTES, nonce, key->data()) != 0) {
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
    auto key = DataKey::Parse(ss.str());
    if (!key.ok()) return InvalidArgument(path + ": " + key.status().message());
    return key;
  }
  if (!create) return NotFound("data key file " + path + " does not exist");
  DataKey key = DataKey::Random();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return Internal("cannot create data key file " + path + ": " + std::strerror(errno));
  std::string text = key.ToFileText();
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!ok) return Internal("cannot write data key file " + path);
  return key;
}

Status WriteDataKeyFile(const std::string& path, const DataKey& key) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return NotFound("data key file " + path + " does not exist");
  const std::string next = path + ".new";
  int fd = ::open(next.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return Internal("cannot create " + next + ": " + std::strerror(errno));
  const std::string text = key.ToFileText();
  bool ok = ::fchmod(fd, st.st_mode & 07777) == 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (ok && (st.st_uid != ::geteuid() || st.st_gid != ::getegid())) ok = ::fchown(fd, st.st_uid, st.st_gid) == 0;
  ok = ok && ::fsync(fd) == 0;
  int err = errno;
  ::close(fd);
  if (!ok || ::rename(next.c_str(), path.c_str()) != 0) {
    if (ok) err = errno;
    ::unlink(next.c_str());
    return Internal("cannot write data key file " + path + ": " + std::strerror(err));
  }
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/') + 1);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

}  // namespace gk
