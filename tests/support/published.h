// Test helpers over the demo agency (accounts/demo.h): its staff as
// principals, and items taken through the whole review chain to the portal.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "disclosure/reference.h"

namespace gk::testing {

// The demo user `username` ("clerk", "depthead", "office", "leader",
// "principal", …) as a principal; fails the test if missing.
accounts::Principal DemoUser(const accounts::Context& ctx, int64_t agency_id, const std::string& username);

// A 主动公开 item of catalog category `category_code`, drafted by the demo
// clerk with `attachments` (file name, bytes), signed at every step and
// published on the portal; returns its id (0 after failing the test).
// Blocking findings of the confidentiality check (an image cannot be read)
// are overridden by the 公开办 on the way.
int64_t PublishThroughChain(const accounts::Context& ctx, const disclosure::ReferenceData& ref, int64_t agency_id,
                            const std::string& category_code, const std::string& title,
                            const std::string& formed_on, const std::string& body,
                            const std::vector<std::pair<std::string, std::string>>& attachments = {});

}  // namespace gk::testing
