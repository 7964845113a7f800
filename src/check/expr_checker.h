// Name resolution and static typing of the expressions of one rule file.
#pragma once

#include <string>
#include <vector>

#include "check/checker.h"

namespace konform::check::internal {

class ExprChecker {
 public:
  ExprChecker(CheckedFile& file, DiagnosticSink& sink);

  // Types every `let` (in dependency order, reporting cycles) and every rule.
  void CheckAll();

 private:
  Type CheckExpr(const lang::Expr& expr);
  Type CheckPath(const lang::Expr& expr, const lang::Path& path);
  Type CheckBinary(const lang::Expr& expr, const lang::Binary& binary);
  Type CheckCall(const lang::Expr& expr, const lang::Call& call);
  Type CheckLetRef(const lang::Expr& expr, const std::string& name);
  void CheckTemplate(const lang::Template& tmpl);
  void ExpectCondition(const lang::Expr& expr, Type type, const char* what);
  void ExpectNodeSet(const lang::Expr& expr, Type type, const char* what);
  void TypeError(const lang::Expr& expr, const std::string& message);
  bool IsConstant(const lang::Expr& expr) const;
  int PushVariable(const std::string& name);
  void PopVariable();
  std::string Suggest(const std::string& name) const;

  CheckedFile& file_;
  DiagnosticSink& sink_;
  std::vector<int> let_state_;      // 0 unvisited, 1 in progress, 2 done
  std::vector<std::string> scope_;  // variable names; index = slot
  uint32_t max_slots_ = 0;
  bool in_let_ = false;
};

}  // namespace konform::check::internal
