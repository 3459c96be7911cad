// The syntax tree of a .mte scenario file. Grammar (tokens in lexer.hpp):
//   file    := 'MTE' NAME [STRING] header* init? (thread | for | if)* final* result*
//   header  := kernel V | strategy S | granules E | variant [+|-]B | config K V
//            | param NAME DEF MIN..MAX [STRING] | check P+ | requires CAP [STRING] | comment STRING
//            | memory-model (sc | weak)
//   init    := 'init' '{' stmt* '}'       thread := 'thread' NAME opt* [STRING] '{' stmt* '}'
//   stmt    := CMD arg* opt* [';'] | 'for' VAR 'in' E '..' E '{' stmt* '}' | 'if' E OP E '{'..'}' ['else' '{'..'}']
//   final   := ('exists' | 'forall') COND | 'for' VAR 'in' E '..' E '{' final* '}'
//   result  := 'Result' qualifier* ':' OUTCOME CAT*
//   qualifier := KERNEL | STRATEGY | +VARIANT | -VARIANT | sc | weak
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scenarios/file/lexer.hpp"

namespace tagrace::scenarios::file {

/// An integer expression: terms joined by + - *; a term is a number or $var.
struct IntExpr {
  struct Term {
    char op = '+';  ///< how it joins the value so far
    std::int64_t num = 0;
    std::string var;  ///< non-empty: a parameter or loop variable
    SrcLoc loc;
  };
  std::vector<Term> terms;
  SrcLoc loc;
};

/// A tag value: STALE, INIT, USER (any user value; only in expectations) or USER(e).
struct TagExpr {
  enum Kind : std::uint8_t { Stale, Init, AnyUser, User } kind = AnyUser;
  IntExpr value;
  SrcLoc loc;
};

/// One argument or option value.
struct Arg {
  char type = 'n';   ///< 'i' int, 'n' name, 't' tag, 'k' keyword
  std::string name;  ///< 'n' (may hold $var) and 'k'
  IntExpr expr;      ///< 'i'
  TagExpr tag;       ///< 't'
  SrcLoc loc;
};

struct Option {
  std::string word;
  bool has_value = false;
  Arg value;
  SrcLoc loc;
};

struct Stmt {
  enum Kind : std::uint8_t { Command, For, If } kind = Command;
  SrcLoc loc;
  std::string op;  ///< Command
  std::vector<Arg> args;
  std::vector<Option> opts;
  std::string var;  ///< For: loop variable; If: unused
  IntExpr lo, hi;   ///< For: range (inclusive); If: lhs (lo) and rhs (hi)
  std::string cmp;  ///< If: == != < >
  std::vector<Stmt> body, else_body;
};

struct ThreadDecl {
  SrcLoc loc;
  std::string name;  ///< may hold $var (inside a for)
  std::vector<Option> opts;  ///< mm NAME, vm NAME, vcpu N, spare N
  std::string label;
  std::vector<Stmt> body;
};

/// A thread, or a for/if over threads at the top level.
struct ThreadItem {
  enum Kind : std::uint8_t { Thread, For, If } kind = Thread;
  SrcLoc loc;
  ThreadDecl thread;
  std::string var;
  IntExpr lo, hi;
  std::string cmp;
  std::vector<ThreadItem> body, else_body;
};

/// A condition over the final state.
struct Cond {
  enum Kind : std::uint8_t { And, Or, Not, Pred } kind = Pred;
  SrcLoc loc;
  std::vector<Cond> kids;
  std::string pred;             ///< PG_mte_tagged, tags, tag, pte_tagged, stage2, ...
  std::vector<Arg> pred_args;   ///< page refs as 'n' with an optional ':' index in expr
  std::vector<bool> has_index;  ///< per pred_arg: NAME ':' E
  std::string cmp;              ///< "" (boolean), "==", "!="
  Arg rhs;                      ///< tag value or keyword
};

struct FinalClause {
  bool exists = true;  ///< exists (else forall)
  Cond cond;
  std::string text;  ///< the clause as written, for messages
  SrcLoc loc;
};

/// A final clause, or a for loop over final clauses.
struct FinalItem {
  bool is_for = false;
  FinalClause clause;
  std::string var;
  IntExpr lo, hi;
  std::vector<FinalItem> body;
  SrcLoc loc;
};

struct ResultDecl {
  SrcLoc loc;
  std::string kernel, strategy;         ///< empty: the header's
  std::string memory_model;             ///< "sc", "weak" or empty: the header's
  std::vector<std::string> variants;    ///< "+name" / "-name"
  bool sometimes = false, refused = false;
  std::vector<std::string> categories;  ///< expected violation kinds (Sometimes)
};

struct ParamDecl {
  std::string name, help;
  std::int64_t def = 0, min = 0, max = 0;
  SrcLoc loc;
};

struct ScenarioFile {
  std::string path;
  std::string name, summary;
  std::string kernel, strategy;  ///< empty: v6.2 / the kernel's default
  std::string memory_model;      ///< `memory-model`: "sc", "weak" or empty (the checker's default)
  IntExpr granules;
  bool has_granules = false;
  std::vector<std::pair<std::string, bool>> variants;  ///< name, on
  std::vector<std::pair<std::string, std::string>> config;
  std::vector<ParamDecl> params;
  std::vector<std::string> checks;  ///< properties; empty: all
  std::vector<std::pair<std::string, std::string>> requires_;  ///< capability, reason
  std::vector<std::string> comments;
  std::vector<Stmt> init;
  std::vector<ThreadItem> threads;
  std::vector<FinalItem> finals;
  std::vector<ResultDecl> results;
};

}  // namespace tagrace::scenarios::file
