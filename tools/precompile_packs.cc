// Build tool: parses the rule packs given on the command line and writes a C++ source that
// embeds each pack's path, source text and serialized AST (engine/embedded_rules.h), so
// `konform` loads the shipped packs without running the ANTLR parser at startup.
//
//   precompile_packs OUTPUT.cc PACK.rules...
//
// Fails (exit 1, diagnostics on stderr, OUTPUT untouched) if any pack does not parse cleanly:
// a broken pack must break the build, since its diagnostics would never be shown at run time.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "common/source.h"
#include "lang/ast_serialize.h"
#include "lang/parser.h"

namespace konform {
namespace {

struct Pack {
  std::string path;  // as embedded: "rules/<file name>"
  std::string text;
  std::string ast;
};

bool ReadFile(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return !in.bad();
}

std::string FileName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Parses one pack; false (with the diagnostics printed) if it has any problem.
bool Precompile(const std::string& file_path, Pack& pack) {
  if (!ReadFile(file_path, pack.text)) {
    std::cerr << file_path << ": error: cannot read rule pack\n";
    return false;
  }
  pack.path = "rules/" + FileName(file_path);
  SourceManager sources;
  uint32_t id = sources.Add(SourceFile(file_path, pack.text));
  DiagnosticSink sink;
  std::optional<lang::RuleFile> file = lang::ParseRuleFile(sources, id, sink);
  // Any diagnostic fails: the embedded AST is loaded without parsing, so nobody would see it.
  if (!file || !sink.diagnostics().empty()) {
    for (const Diagnostic& d : sink.TakeSorted(sources)) {
      std::cerr << FormatDiagnostic(d, sources);
    }
    if (!file) std::cerr << file_path << ": error: rule pack does not parse\n";
    return false;
  }
  pack.ast = lang::SerializeRuleFile(*file);
  // The binary falls back to parsing if a blob does not load; catch that here instead.
  std::optional<lang::RuleFile> loaded = lang::DeserializeRuleFile(pack.ast, id);
  if (!loaded || lang::SerializeRuleFile(*loaded) != pack.ast) {
    std::cerr << file_path << ": error: the serialized AST does not load back identically\n";
    return false;
  }
  return true;
}

// Bytes as an array initializer (not a string literal, so no content can break the code),
// with a trailing 0 so that empty inputs still give a valid array.
void AppendBytes(std::string& out, std::string_view bytes) {
  char hex[8];
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::snprintf(hex, sizeof hex, "0x%02x,", static_cast<unsigned char>(bytes[i]));
    out += hex;
    if (i % 24 == 23) out += '\n';
  }
  out += "0";
}

// A C++ string literal; everything but plain printable ASCII is escaped.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  char octal[8];
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\' || c == '?') {
      std::snprintf(octal, sizeof octal, "\\%03o", u);
      out += octal;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string Generate(const std::vector<Pack>& packs) {
  std::string out =
      "// Generated from rules/*.rules by tools/precompile_packs. Do not edit.\n"
      "#include \"engine/embedded_rules.h\"\n\n"
      "namespace konform {\nnamespace {\n\n";
  std::string table;
  for (size_t i = 0; i < packs.size(); ++i) {
    std::string n = std::to_string(i);
    out += "const unsigned char kText" + n + "[] = {\n";
    AppendBytes(out, packs[i].text);
    out += "};\nconst unsigned char kAst" + n + "[] = {\n";
    AppendBytes(out, packs[i].ast);
    out += "};\n\n";
    table += "      {" + Quote(packs[i].path) +
             ",\n       std::string_view(reinterpret_cast<const char*>(kText" + n + "), " +
             std::to_string(packs[i].text.size()) +
             "),\n       std::string_view(reinterpret_cast<const char*>(kAst" + n + "), " +
             std::to_string(packs[i].ast.size()) + ")},\n";
  }
  out +=
      "}  // namespace\n\n"
      "const std::vector<EmbeddedRulePack>& EmbeddedRulePacks() {\n"
      "  static const std::vector<EmbeddedRulePack> kPacks = {\n" +
      table +
      "  };\n"
      "  return kPacks;\n"
      "}\n\n"
      "}  // namespace konform\n";
  return out;
}

// Writes beside the target and renames, so an interrupted build leaves no truncated source.
bool WriteFile(const std::string& path, const std::string& content) {
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) return false;
  }
  return std::rename(temporary.c_str(), path.c_str()) == 0;
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: precompile_packs OUTPUT.cc PACK.rules...\n";
    return 2;
  }
  std::vector<Pack> packs(static_cast<size_t>(argc - 2));
  bool ok = true;
  for (int i = 2; i < argc; ++i) ok = Precompile(argv[i], packs[static_cast<size_t>(i - 2)]) && ok;
  if (!ok) return 1;
  if (!WriteFile(argv[1], Generate(packs))) {
    std::cerr << argv[1] << ": error: cannot write\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace konform

int main(int argc, char** argv) { return konform::Main(argc, argv); }
