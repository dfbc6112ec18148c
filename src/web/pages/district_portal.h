// The district platform's own pages (docs/architecture.md, "Tenancy and the
// platform"): what the unprefixed portal shows when several agencies share
// the deployment and none is configured — the district home, the search of
// every agency's published items and the 政府信息公开目录 across agencies.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/platform.h"
#include "web/page.h"

namespace gk::web {

using PlatformList = std::optional<std::vector<accounts::PlatformAgency>>;

// The platform's agencies (the root district first) when this request is
// for the district platform: it came without a column prefix, no agency is
// configured, and there are several agencies; none otherwise.
Result<PlatformList> DistrictPlatform(Ctx& c);

// The platform's columns grouped by kind (区人民政府, 区政府部门, 街道镇) for
// templates: [{label, agencies: [{code, name, selected}]}].
View AgencyGroups(const std::vector<accounts::PlatformAgency>& agencies, const std::string& selected_code = "");

// /search on the district platform: public items of every agency, or of the
// agency named by ?agency=CODE.
Response DistrictSearch(Ctx& c, const std::vector<accounts::PlatformAgency>& agencies);

// /catalog on the district platform: the catalog by category across
// agencies (?category=CODE, ?agency=CODE, keyset ?before=…).
Response DistrictCatalog(Ctx& c, const std::vector<accounts::PlatformAgency>& agencies);

}  // namespace gk::web
