// 立卷建档: the records of one year in a zip file, classified by catalog
// category, with a manifest of SHA-256 digests that `Verify` checks.
//
//   manifest.json                       {"agency", "year", "created_at", "files": [{"path", "sha256", "size"}]}
//   items/<code> <category>/<索引号>/record.json   the item: its versions, signatures (review
//                                        records), publications, attachments' descriptions
//   items/<code> <category>/<索引号>/attachments/<id> <file name>
//   items/<code> <category>/<索引号>/channels/<id> <artifact name>  what was released on
//                                        another channel (records/channels.h)
//   applications/<申请编号>/record.json     the case (personal data masked as stored for staff),
//                                        its events, replies, letters, fees, reviews
//   applications/<申请编号>/files/<id> <file name>
//   ledger/台帐.csv, ledger/台帐.xlsx       records/ledger.h
//   annual_report.json                   records/annual.h ToJson (as published, or computed)
//
// The year's items are those with a version saved or a publication made in
// the year; its applications those received or closed in it. Sealed
// personal data (identity numbers, contact details) is never written.
#pragma once

#include <string>

#include "base/status.h"
#include "store/db.h"

namespace gk::records {

struct ArchiveSummary {
  int items = 0, applications = 0, files = 0;
  std::string manifest_sha256;
};

// Writes the archive of `year` to `path` (replaced if it exists).
Result<ArchiveSummary> WriteArchive(store::Database& db, int64_t agency_id, int year, const std::string& path,
                                    const std::string& created_at);

// OK when every file of the manifest is in the archive with its digest and
// size and the archive holds nothing else; FailedPrecondition naming the first
// difference otherwise; InvalidArgument for a file that is not such an archive.
Result<ArchiveSummary> VerifyArchive(const std::string& path);

}  // namespace gk::records
