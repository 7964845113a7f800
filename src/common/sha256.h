// SHA-256 of a byte string as lower-case hex (OpenSSL's libcrypto does the work).
#pragma once

#include <string>
#include <string_view>

namespace konform {

std::string Sha256Hex(std::string_view data);

}  // namespace konform
