#include "report/report.h"

namespace konform::report {

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kApprovable:
      return "approvable";
    case Verdict::kApprovableWithConditions:
      return "approvable-with-conditions";
    case Verdict::kNotApprovable:
      return "not-approvable";
    case Verdict::kNotChecked:
      return "not-checked";
  }
  return "not-checked";
}

const char* StatusName(Status status) { return status == Status::kFail ? "fail" : "error"; }

const char* BaselineStateName(BaselineState state) {
  switch (state) {
    case BaselineState::kNew:
      return "new";
    case BaselineState::kUnchanged:
      return "unchanged";
    case BaselineState::kAbsent:
      return "absent";
    case BaselineState::kNone:
      break;
  }
  return "";
}

Verdict VerdictFor(const Counts& counts) {
  if (counts.errors != 0 || counts.evaluation_errors != 0) return Verdict::kNotApprovable;
  if (counts.warnings != 0 || counts.waived != 0) return Verdict::kApprovableWithConditions;
  return Verdict::kApprovable;
}

}  // namespace konform::report
