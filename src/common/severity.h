// Severity of a rule and of its findings.
#pragma once

#include <optional>
#include <string_view>

namespace konform {

// Ordered from most to least severe.
enum class Severity { kError = 0, kWarning = 1, kInfo = 2 };

const char* SeverityName(Severity severity);  // "error", "warning", "info"
std::optional<Severity> ParseSeverity(std::string_view text);

}  // namespace konform
