// Text from the input (documents, file names, waiver and rule files) shown on a terminal.
//
// A proposal may contain control characters: ESC starts sequences that retitle the window,
// move the cursor or rewrite the screen, BEL rings, CR returns to the start of the line. In
// reports and diagnostics meant for terminals they are shown in a visible form instead, as a
// programmer would write them:
//
//   LF, CR                                          \n, \r
//   other C0 controls, DEL, C1 controls (U+0080–U+009F)   \x and two hex digits: \x1b, \x07, \x9b
//   a byte that is not part of valid UTF-8          \x and its value: \xff
//   U+2028, U+2029 (line and paragraph separator)   \u and four hex digits: \u2028
//   bidirectional formatting characters (U+202A–U+202E, U+2066–U+2069), which
//   reorder how the text around them is displayed   \u202e
//
// Tab is kept (harmless, and source lines keep their alignment). Backslashes are not
// doubled: the form is for reading, not for decoding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace konform {

// Control characters: C0, DEL and C1.
bool IsControl(char32_t cp);

// U+2028, U+2029 and the bidirectional formatting characters (embeddings, overrides,
// isolates).
bool IsSeparatorOrBidi(char32_t cp);

// The text with every control character escaped except those in `keep` (ASCII controls,
// e.g. "\t\n"), and separators and bidirectional formatting characters escaped.
std::string EscapeControls(std::string_view text, std::string_view keep);

// One line of output: everything escaped except tab.
std::string TerminalText(std::string_view text);

// Text that is several lines by design (a rendered diagnostic): as TerminalText, LF kept.
std::string TerminalLines(std::string_view text);

// A source line with a caret line under `column` (1-based, in code points) and `width` - 1
// tildes after it, in the style "    41 | text\n       | ^~~~\n"; the line escaped as
// TerminalText, with the caret still under the same character. Empty for a line longer than
// 300 bytes (minified input: a caret line would not help).
std::string RenderSourceLine(uint32_t line_number, std::string_view line, uint32_t column,
                             uint32_t width, bool color);

// Length (1 to 4) of the valid UTF-8 sequence at text[at], with its code point in `cp`; 0 if
// the bytes there are not valid UTF-8 (overlong forms, surrogates and values above U+10FFFF
// are not).
size_t DecodeUtf8(std::string_view text, size_t at, char32_t& cp);

}  // namespace konform
