#include "common/source.h"

#include <algorithm>
#include <cstring>

namespace konform {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  if (text_.find('\r') == std::string::npos) {
    // The common case, with memchr's speed: only LF ends lines.
    const char* data = text_.data();
    const char* end = data + text_.size();
    for (const char* p = data; (p = static_cast<const char*>(std::memchr(p, '\n', end - p)));) {
      line_starts_.push_back(static_cast<size_t>(++p - data));
    }
    return;
  }
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      line_starts_.push_back(i + 1);
    } else if (text_[i] == '\r' && (i + 1 == text_.size() || text_[i + 1] != '\n')) {
      line_starts_.push_back(i + 1);  // a lone CR ends a line, as in XML
    }
  }
}

namespace {

// A UTF-8 byte order mark is not a character of the first line.
size_t BomLength(const std::string& text) {
  return text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
}

}  // namespace

SourcePos SourceFile::PosFromOffset(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line_index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  size_t start = line_starts_[line_index];
  if (line_index == 0) start = std::min(offset, BomLength(text_));
  std::string_view before(text_.data() + start, offset - start);
  return SourcePos{static_cast<uint32_t>(line_index + 1), CountCodePoints(before) + 1};
}

size_t SourceFile::OffsetFromPos(SourcePos pos) const {
  if (pos.line == 0 || pos.line > line_starts_.size()) return text_.size();
  std::string_view line = LineText(pos.line);
  size_t start = pos.line == 1 ? BomLength(text_) : line_starts_[pos.line - 1];
  uint32_t column = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80 && ++column == pos.column) {
      return start + i;
    }
  }
  return start + line.size();
}

std::string_view SourceFile::LineText(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  size_t start = line == 1 ? BomLength(text_) : line_starts_[line - 1];
  size_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(start, end - start);
}

uint32_t SourceManager::Add(SourceFile file) {
  files_.push_back(std::move(file));
  return static_cast<uint32_t>(files_.size());
}

uint32_t CountCodePoints(std::string_view utf8) {
  uint32_t count = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace konform
