#include "web/page_cache.h"

namespace gk::web {

size_t CachedPage::Bytes() const {
  size_t n = body.size() + sizeof(CachedPage);
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

}  // namespace gk::web
