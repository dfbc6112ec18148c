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

}  // namespace gk::disclosure
