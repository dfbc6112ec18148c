#include "accounts/data_key.h"

#include <filesystem>
#include <optional>

#include "accounts/context.h"

namespace gk::accounts {
namespace {

struct Recorded {
  std::optional<std::string> fingerprint;
  std::optional<std::string> sealed;  // one sealed value, for a database without a fingerprint
};

Result<Recorded> ReadRecorded(store::Database& db) {
  return db.Read<Recorded>([](store::Tx& tx) -> Result<Recorded> {
    Recorded r;
    ASSIGN_OR_RETURN(auto fp, tx.QueryOne("SELECT fingerprint FROM data_key_check WHERE id = 1"));
    if (fp) {
      r.fingerprint = fp->Str("fingerprint");
      return r;
    }
    for (const char* sql : {"SELECT applicant_sealed AS v FROM applications WHERE applicant_sealed <> '' LIMIT 1",
                            "SELECT contact_sealed AS v FROM feedback_cases WHERE contact_sealed <> '' LIMIT 1"}) {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql));
      if (row) {
        r.sealed = row->Str("v");
        break;
      }
    }
    return r;
  });
}

Status WrongKey(const SecurityConfig& security) {
  std::string which = security.data_key.empty() ? "the data key in " + security.data_key_file : "GONGKAI_DATA_KEY";
  return FailedPrecondition(which + " is not the key this database's personal data is sealed with: configure the key "
                            "file that belongs to it (the one backed up with it; docs/operations.md, \"Backups\")");
}

}  // namespace

std::string KeyFingerprint(const DataKey& key) { return key.Mac("gkkeyid1", "gongkai data key"); }

Result<DataKey> OpenDataKey(store::Database& db, const Clock& clock, const SecurityConfig& security) {
  ASSIGN_OR_RETURN(Recorded recorded, ReadRecorded(db));
  std::error_code ec;
  if (security.data_key.empty() && !security.data_key_file.empty() &&
      !std::filesystem::exists(security.data_key_file, ec) && (recorded.fingerprint || recorded.sealed)) {
    return FailedPrecondition("the data key file " + security.data_key_file +
                              " does not exist, but this database holds personal data sealed with its key: restore "
                              "that key file (backed up with the database; docs/operations.md, \"Backups\"). A new "
                              "key would leave the data unreadable, so none is created");
  }
  ASSIGN_OR_RETURN(DataKey key, LoadDataKey(security));
  const std::string fingerprint = KeyFingerprint(key);
  if (recorded.fingerprint) {
    if (*recorded.fingerprint != fingerprint) return WrongKey(security);
    return key;
  }
  if (recorded.sealed && !key.Open(*recorded.sealed).ok()) return WrongKey(security);
  // First use: record it (another node starting at the same moment may have
  // recorded its own; then the two must agree).
  RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) {
    return tx.Exec("INSERT INTO data_key_check (id, fingerprint, recorded_at) VALUES (1, ?, ?) "
                   "ON CONFLICT (id) DO NOTHING", {fingerprint, Now(clock)}).status();
  }));
  ASSIGN_OR_RETURN(Recorded now, ReadRecorded(db));
  if (now.fingerprint != fingerprint) return WrongKey(security);
  return key;
}

}  // namespace gk::accounts
