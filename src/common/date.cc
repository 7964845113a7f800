#include "common/date.h"

#include <chrono>
#include <cstdio>

namespace konform {

// Howard Hinnant's well-known days-from-civil algorithm, written out for C++17.
Date DateFromCivil(int32_t year, uint32_t month, uint32_t day) {
  year -= month <= 2;
  const int32_t era = (year >= 0 ? year : year - 399) / 400;
  const uint32_t yoe = static_cast<uint32_t>(year - era * 400);
  const uint32_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date{era * 146097 + static_cast<int32_t>(doe) - 719468};
}

void CivilFromDate(Date date, int32_t& year, uint32_t& month, uint32_t& day) {
  const int32_t z = date.days + 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const uint32_t doe = static_cast<uint32_t>(z - era * 146097);
  const uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const uint32_t mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int32_t>(yoe) + era * 400 + (month <= 2);
}

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t count, uint32_t& out) {
    out = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + static_cast<uint32_t>(text[i] - '0');
    }
    return true;
  };
  uint32_t year, month, day;
  if (!digits(0, 4, year) || !digits(5, 2, month) || !digits(8, 2, day)) return std::nullopt;
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  static const uint32_t kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  uint32_t limit = kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day > limit) return std::nullopt;
  return DateFromCivil(static_cast<int32_t>(year), month, day);
}

std::string FormatIsoDate(Date date) {
  int32_t year;
  uint32_t month, day;
  CivilFromDate(date, year, month, day);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", year, month, day);
  return buffer;
}

Date Today() {
  using namespace std::chrono;
  auto now = time_point_cast<hours>(system_clock::now());
  return Date{static_cast<int32_t>(now.time_since_epoch().count() / 24)};
}

}  // namespace konform
