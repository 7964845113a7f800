#include "eval/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace konform::eval {

std::optional<double> ParseNumber(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return std::nullopt;
  text = text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
  // Decimal notation only: digits with an optional sign, point and exponent.
  size_t i = 0;
  if (text[i] == '+' || text[i] == '-') ++i;
  size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    size_t exponent_digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++exponent_digits;
    if (exponent_digits == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  const char* first = text.data() + (text[0] == '+' ? 1 : 0);
  double value = 0;
  auto [end, error] = std::from_chars(first, text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ParseBoolean(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return std::nullopt;
  text = text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return std::nullopt;
}

std::string FormatNumber(double value) {
  char buffer[64];
  if (std::fabs(value) < 1e15 && value == std::floor(value)) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return std::string(buffer) == "-0" ? "0" : buffer;
  }
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

std::string ToDisplayString(const Value& value) {
  switch (value.v.index()) {
    case 0:
      return value.as_bool() ? "true" : "false";
    case 1:
      return FormatNumber(value.as_number());
    case 2:
      return value.as_string();
    case 3:
      return FormatIsoDate(value.as_date());
    case 4: {
      std::string out, scratch;
      for (const xml::NodeRef& node : value.nodes()) {
        if (!out.empty()) out += ", ";
        out += xml::NodeValue(node, scratch);
      }
      return out;
    }
    case 5: {
      std::string out;
      for (const Value& item : value.set().items) {
        if (!out.empty()) out += ", ";
        out += ToDisplayString(item);
      }
      return "{" + out + "}";
    }
    default:
      return "<error: " + value.error().message + ">";
  }
}

}  // namespace konform::eval
