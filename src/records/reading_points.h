// The district's 集中查阅点 (reading points): places of the platform where
// printed copies of published government information are kept for anyone to
// read. A point belongs to the district — the root agency of the platform's
// tree; in a one-agency deployment the agency itself (accounts::DistrictOf)
// — and is managed by the district's 公开办. Every agency of the district
// may place copies there (a 集中查阅点 release, records/channels.h, names
// its point), and the point's printable index lists the copies every agency
// keeps there now, grouped by agency.
//
// Each agency's release records stay its own (Channels lists only the
// reader's agency); only the index crosses agencies, and it shows nothing
// but published titles, so any staff user of the platform may print it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/status.h"

namespace gk::records {

struct ReadingPoint {
  int64_t id = 0;
  int64_t agency_id = 0;  // the district
  std::string name, address, hours;
  bool active = true;
};

struct ReadingPointInput {
  std::string name;     // required, at most 100 characters, unique in the district
  std::string address;  // required, at most 200
  std::string hours;    // opening hours, at most 200; may be empty
  bool active = true;
};

// One line of a point's index.
struct IndexEntry {
  int64_t agency_id = 0;
  std::string agency_name, index_no, title, published_on, placed_on;  // dates: China, YYYY-MM-DD
};

inline constexpr int kMaxReadingPoints = 200;      // a district's points listed at most
inline constexpr int kMaxIndexEntries = 3000;      // copies one index lists at most

class ReadingPoints {
 public:
  ReadingPoints(accounts::Context ctx, std::string portal_url) : ctx_(ctx), portal_url_(std::move(portal_url)) {}

  // Staff of any agency: the points of its district, by name; closed ones
  // too when `include_inactive`. PermissionDenied for a non-staff principal.
  Result<std::vector<ReadingPoint>> List(const accounts::Principal& who, bool include_inactive);
  // Staff of any agency on the platform: one point. NotFound if missing.
  Result<ReadingPoint> Get(const accounts::Principal& who, int64_t point_id);
  // Whether `who` manages the points of its district: the 公开办 of the
  // district itself.
  Result<bool> CanManage(const accounts::Principal& who);
  // The district's 公开办 adds a point or changes one (audited in the
  // district). PermissionDenied for anyone else (a street office's 公开办
  // too); InvalidArgument for a bad field; Conflict for a name the district
  // already uses; NotFound for a point of another district.
  Result<int64_t> Add(const accounts::Principal& who, const ReadingPointInput& in);
  Status Update(const accounts::Principal& who, int64_t point_id, const ReadingPointInput& in);

  // Staff of any agency on the platform: what every agency keeps at the
  // point now (live releases of live portal publications), by agency (the
  // district first, then as the platform lists them) and placing date; at
  // most kMaxIndexEntries (`truncated` tells).
  Result<std::vector<IndexEntry>> Index(const accounts::Principal& who, int64_t point_id, bool* truncated = nullptr);
  // The same as a printable A4 PDF: a heading per agency, a table of
  // 索引号 / 名称 / 公开日期 / 放置日期 under it.
  Result<std::string> IndexPdf(const accounts::Principal& who, int64_t point_id);

  // Anyone (public information): the active points of district
  // `district_id`, by name, at most kMaxReadingPoints.
  static Result<std::vector<ReadingPoint>> Public(store::Database& db, int64_t district_id);

 private:
  accounts::Context ctx_;
  std::string portal_url_;
};

}  // namespace gk::records
