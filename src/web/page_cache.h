// The in-process cache of rendered public pages (docs/architecture.md, "The
// portal's caches"): anonymous GETs of the routes that show only published
// content, keyed by what selects the page (the host's column, the path with
// its column prefix, the query), each kept with the generation counter of
// its scope (accounts/portal_generation.h) read before it was rendered.
#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gk::web {

struct CachedPage {
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type, Cache-Control, ETag, …
  std::string body;
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

}  // namespace gk::web
