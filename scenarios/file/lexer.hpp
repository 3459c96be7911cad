// Tokens of the .mte scenario format (see ast.hpp for the grammar). Modelled on the
// kernel's tools/memory-model litmus files: `#` and `(* ... *)` comments, quoted
// strings, identifiers that may hold '-', '.' and `$var` (flag-first, v6.1-rc, mm$m).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace tagrace::scenarios::file {

/// A position in the file, 1-based.
struct SrcLoc {
  int line = 1;
  int col = 1;
};

/// A format error at a position: rendered as `file:line:col: message`.
struct FileError : std::runtime_error {
  FileError(SrcLoc l, const std::string& msg) : std::runtime_error(msg), loc(l) {}
  SrcLoc loc;
};

enum class Tok : std::uint8_t { Ident, Number, String, Punct, End };

struct Token {
  Tok kind = Tok::End;
  std::string text;  ///< identifier, string contents, or the punctuation itself
  std::int64_t num = 0;
  SrcLoc loc;
  bool is(const char* p) const { return (kind == Tok::Punct || kind == Tok::Ident) && text == p; }
};

/// Human description of a token for "expected X, found Y" messages.
std::string describe(const Token& t);

/// Splits `src` into tokens; throws FileError on a bad character, an unterminated
/// string or comment, or a number out of range.
std::vector<Token> tokenize(const std::string& src);

}  // namespace tagrace::scenarios::file
