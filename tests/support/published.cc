#include "support/published.h"

#include <gtest/gtest.h>

#include "accounts/directory.h"
#include "disclosure/catalog.h"
#include "disclosure/items.h"

namespace gk::testing {

using accounts::Principal;

Principal DemoUser(const accounts::Context& ctx, int64_t agency_id, const std::string& username) {
  auto u = accounts::Directory(ctx).FindByUsername(Principal::CommandLine(agency_id, "test"), username);
  EXPECT_TRUE(u.ok()) << username;
  if (!u.ok()) return {};
  return Principal{u->id, agency_id, u->username, u->display_name, u->department_id, u->roles};
}

int64_t PublishThroughChain(const accounts::Context& ctx, const disclosure::ReferenceData& ref, int64_t agency_id,
                            const std::string& category_code, const std::string& title,
                            const std::string& formed_on, const std::string& body,
                            const std::vector<std::pair<std::string, std::string>>& attachments) {
  disclosure::ItemInput in;
  in.title = title;
  in.department_id = DemoUser(ctx, agency_id, "clerk").department_id.value_or(0);
  auto catalog = disclosure::Catalog(ctx).List(agency_id);
  EXPECT_TRUE(catalog.ok());
  if (!catalog.ok()) return 0;
  for (const auto& c : *catalog) {
    if (c.code == category_code) in.category_id = c.id;
  }
  EXPECT_NE(in.category_id, 0) << category_code;
  in.formed_on = formed_on;
  in.ground_key = "art19";
  in.reason = "需要公众知晓";
  in.body = body;
  disclosure::Items items(ctx, ref);
  auto id = items.Create(DemoUser(ctx, agency_id, "clerk"), in);
  EXPECT_TRUE(id.ok()) << id.status().message();
  if (!id.ok()) return 0;
  for (const auto& [name, data] : attachments) {
    auto added = items.AddAttachment(DemoUser(ctx, agency_id, "clerk"), *id, name, data);
    EXPECT_TRUE(added.ok()) << name << ": " << added.status().message();
  }
  if (!attachments.empty()) {
    auto detail = items.Get(DemoUser(ctx, agency_id, "office"), *id);
    EXPECT_TRUE(detail.ok());
    if (!detail.ok()) return 0;
    for (const auto& check : detail->checks) {
      for (const auto& f : check.findings) {
        if (!f.Blocks()) continue;
        Status s = items.OverrideFinding(DemoUser(ctx, agency_id, "office"), *id, f.id, "已人工核对，无涉密内容");
        EXPECT_TRUE(s.ok()) << s.message();
      }
    }
  }
  for (auto [u, a] : {std::pair{"clerk", disclosure::Action::kSubmit}, {"depthead", disclosure::Action::kApprove},
                      {"office", disclosure::Action::kApprove}, {"leader", disclosure::Action::kApprove},
                      {"principal", disclosure::Action::kApprove}, {"office", disclosure::Action::kPublish}}) {
    Status s = items.Act(DemoUser(ctx, agency_id, u), *id, a, {});
    EXPECT_TRUE(s.ok()) << u << ": " << s.message();
  }
  return *id;
}

}  // namespace gk::testing
