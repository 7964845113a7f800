#include "report/writer.h"

namespace konform::report {

namespace {

constexpr std::pair<Format, const char*> kFormats[] = {
    {Format::kText, "text"},   {Format::kJson, "json"},     {Format::kSarif, "sarif"},
    {Format::kJunit, "junit"}, {Format::kSvrl, "svrl"},     {Format::kHtml, "html"},
    {Format::kMarkdown, "md"}, {Format::kGithub, "github"}, {Format::kGitlab, "gitlab"},
};

}  // namespace

const char* FormatName(Format format) {
  for (const auto& [value, name] : kFormats) {
    if (value == format) return name;
  }
  return "text";
}

std::optional<Format> ParseFormat(std::string_view name) {
  for (const auto& [value, format_name] : kFormats) {
    if (name == format_name) return value;
  }
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
    case Format::kSarif:
      WriteSarif(report, out);
      break;
    case Format::kJunit:
      WriteJunit(report, out);
      break;
    case Format::kSvrl:
      WriteSvrl(report, out);
      break;
    case Format::kHtml:
      WriteHtml(report, out);
      break;
    case Format::kMarkdown:
      WriteMarkdown(report, out);
      break;
    case Format::kGithub:
      WriteGithub(report, out);
      break;
    case Format::kGitlab:
      WriteGitlab(report, out);
      break;
  }
}

}  // namespace konform::report
