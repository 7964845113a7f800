// `konform test`: rule tests as data.
//
// A fixture is a proposal whose XML comments state what the rules must find in it:
//
//   <!-- expect: SEC-002 line 41 -->   a finding of SEC-002 located on line 41
//   <!-- expect: SEC-002 -->           at least one finding of SEC-002, anywhere
//   <!-- expect-not: SEC-002, SEC-003 -->  no finding of these rules
//   <!-- as-of: 2026-06-15 -->         evaluation date for today() in this fixture
//
// Each expectation is one test case. When every `expect` of a rule names a line, a finding
// of that rule on any other line is a failure too. An evaluation error is always a failure.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace konform::engine {

struct Expectation {
  bool expect_finding = true;  // false: expect-not
  std::string rule_id;
  uint32_t line = 0;          // 0: anywhere
  uint32_t comment_line = 0;  // where the expectation is written
};

struct FixtureSpec {
  std::vector<Expectation> expectations;
  std::optional<Date> as_of;
  std::vector<std::pair<uint32_t, std::string>> errors;  // malformed directives: line, text
};

// Reads the directives from a fixture's text.
FixtureSpec ParseFixtureSpec(const std::string& text);

struct RuleTestRun {
  size_t passed = 0;
  size_t failed = 0;      // failed expectations and fixture problems, unreadable ones included
  size_t unreadable = 0;  // fixtures (or directories) that could not be read
  std::vector<std::string> failures;     // "file:line: message" or "file: message", in order
  std::vector<std::string> fixtures;     // the fixture files run
  std::set<std::string> proven_failing;  // rules with a satisfied `expect`
  std::set<std::string> proven_passing;  // rules with a satisfied `expect-not`
};

// Runs every *.xml fixture below the given files or directories. Each fixture is read like a
// document of `konform check` (common/file_reader.h: regular files only, at most the default
// --max-file-size); one that cannot be read is a failure naming the file and the reason, and
// counts as unreadable; the others are still run.
RuleTestRun RunRuleTests(const Engine& engine, const std::vector<std::string>& paths);

}  // namespace konform::engine
