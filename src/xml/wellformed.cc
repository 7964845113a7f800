#include "xml/wellformed.h"

#include <array>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace konform::xml {
namespace {

using Code = WellFormedCode;

// Per-byte classes, so that the hot loops are one table lookup per byte.
enum : uint16_t {
  kCtl = 1 << 0,          // ASCII control that is not a legal XML Char
  kHigh = 1 << 1,         // non-ASCII byte: needs UTF-8 decoding
  kSpace = 1 << 2,        // S production
  kNameStart = 1 << 3,    // ASCII NameStartChar
  kNameChar = 1 << 4,     // ASCII NameChar
  kStopText = 1 << 5,     // bytes that end a plain run of character data
  kStopAttr = 1 << 6,     // ... of an attribute value
  kStopComment = 1 << 7,  // ... of a comment body
  kStopCdata = 1 << 8,    // ... of a CDATA body
  kStopPi = 1 << 9,       // ... of a PI body
};

constexpr std::array<uint16_t, 256> MakeClassTable() {
  std::array<uint16_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint16_t v = 0;
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (c >= 0x80) {
      v |= kHigh;
    } else if (c < 0x20 && !space) {
      v |= kCtl;
    }
    if (space) v |= kSpace;
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alpha || c == '_' || c == ':') v |= kNameStart | kNameChar;
    if ((c >= '0' && c <= '9') || c == '-' || c == '.') v |= kNameChar;
    if (c == '<' || c == '&' || c == ']') v |= kStopText;
    if (c == '<' || c == '&' || c == '"' || c == '\'') v |= kStopAttr;
    if (c == '-') v |= kStopComment;
    if (c == ']') v |= kStopCdata;
    if (c == '?') v |= kStopPi;
    t[c] = v;
  }
  return t;
}

constexpr std::array<uint16_t, 256> kClass = MakeClassTable();

// The ASCII bytes of a stop class, each repeated in all eight bytes of a word, for skipping
// plain text a word at a time (at most four: < & " ' end an attribute value).
struct StopWords {
  std::array<uint64_t, 4> word{};
  int count = 0;
};

constexpr StopWords MakeStopWords(uint16_t stop) {
  StopWords words;
  for (unsigned c = 0x20; c < 0x80 && words.count < 4; ++c) {
    if (kClass[c] & stop) words.word[words.count++] = 0x0101010101010101ULL * c;
  }
  return words;
}

constexpr StopWords kStopWords[] = {MakeStopWords(kStopText), MakeStopWords(kStopAttr),
                                    MakeStopWords(kStopComment), MakeStopWords(kStopCdata),
                                    MakeStopWords(kStopPi)};

const StopWords& StopWordsFor(uint16_t stop) {
  switch (stop) {
    case kStopText:
      return kStopWords[0];
    case kStopAttr:
      return kStopWords[1];
    case kStopComment:
      return kStopWords[2];
    case kStopCdata:
      return kStopWords[3];
    default:
      return kStopWords[4];
  }
}

// Decodes one UTF-8 sequence per Unicode table 3-7 (which excludes overlong forms, surrogates
// and values above U+10FFFF). Returns the sequence length, or 0 if the bytes are not valid UTF-8
// (including a sequence cut off by the end of input).
size_t DecodeUtf8(const unsigned char* p, size_t avail, uint32_t* cp) {
  const unsigned c0 = p[0];
  if (c0 < 0x80) {
    *cp = c0;
    return 1;
  }
  size_t len;
  uint32_t v;
  unsigned lo = 0x80;
  unsigned hi = 0xBF;
  if (c0 >= 0xC2 && c0 <= 0xDF) {
    len = 2;
    v = c0 & 0x1F;
  } else if (c0 >= 0xE0 && c0 <= 0xEF) {
    len = 3;
    v = c0 & 0x0F;
    if (c0 == 0xE0) lo = 0xA0;
    if (c0 == 0xED) hi = 0x9F;
  } else if (c0 >= 0xF0 && c0 <= 0xF4) {
    len = 4;
    v = c0 & 0x07;
    if (c0 == 0xF0) lo = 0x90;
    if (c0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (avail < len) return 0;
  for (size_t k = 1; k < len; ++k) {
    const unsigned b = p[k];
    if (b < lo || b > hi) return 0;
    lo = 0x80;
    hi = 0xBF;
    v = (v << 6) | (b & 0x3F);
  }
  *cp = v;
  return len;
}

std::string ByteText(unsigned b) {
  static const char kHex[] = "0123456789ABCDEF";
  return std::string("0x") + kHex[(b >> 4) & 0xF] + kHex[b & 0xF];
}

// Explains why DecodeUtf8 rejected the bytes at p; only used on the error path.
std::string DescribeUtf8Error(const unsigned char* p, size_t avail) {
  const auto hex = ByteText;
  const unsigned c0 = p[0];
  if (c0 >= 0x80 && c0 <= 0xBF) return "unexpected UTF-8 continuation byte " + hex(c0);
  if (c0 == 0xC0 || c0 == 0xC1) return "overlong UTF-8 encoding (lead byte " + hex(c0) + ")";
  if (c0 >= 0xF5) return "invalid UTF-8 lead byte " + hex(c0);
  const size_t len = c0 >= 0xF0 ? 4 : c0 >= 0xE0 ? 3 : 2;
  for (size_t k = 1; k < len; ++k) {
    if (k >= avail) return "UTF-8 sequence cut off by the end of input";
    const unsigned b = p[k];
    if (b < 0x80 || b > 0xBF) {
      return "incomplete UTF-8 sequence: byte " + hex(b) + " after lead byte " + hex(c0) +
             " is not a continuation byte";
    }
  }
  const unsigned c1 = p[1];
  if ((c0 == 0xE0 && c1 < 0xA0) || (c0 == 0xF0 && c1 < 0x90)) {
    return "overlong UTF-8 encoding (lead byte " + hex(c0) + ")";
  }
  if (c0 == 0xED) return "UTF-8 encoded surrogate code point (U+D800..U+DFFF)";
  return "UTF-8 sequence encodes a code point above U+10FFFF";
}

constexpr bool IsXmlChar(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// NameStartChar for code points >= 0x80.
constexpr bool IsNameStartCp(uint32_t c) {
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
         (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
         (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0xEFFFF);
}

// NameChar for code points >= 0x80.
constexpr bool IsNameCharCp(uint32_t c) {
  return IsNameStartCp(c) || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x203F && c <= 0x2040);
}

std::string CodePointText(uint32_t cp) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string s = "U+";
  int digits = cp > 0xFFFF ? (cp > 0xFFFFF ? 6 : 5) : 4;
  for (int i = digits - 1; i >= 0; --i) s += kHex[(cp >> (4 * i)) & 0xF];
  return s;
}

class Checker {
 public:
  Checker(std::string_view text, const WellFormedLimits& limits)
      : text_(text),
        p_(reinterpret_cast<const unsigned char*>(text.data())),
        n_(text.size()),
        limits_(limits) {}

  std::optional<WellFormedError> Run() {
    if (CheckSignature() && MaybeXmlDeclaration() && ParseDocument()) return std::nullopt;
    return std::move(error_);
  }

 private:
  enum class Match { kYes, kNo, kTruncated };

  struct Span {
    size_t offset;
    size_t size;
  };

  // Slot of the open-addressing set of attribute names of the current start tag. A slot is in
  // use only if its generation equals gen_, so the set is emptied by bumping gen_.
  struct Slot {
    uint32_t gen;
    uint32_t index;
  };

  // ---- error reporting -------------------------------------------------------------------

  bool Fail(Code code, size_t offset, std::string message) {
    error_ = WellFormedError{code, offset, std::move(message)};
    return false;
  }

  bool FailEnd(const std::string& context) {
    return Fail(Code::kUnexpectedEnd, n_, "unexpected end of input " + context);
  }

  std::string Where(size_t offset) const {
    TextPosition pos = PositionAt(text_, offset);
    return std::to_string(pos.line) + ":" + std::to_string(pos.column);
  }

  // Name text for messages; very long names are shortened at a character boundary.
  std::string NameText(Span s) const {
    constexpr size_t kMax = 64;
    if (s.size <= kMax) return std::string(text_.substr(s.offset, s.size));
    size_t end = s.offset + kMax;
    while (end > s.offset && (p_[end] & 0xC0) == 0x80) --end;
    return std::string(text_.substr(s.offset, end - s.offset)) + "...";
  }

  // Human-readable description of the character at pos, which may be invalid.
  std::string CharText(size_t pos) const {
    if (pos >= n_) return "end of input";
    const unsigned c = p_[pos];
    if (c == '\'') return "\"'\"";
    if (c > 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
    uint32_t cp;
    const size_t len = DecodeUtf8(p_ + pos, n_ - pos, &cp);
    if (len == 0) return "byte " + ByteText(c);
    if (len == 1 || !IsXmlChar(cp)) return CodePointText(cp);
    return "'" + std::string(text_.substr(pos, len)) + "' (" + CodePointText(cp) + ")";
  }

  // Validates the character at pos (pos < n_): on success stores its length.
  bool ReadChar(size_t pos, size_t* len) {
    uint32_t cp;
    const size_t l = DecodeUtf8(p_ + pos, n_ - pos, &cp);
    if (l == 0) return Fail(Code::kInvalidUtf8, pos, DescribeUtf8Error(p_ + pos, n_ - pos));
    if (!IsXmlChar(cp)) {
      return Fail(Code::kInvalidChar, pos,
                  "character " + CodePointText(cp) + " is not allowed in an XML document");
    }
    *len = l;
    return true;
  }

  // The character at pos is not what the grammar allows here. End of input and invalid
  // characters take precedence over `code`; `report` moves the offset to the enclosing
  // construct when that is more helpful than the byte itself.
  bool FailAt(size_t pos, Code code, const std::string& expected,
              size_t report = std::numeric_limits<size_t>::max()) {
    if (pos >= n_) return Fail(Code::kUnexpectedEnd, n_, "unexpected end of input: " + expected);
    size_t len;
    if (!ReadChar(pos, &len)) return false;
    return Fail(code, report == std::numeric_limits<size_t>::max() ? pos : report,
                expected + ", found " + CharText(pos));
  }

  // ---- lexical helpers -------------------------------------------------------------------

  Match MatchAt(size_t pos, std::string_view lit) const {
    const size_t avail = pos < n_ ? n_ - pos : 0;
    const size_t k = avail < lit.size() ? avail : lit.size();
    if (k > 0 && std::memcmp(p_ + pos, lit.data(), k) != 0) return Match::kNo;
    return k == lit.size() ? Match::kYes : Match::kTruncated;
  }

  size_t SkipSpace(size_t pos) const {
    while (pos < n_ && (kClass[p_[pos]] & kSpace)) ++pos;
    return pos;
  }

  // Length of the NameStartChar at pos, or 0.
  size_t NameStartLen(size_t pos) const {
    if (pos >= n_) return 0;
    const uint16_t cls = kClass[p_[pos]];
    if (cls & kNameStart) return 1;
    if (!(cls & kHigh)) return 0;
    uint32_t cp;
    const size_t len = DecodeUtf8(p_ + pos, n_ - pos, &cp);
    return len > 0 && IsNameStartCp(cp) ? len : 0;
  }

  // End of the Name starting at pos; requires NameStartLen(pos) > 0.
  size_t NameEnd(size_t pos) const {
    size_t i = pos + NameStartLen(pos);
    for (;;) {
      while (i < n_ && (kClass[p_[i]] & kNameChar)) ++i;
      if (i >= n_ || !(kClass[p_[i]] & kHigh)) return i;
      uint32_t cp;
      const size_t len = DecodeUtf8(p_ + i, n_ - i, &cp);
      if (len == 0 || !IsNameCharCp(cp)) return i;
      i += len;
    }
  }

  bool SameName(Span a, Span b) const {
    return a.size == b.size && std::memcmp(p_ + a.offset, p_ + b.offset, a.size) == 0;
  }

  // Exclusive scan bound for a run starting at `start`: one byte past the length limit, so
  // that exceeding the limit is detected before anything later in the run.
  size_t Bound(size_t start) const {
    const uint64_t room = n_ - start;
    if (limits_.max_text_bytes >= room) return n_;
    return start + static_cast<size_t>(limits_.max_text_bytes) + 1;
  }

  bool CheckLength(size_t start, size_t pos, const char* what) {
    if (static_cast<uint64_t>(pos - start) <= limits_.max_text_bytes) return true;
    return Fail(Code::kTextLimit, start + static_cast<size_t>(limits_.max_text_bytes),
                std::string(what) + " starting at " + Where(start) + " is longer than " +
                    std::to_string(limits_.max_text_bytes) + " bytes");
  }

  // Advances *pos over legal characters until a byte with one of the `stop` classes or `end`.
  // This loop sees nearly every byte of a document, so plain ASCII is skipped sixteen (or
  // eight) bytes at a time and the common two- and three-byte UTF-8 sequences are validated
  // inline.
  bool Scan(size_t* pos, size_t end, uint16_t stop) {
    const uint16_t special = stop | kCtl | kHigh;
    const StopWords& words = StopWordsFor(stop);
    const uint64_t* stops = words.word.data();
    const int stop_count = words.count;
    size_t i = *pos;
    for (;;) {
#if defined(__SSE2__)
      i = SkipPlain16(i, end, stops, stop_count);
#endif
      while (i + 8 <= end && !WordIsSpecial(i, stops, stop_count)) i += 8;
      // Byte by byte through the word that stopped the skip: it may hold only line ends.
      const size_t limit = end - i > 8 ? i + 8 : end;
      while (i < limit && !(kClass[p_[i]] & special)) ++i;
      if (i >= end) break;
      if (i == limit) continue;
      if (kClass[p_[i]] & stop) break;
      if (size_t len = CommonUtf8Length(i, end)) {
        i += len;
        continue;
      }
      size_t len = 0;
      if (!ReadChar(i, &len)) return false;
      i += len;
    }
    *pos = i;
    return true;
  }

#if defined(__SSE2__)
  // Skips plain bytes sixteen at a time and returns the position of the first byte that is
  // not plain ASCII text (>= 0x80, a control other than tab and line ends, or a stop byte),
  // or of the last block of fewer than sixteen bytes before `end`. Unlike the word trick it
  // lets tabs and line ends through, which indented documents have in nearly every block.
  size_t SkipPlain16(size_t i, size_t end, const uint64_t* stops, int stop_count) const {
    const __m128i below_space = _mm_set1_epi8(0x20);
    const __m128i tab = _mm_set1_epi8('\t');
    const __m128i line_feed = _mm_set1_epi8('\n');
    const __m128i carriage_return = _mm_set1_epi8('\r');
    __m128i stop_bytes[4];
    for (int k = 0; k < stop_count; ++k) {
      stop_bytes[k] = _mm_set1_epi8(static_cast<char>(stops[k] & 0xFF));
    }
    while (i + 16 <= end) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_ + i));
      // Signed: bytes >= 0x80 are negative, so they count as "below space" too.
      __m128i found = _mm_cmplt_epi8(v, below_space);
      const __m128i allowed =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, line_feed)),
                       _mm_cmpeq_epi8(v, carriage_return));
      found = _mm_andnot_si128(allowed, found);
      for (int k = 0; k < stop_count; ++k) {
        found = _mm_or_si128(found, _mm_cmpeq_epi8(v, stop_bytes[k]));
      }
      const int mask = _mm_movemask_epi8(found);
      if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
      i += 16;
    }
    return i;
  }
#endif

  // Whether the eight bytes at i hold a byte >= 0x80, a byte < 0x20 or one of the stop bytes
  // (each repeated in every byte of a word), by the usual "has a zero byte" bit trick.
  bool WordIsSpecial(size_t i, const uint64_t* stops, int stop_count) const {
    constexpr uint64_t kOnes = 0x0101010101010101ULL;
    constexpr uint64_t kHighs = 0x8080808080808080ULL;
    uint64_t w;
    std::memcpy(&w, p_ + i, sizeof w);
    uint64_t found = (w & kHighs) | ((w - 0x20 * kOnes) & ~w & kHighs);
    for (int k = 0; k < stop_count; ++k) {
      const uint64_t x = w ^ stops[k];
      found |= (x - kOnes) & ~x & kHighs;
    }
    return found != 0;
  }

  // Length of the valid UTF-8 sequence at i if it is one of the common forms that always
  // encode an XML Char, else 0 (the full check in ReadChar decides).
  size_t CommonUtf8Length(size_t i, size_t end) const {
    const unsigned c = p_[i];
    const auto continuation = [&](size_t k) { return k < end && (p_[k] & 0xC0) == 0x80; };
    // U+0080..U+07FF: all of them are Chars.
    if (c >= 0xC2 && c <= 0xDF) return continuation(i + 1) ? 2 : 0;
    // U+1000..U+CFFF and U+E000..U+FFFD (EF BF BE/BF are U+FFFE/U+FFFF, not Chars).
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      if (!continuation(i + 1) || !continuation(i + 2)) return 0;
      if (c == 0xEF && p_[i + 1] == 0xBF && p_[i + 2] >= 0xBE) return 0;
      return 3;
    }
    return 0;
  }

  // ---- document structure ----------------------------------------------------------------

  bool CheckSignature() {
    const auto b = [this](size_t i) -> unsigned { return i < n_ ? p_[i] : 0x100; };
    if (b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
      pos_ = 3;
      return true;
    }
    const char* what = nullptr;
    if ((b(0) == 0xFE && b(1) == 0xFF) || (b(0) == 0xFF && b(1) == 0xFE)) {
      what = "a UTF-16 or UTF-32 byte order mark";
    } else if (b(0) == 0x00) {
      what = "a NUL byte (UTF-16 or UTF-32 encoded?)";
    } else if (b(0) == '<' && b(1) == 0x00) {
      what = "'<' followed by a NUL byte (UTF-16LE or UTF-32LE encoded?)";
    } else if (b(0) == 0x4C && b(1) == 0x6F && b(2) == 0xA7 && b(3) == 0x94) {
      what = "an EBCDIC '<?xm' signature";
    }
    if (what == nullptr) return true;
    return Fail(Code::kUnsupportedEncoding, 0,
                std::string("document starts with ") + what + "; only UTF-8 is supported");
  }

  bool MaybeXmlDeclaration() {
    const size_t lt = pos_;
    if (MatchAt(lt, "<?xml") != Match::kYes) return true;
    if (lt + 5 >= n_) return FailEnd("in XML declaration");
    const unsigned c = p_[lt + 5];
    // Anything else, such as <?xml-stylesheet, is an ordinary PI.
    if (!(kClass[c] & kSpace) && c != '?') return true;
    return ParseXmlDeclaration(lt);
  }

  // Parses `S? '=' S? quote` of a pseudo-attribute; stores the quote character.
  bool DeclEq(size_t* i, const char* name, unsigned char* quote) {
    size_t j = SkipSpace(*i);
    if (j >= n_ || p_[j] != '=') {
      return FailAt(j, Code::kBadXmlDeclaration,
                    std::string("expected '=' after '") + name + "' in XML declaration");
    }
    j = SkipSpace(j + 1);
    if (j >= n_ || (p_[j] != '"' && p_[j] != '\'')) {
      return FailAt(j, Code::kBadXmlDeclaration,
                    std::string("expected a quoted value for '") + name + "' in XML declaration");
    }
    *quote = p_[j];
    *i = j + 1;
    return true;
  }

  bool DeclCloseQuote(size_t* i, unsigned char quote, const char* what) {
    if (*i < n_ && p_[*i] == quote) {
      ++*i;
      return true;
    }
    return FailAt(*i, Code::kBadXmlDeclaration, what);
  }

  bool ParseXmlDeclaration(size_t lt) {
    size_t i = lt + 5;
    unsigned char q;
    const auto space = [&] {
      const size_t s = i;
      i = SkipSpace(i);
      return i > s;
    };
    const auto keyword = [&](std::string_view kw, bool had_space, bool* found) {
      const Match m = MatchAt(i, kw);
      if (m == Match::kTruncated) return FailEnd("in XML declaration");
      *found = m == Match::kYes;
      if (*found && !had_space) {
        return Fail(Code::kBadXmlDeclaration, i,
                    "missing whitespace before '" + std::string(kw) + "' in XML declaration");
      }
      if (*found) i += kw.size();
      return true;
    };

    bool had = space();
    bool found;
    if (!keyword("version", had, &found)) return false;
    if (!found) {
      return FailAt(i, Code::kBadXmlDeclaration, "expected 'version' in XML declaration");
    }
    if (!DeclEq(&i, "version", &q)) return false;
    const char* kBadVersion = "version must be '1.' followed by digits";
    if (i >= n_ || p_[i] != '1') return FailAt(i, Code::kBadXmlDeclaration, kBadVersion);
    if (++i >= n_ || p_[i] != '.') return FailAt(i, Code::kBadXmlDeclaration, kBadVersion);
    const size_t digits = ++i;
    while (i < n_ && p_[i] >= '0' && p_[i] <= '9') ++i;
    if (i == digits) return FailAt(i, Code::kBadXmlDeclaration, kBadVersion);
    if (!DeclCloseQuote(&i, q, "expected closing quote after version number")) return false;

    had = space();
    if (!keyword("encoding", had, &found)) return false;
    if (found) {
      if (!DeclEq(&i, "encoding", &q)) return false;
      const size_t value = i;
      const auto alpha = [](unsigned c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; };
      if (i >= n_ || !alpha(p_[i])) {
        return FailAt(i, Code::kBadXmlDeclaration, "encoding name must start with a letter");
      }
      while (++i < n_) {
        const unsigned c = p_[i];
        if (!alpha(c) && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '-') break;
      }
      if (i >= n_ || p_[i] != q) {
        return FailAt(i, Code::kBadXmlDeclaration,
                      "expected closing quote after encoding name (letters, digits, '.', '_', "
                      "'-')");
      }
      const std::string_view name = text_.substr(value, i - value);
      bool utf8 = name.size() == 5;
      for (size_t k = 0; utf8 && k < 5; ++k) {
        const char c = name[k];
        utf8 = (c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c) == "UTF-8"[k];
      }
      if (!utf8) {
        return Fail(Code::kUnsupportedEncoding, value,
                    "encoding '" + std::string(name) + "' is not supported; only UTF-8 is");
      }
      ++i;
      had = space();
    }

    if (!keyword("standalone", had, &found)) return false;
    if (found) {
      if (!DeclEq(&i, "standalone", &q)) return false;
      if (MatchAt(i, "yes") == Match::kYes) {
        i += 3;
      } else if (MatchAt(i, "no") == Match::kYes) {
        i += 2;
      } else {
        return FailAt(i, Code::kBadXmlDeclaration, "standalone must be 'yes' or 'no'");
      }
      if (!DeclCloseQuote(&i, q, "expected closing quote after standalone value")) return false;
      space();
    }

    const Match end = MatchAt(i, "?>");
    if (end == Match::kYes) {
      pos_ = i + 2;
      return true;
    }
    if (end == Match::kTruncated) return FailEnd("in XML declaration");
    return FailAt(i, Code::kBadXmlDeclaration,
                  "expected '?>' to end the XML declaration (pseudo-attributes must be version, "
                  "encoding, standalone in this order)");
  }

  bool ParseDocument() {
    for (;;) {
      if (stack_.empty() ? !ScanOutsideRoot() : !ScanContent()) return false;
      if (pos_ >= n_) break;
      if (!ParseMarkup()) return false;
    }
    if (!stack_.empty()) {
      const Span top = stack_.back();
      return Fail(Code::kUnclosedElement, top.offset - 1,
                  "element <" + NameText(top) + "> opened at " + Where(top.offset - 1) +
                      " is not closed before the end of input (offset points at its start tag; " +
                      std::to_string(stack_.size()) + " element(s) still open)");
    }
    if (!root_seen_) return Fail(Code::kNoRootElement, n_, "document has no root element");
    return true;
  }

  // Whitespace between top-level constructs; stops at '<' or end of input.
  bool ScanOutsideRoot() {
    const size_t start = pos_;
    const size_t end = Bound(start);
    while (pos_ < end && (kClass[p_[pos_]] & kSpace)) ++pos_;
    if (!CheckLength(start, pos_, "whitespace")) return false;
    if (pos_ >= n_ || p_[pos_] == '<') return true;
    size_t len;
    if (!ReadChar(pos_, &len)) return false;
    return Fail(Code::kTextOutsideRoot, pos_,
                std::string(root_seen_ ? "text after" : "text before") +
                    " the root element (only whitespace, comments and processing instructions "
                    "are allowed there), found " +
                    CharText(pos_));
  }

  // Character data inside an element; stops at '<' or end of input.
  bool ScanContent() {
    const size_t start = pos_;
    const size_t end = Bound(start);
    for (;;) {
      if (!Scan(&pos_, end, kStopText) || !CheckLength(start, pos_, "text")) return false;
      if (pos_ >= n_ || p_[pos_] == '<') return true;
      if (p_[pos_] == '&') {
        if (!ParseReference(&pos_)) return false;
        continue;
      }
      // ']'
      if (n_ - pos_ >= 3 && p_[pos_ + 1] == ']' && p_[pos_ + 2] == '>') {
        return Fail(Code::kMalformedMarkup, pos_,
                    "']]>' is not allowed in character data (write ']]&gt;')");
      }
      ++pos_;
    }
  }

  // Entity or character reference at *pos ('&'); advances past the ';'.
  bool ParseReference(size_t* pos) {
    const size_t amp = *pos;
    size_t i = amp + 1;
    if (i >= n_) return FailEnd("in reference");
    if (p_[i] == '#') {
      const bool hex = ++i < n_ && p_[i] == 'x';
      if (hex) ++i;
      const size_t digits = i;
      uint32_t value = 0;
      for (; i < n_; ++i) {
        const unsigned c = p_[i];
        uint32_t d;
        if (c >= '0' && c <= '9') {
          d = c - '0';
        } else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
          d = (c | 0x20) - 'a' + 10;
        } else {
          break;
        }
        // Saturate just above the largest code point so the value cannot wrap.
        value = value * (hex ? 16 : 10) + d;
        if (value > 0x10FFFF) value = 0x110000;
      }
      if (i >= n_) return FailEnd("in character reference");
      if (i == digits || p_[i] != ';') {
        return Fail(Code::kBadReference, amp,
                    std::string("malformed character reference: expected ") +
                        (hex ? "hex digits" : "decimal digits (or 'x' and hex digits)") +
                        " followed by ';', found " + CharText(i));
      }
      if (!IsXmlChar(value)) {
        return Fail(
            Code::kBadReference, amp,
            "character reference '" + std::string(text_.substr(amp, i + 1 - amp)) + "' refers to " +
                (value > 0x10FFFF ? std::string("a value above U+10FFFF") : CodePointText(value)) +
                ", which is not a legal XML character");
      }
      *pos = i + 1;
      return true;
    }
    if (!NameStartLen(i)) {
      return Fail(
          Code::kBadReference, amp,
          "'&' must start an entity or character reference (write '&amp;'), found " + CharText(i));
    }
    const size_t end = NameEnd(i);
    const Span name{i, end - i};
    if (end >= n_) return FailEnd("in entity reference");
    if (p_[end] != ';') {
      return Fail(
          Code::kBadReference, amp,
          "entity reference '&" + NameText(name) + "' must end with ';', found " + CharText(end));
    }
    const std::string_view s = text_.substr(name.offset, name.size);
    if (s != "lt" && s != "gt" && s != "amp" && s != "apos" && s != "quot") {
      return Fail(Code::kBadReference, amp,
                  "undefined entity '&" + NameText(name) +
                      ";' (only &lt; &gt; &amp; &apos; &quot; are predefined; DTDs are not "
                      "supported)");
    }
    *pos = end + 1;
    return true;
  }

  // At '<'.
  bool ParseMarkup() {
    const size_t lt = pos_;
    if (lt + 1 >= n_) return FailEnd("after '<'");
    const unsigned c = p_[lt + 1];
    if (c == '/') return ParseEndTag(lt);
    if (c == '?') return ParsePi(lt);
    if (c == '!') return ParseDeclaration(lt);
    if (NameStartLen(lt + 1)) return ParseStartTag(lt);
    return FailAt(lt + 1, Code::kMalformedMarkup,
                  "'<' must be followed by an element name, '/', '!' or '?' (write a literal '<' "
                  "as '&lt;')",
                  lt);
  }

  // At "<!".
  bool ParseDeclaration(size_t lt) {
    Match m = MatchAt(lt, "<!--");
    if (m == Match::kYes) return ParseComment(lt);
    if (m == Match::kTruncated) return FailEnd("in '<!--'");
    m = MatchAt(lt, "<![CDATA[");
    if (m == Match::kYes) return ParseCdata(lt);
    if (m == Match::kTruncated) return FailEnd("in '<![CDATA['");
    if (p_[lt + 2] == '[') {
      return Fail(Code::kBadCdata, lt,
                  "malformed CDATA section start: expected '<![CDATA[' (conditional sections "
                  "are only allowed in a DTD)");
    }
    m = MatchAt(lt, "<!DOCTYPE");
    if (m == Match::kYes) {
      return Fail(Code::kDoctypeNotAllowed, lt,
                  "DOCTYPE declarations are not allowed (DTDs are not supported)");
    }
    if (m == Match::kTruncated) return FailEnd("in '<!DOCTYPE'");
    return FailAt(lt + 2, Code::kMalformedMarkup,
                  "'<!' must be followed by '--' (comment) or '[CDATA[' (markup declarations "
                  "belong in a DTD, which is not allowed)",
                  lt);
  }

  bool ParseComment(size_t lt) {
    const size_t start = lt + 4;
    const size_t end = Bound(start);
    size_t i = start;
    for (;;) {
      if (!Scan(&i, end, kStopComment) || !CheckLength(start, i, "comment")) return false;
      if (i >= n_) return FailEnd("in comment opened at " + Where(lt));
      // '-'
      if (i + 1 < n_ && p_[i + 1] == '-') {
        if (i + 2 >= n_) return FailEnd("in comment opened at " + Where(lt));
        if (p_[i + 2] == '>') {
          pos_ = i + 3;
          return true;
        }
        if (p_[i + 2] == '-' && i + 3 < n_ && p_[i + 3] == '>') {
          return Fail(Code::kBadComment, i, "comment must not end with '--->'");
        }
        return Fail(Code::kBadComment, i, "'--' is not allowed inside a comment");
      }
      ++i;
    }
  }

  bool ParseCdata(size_t lt) {
    if (stack_.empty()) {
      return Fail(Code::kBadCdata, lt, "CDATA section outside the root element");
    }
    const size_t start = lt + 9;
    const size_t end = Bound(start);
    size_t i = start;
    for (;;) {
      if (!Scan(&i, end, kStopCdata) || !CheckLength(start, i, "CDATA section")) return false;
      if (i >= n_) return FailEnd("in CDATA section opened at " + Where(lt));
      // ']'
      if (n_ - i >= 3 && p_[i + 1] == ']' && p_[i + 2] == '>') {
        pos_ = i + 3;
        return true;
      }
      ++i;
    }
  }

  bool ParsePi(size_t lt) {
    const size_t target = lt + 2;
    if (!NameStartLen(target)) {
      return FailAt(target, Code::kBadProcessingInstruction, "expected a target name after '<?'");
    }
    const size_t target_end = NameEnd(target);
    const Span name{target, target_end - target};
    if (name.size == 3 && (p_[target] | 0x20) == 'x' && (p_[target + 1] | 0x20) == 'm' &&
        (p_[target + 2] | 0x20) == 'l') {
      if (std::memcmp(p_ + target, "xml", 3) == 0) {
        return Fail(Code::kBadProcessingInstruction, lt,
                    "XML declaration '<?xml ...?>' is only allowed at the very start of the "
                    "document");
      }
      return Fail(Code::kBadProcessingInstruction, lt,
                  "processing instruction target '" + NameText(name) + "' is reserved");
    }
    const Match close = MatchAt(target_end, "?>");
    if (close == Match::kYes) {
      pos_ = target_end + 2;
      return true;
    }
    if (target_end >= n_ || close == Match::kTruncated) {
      return FailEnd("in processing instruction opened at " + Where(lt));
    }
    if (!(kClass[p_[target_end]] & kSpace)) {
      return FailAt(target_end, Code::kBadProcessingInstruction,
                    "expected whitespace or '?>' after processing instruction target '" +
                        NameText(name) + "'");
    }
    const size_t start = target_end;
    const size_t end = Bound(start);
    size_t i = start;
    for (;;) {
      if (!Scan(&i, end, kStopPi) || !CheckLength(start, i, "processing instruction")) {
        return false;
      }
      if (i >= n_) return FailEnd("in processing instruction opened at " + Where(lt));
      // '?'
      if (i + 1 < n_ && p_[i + 1] == '>') {
        pos_ = i + 2;
        return true;
      }
      ++i;
    }
  }

  bool ParseEndTag(size_t lt) {
    const size_t start = lt + 2;
    if (!NameStartLen(start)) {
      return FailAt(start, Code::kMalformedMarkup, "expected an element name after '</'");
    }
    const size_t name_end = NameEnd(start);
    const Span name{start, name_end - start};
    if (name_end >= n_) return FailEnd("in end tag </" + NameText(name));
    if (stack_.empty()) {
      return Fail(
          Code::kMalformedMarkup, lt,
          "end tag </" + NameText(name) + "> " +
              (root_seen_ ? "after the root element was closed" : "without a matching start tag"));
    }
    const Span open = stack_.back();
    if (!SameName(name, open)) {
      return Fail(Code::kMismatchedEndTag, lt,
                  "end tag </" + NameText(name) + "> does not match start tag <" + NameText(open) +
                      "> opened at " + Where(open.offset - 1));
    }
    const size_t i = SkipSpace(name_end);
    if (i >= n_ || p_[i] != '>') {
      return FailAt(i, Code::kMalformedMarkup,
                    "expected '>' to close end tag </" + NameText(name) + ">");
    }
    stack_.pop_back();
    pos_ = i + 1;
    return true;
  }

  bool ParseStartTag(size_t lt) {
    if (stack_.size() >= limits_.max_depth) {
      return Fail(
          Code::kDepthLimit, lt,
          "elements are nested more than " + std::to_string(limits_.max_depth) + " levels deep");
    }
    if (stack_.empty() && root_seen_) {
      return Fail(Code::kMultipleRoots, lt,
                  "second root element: the document element <" + NameText(root_) + "> opened at " +
                      Where(root_.offset - 1) + " is already closed");
    }
    const size_t start = lt + 1;
    const Span name{start, NameEnd(start) - start};
    size_t i = name.offset + name.size;
    attrs_.clear();
    for (;;) {
      const size_t before_space = i;
      i = SkipSpace(i);
      if (i >= n_) return FailEnd("in start tag <" + NameText(name) + ">");
      const unsigned c = p_[i];
      if (c == '>' || c == '/') {
        if (c == '/' && (i + 1 >= n_ || p_[i + 1] != '>')) {
          return FailAt(i + 1, Code::kMalformedMarkup,
                        "expected '>' after '/' in start tag <" + NameText(name) + ">");
        }
        if (!root_seen_) {
          root_seen_ = true;
          root_ = name;
        }
        if (c == '>') {
          stack_.push_back(name);
          pos_ = i + 1;
        } else {
          pos_ = i + 2;
        }
        return true;
      }
      const size_t attr_start_len = NameStartLen(i);
      if (i == before_space) {
        if (attr_start_len > 0) {
          return Fail(Code::kMalformedMarkup, i,
                      "missing whitespace before attribute in start tag <" + NameText(name) + ">");
        }
        return FailAt(i, Code::kMalformedMarkup,
                      "expected whitespace, '>' or '/>' in start tag <" + NameText(name) + ">");
      }
      if (attr_start_len == 0) {
        return FailAt(
            i, Code::kMalformedMarkup,
            "expected an attribute name, '>' or '/>' in start tag <" + NameText(name) + ">");
      }
      const Span attr{i, NameEnd(i) - i};
      if (!AddAttribute(attr)) return false;
      i = SkipSpace(attr.offset + attr.size);
      if (i >= n_ || p_[i] != '=') {
        return FailAt(i, Code::kMalformedMarkup,
                      "expected '=' after attribute name '" + NameText(attr) + "'");
      }
      i = SkipSpace(i + 1);
      if (i >= n_ || (p_[i] != '"' && p_[i] != '\'')) {
        return FailAt(i, Code::kMalformedMarkup,
                      "expected a quoted value for attribute '" + NameText(attr) + "'");
      }
      if (!ParseAttributeValue(attr, &i)) return false;
    }
  }

  // At the opening quote; leaves *pos after the closing quote.
  bool ParseAttributeValue(Span attr, size_t* pos) {
    const unsigned char quote = p_[*pos];
    const size_t start = *pos + 1;
    const size_t end = Bound(start);
    size_t i = start;
    for (;;) {
      if (!Scan(&i, end, kStopAttr) || !CheckLength(start, i, "attribute value")) return false;
      if (i >= n_) {
        return FailEnd("in value of attribute '" + NameText(attr) + "' opened at " +
                       Where(start - 1));
      }
      const unsigned c = p_[i];
      if (c == quote) {
        *pos = i + 1;
        return true;
      }
      if (c == '<') {
        return Fail(
            Code::kLtInAttributeValue, i,
            "'<' is not allowed in the value of attribute '" + NameText(attr) + "' (write '&lt;')");
      }
      if (c == '&') {
        if (!ParseReference(&i)) return false;
      } else {
        ++i;  // the other quote character
      }
    }
  }

  // Records an attribute name of the current start tag, rejecting duplicates and too many
  // attributes. Expected O(1) per attribute.
  bool AddAttribute(Span attr) {
    if (attrs_.empty() && ++gen_ == 0) {
      // Generation counter wrapped: really clear the table once.
      for (Slot& s : slots_) s.gen = 0;
      gen_ = 1;
    }
    if (slots_.size() < 2 * (attrs_.size() + 1)) GrowSlots();
    const size_t mask = slots_.size() - 1;
    size_t h = Hash(attr) & mask;
    while (slots_[h].gen == gen_) {
      const Span other = attrs_[slots_[h].index];
      if (SameName(attr, other)) {
        return Fail(
            Code::kDuplicateAttribute, attr.offset,
            "duplicate attribute '" + NameText(attr) + "' (first at " + Where(other.offset) + ")");
      }
      h = (h + 1) & mask;
    }
    if (attrs_.size() >= limits_.max_attributes ||
        attrs_.size() >= std::numeric_limits<uint32_t>::max()) {
      return Fail(
          Code::kAttributeLimit, attr.offset,
          "element has more than " + std::to_string(limits_.max_attributes) + " attributes");
    }
    slots_[h] = Slot{gen_, static_cast<uint32_t>(attrs_.size())};
    attrs_.push_back(attr);
    return true;
  }

  void GrowSlots() {
    size_t size = slots_.empty() ? 16 : slots_.size();
    while (size < 2 * (attrs_.size() + 1)) size *= 2;
    slots_.assign(size, Slot{0, 0});
    const size_t mask = size - 1;
    for (size_t k = 0; k < attrs_.size(); ++k) {
      size_t h = Hash(attrs_[k]) & mask;
      while (slots_[h].gen == gen_) h = (h + 1) & mask;
      slots_[h] = Slot{gen_, static_cast<uint32_t>(k)};
    }
  }

  size_t Hash(Span s) const {
    uint32_t h = 2166136261u;  // FNV-1a
    for (size_t k = 0; k < s.size; ++k) h = (h ^ p_[s.offset + k]) * 16777619u;
    return h;
  }

  const std::string_view text_;
  const unsigned char* const p_;
  const size_t n_;
  const WellFormedLimits& limits_;
  size_t pos_ = 0;
  std::optional<WellFormedError> error_;
  std::vector<Span> stack_;  // names of open elements
  bool root_seen_ = false;
  Span root_{0, 0};
  std::vector<Span> attrs_;  // attribute names of the current start tag
  std::vector<Slot> slots_;
  uint32_t gen_ = 0;
};

}  // namespace

std::optional<WellFormedError> CheckWellFormed(std::string_view text,
                                               const WellFormedLimits& limits) {
  return Checker(text, limits).Run();
}

const char* WellFormedCodeName(WellFormedCode code) {
  switch (code) {
    case Code::kInvalidUtf8:
      return "invalid-utf8";
    case Code::kUnsupportedEncoding:
      return "unsupported-encoding";
    case Code::kDoctypeNotAllowed:
      return "doctype-not-allowed";
    case Code::kInvalidChar:
      return "invalid-char";
    case Code::kMalformedMarkup:
      return "malformed-markup";
    case Code::kMismatchedEndTag:
      return "mismatched-end-tag";
    case Code::kUnclosedElement:
      return "unclosed-element";
    case Code::kDuplicateAttribute:
      return "duplicate-attribute";
    case Code::kLtInAttributeValue:
      return "lt-in-attribute-value";
    case Code::kBadReference:
      return "bad-reference";
    case Code::kMultipleRoots:
      return "multiple-roots";
    case Code::kNoRootElement:
      return "no-root-element";
    case Code::kTextOutsideRoot:
      return "text-outside-root";
    case Code::kBadComment:
      return "bad-comment";
    case Code::kBadCdata:
      return "bad-cdata";
    case Code::kBadProcessingInstruction:
      return "bad-processing-instruction";
    case Code::kBadXmlDeclaration:
      return "bad-xml-declaration";
    case Code::kDepthLimit:
      return "depth-limit";
    case Code::kAttributeLimit:
      return "attribute-limit";
    case Code::kTextLimit:
      return "text-limit";
    case Code::kUnexpectedEnd:
      return "unexpected-end";
  }
  return "unknown";
}

TextPosition PositionAt(std::string_view text, size_t offset) {
  TextPosition pos;
  if (offset > text.size()) offset = text.size();
  size_t i = 0;
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0 && offset >= 3) i = 3;
  for (; i < offset; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++pos.line;
      pos.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++pos.column;
    }
  }
  return pos;
}

}  // namespace konform::xml
