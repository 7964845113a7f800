#include "report/writer.h"

namespace konform::report {

// Not offered on the command line yet (see ParseFormat).
void WriteGitlab(const Report&, std::ostream&) {}

}  // namespace konform::report
