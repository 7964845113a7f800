// Calendar dates (proleptic Gregorian), as used by the rule language and the documents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace konform {

struct Date {
  int32_t days = 0;  // days since 1970-01-01

  friend bool operator==(Date a, Date b) { return a.days == b.days; }
  friend bool operator<(Date a, Date b) { return a.days < b.days; }
};

// Parses exactly "YYYY-MM-DD" with a real calendar day; nullopt otherwise.
std::optional<Date> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(Date date);
Date DateFromCivil(int32_t year, uint32_t month, uint32_t day);
void CivilFromDate(Date date, int32_t& year, uint32_t& month, uint32_t& day);
Date Today();

}  // namespace konform
