#include "common/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "common/terminal_text.h"

namespace konform {

void DiagnosticSink::Report(Diagnostic diagnostic) {
  if (diagnostic.severity == DiagSeverity::kError) ++error_count_;
  diagnostics_.push_back(std::move(diagnostic));
}

void DiagnosticSink::Error(std::string code, SourceSpan span, std::string message) {
  Diagnostic d;
  d.code = std::move(code);
  d.span = span;
  d.message = std::move(message);
  Report(std::move(d));
}

namespace {

std::string FileOf(const Diagnostic& d, const SourceManager& sources) {
  if (d.span.file != 0 && d.span.file <= sources.size()) return sources.Get(d.span.file).path();
  return d.file;
}

}  // namespace

std::vector<Diagnostic> DiagnosticSink::TakeSorted(const SourceManager& sources) {
  std::vector<Diagnostic> out = std::move(diagnostics_);
  diagnostics_.clear();
  error_count_ = 0;
  auto key = [&](const Diagnostic& d) {
    SourcePos pos = d.span.valid() ? d.span.begin : d.pos;
    return std::make_tuple(FileOf(d, sources), pos.line, pos.column, static_cast<int>(d.severity),
                           d.code, d.message);
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  out.erase(std::unique(out.begin(), out.end(),
                        [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
            out.end());
  return out;
}

const char* DiagSeverityName(DiagSeverity severity) {
  switch (severity) {
    case DiagSeverity::kError:
      return "error";
    case DiagSeverity::kWarning:
      return "warning";
    case DiagSeverity::kNote:
      return "note";
  }
  return "error";
}

std::string FormatLocation(const Diagnostic& d, const SourceManager& sources) {
  std::string out = TerminalText(FileOf(d, sources));
  SourcePos pos = d.span.valid() ? d.span.begin : d.pos;
  if (pos.valid()) out += ':' + std::to_string(pos.line) + ':' + std::to_string(pos.column);
  return out;
}

std::string RenderSnippet(const SourceFile& file, SourcePos begin, SourcePos end, bool color) {
  uint32_t width = 1;
  if (end.line == begin.line && end.column > begin.column) width = end.column - begin.column;
  return RenderSourceLine(begin.line, file.LineText(begin.line), begin.column, width, color);
}

std::string FormatDiagnostic(const Diagnostic& d, const SourceManager& sources, bool color) {
  const char* severity_color = d.severity == DiagSeverity::kError     ? "\033[1;31m"
                               : d.severity == DiagSeverity::kWarning ? "\033[1;35m"
                                                                      : "\033[1;36m";
  std::string out;
  if (color) out += "\033[1m";
  out += FormatLocation(d, sources) + ": ";
  if (color) out += std::string("\033[0m") + severity_color;
  out += DiagSeverityName(d.severity);
  out += "[" + d.code + "]";
  if (color) out += "\033[0m";
  out += ": " + TerminalText(d.message) + "\n";
  if (d.span.valid() && d.span.file <= sources.size()) {
    out += RenderSnippet(sources.Get(d.span.file), d.span.begin, d.span.end, color);
  } else {
    out += TerminalLines(d.snippet);  // rendered by RenderSnippet: already escaped
  }
  for (const auto& [span, text] : d.notes) {
    Diagnostic note;
    note.span = span;
    out += "   = note: ";
    if (span.valid()) out += FormatLocation(note, sources) + ": ";
    out += TerminalText(text) + "\n";
  }
  return out;
}

}  // namespace konform
