#include "lang/parser.h"

#include "lang/internal/ast_builder.h"

namespace konform::lang {

std::optional<RuleFile> ParseRuleFile(const SourceManager& sources, uint32_t file_id,
                                      DiagnosticSink& sink, const ParseOptions& options) {
  const SourceFile& source = sources.Get(file_id);
  if (source.text().size() > options.max_file_bytes) {
    sink.Error("K1002", SourceSpan{file_id, {1, 1}, {1, 1}},
               "rule file too large (" + std::to_string(source.text().size()) + " bytes; limit " +
                   std::to_string(options.max_file_bytes) + ")");
    return std::nullopt;
  }
  std::optional<RuleFile> file =
      internal::BuildRuleFile(source.text(), internal::TextOrigin{file_id, 1, 0}, sink, options);
  if (!file) return std::nullopt;
  if (!file->has_pack_header) {
    // A pack without header is named after its file: "rules/security.rules" → "security".
    std::string name = source.path();
    size_t slash = name.find_last_of('/');
    if (slash != std::string::npos) name.erase(0, slash + 1);
    size_t dot = name.find('.');
    if (dot != std::string::npos) name.erase(dot);
    file->pack.name = name;
  }
  for (RuleDecl& rule : file->rules) {
    size_t begin = source.OffsetFromPos(rule.span.begin);
    size_t end = source.OffsetFromPos(rule.span.end);
    if (end > begin) rule.text = source.text().substr(begin, end - begin);
  }
  return file;
}

ExprPtr ParseExpression(const SourceManager& sources, uint32_t file_id, DiagnosticSink& sink,
                        const ParseOptions& options) {
  uint32_t next_id = 1;
  return internal::BuildExpression(sources.Get(file_id).text(), internal::TextOrigin{file_id, 1, 0},
                                   sink, options, next_id);
}

}  // namespace konform::lang
