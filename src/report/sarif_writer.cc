// SARIF 2.1.0: one run, the rules as reporting descriptors, one result per finding.
//
// Findings of rules that could not be evaluated, and documents that could not be read, are
// not results but tool execution notifications: nothing was found, the tool failed to look.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <vector>

#include "report/escape.h"
#include "report/writer.h"

namespace konform::report {
namespace {

// GitHub code scanning rejects runs with more results than this.
constexpr size_t kMaxResults = 25000;

// Pretty-printed JSON, written as it goes; keys appear in the order they are written.
class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  JsonWriter& Object() { return Open('{', '}'); }
  JsonWriter& Array() { return Open('[', ']'); }
  JsonWriter& Close() {
    const Level level = stack_.back();
    stack_.pop_back();
    if (!level.empty) Indent();
    out_ << level.close;
    if (stack_.empty()) out_ << '\n';
    return *this;
  }
  JsonWriter& Key(std::string_view key) {
    BeforeValue();
    out_ << JsonString(key) << ": ";
    after_key_ = true;
    return *this;
  }
  JsonWriter& String(std::string_view value) {
    BeforeValue();
    out_ << JsonString(ValidUtf8(value));
    return *this;
  }
  JsonWriter& Number(uint64_t value) {
    BeforeValue();
    out_ << value;
    return *this;
  }
  JsonWriter& Bool(bool value) {
    BeforeValue();
    out_ << (value ? "true" : "false");
    return *this;
  }
  JsonWriter& Member(std::string_view key, std::string_view value) {
    return Key(key).String(value);
  }
  JsonWriter& Member(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Member(std::string_view key, uint64_t value) { return Key(key).Number(value); }
  // {"text": ...}, the shape of every SARIF message and description.
  JsonWriter& Message(std::string_view key, std::string_view text) {
    return Key(key).Object().Member("text", text).Close();
  }

 private:
  struct Level {
    char close;
    bool empty;
  };

  JsonWriter& Open(char open, char close) {
    BeforeValue();
    out_ << open;
    stack_.push_back({close, true});
    return *this;
  }
  void BeforeValue() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (stack_.empty()) return;
    if (!stack_.back().empty) out_ << ',';
    stack_.back().empty = false;
    Indent();
  }
  void Indent() { out_ << '\n' << std::string(2 * stack_.size(), ' '); }

  std::ostream& out_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

const char* Level(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "note";
  }
  return "error";
}

// Problem severities are already SARIF levels, except "info".
const char* ProblemLevel(const std::string& severity) {
  if (severity == "warning") return "warning";
  if (severity == "note" || severity == "info") return "note";
  return "error";
}

// SARIF recommends a PascalCase identifier as a rule's name; umlauts are transliterated.
std::string PascalCase(std::string_view title) {
  static const std::pair<std::string_view, std::string_view> kUmlauts[] = {
      {"\xC3\xA4", "ae"}, {"\xC3\xB6", "oe"}, {"\xC3\xBC", "ue"}, {"\xC3\x84", "Ae"},
      {"\xC3\x96", "Oe"}, {"\xC3\x9C", "Ue"}, {"\xC3\x9F", "ss"}};
  std::string out;
  bool word_start = true;
  for (size_t i = 0; i < title.size();) {
    const char c = title[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      word_start = false;
      ++i;
      continue;
    }
    bool matched = false;
    for (const auto& [utf8, ascii] : kUmlauts) {
      if (title.substr(i, utf8.size()) != utf8) continue;
      std::string text(ascii);
      if (word_start)
        text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
      out += text;
      word_start = false;
      i += utf8.size();
      matched = true;
      break;
    }
    if (matched) continue;
    word_start = true;
    ++i;
    while (i < title.size() && (static_cast<unsigned char>(title[i]) & 0xC0) == 0x80) ++i;
  }
  return out;
}

// The documents and the waiver file, each listed once, with their index for references.
struct Artifacts {
  struct Entry {
    const std::string* path;
    const char* role;
    const std::string* sha256;
    const DocumentReport* document;  // null for the waiver file
  };
  std::vector<Entry> entries;
  std::map<std::string, size_t> index;  // path → position in entries

  void Add(const std::string& path, const char* role, const std::string& sha256,
           const DocumentReport* document) {
    if (index.emplace(path, entries.size()).second) {
      entries.push_back({&path, role, &sha256, document});
    }
  }
  size_t Find(const std::string& path) const {
    auto it = index.find(path);
    return it == index.end() ? SIZE_MAX : it->second;
  }
};

void WriteRegion(JsonWriter& json, SourcePos pos, uint32_t width) {
  if (!pos.valid()) return;
  json.Key("region").Object().Member("startLine", uint64_t{pos.line});
  if (pos.column != 0) {
    json.Member("startColumn", uint64_t{pos.column});
    if (width != 0) json.Member("endColumn", uint64_t{pos.column} + width);
  }
  json.Close();
}

void WritePhysicalLocation(JsonWriter& json, const Artifacts& artifacts, const std::string& file,
                           SourcePos pos, uint32_t width) {
  json.Key("physicalLocation").Object();
  json.Key("artifactLocation").Object().Member("uri", UriFromPath(file));
  if (size_t index = artifacts.Find(file); index != SIZE_MAX) json.Member("index", index);
  json.Close();
  WriteRegion(json, pos, width);
  json.Close();
}

// The node a finding points at, as a logical location: an element or an attribute.
void WriteLogicalLocation(JsonWriter& json, const Finding& f) {
  if (f.node_path.empty()) return;
  std::string_view last = f.node_path;
  last = last.substr(last.rfind('/') + 1);
  last = last.substr(0, last.find('['));
  const bool attribute = !last.empty() && last[0] == '@';
  json.Key("logicalLocations").Array().Object();
  json.Member("name", attribute ? last.substr(1) : last);
  json.Member("fullyQualifiedName", f.node_path);
  json.Member("kind", attribute ? "attribute" : "element");
  json.Close().Close();
}

void WriteFindingLocation(JsonWriter& json, const Artifacts& artifacts, const Finding& f) {
  json.Key("locations").Array().Object();
  WritePhysicalLocation(json, artifacts, f.document, f.pos, f.width);
  WriteLogicalLocation(json, f);
  json.Close().Close();
}

struct Labels {
  const char* hint;
  const char* sources;
  const char* not_evaluable;
  const char* truncated;  // followed by "kept of total"
};

const Labels kGerman = {"Hinweis", "Quellen", "Regel nicht auswertbar",
                        "Ergebnisse gekürzt: GitHub nimmt höchstens 25000 je Lauf an"};
const Labels kEnglish = {"Hint", "Sources", "rule could not be evaluated",
                         "results truncated: GitHub accepts at most 25000 per run"};

void WriteRule(JsonWriter& json, const RuleInfo& rule, const std::string& language,
               const Labels& l) {
  const std::string title = Localized(rule.title, language);
  std::string name = PascalCase(Localized(rule.title, "en"));
  if (name.empty()) name = PascalCase(rule.id);
  json.Object().Member("id", rule.id).Member("name", name);
  json.Message("shortDescription", title.empty() ? rule.id : title);
  const std::string message = Localized(rule.message, language);
  json.Message("fullDescription", message.empty() ? title : message);
  std::string help_text;
  std::string help_markdown;
  const std::string hint = Localized(rule.hint, language);
  if (!hint.empty()) {
    help_text = std::string(l.hint) + ": " + hint;
    help_markdown = "**" + std::string(l.hint) + ":** " + MarkdownText(hint);
  }
  if (!rule.sources.empty()) {
    help_text += std::string(help_text.empty() ? "" : "\n") + l.sources + ":";
    help_markdown += std::string(help_markdown.empty() ? "" : "\n\n") + "**" + l.sources + ":**\n";
    for (const std::string& source : rule.sources) {
      help_text += "\n- " + source;
      help_markdown += "\n- " + MarkdownText(source);
    }
  }
  if (!help_text.empty()) {
    json.Key("help").Object().Member("text", help_text).Member("markdown", help_markdown).Close();
  }
  json.Key("defaultConfiguration").Object().Member("level", Level(rule.severity)).Close();
  json.Key("properties").Object();
  // Tags are a set: the pack is listed only where it differs from the area.
  json.Key("tags").Array();
  if (!rule.area.empty()) json.String(rule.area);
  if (!rule.pack.empty() && rule.pack != rule.area) json.String(rule.pack);
  json.Close();
  json.Member("area", rule.area).Member("pack", rule.pack);
  json.Key("sources").Array();
  for (const std::string& source : rule.sources) json.String(source);
  json.Close();
  if (rule.non_waivable) json.Key("nonWaivable").Bool(true);
  if (!rule.effective_from.empty()) json.Member("effectiveFrom", rule.effective_from);
  if (!rule.effective_until.empty()) json.Member("effectiveUntil", rule.effective_until);
  json.Close();
  json.Close();
}

// A result to write: a finding, or (with a baseline) a fixed finding.
struct Item {
  const Finding* finding;
  const DocumentReport* document;
  bool absent;
};

// Lower ranks are kept first when results must be truncated.
int Rank(const Item& item) {
  if (item.absent) return 3;
  return static_cast<int>(item.finding->severity);
}

void WriteSuppression(JsonWriter& json, const Artifacts& artifacts, const WaiverMark& w) {
  const bool granted = w.state == WaiverMark::State::kGranted;
  json.Key("suppressions").Array().Object();
  json.Member("kind", granted ? "external" : "inSource");
  json.Member("status", granted ? "accepted" : "underReview");
  if (!w.justification.empty()) json.Member("justification", w.justification);
  if (!w.file.empty()) {
    json.Key("location").Object();
    WritePhysicalLocation(json, artifacts, w.file, w.pos, 0);
    json.Close();
  }
  json.Key("properties").Object();
  if (!w.id.empty()) json.Member("waiverId", w.id);
  if (!w.decision.empty()) json.Member("decision", w.decision);
  if (!w.approved_by.empty()) json.Member("approvedBy", w.approved_by);
  if (!w.granted.empty()) json.Member("granted", w.granted);
  if (!w.expires.empty()) json.Member("expires", w.expires);
  if (!w.conditions.empty()) json.Member("conditions", w.conditions);
  json.Close();
  json.Close().Close();
}

void WriteResult(JsonWriter& json, const Item& item, const std::map<std::string, size_t>& rules,
                 const Artifacts& artifacts, bool baseline) {
  const Finding& f = *item.finding;
  json.Object().Member("ruleId", f.rule_id);
  if (auto it = rules.find(f.rule_id); it != rules.end()) json.Member("ruleIndex", it->second);
  // A fixed finding: the rule now passes where it failed before.
  if (item.absent) json.Member("kind", "pass");
  json.Member("level", item.absent ? "none" : Level(f.severity));
  json.Message("message", f.message);
  WriteFindingLocation(json, artifacts, f);
  if (!f.fingerprint.empty()) {
    json.Key("partialFingerprints").Object().Member("konform/v1", f.fingerprint).Close();
  }
  if (baseline) {
    json.Member("baselineState", item.absent                               ? "absent"
                                 : f.baseline == BaselineState::kUnchanged ? "unchanged"
                                                                           : "new");
  }
  if (f.waiver && !item.absent) WriteSuppression(json, artifacts, *f.waiver);
  json.Key("properties").Object();
  if (!item.document->proposal_id.empty()) json.Member("proposalId", item.document->proposal_id);
  if (!f.stable_path.empty()) json.Member("stablePath", f.stable_path);
  if (!f.hint.empty()) json.Member("hint", f.hint);
  json.Close();
  json.Close();
}

void WriteNotification(JsonWriter& json, const Artifacts& artifacts, const std::string& id,
                       const char* level, const std::string& message, const std::string& file,
                       SourcePos pos) {
  json.Object();
  json.Key("descriptor").Object().Member("id", id).Close();
  json.Member("level", level);
  json.Message("message", message);
  if (!file.empty()) {
    json.Key("locations").Array().Object();
    WritePhysicalLocation(json, artifacts, file, pos, 0);
    json.Close().Close();
  }
  json.Close();
}

// Rule packs, waiver files and baselines configure a run; everything else is its execution.
bool IsConfigurationProblem(const Problem& p) {
  return p.code.rfind("K1", 0) == 0 || p.code.rfind("K2", 0) == 0 || p.code.rfind("K6", 0) == 0 ||
         p.code.rfind("K7", 0) == 0;
}

void WriteEvidence(JsonWriter& json, const Report& report) {
  json.Key("properties").Object();
  json.Member("profile", report.profile).Member("asOf", report.as_of);
  json.Key("evidence").Array();
  for (const Evidence& e : report.evidence) {
    json.Object().Member("kind", e.kind).Member("name", e.name).Member("version", e.version);
    json.Member("file", e.file).Member("sha256", e.sha256).Close();
  }
  json.Close();
  json.Key("documents").Array();
  for (const DocumentReport& doc : report.documents) {
    json.Object().Member("path", doc.path).Member("proposalId", doc.proposal_id);
    json.Member("asOf", doc.as_of).Member("sha256", doc.sha256);
    json.Member("verdict", VerdictName(doc.verdict)).Close();
  }
  json.Close();
  json.Close();
}

void WriteArtifact(JsonWriter& json, const std::string& path, const char* role,
                   const std::string& sha256, const DocumentReport* doc) {
  json.Object();
  json.Key("location").Object().Member("uri", UriFromPath(path)).Close();
  json.Key("roles").Array().String(role).Close();
  json.Member("mimeType", "application/xml");
  if (!sha256.empty()) json.Key("hashes").Object().Member("sha-256", sha256).Close();
  if (doc != nullptr) {
    json.Key("properties").Object();
    json.Member("proposalId", doc->proposal_id).Member("asOf", doc->as_of);
    json.Member("verdict", VerdictName(doc->verdict));
    const Counts& c = doc->counts;
    json.Key("counts").Object().Member("error", c.errors).Member("warning", c.warnings);
    json.Member("info", c.infos).Member("evaluationError", c.evaluation_errors);
    json.Member("waived", c.waived).Member("requested", c.requested).Close();
    json.Close();
  }
  json.Close();
}

}  // namespace

void WriteSarif(const Report& report, std::ostream& out) {
  const Labels& l = report.language == "en" ? kEnglish : kGerman;
  std::map<std::string, size_t> rule_index;
  for (size_t i = 0; i < report.rules.size(); ++i) rule_index.emplace(report.rules[i].id, i);

  Artifacts artifacts;
  for (const DocumentReport& doc : report.documents) {
    artifacts.Add(doc.path, "analysisTarget", doc.sha256, &doc);
  }
  for (const Evidence& e : report.evidence) {
    if (e.kind == "waivers") artifacts.Add(e.file, "userSpecifiedConfiguration", e.sha256, nullptr);
  }

  // Results in report order; evaluation errors become notifications instead.
  std::vector<Item> items;
  std::vector<Item> evaluation_errors;
  for (const DocumentReport& doc : report.documents) {
    for (const Finding& f : doc.findings) {
      (f.status == Status::kError ? evaluation_errors : items).push_back({&f, &doc, false});
    }
    if (!report.baseline) continue;
    for (const Finding& f : doc.fixed) items.push_back({&f, &doc, true});
  }
  // Over the limit, keep the most severe results (ties in report order), still in report order.
  const size_t total = items.size();
  if (total > kMaxResults) {
    std::vector<size_t> order(total);
    for (size_t i = 0; i < total; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return Rank(items[a]) < Rank(items[b]); });
    order.resize(kMaxResults);
    std::sort(order.begin(), order.end());
    std::vector<Item> kept;
    kept.reserve(kMaxResults);
    for (size_t i : order) kept.push_back(items[i]);
    items = std::move(kept);
  }

  bool successful = evaluation_errors.empty();
  for (const DocumentReport& doc : report.documents)
    successful = successful && doc.problems.empty();
  for (const Problem& p : report.diagnostics) {
    successful = successful && (IsConfigurationProblem(p) || p.severity != "error");
  }

  JsonWriter json(out);
  json.Object();
  json.Member("$schema",
              "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
              "sarif-schema-2.1.0.json");
  json.Member("version", "2.1.0");
  json.Key("runs").Array().Object();

  json.Key("tool").Object().Key("driver").Object();
  json.Member("name", report.tool_name).Member("version", report.tool_version);
  json.Member("semanticVersion", report.tool_version).Member("language", report.language);
  json.Key("rules").Array();
  for (const RuleInfo& rule : report.rules) WriteRule(json, rule, report.language, l);
  json.Close();
  json.Close().Close();

  json.Key("invocations").Array().Object();
  json.Key("executionSuccessful").Bool(successful);
  json.Key("toolExecutionNotifications").Array();
  for (const Item& item : evaluation_errors) {
    const Finding& f = *item.finding;
    json.Object();
    json.Key("descriptor").Object().Member("id", "evaluation-error").Close();
    json.Key("associatedRule").Object().Member("id", f.rule_id);
    if (auto it = rule_index.find(f.rule_id); it != rule_index.end()) {
      json.Member("index", it->second);
    }
    json.Close();
    json.Member("level", "error");
    json.Message("message", std::string(l.not_evaluable) + ": " + f.message);
    WriteFindingLocation(json, artifacts, f);
    json.Close();
  }
  for (const DocumentReport& doc : report.documents) {
    for (const Problem& p : doc.problems) {
      WriteNotification(json, artifacts, p.code, ProblemLevel(p.severity), p.message,
                        p.file.empty() ? doc.path : p.file, p.pos);
    }
  }
  for (const Problem& p : report.diagnostics) {
    if (IsConfigurationProblem(p)) continue;
    WriteNotification(json, artifacts, p.code, ProblemLevel(p.severity), p.message, p.file, p.pos);
  }
  if (total > items.size()) {
    WriteNotification(json, artifacts, "results-truncated", "warning",
                      std::string(l.truncated) + " (" + std::to_string(items.size()) + "/" +
                          std::to_string(total) + ")",
                      "", {});
  }
  json.Close();
  json.Key("toolConfigurationNotifications").Array();
  for (const Problem& p : report.diagnostics) {
    if (!IsConfigurationProblem(p)) continue;
    WriteNotification(json, artifacts, p.code, ProblemLevel(p.severity), p.message, p.file, p.pos);
  }
  json.Close();
  WriteEvidence(json, report);
  json.Close().Close();

  json.Key("artifacts").Array();
  for (const Artifacts::Entry& entry : artifacts.entries) {
    WriteArtifact(json, *entry.path, entry.role, *entry.sha256, entry.document);
  }
  json.Close();

  json.Key("results").Array();
  for (const Item& item : items) WriteResult(json, item, rule_index, artifacts, report.baseline);
  json.Close();

  json.Member("language", report.language);
  json.Member("columnKind", "unicodeCodePoints");
  json.Close();
  json.Close();
  json.Close();
}

}  // namespace konform::report
