// The only code that sees ANTLR: runs the generated lexer and parser and lowers the parse
// tree into lang/ast.h. Private to the lang module.
#pragma once

#include <optional>
#include <string_view>

#include "common/diagnostic.h"
#include "lang/ast.h"
#include "lang/parser.h"

namespace konform::lang::internal {

// Where the parsed text sits in its SourceFile, so spans point at the original position
// (interpolations are parsed out of string literals).
struct TextOrigin {
  uint32_t file = 0;
  uint32_t line = 1;           // line of the first character
  uint32_t column_offset = 0;  // added to columns on the first line
};

std::optional<RuleFile> BuildRuleFile(std::string_view text, const TextOrigin& origin,
                                      DiagnosticSink& sink, const ParseOptions& options);

// `next_id` hands out expression ids and is advanced.
ExprPtr BuildExpression(std::string_view text, const TextOrigin& origin, DiagnosticSink& sink,
                        const ParseOptions& options, uint32_t& next_id);

}  // namespace konform::lang::internal
