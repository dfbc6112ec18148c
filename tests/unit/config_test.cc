#include "base/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace gk {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    path_ = (std::filesystem::temp_directory_path() / ("gk_config_" + std::to_string(::getpid()) + ".toml")).string();
    std::ofstream(path_) << text;
    return path_;
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::string path_;
};

TEST_F(ConfigTest, DefaultsWithoutFile) {
  auto c = LoadConfig("", {}, "/root");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->server.listen, "127.0.0.1");
  EXPECT_EQ(c->server.port, 8080);
  EXPECT_EQ(c->database.url, "sqlite:var/gongkai.db");
  EXPECT_EQ(c->root, "/root");
  EXPECT_EQ(c->server.portal_recheck_ms, 1000);
}

TEST_F(ConfigTest, FileThenEnvironment) {
  std::string p = Write("agency = \"a1\"\n[server]\nport = 9000\nthreads = 2\nportal_recheck_ms = 0\n[database]\nurl = \"sqlite:/tmp/a.db\"\n"
                        "[security]\npassword_cost = \"moderate\"\nsession_idle_minutes = 30\n");
  auto c = LoadConfig(p, {{"GONGKAI_DATABASE_URL", "postgresql://x/y"}, {"GONGKAI_PORT", "9100"}}, "/r");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->agency, "a1");
  EXPECT_EQ(c->server.port, 9100);
  EXPECT_EQ(c->server.threads, 2);
  EXPECT_EQ(c->server.portal_recheck_ms, 0);
  EXPECT_EQ(c->database.url, "postgresql://x/y");
  EXPECT_EQ(c->security.password_cost, PasswordCost::kModerate);
  EXPECT_EQ(c->security.session_idle_minutes, 30);
}

TEST_F(ConfigTest, ErrorsNameFileLineAndKey) {
  std::string p = Write("[server]\nlisten = \"0.0.0.0\"\nport = 70000\n");
  auto c = LoadConfig(p, {}, "/r");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), p + ": line 3: server.port must be an integer in 0..65535");

  p = Write("[server]\nprot = 1\n");
  c = LoadConfig(p, {}, "/r");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), p + ": line 2: server.prot is not a known setting");

  p = Write("[server\n");
  c = LoadConfig(p, {}, "/r");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find(p + ": line 1:"), std::string::npos) << c.status().message();
}

TEST_F(ConfigTest, PublicUrlIsChecked) {
  auto ok = LoadConfig("", {{"GONGKAI_PUBLIC_URL", "https://xxgk.example.gov.cn"}}, "/r");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->server.public_url, "https://xxgk.example.gov.cn");
  for (const char* bad : {"xxgk.example.gov.cn", "https://x/", "javascript:alert(1)", "https://a b"}) {
    EXPECT_FALSE(LoadConfig("", {{"GONGKAI_PUBLIC_URL", bad}}, "/r").ok()) << bad;
  }
}

TEST_F(ConfigTest, BadEnvironmentIsAnError) {
  auto c = LoadConfig("", {{"GONGKAI_PORT", "80x"}}, "/r");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "GONGKAI_PORT must be a port number 0..65535, not \"80x\"");
  EXPECT_FALSE(LoadConfig("/nonexistent/gongkai.toml", {}, "/r").ok());
  EXPECT_FALSE(LoadConfig("", {{"GONGKAI_PASSWORD_COST", "cheap"}}, "/r").ok());
}

}  // namespace
}  // namespace gk

namespace gk {
namespace {

TEST_F(ConfigTest, GatewayAllowedHostsAreAListOfNames) {
  auto none = LoadConfig("", {}, "/r");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->channels.gateway_allowed_hosts.empty()) << "no gateway unless configured";
  std::string p = Write("[channels]\ngateway_allowed_hosts = [\"gw.jingansi.internal\", \"10.20.0.15\"]\n");
  auto c = LoadConfig(p, {}, "/r");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->channels.gateway_allowed_hosts, (std::vector<std::string>{"gw.jingansi.internal", "10.20.0.15"}));
  p = Write("[channels]\ngateway_allowed_hosts = \"gw.jingansi.internal\"\n");
  c = LoadConfig(p, {}, "/r");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), p + ": line 2: channels.gateway_allowed_hosts must be an array of strings");
  p = Write("[channels]\ngateway_allowed_hosts = [\"\", 3]\n");
  c = LoadConfig(p, {}, "/r");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), p + ": line 2: channels.gateway_allowed_hosts must be an array of non-empty strings");
}

TEST_F(ConfigTest, HostsMapHostNamesToAgencyCodes) {
  std::string p = Write("[server]\nhosts = { \"XXGK.Jingan.example\" = \"jingansi\", \"b.example\" = \"fgw\" }\n");
  auto c = LoadConfig(p, {}, "/r");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->server.hosts,
            (std::map<std::string, std::string>{{"xxgk.jingan.example", "jingansi"}, {"b.example", "fgw"}}));
  for (const char* bad : {"hosts = [\"a.example\"]\n", "hosts = { \"a.example:8080\" = \"jingansi\" }\n",
                          "hosts = { \"a.example\" = 3 }\n", "hosts = { \"a.example\" = \"\" }\n"}) {
    p = Write(std::string("[server]\n") + bad);
    c = LoadConfig(p, {}, "/r");
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_NE(c.status().message().find("server.hosts"), std::string::npos) << c.status().message();
  }
}

TEST(ExampleConfigTest, ShippedExampleParses) {
  auto c = LoadConfig(std::string(GK_SOURCE_DIR) + "/gongkai.example.toml", {}, "/r");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->server.port, 8080);
  EXPECT_EQ(c->database.url, "sqlite:var/gongkai.db");
}

}  // namespace
}  // namespace gk
