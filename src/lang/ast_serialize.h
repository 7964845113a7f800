// A compact binary encoding of a RuleFile, so the shipped rule packs can be parsed at build
// time (tools/precompile_packs) and loaded at startup without running the ANTLR parser.
//
// The encoding is private to one build: the tool and the binary link the same konform_lang.
// It carries a format version anyway, so a stale blob is refused rather than misread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lang/ast.h"

namespace konform::lang {

// Every field of the file, including spans and expression ids. Spans keep only whether they
// point into the file, not its SourceManager id.
std::string SerializeRuleFile(const RuleFile& file);

// The inverse of SerializeRuleFile, with `file_id` as the file of every span that had one.
// Returns nullopt on any malformed input (truncated, trailing bytes, wrong version, values
// out of range, expression ids that are out of range or repeated, nesting deeper than the
// serialized tree's). Never reads past the end of `bytes`.
std::optional<RuleFile> DeserializeRuleFile(std::string_view bytes, uint32_t file_id);

}  // namespace konform::lang
