// Escaping shared by the writers.
#pragma once

#include <string>
#include <string_view>

namespace konform::report {

// The text as a JSON string literal, with quotes; control characters escaped, UTF-8 kept.
std::string JsonString(std::string_view text);

}  // namespace konform::report
