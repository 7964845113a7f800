// The command line: parses arguments (Boost.Program_options), runs a subcommand through the
// engine and maps the outcome to an exit code. The only module that prints.
#pragma once

#include <iosfwd>

namespace konform::cli {

enum ExitCode {
  kExitApprovable = 0,     // nothing at or above --fail-on
  kExitNotApprovable = 1,  // a finding at or above --fail-on, or a rule that could not be evaluated
  kExitCannotCheck = 2,    // usage error, unreadable or malformed input, broken rule pack
  kExitInternal = 3,       // a bug in konform
};

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace konform::cli
