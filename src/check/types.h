// Static types of the rule language, as far as they are known before evaluation.
#pragma once

namespace konform::check {

// kNodeSet converts to any scalar at run time, so it is compatible with every scalar type;
// kAny means "not known before evaluation" and is compatible with everything.
enum class Type { kAny, kBool, kNumber, kString, kDate, kNodeSet, kSet };

const char* TypeName(Type type);

inline bool IsFlexible(Type type) { return type == Type::kAny || type == Type::kNodeSet; }

}  // namespace konform::check
