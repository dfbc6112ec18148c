#include "web/page_cache.h"

namespace gk::web {

size_t CachedPage::Bytes() const {
  size_t n = body.size() + (file ? file->size() : 0) + sizeof(CachedPage);
  for (const auto& [k, v] : headers) n += k.size() + v.size();
  return n;
}

std::shared_ptr<const CachedPage> PageCache::Find(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  if (it->second->second->expires <= std::chrono::steady_clock::now()) {
    EraseLocked(it->second);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void PageCache::Put(const std::string& key, CachedPage page) {
  size_t size = page.Bytes() + key.size();
  if (capacity_ == 0 || size > capacity_ / 8) return;
  auto entry = std::make_shared<const CachedPage>(std::move(page));
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) EraseLocked(it->second);
  while (!lru_.empty() && bytes_ + size > capacity_) EraseLocked(std::prev(lru_.end()));
  lru_.emplace_front(key, std::move(entry));
  index_.emplace(key, lru_.begin());
  bytes_ += size;
}

void PageCache::Erase(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) EraseLocked(it->second);
}

void PageCache::EraseLocked(Lru::iterator it) {
  bytes_ -= it->second->Bytes() + it->first.size();
  index_.erase(it->first);
  lru_.erase(it);
}

size_t PageCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

size_t PageCache::entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return index_.size();
}

std::optional<int64_t> GenerationCache::Fresh(int64_t scope, std::chrono::steady_clock::time_point now,
                                              int64_t local) {
  if (recheck_.count() <= 0) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = seen_.find(scope);
  if (it == seen_.end() || it->second.local != local || now - it->second.read_at >= recheck_) return std::nullopt;
  return it->second.generation;
}

void GenerationCache::Remember(int64_t scope, int64_t generation, std::chrono::steady_clock::time_point read_at,
                               int64_t local) {
  if (recheck_.count() <= 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  Seen& s = seen_[scope];
  // Concurrent readers may finish out of order: keep the latest read. (A
  // counter only grows; a read that saw a smaller one started earlier.)
  if (generation < s.generation || (generation == s.generation && read_at < s.read_at)) return;
  s = Seen{generation, read_at, local};
}

Result<int64_t> GenerationCache::Of(int64_t scope) {
  // The local count and the time are taken before the read: a change made
  // during it makes the next request read again.
  const int64_t local = accounts::LocalPortalChanges();
  const auto now = std::chrono::steady_clock::now();
  if (auto g = Fresh(scope, now, local)) return *g;
  ASSIGN_OR_RETURN(int64_t g, db_.Read<int64_t>([&](store::Tx& tx) { return accounts::ReadPortalGeneration(tx, scope); }));
  Remember(scope, g, now, local);
  return g;
}

Result<accounts::PortalGenerations> GenerationCache::ForAgency(int64_t agency_id) {
  const int64_t local = accounts::LocalPortalChanges();
  const auto now = std::chrono::steady_clock::now();
  auto platform = Fresh(accounts::kPlatformScope, now, local);
  auto agency = Fresh(agency_id, now, local);
  if (platform && agency) return accounts::PortalGenerations{*platform, *agency};
  ASSIGN_OR_RETURN(auto g, db_.Read<accounts::PortalGenerations>(
                               [&](store::Tx& tx) { return accounts::ReadPortalGenerations(tx, agency_id); }));
  Remember(accounts::kPlatformScope, g.platform, now, local);
  Remember(agency_id, g.agency, now, local);
  return g;
}

}  // namespace gk::web
