// What the public portal reads: published versions only (publications rows,
// immutable), never drafts or the internal registry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace gk::disclosure {

struct PublicItem {
  int64_t id = 0;
  std::string index_no, title, doc_no, department, category, category_code, formed_on, published_at;
  std::string attribute, validity, summary, body, content_hash;
  std::optional<std::pair<int64_t, std::string>> interprets;      // the policy this one interprets
  std::vector<std::pair<int64_t, std::string>> interpretations;   // published items interpreting this one
  struct File {
    int64_t id = 0;
    std::string name, type, hash;
    int64_t size = 0;
  };
  std::vector<File> attachments;  // as published
  bool migrated = false;  // brought over from the agency's old website (disclosure/import.h)
};

struct PublicPage {
  std::vector<PublicItem> items;
  int64_t total = 0;
};

struct PublicFilter {
  std::optional<int64_t> category_id;  // includes its sub-categories
  std::optional<int> year;             // year of 生成日期
  int page = 1;
  int per_page = 20;
};

// Live (not withdrawn) published items of the agency, newest first.
Result<PublicPage> ListPublished(store::Database& db, int64_t agency_id, const PublicFilter& f);
// One live published item; NotFound otherwise (drafts, registry, withdrawn).
Result<PublicItem> GetPublished(store::Database& db, int64_t agency_id, int64_t item_id);
// An attachment of the live published version: name, media type and bytes.
// NotFound if the item is not published or the file is not part of it.
Result<std::pair<PublicItem::File, std::string>> GetPublishedAttachment(store::Database& db, int64_t agency_id,
                                                                      int64_t item_id, int64_t attachment_id);
// Count of live items per category id (own items only).
Result<std::vector<std::pair<int64_t, int64_t>>> PublishedCounts(store::Database& db, int64_t agency_id);

// A line of the portal home's 最新公开 list.
struct PublicHeadline {
  int64_t id = 0;
  std::string title;
  std::string published_at;  // China date, YYYY-MM-DD
};

// The `limit` (1..50) most recently published live items, newest first.
Result<std::vector<PublicHeadline>> LatestPublished(store::Database& db, int64_t agency_id, int limit);

// A line of the district home's 最新公开 list: the item and its agency.
struct PlatformHeadline {
  PublicHeadline item;
  std::string agency_code, agency_name;
};
// The `limit` (1..50) most recently published live items of every agency on
// the platform, newest first (one indexed read).
Result<std::vector<PlatformHeadline>> LatestOnPlatform(store::Database& db, int limit);

// A catalog entry point of the portal home: a top-level category with the
// live published items in it and in its sub-categories.
struct CategoryCount {
  int64_t id = 0;
  std::string code, name;
  int64_t count = 0;
};

struct CatalogOverview {
  std::vector<CategoryCount> top;  // active top-level categories, in catalog order
  int64_t total = 0;               // every live published item of the agency
};

// The counts come from one aggregate query over the live publications
// (GROUP BY category, on the publications_live index); no item is loaded.
Result<CatalogOverview> PublishedOverview(store::Database& db, int64_t agency_id);

}  // namespace gk::disclosure
