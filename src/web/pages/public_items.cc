// The portal's 政府信息公开目录: browse by category and year, the item page,
// an Atom feed and sitemap.xml. Only published, not withdrawn versions.
#include <spdlog/spdlog.h>

#include <map>

#include "base/strings.h"
#include "disclosure/catalog.h"
#include "disclosure/portal.h"
#include "web/page.h"
#include "web/pages/district_portal.h"
#include "web/render.h"

namespace gk::web {
namespace {

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += ch;
    }
  }
  return out;
}

View ItemSummary(const disclosure::PublicItem& p) {
  View v;
  v["id"] = p.id;
  v["index_no"] = p.index_no;
  v["title"] = p.title;
  v["doc_no"] = p.doc_no;
  v["department"] = p.department;
  v["category"] = p.category;
  v["formed_on"] = p.formed_on;
  v["published_at"] = p.published_at;
  v["summary"] = p.summary;
  return v;
}

Response CatalogPage(Ctx& c) {
  auto platform = DistrictPlatform(c);
  if (!platform.ok()) return c.Error(platform.status());
  if (*platform) return DistrictCatalog(c, **platform);
  disclosure::PublicFilter f;
  std::string cat_text = c.req.QueryParam("category");
  if (!cat_text.empty()) f.category_id = std::atoll(cat_text.c_str());
  if (std::string y = c.req.QueryParam("year"); !y.empty()) f.year = std::atoi(y.c_str());
  // The pages' links continue after the last item shown (?after=); a page
  // number (?page=, older links) reaches a bounded depth.
  f.after = DecodeSeek(c.req.QueryParam("after"));
  f.page = std::max(1, std::atoi(c.req.QueryParam("page").c_str()));
  auto catalog = c.PortalCatalog();
  if (!catalog.ok()) return c.Error(catalog.status());
  // Without a year the total is the sum of the kept counts, not a COUNT.
  f.with_total = f.year.has_value();
  auto page = disclosure::ListPublished(c.services.db, c.agency.id, f);
  if (!page.ok()) return c.Error(page.status());
  if (!f.year) page->total = disclosure::LiveTotal(**catalog, f.category_id);
  const auto& count_of = (*catalog)->counts;
  View v = c.Base(c.renderer.Text("portal_catalog_title"), "catalog");
  v["portal"] = true;
  std::string current_name;
  for (const auto& cat : (*catalog)->categories) {
    if (!cat.active) continue;
    View row;
    row["id"] = cat.id;
    row["code"] = cat.code;
    row["name"] = cat.name;
    row["depth"] = cat.depth;
    row["sub"] = cat.depth > 0;
    auto n = count_of.find(cat.id);
    row["count"] = n != count_of.end() ? n->second : 0;
    row["current"] = f.category_id == cat.id;
    if (f.category_id == cat.id) current_name = cat.path_name;
    v["categories"].Push(std::move(row));
  }
  v["current_category"] = current_name;
  v["category_param"] = cat_text;
  v["year_param"] = f.year ? std::to_string(*f.year) : "";
  int this_year = ChinaDate(c.services.clock.Now()).year;
  for (int y = this_year; y >= this_year - 5; --y) {
    View yv;
    yv["year"] = y;
    yv["current"] = f.year == y;
    v["years"].Push(std::move(yv));
  }
  for (const auto& p : page->items) v["items"].Push(ItemSummary(p));
  v["total"] = page->total;
  std::string base = c.portal_root + "/catalog?category=" + UrlEncode(cat_text) + "&year=" + (f.year ? std::to_string(*f.year) : "");
  if (f.after || f.page > 1) v["first_href"] = base;
  if (page->next) v["next_href"] = base + "&after=" + EncodeSeek(*page->next);
  return c.Page("portal/catalog", std::move(v));
}

Response ItemPage(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(NotFound("该信息不存在或未公开"));
  auto p = disclosure::GetPublished(c.services.db, c.agency.id, *id);
  if (!p.ok()) return c.Error(p.status());
  View v = c.Base(p->title, "catalog");
  v["portal"] = true;
  View item = ItemSummary(*p);
  item["attribute"] = p->attribute;
  item["validity"] = p->validity;
  item["body"] = p->body;
  item["content_hash"] = p->content_hash;
  item["migrated"] = p->migrated;
  if (p->interprets) {
    item["interprets_id"] = p->interprets->first;
    item["interprets_title"] = p->interprets->second;
  }
  for (const auto& [iid, title] : p->interpretations) {
    View i;
    i["id"] = iid;
    i["title"] = title;
    item["interpretations"].Push(std::move(i));
  }
  for (const auto& f : p->attachments) {
    View a;
    a["id"] = f.id;
    a["name"] = f.name;
    a["href"] = c.portal_root + "/items/" + std::to_string(p->id) + "/attachments/" + std::to_string(f.id);
    item["attachments"].Push(std::move(a));
  }
  // Paragraphs of the body, so that line breaks show without raw HTML.
  for (const std::string& para : Split(p->body, '\n')) {
    if (!Trim(para).empty()) item["paragraphs"].Push(std::string(Trim(para)));
  }
  v["item"] = std::move(item);
  return c.Page("portal/item", std::move(v));
}

Response PublicAttachment(Ctx& c) {
  auto id = c.IdParam("id");
  auto aid = c.IdParam("aid");
  if (!id.ok() || !aid.ok()) return c.Error(NotFound("附件不存在"));
  auto file = disclosure::GetPublishedAttachment(c.services.db, c.agency.id, *id, *aid);
  if (!file.ok()) return c.Error(file.status());
  // A published file is public: the middleware gives it Cache-Control:
  // public and an ETag, and answers a byte range of it (web/conditional.h).
  Response r = FileResponse(file->first.name, file->first.type, std::move(file->second));
  r.SetHeader("Accept-Ranges", "bytes");
  // The file's own hash names it: no need to hash its bytes again.
  if (!file->first.hash.empty()) r.SetHeader("ETag", "\"" + file->first.hash + "\"");
  return r;
}

// Links in the feed are absolute with server.public_url, relative to the
// feed's own address without it (Atom allows IRI references in href); the
// ids, which must be absolute, are then URNs of the agency's code.
Response Feed(Ctx& c) {
  disclosure::PublicFilter f;
  f.per_page = 50;  // the feed is the 50 newest
  f.with_total = false;
  auto page = disclosure::ListPublished(c.services.db, c.agency.id, f);
  if (!page.ok()) return c.Error(page.status());
  const std::string base = c.PortalUrl().empty() ? "" : c.PortalUrl() + c.portal_root;
  auto id_of = [&](const std::string& path) {
    return base.empty() ? "urn:gongkai:" + c.agency.code + ":" + path.substr(1) : base + path;
  };
  std::string updated = page->items.empty() ? "1970-01-01" : page->items.front().published_at;
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
                    "<title>" + XmlEscape(c.agency.name) + "政府信息公开</title>\n<id>" + XmlEscape(id_of("/feed.xml")) +
                    "</id>\n<link rel=\"self\" href=\"" + XmlEscape(base) + "/feed.xml\"/>\n<updated>" +
                    updated + "T00:00:00+08:00</updated>\n";
  for (const auto& p : page->items) {
    std::string path = "/items/" + std::to_string(p.id);
    xml += "<entry><title>" + XmlEscape(p.title) + "</title><id>" + XmlEscape(id_of(path)) + "</id><link href=\"" +
           XmlEscape(base + path) + "\"/><updated>" + p.published_at + "T00:00:00+08:00</updated><summary>" +
           XmlEscape(p.summary.empty() ? p.title : p.summary) + "</summary></entry>\n";
  }
  xml += "</feed>\n";
  Response r = Response::Text(200, xml);
  r.SetHeader("Content-Type", "application/atom+xml; charset=utf-8");
  return r;
}

// A sitemap must list absolute addresses, and the request's Host header is
// the sender's choice: without server.public_url there is no sitemap.
std::string SitemapBase(Ctx& c) {
  const std::string base = c.PortalUrl().empty() ? "" : c.PortalUrl() + c.portal_root;
  if (base.empty()) spdlog::warn("sitemaps need server.public_url (the portal's address) to be configured");
  return base;
}

Response XmlResponse(std::string xml) {
  Response r = Response::Text(200, std::move(xml));
  r.SetHeader("Content-Type", "application/xml; charset=utf-8");
  return r;
}

// /sitemap.xml: a sitemap index of /sitemaps/pages.xml (the portal's own
// pages) and one file per block of publications (/sitemaps/N.xml, at most
// server.sitemap_urls_per_file addresses each; disclosure::SitemapBlocks).
Response Sitemap(Ctx& c) {
  const std::string base = SitemapBase(c);
  if (base.empty()) return c.Error(NotFound("本站未提供站点地图"));
  auto blocks = disclosure::SitemapBlocks(c.services.db, c.agency.id, c.config.server.sitemap_urls_per_file, 49999);
  if (!blocks.ok()) return c.Error(blocks.status());
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                    "<sitemap><loc>" + XmlEscape(base + "/sitemaps/pages.xml") + "</loc></sitemap>\n";
  for (int64_t b : *blocks) {
    xml += "<sitemap><loc>" + XmlEscape(base + "/sitemaps/" + std::to_string(b + 1) + ".xml") + "</loc></sitemap>\n";
  }
  xml += "</sitemapindex>\n";
  return XmlResponse(std::move(xml));
}

// /sitemaps/pages.xml and /sitemaps/N.xml (N ≥ 1: block N-1).
Response SitemapFile(Ctx& c) {
  const std::string base = SitemapBase(c);
  if (base.empty()) return c.Error(NotFound("本站未提供站点地图"));
  const std::string& file = c.params["file"];
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  if (file == "pages.xml") {
    for (const char* path : {"/", "/guide", "/catalog", "/apply", "/reports", "/supervision"}) {
      xml += "<url><loc>" + XmlEscape(base + path) + "</loc></url>\n";
    }
    return XmlResponse(xml + "</urlset>\n");
  }
  std::string number = file.size() > 4 && file.ends_with(".xml") ? file.substr(0, file.size() - 4) : "";
  auto n = OptionalId(number);
  if (!n || number.size() > 9 || number[0] == '0') return c.Error(NotFound("站点地图不存在"));
  auto entries = disclosure::SitemapBlock(c.services.db, c.agency.id, *n - 1, c.config.server.sitemap_urls_per_file);
  if (!entries.ok()) return c.Error(entries.status());
  if (entries->empty()) return c.Error(NotFound("站点地图不存在"));
  for (const auto& e : *entries) {
    xml += "<url><loc>" + XmlEscape(base + "/items/" + std::to_string(e.item_id)) + "</loc><lastmod>" +
           e.published_on + "</lastmod></url>\n";
  }
  return XmlResponse(xml + "</urlset>\n");
}

}  // namespace

std::vector<Route> PublicItemRoutes() {
  return {
      {"GET", "/catalog", Access::kPublic, CatalogPage, Caching::kPage},
      {"GET", "/items/{id}", Access::kPublic, ItemPage, Caching::kPage},
      {"GET", "/items/{id}/attachments/{aid}", Access::kPublic, PublicAttachment, Caching::kPage},
      {"GET", "/feed.xml", Access::kPublic, Feed, Caching::kPage},
      {"GET", "/sitemap.xml", Access::kPublic, Sitemap, Caching::kPage},
      {"GET", "/sitemaps/{file}", Access::kPublic, SitemapFile, Caching::kPage},
  };
}

}  // namespace gk::web
