#include "records/archive.h"

#include <zip.h>

#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <set>

#include "base/crypto.h"
#include "base/strings.h"
#include "records/annual.h"
#include "records/ledger.h"

namespace gk::records {
namespace {

namespace json = boost::json;

constexpr int64_t kMaxArchiveEntry = int64_t{512} << 20;

// Rows of `sql` as JSON objects with the given column names (values as
// text, NULL as null).
Result<json::array> Rows(store::Tx& tx, const std::vector<std::string>& columns, const std::string& from,
                         const std::vector<store::Value>& params) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
  ASSIGN_OR_RETURN(auto rows, tx.Query(sql + " " + from, params));
  json::array out;
  for (const auto& r : rows) {
    json::object o;
    for (size_t i = 0; i < columns.size(); ++i) {
      std::string key = columns[i].substr(columns[i].find('.') == std::string::npos ? 0 : columns[i].find('.') + 1);
      if (r.IsNull(i)) {
        o[key] = nullptr;
      } else {
        o[key] = r.Str(i);
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

// A name safe as one path component of a zip entry.
std::string Component(std::string s) {
  for (char& c : s) {
    if (c == '/' || c == '\\' || c == ':' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  if (s == "." || s == ".." || s.empty()) s = "_";
  return s;
}

// The archive's files as they are made: each is appended to one spill file
// beside the archive and only its place, size and digest are kept, so that
// a year of any size is never held in memory; the zip is then written from
// slices of that file.
class Entries {
 public:
  struct Entry {
    std::string path;
    uint64_t offset = 0, size = 0;
    std::string sha256;
  };

  explicit Entries(std::string spill) : spill_(std::move(spill)), file_(std::fopen(spill_.c_str(), "wb")) {}
  ~Entries() {
    if (file_) std::fclose(file_);
    std::remove(spill_.c_str());
  }
  Entries(const Entries&) = delete;
  Entries& operator=(const Entries&) = delete;

  Status Add(std::string path, std::string_view data) {
    if (!file_) return Internal("无法创建临时文件：" + spill_);
    if (!data.empty() && std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
      return Internal("无法写入临时文件：" + spill_);
    }
    list_.push_back({std::move(path), written_, data.size(), Sha256Hex(data)});
    written_ += data.size();
    return Status::Ok();
  }

  // The bytes of `file` (a ledger export), copied a piece at a time.
  Status AddFile(std::string path, TempFile& file) {
    if (!file_) return Internal("无法创建临时文件：" + spill_);
    Sha256 digest;
    RETURN_IF_ERROR(file.ReadPieces([&](std::string_view bytes) -> Status {
      if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
        return Internal("无法写入临时文件：" + spill_);
      }
      digest.Update(bytes);
      return Status::Ok();
    }));
    list_.push_back({std::move(path), written_, file.size(), digest.HexDigest()});
    written_ += file.size();
    return Status::Ok();
  }

  // Everything added is in the spill file.
  Status Flush() {
    if (!file_ || std::fflush(file_) != 0) return Internal("无法写入临时文件：" + spill_);
    return Status::Ok();
  }

  const std::vector<Entry>& list() const { return list_; }
  const std::string& spill() const { return spill_; }

 private:
  std::string spill_;
  std::FILE* file_;
  uint64_t written_ = 0;
  std::vector<Entry> list_;
};

Status AddItems(store::Tx& tx, int64_t agency_id, int year, Entries& out, ArchiveSummary& sum) {
  const std::string from = std::to_string(year - 1) + "-12-31", to = std::to_string(year + 1) + "-01-02";
  ASSIGN_OR_RETURN(auto items, tx.Query(
      "SELECT i.id, i.index_no, c.code, c.name FROM items i JOIN catalog_categories c ON c.id = i.category_id "
      "WHERE i.agency_id = ? AND (EXISTS (SELECT 1 FROM item_versions v WHERE v.item_id = i.id AND v.saved_at >= ? "
      "AND v.saved_at < ?) OR EXISTS (SELECT 1 FROM publications p WHERE p.item_id = i.id AND p.published_at >= ? "
      "AND p.published_at < ?)) ORDER BY i.id",
      {agency_id, from, to, from, to}));
  for (const auto& it : items) {
    int64_t id = it.Int("id");
    std::string dir =
        "items/" + Component(it.Str("code") + " " + it.Str("name")) + "/" + Component(it.Str("index_no")) + "/";
    json::object record;
    ASSIGN_OR_RETURN(json::array item, Rows(tx, {"id", "index_no", "state", "version", "title", "doc_no",
                                                 "department_id", "category_id", "formed_on", "official_document",
                                                 "classification", "secrecy_period", "attribute", "ground_key",
                                                 "reason", "validity", "repealed_on", "summary", "body",
                                                 "created_at", "updated_at"},
                                           "FROM items WHERE id = ?", {id}));
    record["item"] = item.empty() ? json::value(nullptr) : item[0];
    ASSIGN_OR_RETURN(record["versions"], Rows(tx, {"v.version", "v.content", "v.content_hash", "v.changed_fields",
                                                   "u.display_name", "v.saved_at"},
                                              "FROM item_versions v LEFT JOIN users u ON u.id = v.saved_by "
                                              "WHERE v.item_id = ? ORDER BY v.version",
                                              {id}));
    ASSIGN_OR_RETURN(record["signatures"], Rows(tx, {"s.version", "s.step", "s.decision", "u.display_name",
                                                     "s.opinion", "s.checks", "s.attribute", "s.ground_key",
                                                     "s.signed_at"},
                                                "FROM item_signatures s LEFT JOIN users u ON u.id = s.user_id "
                                                "WHERE s.item_id = ? ORDER BY s.id",
                                                {id}));
    ASSIGN_OR_RETURN(record["publications"], Rows(tx, {"p.version", "p.channel", "p.content", "p.content_hash",
                                                       "u.display_name", "p.published_at", "p.withdrawn_at",
                                                       "p.withdraw_reason"},
                                                  "FROM publications p LEFT JOIN users u ON u.id = p.published_by "
                                                  "WHERE p.item_id = ? ORDER BY p.id",
                                                  {id}));
    ASSIGN_OR_RETURN(record["attachments"], Rows(tx, {"id", "filename", "media_type", "size", "content_hash",
                                                      "added_in_version", "removed_in_version", "added_at"},
                                                 "FROM item_attachments WHERE item_id = ? ORDER BY id", {id}));
    ASSIGN_OR_RETURN(record["channel_releases"],
                     Rows(tx, {"r.id", "r.channel", "r.place", "r.paper", "r.note", "r.artifact_name",
                               "r.artifact_hash", "u.display_name", "r.released_at", "r.removed_at", "r.remove_reason",
                               "r.push_state", "r.pushed_at"},
                          "FROM channel_releases r LEFT JOIN users u ON u.id = r.released_by "
                          "WHERE r.item_id = ? ORDER BY r.id",
                          {id}));
    RETURN_IF_ERROR(out.Add(dir + "record.json", json::serialize(record)));
    ASSIGN_OR_RETURN(auto releases, tx.Query("SELECT id, artifact_name, artifact FROM channel_releases WHERE "
                                             "item_id = ? ORDER BY id", {id}));
    for (const auto& r : releases) {
      ASSIGN_OR_RETURN(std::string bytes, Base64Decode(r.Str("artifact")));
      RETURN_IF_ERROR(out.Add(dir + "channels/" + Component(r.Str("id") + " " + r.Str("artifact_name")), bytes));
      ++sum.files;
    }
    ASSIGN_OR_RETURN(auto files, tx.Query("SELECT id, filename, data FROM item_attachments WHERE item_id = ? "
                                          "ORDER BY id", {id}));
    for (const auto& f : files) {
      ASSIGN_OR_RETURN(std::string bytes, Base64Decode(f.Str("data")));
      RETURN_IF_ERROR(out.Add(dir + "attachments/" + Component(f.Str("id") + " " + f.Str("filename")), bytes));
      ++sum.files;
    }
    ++sum.items;
  }
  return Status::Ok();
}

Status AddApplications(store::Tx& tx, int64_t agency_id, int year, Entries& out, ArchiveSummary& sum) {
  const std::string first = std::to_string(year) + "-01-01", last = std::to_string(year) + "-12-31";
  ASSIGN_OR_RETURN(auto cases, tx.Query("SELECT id, ref FROM applications WHERE agency_id = ? AND "
                                        "((received_on >= ? AND received_on <= ?) OR (closed_on >= ? AND "
                                        "closed_on <= ?)) ORDER BY id",
                                        {agency_id, first, last, first, last}));
  for (const auto& c : cases) {
    int64_t id = c.Int("id");
    std::string dir = "applications/" + Component(c.Str("ref")) + "/";
    json::object record;
    // Personal data only as staff see it: masked; the sealed values stay out.
    ASSIGN_OR_RETURN(json::array app, Rows(tx, {"ref", "applicant_type", "applicant_name", "contact_person",
                                                "id_type", "id_masked", "phone_masked", "channel", "received_on",
                                                "info_title", "info_doc_no", "description", "form", "delivery",
                                                "state", "department_id", "outcome", "closed_on", "imported",
                                                "created_at"},
                                          "FROM applications WHERE id = ?", {id}));
    record["application"] = app.empty() ? json::value(nullptr) : app[0];
    ASSIGN_OR_RETURN(record["events"], Rows(tx, {"action", "at", "on_date", "clock_kind", "pause", "days", "note",
                                                 "public_note"},
                                            "FROM application_events WHERE application_id = ? ORDER BY id", {id}));
    ASSIGN_OR_RETURN(record["replies"], Rows(tx, {"outcome", "reasons", "body", "status", "drafted_at", "decided_at",
                                                  "decision_note"},
                                             "FROM application_replies WHERE application_id = ? ORDER BY id", {id}));
    ASSIGN_OR_RETURN(record["letters"], Rows(tx, {"kind", "number", "title", "addressee", "body", "issued_on"},
                                             "FROM letters WHERE application_id = ? ORDER BY id", {id}));
    ASSIGN_OR_RETURN(record["fees"], Rows(tx, {"method", "units", "amount", "detail", "notice_on", "due_on",
                                               "paid_on", "lapsed"},
                                          "FROM application_fees WHERE application_id = ? ORDER BY id", {id}));
    ASSIGN_OR_RETURN(record["reviews"], Rows(tx, {"kind", "filed_on", "body", "result", "decided_on", "note"},
                                             "FROM application_reviews WHERE application_id = ? ORDER BY id", {id}));
    ASSIGN_OR_RETURN(record["files"], Rows(tx, {"id", "kind", "filename", "mime", "size", "sha256", "created_at"},
                                           "FROM application_files WHERE application_id = ? ORDER BY id", {id}));
    RETURN_IF_ERROR(out.Add(dir + "record.json", json::serialize(record)));
    ASSIGN_OR_RETURN(auto files, tx.Query("SELECT id, filename, content FROM application_files "
                                          "WHERE application_id = ? ORDER BY id", {id}));
    for (const auto& f : files) {
      ASSIGN_OR_RETURN(std::string bytes, Base64Decode(f.Str("content")));
      RETURN_IF_ERROR(out.Add(dir + "files/" + Component(f.Str("id") + " " + f.Str("filename")), bytes));
      ++sum.files;
    }
    ++sum.applications;
  }
  return Status::Ok();
}

Result<std::string> ReadEntry(zip_t* z, zip_uint64_t index, zip_uint64_t size) {
  if (static_cast<int64_t>(size) > kMaxArchiveEntry) return TooLarge("归档文件中的条目过大");
  zip_file_t* f = zip_fopen_index(z, index, 0);
  if (!f) return InvalidArgument("无法读取归档文件中的条目");
  std::string data(size, '\0');
  zip_int64_t n = size ? zip_fread(f, data.data(), size) : 0;
  zip_fclose(f);
  if (n < 0 || static_cast<zip_uint64_t>(n) != size) return InvalidArgument("归档文件中的条目已损坏");
  return data;
}

}  // namespace

Result<ArchiveSummary> WriteArchive(store::Database& db, int64_t agency_id, int year, const std::string& path,
                                    const std::string& created_at) {
  if (year < 2008 || year > 9998) return InvalidArgument("年度无效");
  ArchiveSummary sum;
  Entries entries(path + ".spill");
  std::string agency_name;
  RETURN_IF_ERROR(db.Read<int>([&](store::Tx& tx) -> Result<int> {
    ASSIGN_OR_RETURN(auto a, tx.QueryOne("SELECT name FROM agencies WHERE id = ?", {agency_id}));
    if (!a) return NotFound("机关不存在");
    agency_name = a->Str("name");
    RETURN_IF_ERROR(AddItems(tx, agency_id, year, entries, sum));
    RETURN_IF_ERROR(AddApplications(tx, agency_id, year, entries, sum));
    // The ledger's lines read a batch at a time for each file (the files
    // grow, the records do not pile up), its figures from the counters.
    ASSIGN_OR_RETURN(TempFile csv, LedgerCsvFile(YearLines(tx, agency_id, year, {})));
    RETURN_IF_ERROR(entries.AddFile("ledger/台帐.csv", csv));
    ASSIGN_OR_RETURN(LedgerView figures, ReadLedgerFigures(tx, agency_id, year, {}));
    ASSIGN_OR_RETURN(TempFile book,
                     LedgerXlsxFile(YearLines(tx, agency_id, year, {}), figures.timeliness, figures.empty_must_fill));
    RETURN_IF_ERROR(entries.AddFile("ledger/台帐.xlsx", book));
    ASSIGN_OR_RETURN(auto published, tx.QueryOne("SELECT figures FROM annual_reports WHERE agency_id = ? AND "
                                                 "year = ? AND figures IS NOT NULL",
                                                 {agency_id, int64_t{year}}));
    if (published) {
      RETURN_IF_ERROR(entries.Add("annual_report.json", published->Str("figures")));
    } else {
      ASSIGN_OR_RETURN(AnnualFigures f, Compute(tx, agency_id, year));
      RETURN_IF_ERROR(entries.Add("annual_report.json", ToJson(f)));
    }
    return 0;
  }).status());
  RETURN_IF_ERROR(entries.Flush());
  json::array files;
  for (const Entries::Entry& e : entries.list()) {
    files.push_back(json::object{{"path", e.path}, {"sha256", e.sha256}, {"size", static_cast<int64_t>(e.size)}});
  }
  std::string manifest = json::serialize(json::object{
      {"agency", agency_name}, {"year", year}, {"created_at", created_at}, {"files", std::move(files)}});
  sum.manifest_sha256 = Sha256Hex(manifest);

  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!z) return InvalidArgument("无法创建归档文件：" + path);
  auto add = [&](const std::string& name, zip_source_t* src) {
    if (src && zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8) >= 0) return true;
    if (src) zip_source_free(src);
    zip_discard(z);
    return false;
  };
  for (const Entries::Entry& e : entries.list()) {
    // A slice of the spill file, read when the zip is written (an empty
    // file as an empty buffer: a length of 0 meant "to the end" in libzip).
    zip_source_t* src = e.size == 0 ? zip_source_buffer(z, nullptr, 0, 0)
                                    : zip_source_file(z, entries.spill().c_str(), e.offset,
                                                      static_cast<zip_int64_t>(e.size));
    if (!add(e.path, src)) return Internal("无法写入归档文件：" + e.path);
  }
  if (!add("manifest.json", zip_source_buffer(z, manifest.data(), manifest.size(), 0))) {
    return Internal("无法写入归档文件：manifest.json");
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
    return Internal("无法写入归档文件：" + path);
  }
  return sum;
}

Result<ArchiveSummary> VerifyArchive(const std::string& path) {
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (!z) return InvalidArgument("无法打开归档文件：" + path);
  struct Closer {
    zip_t* z;
    ~Closer() { zip_discard(z); }
  } closer{z};
  zip_int64_t n = zip_get_num_entries(z, 0);
  std::map<std::string, zip_uint64_t> index;
  std::map<std::string, zip_uint64_t> sizes;
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) != 0) return InvalidArgument("归档文件已损坏");
    index[st.name] = static_cast<zip_uint64_t>(i);
    sizes[st.name] = st.size;
  }
  auto m = index.find("manifest.json");
  if (m == index.end()) return InvalidArgument("不是归档文件：缺少 manifest.json");
  ASSIGN_OR_RETURN(std::string manifest, ReadEntry(z, m->second, sizes[m->first]));
  boost::system::error_code ec;
  json::value v = json::parse(manifest, ec);
  if (ec || !v.is_object() || !v.as_object().contains("files") || !v.at("files").is_array()) {
    return InvalidArgument("manifest.json 格式错误");
  }
  ArchiveSummary sum;
  sum.manifest_sha256 = Sha256Hex(manifest);
  std::set<std::string> listed = {"manifest.json"};
  for (const json::value& f : v.at("files").as_array()) {
    if (!f.is_object() || !f.as_object().contains("path") || !f.at("path").is_string() ||
        !f.as_object().contains("sha256") || !f.at("sha256").is_string()) {
      return InvalidArgument("manifest.json 格式错误");
    }
    std::string p(f.at("path").as_string());
    listed.insert(p);
    auto it = index.find(p);
    if (it == index.end()) return FailedPrecondition("缺少文件：" + p);
    ASSIGN_OR_RETURN(std::string data, ReadEntry(z, it->second, sizes[p]));
    if (Sha256Hex(data) != std::string(f.at("sha256").as_string())) return FailedPrecondition("文件内容已被改动：" + p);
    if (p.rfind("items/", 0) == 0 && p.size() > 12 && p.compare(p.size() - 12, 12, "/record.json") == 0) ++sum.items;
    if (p.rfind("applications/", 0) == 0 && p.size() > 12 && p.compare(p.size() - 12, 12, "/record.json") == 0) {
      ++sum.applications;
    }
    if (p.find("/attachments/") != std::string::npos || p.find("/files/") != std::string::npos) ++sum.files;
  }
  for (const auto& [name, i] : index) {
    if (!listed.count(name)) return FailedPrecondition("清单之外的文件：" + name);
  }
  return sum;
}

}  // namespace gk::records
