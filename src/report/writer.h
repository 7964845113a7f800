// Report writers: one function per output format, all reading the same Report.
#pragma once

#include <optional>
#include <ostream>
#include <string_view>

#include "report/report.h"

namespace konform::report {

enum class Format { kText, kJson, kSarif, kJunit, kSvrl, kHtml, kMarkdown, kGithub, kGitlab };

// The format's name on the command line: text, json, sarif, junit, svrl, html, md, github,
// gitlab.
const char* FormatName(Format format);

std::optional<Format> ParseFormat(std::string_view name);

struct WriteOptions {
  bool color = false;  // ANSI colours (text only)
  bool quiet = false;  // text: no excerpts, hints or lines for approvable documents
  // text: of several documents only those that could not be checked, and the closing count
  // (the terminal summary of `check -q -o FILE` over a portfolio)
  bool summary_only = false;
};

void Write(Format format, const Report& report, const WriteOptions& options, std::ostream& out);

// The verdict as the text report words it, in "de" or "en".
const char* VerdictText(Verdict verdict, const std::string& language);

void WriteText(const Report& report, const WriteOptions& options, std::ostream& out);
void WriteJson(const Report& report, std::ostream& out);
// SARIF 2.1.0 for code scanning (GitHub, GitLab, IDEs).
void WriteSarif(const Report& report, std::ostream& out);
// JUnit XML: one test suite per rule pack, one test case per (rule, document).
void WriteJunit(const Report& report, std::ostream& out);
// ISO Schematron Validation Report Language.
void WriteSvrl(const Report& report, std::ostream& out);
// One self-contained HTML page for a governance board, with a portfolio overview.
void WriteHtml(const Report& report, std::ostream& out);
// Markdown for a merge-request comment.
void WriteMarkdown(const Report& report, std::ostream& out);
// GitHub Actions workflow commands (::error file=...::message).
void WriteGithub(const Report& report, std::ostream& out);
// GitLab Code Quality JSON.
void WriteGitlab(const Report& report, std::ostream& out);

}  // namespace konform::report
