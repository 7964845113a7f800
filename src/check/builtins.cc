#include "check/builtins.h"

namespace konform::check {

const char* TypeName(Type type) {
  switch (type) {
    case Type::kAny:
      return "any value";
    case Type::kBool:
      return "boolean";
    case Type::kNumber:
      return "number";
    case Type::kString:
      return "string";
    case Type::kDate:
      return "date";
    case Type::kNodeSet:
      return "node set";
    case Type::kSet:
      return "set";
  }
  return "?";
}

const std::vector<BuiltinInfo>& AllBuiltins() {
  using P = Param;
  static const std::vector<BuiltinInfo> kBuiltins = {
      {"exists", Builtin::kExists, {P::kNodeSet}, Type::kBool, "the node set is not empty"},
      {"empty", Builtin::kEmpty, {P::kNodeSet}, Type::kBool, "the node set is empty"},
      {"count", Builtin::kCount, {P::kNodeSet}, Type::kNumber, "number of nodes"},
      {"sum", Builtin::kSum, {P::kNodeSet}, Type::kNumber, "sum of the numeric values"},
      {"min", Builtin::kMin, {P::kNodeSetOrSet}, Type::kNumber, "smallest numeric value"},
      {"max", Builtin::kMax, {P::kNodeSetOrSet}, Type::kNumber, "largest numeric value"},
      {"unique", Builtin::kUnique, {P::kNodeSet}, Type::kBool, "no two nodes share a value"},
      {"occurrences",
       Builtin::kOccurrences,
       {P::kScalar, P::kNodeSet},
       Type::kNumber,
       "how many nodes have the value"},
      {"len", Builtin::kLen, {P::kScalar}, Type::kNumber, "length in characters"},
      {"lower", Builtin::kLower, {P::kScalar}, Type::kString, "lower case"},
      {"upper", Builtin::kUpper, {P::kScalar}, Type::kString, "upper case"},
      {"trim", Builtin::kTrim, {P::kScalar}, Type::kString, "without surrounding whitespace"},
      {"contains",
       Builtin::kContains,
       {P::kScalar, P::kScalar},
       Type::kBool,
       "the first string contains the second"},
      {"starts-with",
       Builtin::kStartsWith,
       {P::kScalar, P::kScalar},
       Type::kBool,
       "the first string starts with the second"},
      {"ends-with",
       Builtin::kEndsWith,
       {P::kScalar, P::kScalar},
       Type::kBool,
       "the first string ends with the second"},
      {"string", Builtin::kString, {P::kScalar}, Type::kString, "the value as a string"},
      {"number", Builtin::kNumber, {P::kScalar}, Type::kNumber, "the value as a number"},
      {"date", Builtin::kDate, {P::kScalar}, Type::kDate, "the value as a date (YYYY-MM-DD)"},
      {"today", Builtin::kToday, {}, Type::kDate, "the evaluation date"},
      {"year", Builtin::kYear, {P::kScalar}, Type::kNumber, "the year of a date"},
      {"name", Builtin::kName, {P::kNodeSet}, Type::kString, "name of the first node"},
      {"if",
       Builtin::kIf,
       {P::kBool, P::kAny, P::kAny},
       Type::kAny,
       "the second argument if the first is true, else the third"},
      {"abs", Builtin::kAbs, {P::kScalar}, Type::kNumber, "the absolute value of a number"},
      {"contains-token",
       Builtin::kContainsToken,
       {P::kScalar, P::kScalar},
       Type::kBool,
       "the whitespace-separated list (e.g. idrefs) contains the token"},
  };
  return kBuiltins;
}

const BuiltinInfo* FindBuiltin(std::string_view name) {
  for (const BuiltinInfo& info : AllBuiltins()) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

}  // namespace konform::check
