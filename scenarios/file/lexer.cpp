// The .mte tokenizer (see lexer.hpp). Punctuation: { } ( ) [ ] , ; : = + - * ~ ! and
// the two-character operators /\ \/ == != .. ; numbers are decimal or 0x hex.
#include "scenarios/file/lexer.hpp"

#include <cctype>

namespace tagrace::scenarios::file {

namespace {

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '-' || c == '.';
}

}  // namespace

std::string describe(const Token& t) {
  switch (t.kind) {
    case Tok::Ident: return "'" + t.text + "'";
    case Tok::Number: return "number " + t.text;
    case Tok::String: return "a string";
    case Tok::Punct: return "'" + t.text + "'";
    case Tok::End: return "end of file";
  }
  return "?";
}

std::vector<Token> tokenize(const std::string& src) {
  std::vector<Token> out;
  SrcLoc loc;
  std::size_t i = 0;
  const std::size_t n = src.size();
  auto advance = [&](std::size_t k) {
    for (std::size_t j = 0; j < k && i < n; ++j, ++i) {
      if (src[i] == '\n') {
        ++loc.line;
        loc.col = 1;
      } else {
        ++loc.col;
      }
    }
  };
  while (i < n) {
    char c = src[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      advance(1);
      continue;
    }
    if (c == '#' || (c == '/' && i + 1 < n && src[i + 1] == '/')) {
      while (i < n && src[i] != '\n') advance(1);
      continue;
    }
    Token t;
    t.loc = loc;
    if (c == '(' && i + 1 < n && src[i + 1] == '*') {
      advance(2);
      while (i < n && !(src[i] == '*' && i + 1 < n && src[i + 1] == ')')) advance(1);
      if (i >= n) throw FileError(t.loc, "unterminated comment: expected '*)'");
      advance(2);
      continue;
    }
    if (c == '"') {
      advance(1);
      t.kind = Tok::String;
      while (i < n && src[i] != '"' && src[i] != '\n') {
        t.text += src[i];
        advance(1);
      }
      if (i >= n || src[i] != '"') throw FileError(t.loc, "unterminated string: expected '\"' before end of line");
      advance(1);
      out.push_back(std::move(t));
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      t.kind = Tok::Number;
      std::size_t start = i;
      int base = 10;
      if (c == '0' && i + 1 < n && (src[i + 1] == 'x' || src[i + 1] == 'X')) {
        base = 16;
        advance(2);
      }
      while (i < n && std::isxdigit(static_cast<unsigned char>(src[i])) &&
             (base == 16 || std::isdigit(static_cast<unsigned char>(src[i]))))
        advance(1);
      t.text = src.substr(start, i - start);
      std::string digits = base == 16 ? t.text.substr(2) : t.text;
      if (digits.empty()) throw FileError(t.loc, "malformed number '" + t.text + "': expected hex digits after 0x");
      if (digits.size() > 12) throw FileError(t.loc, "number '" + t.text + "' out of range (at most 12 digits)");
      t.num = std::stoll(digits, nullptr, base);
      if (i < n && ident_start(src[i]))
        throw FileError(loc, "unexpected character '" + std::string(1, src[i]) + "' after number " + t.text);
      out.push_back(std::move(t));
      continue;
    }
    if (ident_start(c)) {
      t.kind = Tok::Ident;
      std::size_t start = i;
      while (i < n && ident_char(src[i]) && !(src[i] == '.' && i + 1 < n && src[i + 1] == '.')) {
        if (src[i] == '$' && i + 1 < n && src[i + 1] == '(') {  // $(m-1): an expression in a name
          std::size_t close = src.find(')', i);
          std::size_t nl = src.find('\n', i);
          if (close == std::string::npos || close > nl || close - i > 64)
            throw FileError(loc, "unterminated '$(': expected ')' on the same line");
          advance(close + 1 - i);
          continue;
        }
        advance(1);
      }
      t.text = src.substr(start, i - start);
      out.push_back(std::move(t));
      continue;
    }
    static const char* two[] = {"/\\", "\\/", "==", "!=", ".."};
    bool matched = false;
    for (const char* op : two)
      if (i + 1 < n && src[i] == op[0] && src[i + 1] == op[1]) {
        t.kind = Tok::Punct;
        t.text = op;
        advance(2);
        matched = true;
        break;
      }
    if (!matched) {
      static const std::string one = "{}()[],;:=+-*~!<>";
      if (one.find(c) == std::string::npos) {
        std::string shown = std::isprint(static_cast<unsigned char>(c)) ? std::string(1, c) : "\\x" + std::to_string(static_cast<unsigned char>(c));
        throw FileError(loc, "unexpected character '" + shown + "'");
      }
      t.kind = Tok::Punct;
      t.text = std::string(1, c);
      advance(1);
    }
    out.push_back(std::move(t));
  }
  Token end;
  end.loc = loc;
  out.push_back(end);
  return out;
}

}  // namespace tagrace::scenarios::file
