// Rule text → AST. The first stage of the pipeline:
//
//   SourceFile ─► lang::ParseRuleFile ─► RuleFile (AST) ─► check ─► eval::Compile ─► RuleSet
//
// Syntax errors and the structural problems the builder can see (bad date literals, chained
// comparisons, malformed interpolations, size and nesting limits) are reported into the sink
// with stable codes; nothing here throws or prints. ANTLR stays behind this interface.
#pragma once

#include <optional>

#include "common/diagnostic.h"
#include "common/source.h"
#include "lang/ast.h"

namespace konform::lang {

struct ParseOptions {
  size_t max_file_bytes = 1u << 20;  // rule files are small; larger ones are refused
  uint32_t max_expression_depth = 100;
  uint32_t max_syntax_errors = 25;  // per file; error recovery on garbage stops here
};

// Parses the file with the given SourceManager id. Returns nullopt after syntax errors;
// otherwise the AST, even if the builder reported problems into the sink (the caller
// decides by the sink whether to go on), so that later passes can report more at once.
std::optional<RuleFile> ParseRuleFile(const SourceManager& sources, uint32_t file_id,
                                      DiagnosticSink& sink, const ParseOptions& options = {});

// Parses one expression (for tests and tools). Spans refer to `file_id`, line 1.
ExprPtr ParseExpression(const SourceManager& sources, uint32_t file_id, DiagnosticSink& sink,
                        const ParseOptions& options = {});

}  // namespace konform::lang
