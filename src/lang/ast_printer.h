// A compact, stable S-expression dump of expressions, e.g.
// `(and (= @id "x") (exists /a/b))`. Used by parser tests and `konform lint --dump-ast`.
#pragma once

#include <string>

#include "lang/ast.h"

namespace konform::lang {

std::string DumpExpr(const Expr& expr);
std::string DumpPath(const Path& path);
std::string DumpRule(const RuleDecl& rule);

}  // namespace konform::lang
