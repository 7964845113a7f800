// Source text with a line table, and positions inside it.
//
// Every input konform reads (rule files and XML documents) is kept in memory as a SourceFile,
// so diagnostics can quote the offending line without touching the disk again. Lines and
// columns are 1-based; columns count Unicode code points (for ASCII text the same as bytes
// and as the UTF-16 units that SARIF counts by default).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace konform {

struct SourcePos {
  uint32_t line = 0;    // 1-based; 0 = unknown
  uint32_t column = 0;  // 1-based, in code points; 0 = unknown

  bool valid() const { return line != 0; }
  friend bool operator==(const SourcePos& a, const SourcePos& b) {
    return a.line == b.line && a.column == b.column;
  }
  friend bool operator<(const SourcePos& a, const SourcePos& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  }
};

// A range in one source file, identified by its index in a SourceManager (0 = none).
struct SourceSpan {
  uint32_t file = 0;
  SourcePos begin;
  SourcePos end;

  bool valid() const { return file != 0 && begin.valid(); }
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  size_t line_count() const { return line_starts_.size(); }

  // Position of a byte offset into text(); offsets past the end clamp to the end.
  SourcePos PosFromOffset(size_t offset) const;
  // Byte offset of a position (inverse of PosFromOffset for valid positions).
  size_t OffsetFromPos(SourcePos pos) const;
  // The text of a 1-based line without its line break; empty if out of range.
  std::string_view LineText(uint32_t line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

// Owns every SourceFile of a run; ids are stable indices starting at 1.
class SourceManager {
 public:
  uint32_t Add(SourceFile file);
  const SourceFile& Get(uint32_t id) const { return files_.at(id - 1); }
  size_t size() const { return files_.size(); }

 private:
  std::vector<SourceFile> files_;
};

// Number of code points in a UTF-8 byte range (continuation bytes are not counted).
uint32_t CountCodePoints(std::string_view utf8);

}  // namespace konform
