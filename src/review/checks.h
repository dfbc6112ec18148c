// The confidentiality check inside the workflows: every item version (body
// and attachments) and every file going out with an application reply is
// checked when it is saved; the findings are stored; blocking findings must
// be resolved — the text redacted (a new version or file, checked again), the
// attribute changed, or each finding overridden by the 公开办 with a written
// reason (audited) — before the chain or the reply goes on.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "base/clock.h"
#include "base/enum_table.h"
#include "base/status.h"
#include "extract/extract.h"
#include "scan/scan.h"
#include "store/db.h"

namespace gk::review {

// The agency's scanner, compiled once per settings change and day, shared by
// the threads of the process.
Result<std::shared_ptr<const scan::Scanner>> AgencyScanner(store::Tx& tx, const Clock& clock, int64_t agency_id,
                                                            const std::string& root);
// The extraction limits (the OCR budget, review/settings.h) of the agency
// whose scanner AgencyScanner returned; the defaults for any other scanner,
// or one replaced since by a settings change.
extract::Limits AgencyLimits(const scan::Scanner& scanner);

struct Source {
  std::string name;   // "正文" or the file name
  std::string bytes;  // the text of the body, or the file's bytes
  bool is_file = false;
  std::optional<int64_t> attachment_id;  // item attachment
  std::optional<int64_t> file_id;        // application file
};

// Extracting and scanning a large file takes long, so the services do it
// before their write transaction, which then only stores the results:
// Precheck computes the reports of `sources` and keeps them (a bounded memo,
// by scanner, file name and content digest); CheckItemVersion and
// CheckReplyFiles take a kept report instead of checking again (and check
// what was not kept, e.g. after the scan settings changed). Thread-safe.
void Precheck(const std::shared_ptr<const scan::Scanner>& scanner, const std::vector<Source>& sources);
// The agency's scanner (in a read transaction), then Precheck.
Status Precheck(store::Database& db, const Clock& clock, int64_t agency_id, const std::string& root,
                const std::vector<Source>& sources);
// How many files CheckItemVersion and CheckReplyFiles had to extract and
// scan themselves, inside their transaction, since the process started.
int FileChecksInTransactionForTest();

// Checks every source of item `item_id` at `version` (replacing an earlier
// check of that version) and stores the results.
Status CheckItemVersion(store::Tx& tx, const Clock& clock, const scan::Scanner& scanner, int64_t agency_id,
                        int64_t item_id, int version, const std::vector<Source>& sources);
// Checks the files of an application's reply (replacing earlier checks of them).
Status CheckReplyFiles(store::Tx& tx, const Clock& clock, const scan::Scanner& scanner, int64_t agency_id,
                       int64_t application_id, const std::vector<Source>& files);

// Blocking findings not overridden, for an item version / an application's
// current reply files. A source that could not be checked (corrupt,
// encrypted) has one finding of kind "unreadable", which blocks.
Result<int> UnresolvedBlockingForItem(store::Tx& tx, int64_t item_id, int version);
Result<int> UnresolvedBlockingForApplication(store::Tx& tx, int64_t application_id);

// What became of a finding (content_findings.resolution): open until the
// 公开办 accepts it with a written reason.
enum class Resolution { kOpen, kOverridden };
inline constexpr EnumName<Resolution> kResolutions[] = {
    {Resolution::kOpen, "open", "待处理"},
    {Resolution::kOverridden, "overridden", "已书面说明理由"},
};

// The result of checking one source (content_checks.verdict): scan::Verdict's
// keys, and "error" for a source that could not be read.
enum class CheckVerdict { kPass, kWarn, kBlock, kError };
inline constexpr EnumName<CheckVerdict> kCheckVerdicts[] = {
    {CheckVerdict::kPass, "pass", "未发现问题"},
    {CheckVerdict::kWarn, "warn", "有提示"},
    {CheckVerdict::kBlock, "block", "有阻止级内容"},
    {CheckVerdict::kError, "error", "无法检查"},
};

struct FindingView {
  int64_t id = 0;
  std::string kind, kind_label;
  scan::Severity severity = scan::Severity::kWarn;
  std::string masked, place, rule;
  Resolution resolution = Resolution::kOpen;
  std::string reason, resolved_by;
  int64_t start = 0, end = 0;
  bool hidden = false;

  // A blocking finding nobody has accepted: it stops the workflow.
  bool Blocks() const { return severity == scan::Severity::kBlock && resolution == Resolution::kOpen; }
};
struct CheckView {
  int64_t id = 0;
  std::string source, verdict, error, checked_at;
  std::optional<int64_t> attachment_id, file_id;
  std::vector<FindingView> findings;
};
Result<std::vector<CheckView>> ItemChecks(store::Tx& tx, int64_t agency_id, int64_t item_id, int version);
Result<std::vector<CheckView>> ApplicationChecks(store::Tx& tx, int64_t agency_id, int64_t application_id);

// The 公开办 accepts a blocking finding with a written reason (audited).
Status OverrideFinding(store::Tx& tx, const Clock& clock, const accounts::Principal& who, int64_t finding_id,
                       const std::string& reason);

}  // namespace gk::review
