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

// Creates the demo draft item in the demo agency unless it has items already.
// Returns true if it created one.
Result<bool> SeedDemoItem(const accounts::Context& ctx, const ReferenceData& ref);

}  // namespace gk::disclosure
