#include "report/writer.h"

namespace konform::report {

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "json") return Format::kJson;
  return std::nullopt;
}

void Write(Format format, const Report& report, const WriteOptions& options, std::ostream& out) {
  switch (format) {
    case Format::kText:
      WriteText(report, options, out);
      break;
    case Format::kJson:
      WriteJson(report, out);
      break;
  }
}

}  // namespace konform::report
