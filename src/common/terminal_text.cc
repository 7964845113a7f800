#include "common/terminal_text.h"

namespace konform {
namespace {

// Appends `prefix` and the lowest `digits` hex digits of `value`: \x1b, \u202e.
void AppendHex(std::string& out, const char* prefix, unsigned value, int digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out += prefix;
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += kDigits[(value >> shift) & 0xF];
}

// Appends the visible form of the character (or invalid byte) at text[at] to `out`; returns
// how many bytes of `text` it took, and sets `escaped`.
size_t AppendVisible(std::string_view text, size_t at, std::string_view keep, std::string& out,
                     bool& escaped) {
  char32_t cp = 0;
  size_t length = DecodeUtf8(text, at, cp);
  escaped = true;
  if (length == 0) {
    AppendHex(out, "\\x", static_cast<unsigned char>(text[at]), 2);
    return 1;
  }
  if (IsSeparatorOrBidi(cp)) {
    AppendHex(out, "\\u", static_cast<unsigned>(cp), 4);
  } else if (!IsControl(cp) ||
             (cp < 0x80 && keep.find(static_cast<char>(cp)) != std::string_view::npos)) {
    escaped = false;
    out.append(text.substr(at, length));
  } else if (cp == '\n') {
    out += "\\n";
  } else if (cp == '\r') {
    out += "\\r";
  } else {
    AppendHex(out, "\\x", static_cast<unsigned>(cp), 2);
  }
  return length;
}

}  // namespace

bool IsControl(char32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F); }

bool IsSeparatorOrBidi(char32_t cp) {
  return (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t DecodeUtf8(std::string_view text, size_t at, char32_t& cp) {
  const unsigned char lead = static_cast<unsigned char>(text[at]);
  size_t length = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    const unsigned char c = static_cast<unsigned char>(text[at + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

std::string EscapeControls(std::string_view text, std::string_view keep) {
  // The common case, ASCII without controls, needs no decoding.
  bool plain = true;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x7F || (u < 0x20 && keep.find(c) == std::string_view::npos)) {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  bool escaped = false;
  for (size_t at = 0; at < text.size();) at += AppendVisible(text, at, keep, out, escaped);
  return out;
}

std::string TerminalText(std::string_view text) { return EscapeControls(text, "\t"); }

std::string TerminalLines(std::string_view text) { return EscapeControls(text, "\t\n"); }

std::string RenderSourceLine(uint32_t line_number, std::string_view line, uint32_t column,
                             uint32_t width, bool color) {
  if (line.size() > 300) return "";
  const std::string number = std::to_string(line_number);
  std::string out = "    " + number + " | ";
  // The caret line reproduces tabs and the width of escaped characters, so that the caret
  // stays under its column (columns count code points: bytes that do not continue one).
  std::string padding;
  uint32_t at_column = 1;
  for (size_t at = 0; at < line.size();) {
    const size_t before = out.size();
    bool escaped = false;
    const size_t length = AppendVisible(line, at, "\t", out, escaped);
    if (at_column < column) {
      if (escaped) {
        padding.append(out.size() - before, ' ');
      } else {
        padding += line[at] == '\t' ? '\t' : ' ';
      }
    }
    for (size_t k = at; k < at + length; ++k) {
      if ((static_cast<unsigned char>(line[k]) & 0xC0) != 0x80) ++at_column;
    }
    at += length;
  }
  out += "\n" + std::string(number.size() + 4, ' ') + " | " + padding;
  if (color) out += "\033[1;32m";
  out += '^';
  out += std::string(width > 1 ? width - 1 : 0, '~');
  if (color) out += "\033[0m";
  out += '\n';
  return out;
}

}  // namespace konform
