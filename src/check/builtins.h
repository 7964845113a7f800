// The builtin functions: names, arity and types. Shared by the checker (which validates
// calls) and the evaluator (which implements them under the same Builtin id).
#pragma once

#include <string_view>
#include <vector>

#include "check/types.h"

namespace konform::check {

enum class Builtin {
  kExists,
  kEmpty,
  kCount,
  kSum,
  kMin,
  kMax,
  kUnique,
  kOccurrences,
  kLen,
  kLower,
  kUpper,
  kTrim,
  kContains,
  kStartsWith,
  kEndsWith,
  kString,
  kNumber,
  kDate,
  kToday,
  kYear,
  kName,
  kIf,
  kAbs,
  kContainsToken,
};

// What an argument must be. kScalar: a single value of any type or a node set.
enum class Param { kNodeSet, kNodeSetOrSet, kScalar, kBool, kAny };

struct BuiltinInfo {
  const char* name;
  Builtin id;
  std::vector<Param> params;
  Type result;  // kAny for if(), whose type is that of its branches
  const char* summary;
};

// nullptr when there is no such function.
const BuiltinInfo* FindBuiltin(std::string_view name);
const std::vector<BuiltinInfo>& AllBuiltins();

}  // namespace konform::check
