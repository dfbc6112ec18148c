#include "requests/fees.h"

#include <algorithm>

namespace gk::requests {
namespace {

constexpr int kMaxUnits = 100000;

// Appends unit `n` at `rate` to the lines, merging it into the last line when
// the rate is the same.
void AddUnit(Fee& fee, int n, int64_t rate) {
  if (!fee.lines.empty() && fee.lines.back().rate == rate && fee.lines.back().to == n - 1) {
    fee.lines.back().to = n;
  } else {
    fee.lines.push_back({n, n, rate, 0});
  }
  fee.lines.back().amount += rate;
  fee.total += rate;
}

struct VolumeTier {
  int from, to;
  int64_t rate;
};
constexpr VolumeTier kVolumeTiers[] = {{1, 30, 0}, {31, 100, 10}, {101, 200, 20}, {201, kMaxUnits, 40}};

}  // namespace

const char* FeeMethodKey(FeeMethod m) { return m == FeeMethod::kByCount ? "count" : "volume"; }
const char* FeeMethodLabel(FeeMethod m) { return m == FeeMethod::kByCount ? "按件计收" : "按量计收"; }
std::optional<FeeMethod> FeeMethodFromKey(std::string_view key) {
  if (key == "count") return FeeMethod::kByCount;
  if (key == "volume") return FeeMethod::kByVolume;
  return std::nullopt;
}

int64_t CountRate(int n) {
  if (n <= 10) return 0;
  if (n <= 30) return 100;
  return 100 * (2 + (n - 31) / 10);
}

Result<Fee> FeeByCount(int earlier, int count) {
  if (earlier < 0 || count < 1 || earlier > kMaxUnits || count > kMaxUnits) {
    return InvalidArgument("申请件数无效");
  }
  Fee fee;
  fee.method = FeeMethod::kByCount;
  fee.basis = "《政府信息公开信息处理费管理办法》第四条：同一申请人一个自然月内累计申请10件以下（含10件）的不收费，"
              "11—30件（含30件）的部分每件收费100元，31件以上的部分以10件为一档，每增加一档，收费标准提高100元/件";
  for (int n = earlier + 1; n <= earlier + count; ++n) AddUnit(fee, n, CountRate(n));
  return fee;
}

Result<Fee> FeeByVolume(int pages) {
  if (pages < 1 || pages > kMaxUnits) return InvalidArgument("页数须为 1 至 100000");
  Fee fee;
  fee.method = FeeMethod::kByVolume;
  fee.basis = "《政府信息公开信息处理费管理办法》第五条：30页以下（含30页）的不收费，31—100页（含100页）的部分每页收费10元，"
              "101—200页（含200页）的部分每页收费20元，200页以上的部分每页收费40元";
  for (const VolumeTier& t : kVolumeTiers) {
    if (pages < t.from) break;
    int to = std::min(pages, t.to);
    int64_t amount = t.rate * (to - t.from + 1);
    fee.lines.push_back({t.from, to, t.rate, amount});
    fee.total += amount;
  }
  return fee;
}

}  // namespace gk::requests
