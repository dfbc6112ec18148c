// What the public portal reads: published versions only (publications rows,
// immutable), never drafts or the internal registry.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/keyset.h"
#include "base/status.h"
#include "disclosure/catalog.h"
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
  std::optional<SeekKey> next;  // the position to continue after, if more follow
};

struct PublicFilter {
  std::optional<int64_t> category_id;  // includes its sub-categories
  std::optional<int> year;             // year of 生成日期
  // Where the page starts: after a position (keyset: any depth at the cost
  // of one page), or else a page number, at most kMaxPublicPageOffset / per_page.
  std::optional<SeekKey> after;
  int page = 1;
  int per_page = 20;
  bool with_total = true;  // false: PublicPage::total stays 0 (no COUNT over every live item)
};

// The deepest a page number reaches (rows skipped): a deeper page is
// InvalidArgument, saying in Chinese to follow the pages' links, narrow by
// category or year, or search. A page number costs the rows it skips.
inline constexpr int64_t kMaxPublicPageOffset = 2000;

// Live (not withdrawn) published items of the agency, newest first, as
// headlines: every field but the body, the attachments and the links to and
// from 政策解读 (GetPublished has those).
Result<PublicPage> ListPublished(store::Database& db, int64_t agency_id, const PublicFilter& f);
// One live published item; NotFound otherwise (drafts, registry, withdrawn).
Result<PublicItem> GetPublished(store::Database& db, int64_t agency_id, int64_t item_id);
// An attachment of the live published version: name, media type and bytes.
// NotFound if the item is not published or the file is not part of it.
Result<std::pair<PublicItem::File, std::string>> GetPublishedAttachment(store::Database& db, int64_t agency_id,
                                                                      int64_t item_id, int64_t attachment_id);
// The sitemap of an agency is cut into files by blocks of `block_size`
// publication ids (block b: ids b*block_size+1 … (b+1)*block_size), so a
// file never holds more than block_size addresses and is read by one range
// of an index. The numbers of the blocks holding a live publication, in
// order: one index seek per block found (at most `max_blocks`).
Result<std::vector<int64_t>> SitemapBlocks(store::Database& db, int64_t agency_id, int64_t block_size,
                                           int64_t max_blocks);
struct SitemapEntry {
  int64_t item_id = 0;
  std::string published_on;  // China date, YYYY-MM-DD
};
// The live publications of block `block`, in id order (one range read).
Result<std::vector<SitemapEntry>> SitemapBlock(store::Database& db, int64_t agency_id, int64_t block,
                                               int64_t block_size);

// The top-level "title" of a publication's content when it is a string,
// else "" (also when the content is not a JSON object, or not JSON; its
// strings' UTF-8 is not checked again): what
// Str(json::parse(content).as_object(), "title") gives, without building the
// document (a list of headlines, a ledger or a filing needs nothing else of
// it); of a repeated key the last value counts, as in the parsed object.
std::string TitleOf(const std::string& content);

// What the agency's catalog page shows beside its list: the categories (as
// Catalog::List: tree order, inactive ones too) and the count of live items
// per category id, read in one transaction. Both change only with the
// agency's portal generation (accounts/portal_generation.h: a publication, a
// withdrawal, a category added or changed), so the web layer keeps them per
// generation.
struct PortalCatalog {
  std::vector<Category> categories;
  std::map<int64_t, int64_t> counts;  // category id → live items of that category itself
};
Result<PortalCatalog> ReadPortalCatalog(store::Database& db, int64_t agency_id);
// The live items of `category_id` and its sub-categories (none: of every
// category), from `catalog`'s counts: ListPublished's total without a year.
int64_t LiveTotal(const PortalCatalog& catalog, std::optional<int64_t> category_id);

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

// The district platform's 政府信息公开目录, browsed across agencies. Every
// agency's catalog is a copy of the same default (disclosure::ImportCatalog),
// and a category's code is stable and unique in an agency, so categories are
// matched across agencies by code; the tree shown is the one of
// `catalog_agency_id` (the platform's root district). An item of a category
// whose code that tree lacks (one an agency added) is counted in the total
// of all categories only.
struct PlatformBrowse {
  int64_t catalog_agency_id = 0;
  std::string category_code;         // "" = every category; else it and its sub-categories
  std::optional<int64_t> agency_id;  // only this agency's items
  // Keyset: only items published before the live publication with this id
  // (the `next` of the page before); none = from the newest.
  std::optional<int64_t> before;
  int limit = 20;  // 1..100
};

// A line of the district catalog: the item, its agency and its category.
struct PlatformCatalogItem {
  PlatformHeadline line;
  std::string category;  // the category's name in the item's own catalog
};

struct PlatformCatalogPage {
  std::vector<Category> categories;             // the tree, active categories only, in catalog order
  std::map<std::string, int64_t> counts;        // category code → live items of that category itself
  int64_t total = 0;                            // live items in the chosen category and below (all: every live item)
  std::vector<PlatformCatalogItem> items;       // newest first, at most `limit`
  std::optional<int64_t> next;                  // `before` of the next page, if there is one
};

// One read: the tree, the counts (one GROUP BY over the live publications
// by category code, under the agency filter) and one page of items
// (LIMIT limit + 1 on (published_at, id), no offset). NotFound for a
// category code the tree does not have.
Result<PlatformCatalogPage> BrowsePlatformCatalog(store::Database& db, const PlatformBrowse& b);

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
// The same from categories and counts already read (ReadPortalCatalog, kept
// per portal generation by the web layer).
CatalogOverview OverviewOf(const PortalCatalog& catalog);

}  // namespace gk::disclosure
