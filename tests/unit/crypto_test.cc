#include "base/crypto.h"

#include <gtest/gtest.h>

#include <set>

#include "accounts/passwords.h"

namespace gk {
namespace {

TEST(CryptoTest, TokensAreRandomAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string t = RandomToken(32);
    EXPECT_EQ(t.size(), 43u);
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    EXPECT_TRUE(seen.insert(t).second);
  }
}

TEST(CryptoTest, Blake2bKnownAnswer) {
  // BLAKE2b-256 of the empty string.
  EXPECT_EQ(Blake2bHex(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_NE(Blake2bHex("a"), Blake2bHex("b"));
}

// SHA-256: the FIPS 180-2 answers, and the same digest whatever the pieces.
TEST(CryptoTest, Sha256KnownAnswersAndPieces) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::string data;
  for (int i = 0; i < 100000; ++i) data += static_cast<char>(i * 131 % 251);
  for (size_t piece : {size_t{1}, size_t{63}, size_t{64}, size_t{4096}, data.size()}) {
    Sha256 h;
    for (size_t at = 0; at < data.size(); at += piece) h.Update(std::string_view(data).substr(at, piece));
    EXPECT_EQ(h.HexDigest(), Sha256Hex(data)) << piece;
  }
  Sha256 empty;
  EXPECT_EQ(empty.HexDigest(), Sha256Hex(""));
}

TEST(CryptoTest, Base64DecodePublicAnswersAsBase64Decode) {
  // Every length's padding, every byte value, and a file-sized text.
  std::string bytes;
  for (int i = 0; i < 300; ++i) {
    bytes += static_cast<char>((i * 37 + 11) & 0xff);
    std::string text = Base64Encode(bytes);
    auto fast = Base64DecodePublic(text);
    ASSERT_TRUE(fast.ok()) << text;
    EXPECT_EQ(*fast, bytes) << text;
  }
  std::string big(150000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  EXPECT_EQ(*Base64DecodePublic(Base64Encode(big)), big);
  EXPECT_EQ(*Base64DecodePublic(""), "");
  EXPECT_EQ(*Base64DecodePublic("5YWs5byA"), "公开");
  for (const char* bad : {"abc", "ab=c", "a===", "ab!d", "YQ", "YR==", "YWJ=", "Y Q==", "YQ==YQ=="}) {
    EXPECT_FALSE(Base64DecodePublic(bad).ok()) << bad;
    EXPECT_FALSE(Base64Decode(bad).ok()) << bad << ": the reference refuses it too";
  }
}

TEST(CryptoTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(CryptoTest, DataKeyMacIsKeyedAndSeparatedByContext) {
  DataKey a = DataKey::Random(), b = DataKey::Random();
  std::string mac = a.Mac("gkcsrfv1", "cookie-value");
  EXPECT_EQ(mac.size(), 64u);
  EXPECT_EQ(mac, a.Mac("gkcsrfv1", "cookie-value")) << "deterministic under one key";
  EXPECT_NE(mac, a.Mac("gkcsrfv1", "cookie-valuf"));
  EXPECT_NE(mac, a.Mac("gkother1", "cookie-value")) << "each context its own subkey";
  EXPECT_NE(mac, b.Mac("gkcsrfv1", "cookie-value")) << "another key";
  EXPECT_NE(mac, a.Fingerprint("cookie-value"));
}

TEST(PasswordTest, Argon2idRoundTrip) {
  auto h = HashPassword("correct horse 1", PasswordCost::kTest);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(VerifyPassword("correct horse 1", *h));
  EXPECT_FALSE(VerifyPassword("correct horse 2", *h));
  EXPECT_FALSE(VerifyPassword("correct horse 1", "not a hash"));
  EXPECT_FALSE(VerifyPassword("x", "$argon2i$v=19$m=4096,t=3,p=1$abc$def"));  // other algorithm refused
  auto h2 = HashPassword("correct horse 1", PasswordCost::kTest);
  EXPECT_NE(*h, *h2) << "salt must differ";
}

TEST(PasswordTest, Policy) {
  SecurityConfig sec;
  struct {
    std::string pw;
    std::string error;  // "" = accepted
  } cases[] = {
      {"short1", "密码至少需要 10 个字符"},
      {"abcdefghijkl", "密码需包含字母、数字、符号中的至少两类"},
      {"1234567890", "密码需包含字母、数字、符号中的至少两类"},
      {"abcdefghij1", ""},
      {"公开公开公开公开公开1", ""},
      {std::string("abc\x01" "defghij1"), "密码含有无效字符"},
      {std::string(300, 'a') + "1", "密码过长（不超过 256 字节）"},
      {"abc\xff" "defghij1", "密码含有无效字符"},
  };
  for (const auto& c : cases) {
    Status s = accounts::CheckPasswordPolicy(c.pw, sec);
    EXPECT_EQ(s.ok() ? "" : s.message(), c.error) << c.pw;
  }
}

}  // namespace
}  // namespace gk
