// Diagnostics: problems in the user's input (rule files, documents, command line), collected
// as data rather than thrown, so one run can report many of them.
#pragma once

#include <string>
#include <vector>

#include "common/source.h"

namespace konform {

enum class DiagSeverity { kError, kWarning, kNote };

// A stable code ("K2005") plus the specific message; tests assert on codes and positions.
struct Diagnostic {
  std::string code;
  DiagSeverity severity = DiagSeverity::kError;
  std::string message;
  SourceSpan span;      // may be invalid for problems without a position
  std::string file;     // path for problems outside the SourceManager (documents, I/O)
  SourcePos pos;        // position in `file`, if known
  std::string snippet;  // pre-rendered source line and caret for `file`, if any
  std::vector<std::pair<SourceSpan, std::string>> notes;  // e.g. "first defined here"
};

// Collects diagnostics; never throws, never prints.
class DiagnosticSink {
 public:
  void Report(Diagnostic diagnostic);
  void Error(std::string code, SourceSpan span, std::string message);

  bool has_errors() const { return error_count_ != 0; }
  size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  // Sorted by (file, line, column), errors before warnings at the same place, duplicates
  // removed.
  std::vector<Diagnostic> TakeSorted(const SourceManager& sources);

 private:
  std::vector<Diagnostic> diagnostics_;
  size_t error_count_ = 0;
};

// "path:line:col: error[K2005]: message" followed by the source line and a caret under the
// span, then the notes. `color` adds ANSI colours for terminals. Control characters in the
// path, message, source line and notes are escaped (common/terminal_text.h).
std::string FormatDiagnostic(const Diagnostic& diagnostic, const SourceManager& sources,
                             bool color = false);

// "path:line:col" of a span, or just the file name; control characters in the file name
// escaped, for display.
std::string FormatLocation(const Diagnostic& diagnostic, const SourceManager& sources);

// A source line with a caret line below it, in the style "    41 | text\n       | ^~~~";
// control characters escaped (RenderSourceLine in common/terminal_text.h).
std::string RenderSnippet(const SourceFile& file, SourcePos begin, SourcePos end, bool color);

const char* DiagSeverityName(DiagSeverity severity);

}  // namespace konform
