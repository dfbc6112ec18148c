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

// ---- the data key's rotation -------------------------------------------------

TEST(DataKeyRotationTest, AOneLineFileIsTheRootKeySealingAsKeyOne) {
  DataKey k = DataKey::Random();
  EXPECT_EQ(k.ToFileText(), k.ToBase64() + "\n") << "a key never rotated keeps the one-line file";
  auto parsed = DataKey::Parse("  " + k.ToBase64() + "  \n\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->versions(), std::vector<int>{1});
  EXPECT_EQ(parsed->seal_version(), 1);
  std::string sealed = k.Seal("110101199003077777");
  EXPECT_NE(sealed.rfind("k", 0), 0u) << "key 1 seals as before rotation existed: " << sealed;
  EXPECT_EQ(DataKey::VersionOf(sealed), 1);
  EXPECT_EQ(*parsed->Open(sealed), "110101199003077777");
  EXPECT_EQ(parsed->Fingerprint("phone:13800138000"), k.Fingerprint("phone:13800138000"));
}

TEST(DataKeyRotationTest, ANewKeySealsOnlyOnceInUseAndEveryHeldKeyOpens) {
  DataKey k = DataKey::Random();
  const std::string old_value = k.Seal("old");
  const std::string lookup = k.Fingerprint("query:abc"), mac = k.Mac("gkcsrfv1", "x");
  EXPECT_EQ(k.AddKey(), 2);
  EXPECT_EQ(DataKey::VersionOf(k.Seal("still one")), 1) << "an added key does not seal before `use`";
  ASSERT_TRUE(k.SealWith(2).ok());
  const std::string new_value = k.Seal("new");
  EXPECT_EQ(new_value.rfind("k2:", 0), 0u) << new_value;
  EXPECT_EQ(DataKey::VersionOf(new_value), 2);
  EXPECT_EQ(*k.Open(old_value), "old");
  EXPECT_EQ(*k.Open(new_value), "new");
  EXPECT_EQ(k.Fingerprint("query:abc"), lookup) << "lookups never change: query codes are kept only as MACs";
  EXPECT_EQ(k.Mac("gkcsrfv1", "x"), mac);

  // The file says the same after a round trip.
  auto again = DataKey::Parse(k.ToFileText());
  ASSERT_TRUE(again.ok()) << again.status().ToString() << "\n" << k.ToFileText();
  EXPECT_EQ(again->versions(), (std::vector<int>{1, 2}));
  EXPECT_EQ(again->seal_version(), 2);
  EXPECT_EQ(*again->Open(old_value), "old");
  EXPECT_EQ(*again->Open(new_value), "new");

  // A node with the file of before the rotation cannot open the new value,
  // and says why.
  auto before = DataKey::FromBase64(k.ToBase64());
  auto refused = before->Open(new_value);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("key 2"), std::string::npos) << refused.status().message();
}

TEST(DataKeyRotationTest, RetiringKeyOneKeepsTheLookupsAndStopsOpeningItsValues) {
  DataKey k = DataKey::Random();
  const std::string old_value = k.Seal("old");
  const std::string lookup = k.Fingerprint("applicant:x");
  k.AddKey();
  EXPECT_EQ(k.Retire(1).code(), Code::kFailedPrecondition) << "the sealing key cannot be retired";
  ASSERT_TRUE(k.SealWith(2).ok());
  ASSERT_TRUE(k.Retire(1).ok());
  EXPECT_EQ(k.Retire(1).code(), Code::kNotFound);
  EXPECT_FALSE(k.Open(old_value).ok());
  EXPECT_EQ(k.Fingerprint("applicant:x"), lookup);
  const std::string text = k.ToFileText();
  EXPECT_NE(text.find("lookup " + k.ToBase64()), std::string::npos) << text;
  auto parsed = DataKey::Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->versions(), std::vector<int>{2});
  EXPECT_FALSE(parsed->Open(old_value).ok());
  EXPECT_EQ(parsed->Fingerprint("applicant:x"), lookup);
  EXPECT_EQ(*parsed->Open(k.Seal("v")), "v");
  EXPECT_EQ(k.AddKey(), 3) << "numbers are never reused";
}

TEST(DataKeyRotationTest, MalformedFilesAreRefusedWithTheLine) {
  const std::string a = DataKey::Random().ToBase64(), b = DataKey::Random().ToBase64();
  struct {
    std::string text;
    std::string says;
  } cases[] = {
      {"", "no root key"},
      {"# only a comment\n", "no root key"},
      {a + "\n" + b + "\n", "line 2"},                       // two roots
      {a + "\nlookup " + b + "\n", "line 2"},                // two roots
      {a + "\nkey 1 " + b + "\n", "line 2"},                 // key 1 is the root
      {a + "\nkey 2 " + b + "\nkey 2 " + b + "\n", "line 3"},  // twice
      {a + "\nkey 02 " + b + "\n", "line 2"},
      {a + "\nkey 2 c2hvcnQ=\n", "line 2"},                  // not 32 bytes
      {a + "\nseal 3\n", "key 3"},                           // not held
      {"lookup " + a + "\n", "key 1"},                        // nothing seals
      {a + "\nseal 1\nseal 1\n", "line 3"},
      {a + "\nseal x\n", "line 2"},
      {a + "\nkeys 2 " + b + "\n", "line 2"},
      {"not base64 at all\n", "line 1"},
  };
  for (const auto& c : cases) {
    auto k = DataKey::Parse(c.text);
    ASSERT_FALSE(k.ok()) << c.text;
    EXPECT_EQ(k.status().code(), Code::kInvalidArgument) << c.text;
    EXPECT_NE(k.status().message().find(c.says), std::string::npos) << c.text << " -> " << k.status().message();
    EXPECT_EQ(k.status().message().find(a), std::string::npos) << "a key is never quoted in an error";
  }
}

TEST(DataKeyRotationTest, VersionOfTellsTheKeyOfAValue) {
  EXPECT_EQ(DataKey::VersionOf(""), 0);
  EXPECT_EQ(DataKey::VersionOf("k12:abc"), 12);
  EXPECT_EQ(DataKey::VersionOf("k0:abc"), 0);
  EXPECT_EQ(DataKey::VersionOf("kx:abc"), 0);
  EXPECT_EQ(DataKey::VersionOf("kAbC+/=="), 1) << "base64 of key 1 may start with k; it has no colon";
  DataKey k = DataKey::Random();
  EXPECT_FALSE(k.Open("k1:" + k.Seal("x")).ok()) << "key 1 has no prefix; k1: is malformed";
  EXPECT_FALSE(k.Open("k0:abc").ok());
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
