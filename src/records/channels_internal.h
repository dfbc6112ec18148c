// Internal to the channels service (channels.cc, channel_documents.cc,
// channel_push.cc): what the releases, their artifacts and the 公众号
// outbox share. Not for other modules.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "base/clock.h"
#include "base/status.h"
#include "records/channels.h"

namespace gk::records::internal {

inline constexpr size_t kMaxPlaceChars = 100;

// The China date ("YYYY-MM-DD") of a stored UTC time.
std::string ChinaDay(const std::string& utc);
// "2026年6月1日" for "2026-06-01" (the text itself when it is not a date).
std::string ChineseDay(const std::string& iso);
// PermissionDenied unless `who` is the 公开办: "只有公开办可以" + what.
Status RequireOffice(const accounts::Principal& who, const char* what);

// An image attachment that goes into a 公众号 package.
struct Image {
  std::string name, type, data;
};
// ".png", ".jpg" or ".gif" for an image type the package takes, "" otherwise.
std::string ImageExtension(const std::string& type);
// The 公众号 article package (zip: article.json, content.html, images/).
Result<std::string> WechatPackage(const PublishedText& t, const std::string& account,
                                  const std::vector<Image>& images);

}  // namespace gk::records::internal
