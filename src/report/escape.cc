#include "report/escape.h"

#include <cstdio>

#include "common/terminal_text.h"

namespace konform::report {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Calls `emit(code_point, bytes)` for each character of `text`; each invalid sequence is
// passed as U+FFFD (overlong forms, surrogates and values above U+10FFFF are invalid).
template <typename Emit>
void ForEachCodePoint(std::string_view text, Emit emit) {
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    if (size_t length = DecodeUtf8(text, i, cp)) {
      emit(cp, text.substr(i, length));
      i += length;
    } else {
      emit(char32_t{0xFFFD}, kReplacement);
      ++i;
    }
  }
}

bool XmlAllowed(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

std::string Xml(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](char32_t cp, std::string_view bytes) {
    switch (cp) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '\r':
        out += "&#13;";
        return;
      case '"':
        out += attribute ? "&quot;" : "\"";
        return;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        return;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        return;
      default:
        if (!XmlAllowed(cp)) return;
        if (cp >= 0x7F && (IsControl(cp) || IsSeparatorOrBidi(cp))) {
          // Allowed, but invisible or reordering: a character reference keeps the text exact
          // and shows it in the raw file.
          char buffer[16];
          std::snprintf(buffer, sizeof buffer, "&#x%X;", static_cast<unsigned>(cp));
          out += buffer;
        } else {
          out += bytes;
        }
    }
  });
  return out;
}

}  // namespace

std::string JsonString(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  size_t i = 0;
  while (i < text.size()) {
    // Runs of printable ASCII other than quote and backslash, the bulk of any report, are
    // copied in one piece.
    size_t run = i;
    while (run < text.size()) {
      const unsigned char c = static_cast<unsigned char>(text[run]);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') break;
      ++run;
    }
    out.append(text, i, run - i);
    i = run;
    if (i >= text.size()) break;
    char32_t cp = 0;
    size_t length = DecodeUtf8(text, i, cp);
    std::string_view bytes = text.substr(i, length);
    if (length == 0) {
      cp = 0xFFFD;
      bytes = kReplacement;
      length = 1;
    }
    i += length;
    switch (cp) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (IsControl(cp) || IsSeparatorOrBidi(cp)) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(cp));
          out += buffer;
        } else {
          out += bytes;
        }
    }
  }
  out += '"';
  return out;
}

std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](char32_t, std::string_view bytes) { out += bytes; });
  return out;
}

std::string XmlText(std::string_view text) { return Xml(text, false); }

std::string XmlAttribute(std::string_view text) { return Xml(text, true); }

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](char32_t cp, std::string_view bytes) {
    switch (cp) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '"':
        out += "&quot;";
        return;
      case '\'':
        out += "&#39;";
        return;
      default:
        // C0 controls other than whitespace are parse errors in HTML: dropped. DEL, C1 and
        // the reordering characters are shown.
        if (cp < 0x20 && cp != '\t' && cp != '\n') return;
        if (cp >= 0x7F && (IsControl(cp) || IsSeparatorOrBidi(cp))) {
          out += TerminalText(bytes);
        } else {
          out += bytes;
        }
    }
  });
  return out;
}

std::string UriFromPath(std::string_view path) {
  std::string out = !path.empty() && path[0] == '/' ? "file://" : "";
  for (char c : ValidUtf8(path)) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", static_cast<unsigned>(u));
      out += buffer;
    }
  }
  return out;
}

std::string MarkdownText(std::string_view text) {
  // Only what is special inside a line: the writers never start a line with escaped text.
  static constexpr std::string_view kPunctuation = "\\`*_[]<>|~&";
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](char32_t cp, std::string_view bytes) {
    if (cp == '\n' || cp == '\r' || cp == '\t') {
      out += ' ';
    } else if (cp == '@') {
      out += "@\xE2\x80\x8B";  // U+200B
    } else if (cp < 0x80 && kPunctuation.find(static_cast<char>(cp)) != std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (IsControl(cp) || IsSeparatorOrBidi(cp)) {
      // Visible, as in the text report; the backslash itself escaped for Markdown.
      out += '\\' + TerminalText(bytes);
    } else {
      out += bytes;
    }
  });
  return out;
}

std::string GithubMessage(std::string_view text) {
  // Control characters visible, as in the text report (the log is shown with its ANSI
  // sequences interpreted); then GitHub's own encoding of `%` and line breaks.
  std::string out;
  for (char c : EscapeControls(ValidUtf8(text), "\t\r\n")) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

std::string GithubProperty(std::string_view text) {
  std::string out;
  for (char c : GithubMessage(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Localized(const std::map<std::string, std::string>& texts,
                      const std::string& language) {
  for (const std::string& key : {language, std::string("de")}) {
    auto it = texts.find(key);
    if (it != texts.end() && !it->second.empty()) return it->second;
  }
  return texts.empty() ? std::string() : texts.begin()->second;
}

}  // namespace konform::report
