// Internal to the items service (items.cc, item_actions.cc, item_files.cc) and
// the import of an old website's catalog (import.cc):
// an item's rows read and written inside a transaction, its content as
// versioned, and how lists show it. Not for other modules.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "base/calendar.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/status.h"
#include "disclosure/items.h"
#include "search/search.h"
#include "store/db.h"

namespace gk::disclosure::internal {

// ---- content and versions ---------------------------------------------------

// The content of a version: the fields of `in` and the live attachments.
boost::json::object ContentObject(const ItemInput& in, const std::vector<AttachmentInfo>& files);
// Serialises with the keys in a fixed order, so the text and its hash are stable.
std::string Canonical(const boost::json::object& o);
// The labels of the fields that differ, joined by "、"; "" when none does.
std::string ChangedFields(const boost::json::object& before, const boost::json::object& after);

// Writes version `version` of the item with its content hash.
Status WriteVersion(store::Tx& tx, int64_t agency_id, int64_t item_id, int version, const std::string& content,
                    const std::string& changed, int64_t user_id, const std::string& now);
// The attachments of an item that are part of its current version.
Result<std::vector<AttachmentInfo>> LiveAttachments(store::Tx& tx, int64_t item_id);
// The confidentiality check of an item version: its title and body, and
// every live attachment (review/checks.h).
Status RunChecks(store::Tx& tx, const Clock& clock, const std::string& root, int64_t agency_id, int64_t item_id,
                 int version);
// The search document of the item's current text: visible to the portal
// while published, to staff always.
Result<search::Document> SearchDocument(store::Tx& tx, int64_t agency_id, int64_t id);
// Puts SearchDocument into the search index.
Status Reindex(store::Tx& tx, int64_t agency_id, int64_t id);
// Checks what a clerk filled in (InvalidArgument with a message for the
// user): texts, dates, the ground against the attribute, and that the
// departments, the category and the interpreted item are the agency's.
// `self` is the item being edited, if any.
Status ValidateInput(store::Tx& tx, int64_t agency_id, const ItemInput& in, const ReferenceData& ref,
                     std::optional<int64_t> self);
// Writes the publications row of the item's current version on the portal,
// published by `user_id` at `published_at` (UTC); `migrated` marks an item
// brought over from the agency's old website instead of the review chain.
// REQUIRES: the item is approved and 主动公开 (the database refuses it otherwise).
Status Publish(store::Tx& tx, int64_t agency_id, int64_t user_id, const Item& it, const std::string& published_at,
               bool migrated);

// ---- loading ----------------------------------------------------------------

// The columns ItemFromRow reads, up to "FROM items i … " (a WHERE follows).
extern const char* const kItemColumns;
Item ItemFromRow(const store::Row& r);
Result<Item> LoadItem(store::Tx& tx, int64_t agency_id, int64_t id);
// The item, for someone who may read it (disclosure/access.h); NotFound otherwise.
Result<Item> LoadItemFor(store::Tx& tx, const accounts::Principal& who, int64_t id);
// What the state machine (chain.h) needs to know about the item and the actor.
Result<ItemFacts> LoadFacts(store::Tx& tx, const Item& it);
Result<ActorFacts> LoadActor(store::Tx& tx, const accounts::Principal& who, int64_t item_id);

// ---- time and lists ---------------------------------------------------------

// A stored UTC time in China time for people; the text itself if unreadable.
std::string Display(const std::string& utc);
// `d` plus `months` calendar months, the day clamped to the month's length.
Date AddMonths(Date d, int months);

// Why the 20-working-day limit cannot be shown, in words for the user (a
// status's own text is for the log): the calendar could not be read …
inline constexpr const char* kCalendarUnreadable = "工作日历暂时无法读取，稍后显示";
// Whether the 20-working-day clock runs for the item.
bool ClockApplies(const Item& it);
// The item as a line of a list, with its clock.
ItemRow RowOf(const Item& it, const Result<WorkdayCalendar>& cal, Date today);

}  // namespace gk::disclosure::internal
