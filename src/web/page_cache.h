// The in-process cache of rendered public pages (docs/architecture.md, "The
// portal's caches"): anonymous GETs of the routes that show only published
// content, keyed by what selects the page (the host's column, the path with
// its column prefix, the query), each kept with the generation counter of
// its scope (accounts/portal_generation.h) read before it was rendered; and
// the counters as this node last read them.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "accounts/portal_generation.h"
#include "base/status.h"
#include "disclosure/portal.h"
#include "store/db.h"
#include "web/http.h"

namespace gk::web {

struct CachedPage {
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type, Cache-Control, ETag, …
  std::string body;
  // Instead of `body` for a large one (an attachment): the bytes in a sealed
  // memory file, sent with sendfile(2) (web::FileBytes). Counted in Bytes()
  // like a body; the file is closed when the entry is dropped and the last
  // response sending it is done.
  std::shared_ptr<const FileBytes> file;
  std::string route;       // the route's pattern, for the request metrics
  int64_t scope = 0;       // the agency id, or accounts::kPlatformScope
  int64_t generation = 0;  // the scope's counter read before rendering
  std::chrono::steady_clock::time_point expires;  // kept at most until then
  size_t Bytes() const;
};

// A byte-bounded LRU map. Thread-safe; entries are shared and immutable, so
// a hit copies nothing under the lock.
class PageCache {
 public:
  // capacity_bytes 0: nothing is kept.
  explicit PageCache(size_t capacity_bytes) : capacity_(capacity_bytes) {}

  // The entry of `key`, or nullptr (then also when it has expired). Marks it
  // as recently used.
  std::shared_ptr<const CachedPage> Find(const std::string& key);
  // Stores `page` under `key`, dropping the least recently used entries
  // until it fits; a page larger than an eighth of the capacity is not kept.
  void Put(const std::string& key, CachedPage page);
  // Drops the entry of `key` (found stale).
  void Erase(const std::string& key);

  // Whether a body of `bytes` bytes is small enough to be kept at all.
  bool Keeps(size_t bytes) const { return capacity_ > 0 && bytes + sizeof(CachedPage) <= capacity_ / 8; }

  size_t bytes() const;
  size_t entries() const;
  bool enabled() const { return capacity_ > 0; }

 private:
  using Lru = std::list<std::pair<std::string, std::shared_ptr<const CachedPage>>>;
  void EraseLocked(Lru::iterator it);

  const size_t capacity_;
  mutable std::mutex mu_;
  Lru lru_;                                                 // GUARDED_BY(mu_), most recent first
  std::unordered_map<std::string, Lru::iterator> index_;    // GUARDED_BY(mu_)
  size_t bytes_ = 0;                                        // GUARDED_BY(mu_)
};

// The portal's generation counters as this node last read them
// (docs/architecture.md, "The portal's caches"). A scope's counter is read
// from the database again when this node's copy was read more than
// `recheck` ago, or before this process's last portal change
// (accounts::LocalPortalChanges): so the node's own changes show on its next
// request, another node's within `recheck`. recheck 0: read every time.
// Thread-safe.
class GenerationCache {
 public:
  GenerationCache(store::Database& db, std::chrono::milliseconds recheck) : db_(db), recheck_(recheck) {}

  // The counter of one scope (an agency id or accounts::kPlatformScope).
  Result<int64_t> Of(int64_t scope);
  // The platform's and `agency_id`'s counters (one read when either is due).
  Result<accounts::PortalGenerations> ForAgency(int64_t agency_id);

 private:
  struct Seen {
    int64_t generation = 0;
    std::chrono::steady_clock::time_point read_at;
    int64_t local = 0;  // accounts::LocalPortalChanges() before the read
  };
  // The kept counter of `scope` if it may still be trusted.
  std::optional<int64_t> Fresh(int64_t scope, std::chrono::steady_clock::time_point now, int64_t local);
  void Remember(int64_t scope, int64_t generation, std::chrono::steady_clock::time_point read_at, int64_t local);

  store::Database& db_;
  const std::chrono::milliseconds recheck_;
  std::mutex mu_;
  std::unordered_map<int64_t, Seen> seen_;  // GUARDED_BY(mu_)
};

// A value derived from what one scope's portal shows, kept per scope with
// the generation counter it was read under and read again when the counter
// moved. The counter is the one GenerationCache gave the request (the one the
// rendered-page cache stores pages under), so a value is as fresh, on every
// node, as a cached page would be. One entry per scope (agency). Thread-safe.
template <typename T>
class PerGeneration {
 public:
  // The value kept for `scope` under `generation`, else `read()` kept.
  Result<std::shared_ptr<const T>> Get(int64_t scope, int64_t generation, const std::function<Result<T>()>& read) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = kept_.find(scope);
      if (it != kept_.end() && it->second.first == generation) return it->second.second;
    }
    // Read after the counter: a change in between leaves the value kept
    // under the older counter, so the next request reads it again.
    ASSIGN_OR_RETURN(T value, read());
    auto shared = std::make_shared<const T>(std::move(value));
    std::lock_guard<std::mutex> lock(mu_);
    auto& entry = kept_[scope];
    if (!entry.second || generation >= entry.first) entry = {generation, shared};
    return shared;
  }

 private:
  std::mutex mu_;
  std::unordered_map<int64_t, std::pair<int64_t, std::shared_ptr<const T>>> kept_;  // GUARDED_BY(mu_)
};

// What the App keeps per portal generation for the pages (Ctx::memo).
struct PortalMemo {
  // The catalog page's categories and per-category counts, per agency.
  PerGeneration<disclosure::PortalCatalog> catalog;
  // The agency's settings (accounts::LoadSettings), per agency: a settings
  // change increments the agency's generation.
  PerGeneration<std::map<std::string, std::string>> settings;
};

}  // namespace gk::web
