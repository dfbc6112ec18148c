#include "accounts/data_key.h"

#include <filesystem>
#include <optional>

#include "accounts/context.h"

namespace gk::accounts {

const std::vector<SealedColumn> kSealedColumns = {
    {"applications", "applicant_sealed"},
    {"explanation_requests", "contact_sealed"},
    {"correction_requests", "contact_sealed"},
    {"feedback_cases", "contact_sealed"},
};

namespace {

struct Page {
  std::vector<std::pair<int64_t, std::string>> rows;  // id, sealed value
  int64_t last_id = 0;
};

// Up to `limit` rows of column `c` after id `after`.
Result<Page> ReadPage(store::Tx& tx, const SealedColumn& c, int64_t after, int limit) {
  ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT id, ") + c.column + " AS v FROM " + c.table +
                                           " WHERE id > ? ORDER BY id LIMIT ?",
                                       {after, static_cast<int64_t>(limit)}));
  Page page;
  page.last_id = after;
  for (const auto& r : rows) {
    page.rows.emplace_back(r.Int("id"), r.Str("v"));
    page.last_id = r.Int("id");
  }
  return page;
}

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
    for (const SealedColumn& c : kSealedColumns) {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + c.column + " AS v FROM " + c.table + " WHERE " +
                                             c.column + " <> '' LIMIT 1"));
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
    ASSIGN_OR_RETURN(bool retired, db.Read<bool>([&](store::Tx& tx) -> Result<bool> {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT retired_at FROM data_key_retired WHERE version = ?",
                                             {static_cast<int64_t>(key.seal_version())}));
      return row.has_value();
    }));
    if (retired) {
      return FailedPrecondition("the data key seals with key " + std::to_string(key.seal_version()) +
                                ", which was retired: this key file is from before a rotation; configure the "
                                "current one (docs/operations.md, \"Key rotation\")");
    }
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

Result<std::vector<SealedCount>> CountSealed(store::Database& db) {
  std::vector<SealedCount> out;
  for (const SealedColumn& c : kSealedColumns) {
    SealedCount count{c.table, {}};
    for (int64_t after = 0;;) {
      ASSIGN_OR_RETURN(Page page, db.Read<Page>([&](store::Tx& tx) { return ReadPage(tx, c, after, 2000); }));
      for (const auto& [id, sealed] : page.rows) {
        if (!sealed.empty()) ++count.by_key[DataKey::VersionOf(sealed)];
      }
      if (page.rows.empty()) break;
      after = page.last_id;
    }
    out.push_back(std::move(count));
  }
  return out;
}

Result<std::vector<Resealed>> Reseal(store::Database& db, const DataKey& key, int batch) {
  if (batch < 1) return InvalidArgument("the batch size must be at least 1");
  std::vector<Resealed> out;
  for (const SealedColumn& c : kSealedColumns) {
    Resealed done{c.table};
    const std::string update =
        std::string("UPDATE ") + c.table + " SET " + c.column + " = ? WHERE id = ? AND " + c.column + " = ?";
    for (int64_t after = 0;;) {
      Resealed step{c.table};
      ASSIGN_OR_RETURN(Page page, db.Transact<Page>([&](store::Tx& tx) -> Result<Page> {
        step = Resealed{c.table};  // a retried transaction counts afresh
        ASSIGN_OR_RETURN(Page p, ReadPage(tx, c, after, batch));
        for (const auto& [id, sealed] : p.rows) {
          if (sealed.empty() || DataKey::VersionOf(sealed) == key.seal_version()) {
            ++step.unchanged;
            continue;
          }
          auto plain = key.Open(sealed);
          if (!plain.ok()) {
            ++step.unopened;
            continue;
          }
          ASSIGN_OR_RETURN(int64_t n, tx.Exec(update, {key.Seal(*plain), id, sealed}));
          (n == 1 ? step.resealed : step.unchanged) += 1;
        }
        return p;
      }));
      done.resealed += step.resealed;
      done.unchanged += step.unchanged;
      done.unopened += step.unopened;
      if (page.rows.empty()) break;
      after = page.last_id;
    }
    out.push_back(std::move(done));
  }
  return out;
}

Status RetireKey(store::Database& db, const Clock& clock, DataKey& key, int version) {
  if (version == key.seal_version()) return key.Retire(version);  // its refusal
  ASSIGN_OR_RETURN(auto counts, CountSealed(db));
  int64_t left = 0;
  for (const auto& c : counts) {
    if (auto it = c.by_key.find(version); it != c.by_key.end()) left += it->second;
  }
  if (left) {
    return FailedPrecondition(std::to_string(left) + " value(s) are still sealed with key " + std::to_string(version) +
                              ": run gongkai key reseal first");
  }
  DataKey next = key;
  RETURN_IF_ERROR(next.Retire(version));
  RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) {
    return tx.Exec("INSERT INTO data_key_retired (version, retired_at) VALUES (?, ?) ON CONFLICT (version) DO NOTHING",
                   {static_cast<int64_t>(version), Now(clock)}).status();
  }));
  key = std::move(next);
  return Status::Ok();
}

}  // namespace gk::accounts
