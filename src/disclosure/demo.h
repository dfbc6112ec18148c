// Demo content for the demo agency: the default catalog and one draft item
// that a new user can take through the whole chain.
#pragma once

#include "accounts/context.h"
#include "base/status.h"
#include "disclosure/reference.h"

namespace gk::disclosure {

// Gives every agency without a catalog the default one. Returns how many
// agencies received it.
Result<int> ImportCatalogs(store::Database& db, const ReferenceData& ref);

// Adds what shipped with this version (under `root`) and an agency lacks:
// the calendar years of data/calendar, and the default catalog for an agency
// that has none. Run at start-up and when an agency joins the platform.
Status ImportShippedData(store::Database& db, const Clock& clock, const std::string& root);

// Creates the demo draft item in the demo agency unless it has items already.
// Returns true if it created one.
Result<bool> SeedDemoItem(const accounts::Context& ctx, const ReferenceData& ref);

}  // namespace gk::disclosure
