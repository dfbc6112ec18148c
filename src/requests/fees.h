// The information processing fee (信息处理费) of 国办函〔2020〕109号: free by
// default (条例 Art. 42); charged only above a quantity or frequency, by one of
// two methods per application, never both, with progressive (超额累进) rates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace gk::requests {

enum class FeeMethod { kByCount, kByVolume };  // 按件计收 / 按量计收

const char* FeeMethodKey(FeeMethod m);    // "count", "volume"
const char* FeeMethodLabel(FeeMethod m);  // 按件计收, 按量计收
std::optional<FeeMethod> FeeMethodFromKey(std::string_view key);

// One tier of the computation, for the fee notice.
struct FeeLine {
  int from = 0, to = 0;     // the applications (by count) or pages (by volume) of this tier, inclusive
  int64_t rate = 0;         // 元 per application / page
  int64_t amount = 0;       // 元
};

struct Fee {
  FeeMethod method = FeeMethod::kByCount;
  int64_t total = 0;  // 元
  std::vector<FeeLine> lines;
  std::string basis;  // the rule applied, in Chinese
};

// 按件计收 (Art. 4): the applicant's applications within one calendar month
// are numbered 1, 2, …; the 1st–10th are free, the 11th–30th cost 100 元 each,
// and from the 31st each further step of 10 adds 100 元 (31st–40th: 200 元,
// 41st–50th: 300 元, …). `earlier` is how many applications the same
// applicant made earlier in that month, `count` how many this fee covers
// (usually 1). InvalidArgument for negative or absurd numbers.
Result<Fee> FeeByCount(int earlier, int count);

// 按量计收 (Art. 5), per application: pages 1–30 free, 31–100 at 10 元,
// 101–200 at 20 元, from 201 at 40 元 per page.
Result<Fee> FeeByVolume(int pages);

// The rate of the n-th (1-based) application in a month under 按件计收.
int64_t CountRate(int n);

}  // namespace gk::requests
