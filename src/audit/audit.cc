#include "audit/audit.h"

#include "base/crypto.h"

namespace gk::audit {
namespace {

const std::string kGenesis(64, '0');

struct Fields {
  int64_t agency_id;
  int64_t seq;
  std::string at;
  std::string actor_id;
  std::string actor;
  std::string action;
  std::string object_type;
  std::string object_id;
  std::string before_digest;
  std::string after_digest;
  std::string detail;
  std::string prev_hash;
};

// Length-prefixed fields so that no two different rows serialise alike.
std::string ChainHash(const Fields& f) {
  std::string s = "gk-audit-v1\n";
  auto add = [&](const std::string& v) { s += std::to_string(v.size()) + ":" + v + "\n"; };
  add(std::to_string(f.agency_id));
  add(std::to_string(f.seq));
  add(f.at);
  add(f.actor_id);
  add(f.actor);
  add(f.action);
  add(f.object_type);
  add(f.object_id);
  add(f.before_digest);
  add(f.after_digest);
  add(f.detail);
  add(f.prev_hash);
  return Blake2bHex(s);
}

constexpr const char* kSelectColumns =
    "SELECT id, agency_id, seq, at, actor_id, actor, action, object_type, object_id, "
    "before_digest, after_digest, detail, prev_hash, hash FROM audit_log ";

Fields FieldsOf(const store::Row& r) {
  return Fields{r.Int("agency_id"),     r.Int("seq"),          r.Str("at"),          r.Str("actor_id"),
                r.Str("actor"),         r.Str("action"),       r.Str("object_type"), r.Str("object_id"),
                r.Str("before_digest"), r.Str("after_digest"), r.Str("detail"),      r.Str("prev_hash")};
}

// Checks one agency's chain; sets report->first_break at the first problem.
Status VerifyAgency(store::Tx& tx, int64_t agency_id, VerifyReport* report) {
  ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kSelectColumns) +
                                           "WHERE agency_id = ? ORDER BY seq", {agency_id}));
  std::string prev = kGenesis;
  int64_t expected_seq = 1;
  auto where = [&](const store::Row& r) {
    return "agency " + std::to_string(agency_id) + " seq " + std::to_string(r.Int("seq")) +
           " (row id " + std::to_string(r.Int("id")) + "): ";
  };
  for (const store::Row& r : rows) {
    ++report->entries_checked;
    Fields f = FieldsOf(r);
    if (f.seq != expected_seq) {
      report->first_break = "agency " + std::to_string(agency_id) + ": entry seq " +
                            std::to_string(expected_seq) + " is missing (next present is seq " +
                            std::to_string(f.seq) + ")";
      return Status::Ok();
    }
    if (f.prev_hash != prev) {
      report->first_break = where(r) + "previous-hash link does not match the entry before it";
      return Status::Ok();
    }
    if (ChainHash(f) != r.Str("hash")) {
      report->first_break = where(r) + "stored hash does not match its contents";
      return Status::Ok();
    }
    prev = r.Str("hash");
    ++expected_seq;
  }
  ASSIGN_OR_RETURN(auto head, tx.QueryOne("SELECT seq, hash FROM audit_head WHERE agency_id = ?",
                                          {agency_id}));
  int64_t head_seq = head ? head->Int("seq") : 0;
  std::string head_hash = head ? head->Str("hash") : kGenesis;
  if (head_seq != expected_seq - 1 || head_hash != prev) {
    report->first_break = "agency " + std::to_string(agency_id) + ": the chain ends at seq " +
                          std::to_string(expected_seq - 1) + " but the head records seq " +
                          std::to_string(head_seq) + " (entries were removed from the end)";
  }
  return Status::Ok();
}

}  // namespace

std::string StateDigest(const std::string& state) { return state.empty() ? "-" : Blake2bHex(state); }

Status Append(store::Tx& tx, const Clock& clock, const Entry& e) {
  std::string lock = tx.dialect() == store::Dialect::kPostgres ? " FOR UPDATE" : "";
  ASSIGN_OR_RETURN(auto head, tx.QueryOne("SELECT seq, hash FROM audit_head WHERE agency_id = ?" + lock,
                                          {e.agency_id}));
  Fields f;
  f.agency_id = e.agency_id;
  f.seq = head ? head->Int("seq") + 1 : 1;
  f.at = Now(clock);
  f.actor_id = e.actor.user_id ? std::to_string(*e.actor.user_id) : "";
  f.actor = e.actor.label;
  f.action = e.action;
  f.object_type = e.object_type;
  f.object_id = e.object_id;
  f.before_digest = StateDigest(e.before);
  f.after_digest = StateDigest(e.after);
  f.detail = e.detail;
  f.prev_hash = head ? head->Str("hash") : kGenesis;
  std::string hash = ChainHash(f);
  store::Value actor_id = e.actor.user_id ? store::Value(*e.actor.user_id) : store::Value(nullptr);
  RETURN_IF_ERROR(tx.Exec("INSERT INTO audit_log (agency_id, seq, at, actor_id, actor, action, "
                          "object_type, object_id, before_digest, after_digest, detail, prev_hash, hash) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          {f.agency_id, f.seq, f.at, actor_id, f.actor, f.action, f.object_type,
                           f.object_id, f.before_digest, f.after_digest, f.detail, f.prev_hash, hash})
                      .status());
  if (head) {
    RETURN_IF_ERROR(tx.Exec("UPDATE audit_head SET seq = ?, hash = ? WHERE agency_id = ?",
                            {f.seq, hash, e.agency_id}).status());
  } else {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO audit_head (agency_id, seq, hash) VALUES (?, ?, ?)",
                            {e.agency_id, f.seq, hash}).status());
  }
  return Status::Ok();
}

Result<PageOf<Record>> Recent(store::Tx& tx, int64_t agency_id, const PageSpec& page) {
  std::string sql = "SELECT id, seq, at, actor, action, object_type, object_id, detail, hash FROM audit_log "
                    "WHERE agency_id = ?";
  std::vector<store::Value> params = {agency_id};
  if (page.after) {
    sql += " AND seq < ?";
    params.emplace_back(page.after->id);
  }
  params.emplace_back(int64_t{page.limit} + 1);
  ASSIGN_OR_RETURN(auto rows, tx.Query(sql + " ORDER BY seq DESC LIMIT ?", params));
  std::vector<Record> out;
  for (const auto& r : rows) {
    out.push_back(Record{r.Int("id"), r.Int("seq"), r.Str("at"), r.Str("actor"), r.Str("action"), r.Str("object_type"),
                         r.Str("object_id"), r.Str("detail"), r.Str("hash")});
  }
  return TakePage(std::move(out), page.limit, [](const Record& r) { return SeekKey{"", r.seq}; });
}

Result<VerifyReport> Verify(store::Database& db) {
  VerifyReport report;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto agencies,
                     tx.Query("SELECT id FROM agencies UNION SELECT agency_id FROM audit_log "
                              "UNION SELECT agency_id FROM audit_head ORDER BY 1"));
    for (const auto& a : agencies) {
      RETURN_IF_ERROR(VerifyAgency(tx, a.Int("id"), &report));
      if (!report.ok()) break;
    }
    return Status::Ok();
  }));
  return report;
}

}  // namespace gk::audit
