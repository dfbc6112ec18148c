// gongkai key: rotation of the data key's sealing key (docs/operations.md,
// "Key rotation"). `add` puts a new key in the key file, `use` makes it the
// one that seals, `reseal` seals every stored value again with it, `retire`
// takes an old key out of the file once nothing is sealed with it, and
// `status` says where things stand. Each step that changes the file is
// followed by copying the file to every node and restarting them in turn,
// so that no node meets a value sealed with a key it does not hold.
#include "cli/cli_internal.h"

#include <iostream>

#include "accounts/data_key.h"

namespace gk::cli {
namespace {
using namespace internal;

// The configuration, the database and the data key checked against it.
struct Opened {
  Config config;
  std::unique_ptr<store::Database> db;
  DataKey key;
};

Result<Opened> Open(const Options& o, bool changes_file) {
  ASSIGN_OR_RETURN(Config c, LoadEffectiveConfig(o));
  DefaultDataKeyFile(c);
  if (changes_file && !c.security.data_key.empty()) {
    return FailedPrecondition("the data key comes from GONGKAI_DATA_KEY, so there is no key file to change: put the "
                              "key in a file (security.data_key_file) to rotate it");
  }
  if (changes_file && c.security.data_key_file.empty()) {
    return FailedPrecondition("no data key file is configured (security.data_key_file)");
  }
  ASSIGN_OR_RETURN(auto db, OpenMigrated(c));
  ASSIGN_OR_RETURN(DataKey key, accounts::OpenDataKey(*db, SystemClock(), c.security));
  return Opened{std::move(c), std::move(db), std::move(key)};
}

std::string KeyList(const DataKey& key) {
  std::string out;
  for (int v : key.versions()) out += (out.empty() ? "" : ", ") + std::to_string(v);
  return out;
}

void PrintKeys(const DataKey& key) {
  std::cout << "keys held: " << KeyList(key) << "; sealing with key " << key.seal_version() << "\n";
}

constexpr char kDistribute[] =
    "copy the key file to every node and restart the nodes one at a time (docs/operations.md, \"Key rotation\")";

int ShowStatus(const Options& o) {
  auto k = Open(o, false);
  if (!k.ok()) return Fail(k.status());
  PrintKeys(k->key);
  auto counts = accounts::CountSealed(*k->db);
  if (!counts.ok()) return Fail(counts.status());
  for (const auto& c : *counts) {
    std::cout << c.table << ":";
    if (c.by_key.empty()) std::cout << " no sealed values";
    for (const auto& [version, n] : c.by_key) {
      std::cout << " " << n << (version ? " with key " + std::to_string(version) : " malformed");
    }
    std::cout << "\n";
  }
  return 0;
}

int Add(const Options& o) {
  auto k = Open(o, true);
  if (!k.ok()) return Fail(k.status());
  int version = k->key.AddKey();
  if (Status s = WriteDataKeyFile(k->config.security.data_key_file, k->key); !s.ok()) return Fail(s);
  std::cout << "added key " << version << " to " << k->config.security.data_key_file << "; it opens values but "
            << "does not seal yet\n";
  PrintKeys(k->key);
  std::cout << "next: " << kDistribute << ", then run: gongkai key use " << version << "\n";
  return 0;
}

int Use(const Options& o, int version) {
  auto k = Open(o, true);
  if (!k.ok()) return Fail(k.status());
  if (Status s = k->key.SealWith(version); !s.ok()) return Fail(s);
  if (Status s = WriteDataKeyFile(k->config.security.data_key_file, k->key); !s.ok()) return Fail(s);
  PrintKeys(k->key);
  std::cout << "next: " << kDistribute << ", then run: gongkai key reseal\n";
  return 0;
}

int Reseal(const Options& o, int batch) {
  auto k = Open(o, false);
  if (!k.ok()) return Fail(k.status());
  PrintKeys(k->key);
  auto done = accounts::Reseal(*k->db, k->key, batch);
  if (!done.ok()) return Fail(done.status());
  int64_t unopened = 0;
  for (const auto& d : *done) {
    std::cout << d.table << ": " << d.resealed << " sealed again, " << d.unchanged << " already with key "
              << k->key.seal_version() << " or empty";
    if (d.unopened) std::cout << ", " << d.unopened << " COULD NOT BE OPENED";
    std::cout << "\n";
    unopened += d.unopened;
  }
  if (unopened) {
    std::cout << unopened << " value(s) are sealed with a key the file does not hold, or were altered; they are "
              << "left as they are (gongkai key status shows with which key)\n";
    return kExitFailure;
  }
  std::cout << "every sealed value is now sealed with key " << k->key.seal_version() << "\n";
  return 0;
}

int Retire(const Options& o, int version) {
  auto k = Open(o, true);
  if (!k.ok()) return Fail(k.status());
  if (Status s = accounts::RetireKey(*k->db, SystemClock(), k->key, version); !s.ok()) return Fail(s);
  if (Status s = WriteDataKeyFile(k->config.security.data_key_file, k->key); !s.ok()) return Fail(s);
  std::cout << "retired key " << version << "\n";
  PrintKeys(k->key);
  std::cout << "next: " << kDistribute << "; a node with an older file now refuses to start. The backups taken "
            << "before the rotation need the key file of their time: keep that file with them\n";
  return 0;
}

}  // namespace

namespace internal {

void AddKey(CLI::App* cmd, Options& o, int& rc) {
  cmd->require_subcommand(1);
  auto* status = cmd->add_subcommand("status", "the keys in the key file, and how many values each one sealed");
  AddCommonOptions(status, o);
  status->callback([&o, &rc] { rc = ShowStatus(o); });

  auto* add = cmd->add_subcommand("add", "add a new key to the key file (it opens values; it does not seal yet)");
  AddCommonOptions(add, o);
  add->callback([&o, &rc] { rc = Add(o); });

  auto version = std::make_shared<int>(0);
  auto* use = cmd->add_subcommand("use", "make key N the one that seals new values");
  AddCommonOptions(use, o);
  use->add_option("N", *version, "the key's number")->required();
  use->callback([&o, &rc, version] { rc = Use(o, *version); });

  auto batch = std::make_shared<int>(500);
  auto* reseal = cmd->add_subcommand("reseal", "seal every stored value again with the sealing key, in batches");
  AddCommonOptions(reseal, o);
  reseal->add_option("--batch", *batch, "rows per transaction (default 500)");
  reseal->callback([&o, &rc, batch] { rc = Reseal(o, *batch); });

  auto retired = std::make_shared<int>(0);
  auto* retire = cmd->add_subcommand("retire", "take key N out of the key file once nothing is sealed with it");
  AddCommonOptions(retire, o);
  retire->add_option("N", *retired, "the key's number")->required();
  retire->callback([&o, &rc, retired] { rc = Retire(o, *retired); });
}

}  // namespace internal
}  // namespace gk::cli
