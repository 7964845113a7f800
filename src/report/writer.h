// Report writers: one function per output format, all reading the same Report.
#pragma once

#include <optional>
#include <ostream>
#include <string_view>

#include "report/report.h"

namespace konform::report {

enum class Format { kText, kJson };

std::optional<Format> ParseFormat(std::string_view name);

struct WriteOptions {
  bool color = false;  // ANSI colours (text only)
  bool quiet = false;  // text: no excerpts, hints or lines for approvable documents
};

void Write(Format format, const Report& report, const WriteOptions& options, std::ostream& out);

// The verdict as the text report words it, in "de" or "en".
const char* VerdictText(Verdict verdict, const std::string& language);

void WriteText(const Report& report, const WriteOptions& options, std::ostream& out);
void WriteJson(const Report& report, std::ostream& out);

}  // namespace konform::report
