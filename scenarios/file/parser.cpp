// The .mte parser (see parser.hpp). Statement syntax is checked against the command
// table in commands.cpp; names and ranges are checked later, by the plan compiler.
#include "scenarios/file/parser.hpp"

#include "scenarios/file/commands.hpp"

namespace tagrace::scenarios::file {

namespace {

constexpr int kMaxDepth = 32;

class Parser {
 public:
  Parser(std::vector<Token> toks, std::string path) : t_(std::move(toks)) { f_.path = std::move(path); }

  ScenarioFile run() {
    expect_word("MTE", "'MTE' followed by the scenario's name on the first line");
    f_.name = ident("the scenario's name").text;
    if (peek().kind == Tok::String) f_.summary = next().text;
    header();
    if (peek().is("init")) {
      next();
      f_.init = block(init_commands(), 0);
    } else if (peek().is("{")) {
      f_.init = block(init_commands(), 0);
    }
    while (peek().is("thread") || ((peek().is("for") || peek().is("if")) && loop_over_threads()))
      f_.threads.push_back(thread_item(0));
    while (peek().is("exists") || peek().is("forall") || peek().is("for")) f_.finals.push_back(final_item(0));
    while (peek().is("Result")) result();
    if (peek().kind != Tok::End)
      fail(peek(), "expected 'thread', 'exists', 'forall' or 'Result'" +
                       std::string(f_.threads.empty() ? " (or a header line / 'init' block)" : ""));
    if (f_.threads.empty()) throw FileError(peek().loc, "expected at least one 'thread' block");
    return std::move(f_);
  }

 private:
  /// At a top-level for/if: does its block hold threads (else final clauses)?
  bool loop_over_threads() const {
    std::size_t i = pos_;
    while (i < t_.size() && !t_[i].is("{") && t_[i].kind != Tok::End) ++i;
    while (i < t_.size() && t_[i].is("{")) ++i;
    for (; i < t_.size() && (t_[i].is("for") || t_[i].is("if")); ++i)
      while (i + 1 < t_.size() && !t_[i + 1].is("{") && t_[i + 1].kind != Tok::End) ++i;
    return i >= t_.size() || !(t_[i].is("exists") || t_[i].is("forall"));
  }
  static std::string token_text(const Token& t) { return t.kind == Tok::String ? "\"" + t.text + "\"" : t.text; }
  const Token& peek(std::size_t k = 0) const { return t_[std::min(pos_ + k, t_.size() - 1)]; }
  const Token& next() {
    const Token& t = peek();
    if (pos_ < t_.size() - 1) ++pos_;
    return t;
  }
  [[noreturn]] static void fail(const Token& t, const std::string& what) {
    throw FileError(t.loc, what + ", found " + describe(t));
  }
  const Token& ident(const char* what) {
    if (peek().kind != Tok::Ident) fail(peek(), std::string("expected ") + what);
    return next();
  }
  void expect_word(const char* w, const std::string& what) {
    if (!peek().is(w)) fail(peek(), "expected " + what);
    next();
  }
  void expect_punct(const char* p) {
    if (!(peek().kind == Tok::Punct && peek().text == p)) fail(peek(), std::string("expected '") + p + "'");
    next();
  }
  std::string string_or_ident(const char* what) {
    if (peek().kind == Tok::String || peek().kind == Tok::Ident) return next().text;
    fail(peek(), std::string("expected ") + what);
  }

  void header() {
    for (;;) {
      const Token& t = peek();
      if (t.is("kernel")) next(), f_.kernel = ident("a kernel version after 'kernel' (e.g. v6.2)").text;
      else if (t.is("strategy")) next(), f_.strategy = ident("a strategy name after 'strategy'").text;
      else if (t.is("granules")) next(), f_.granules = int_expr("the number of tag granule groups"), f_.has_granules = true;
      else if (t.is("comment")) {
        next();
        if (peek().kind != Tok::String) fail(peek(), "expected a quoted string after 'comment'");
        f_.comments.push_back(next().text);
      } else if (t.is("variant")) {
        next();
        bool on = true;
        if (peek().is("-") || peek().is("!")) next(), on = false;
        else if (peek().is("+")) next();
        f_.variants.emplace_back(ident("a bug-variant name after 'variant' (e.g. b10_swap_free_before_restore)").text, on);
      } else if (t.is("config")) {
        next();
        std::string k = ident("a configuration field after 'config'").text;
        f_.config.emplace_back(k, ident("a value for the configuration field").text);
      } else if (t.is("param")) {
        next();
        ParamDecl p;
        p.loc = peek().loc;
        p.name = ident("a parameter name after 'param'").text;
        p.def = number("the parameter's default value");
        p.min = number("the parameter's minimum (MIN..MAX)");
        expect_punct("..");
        p.max = number("the parameter's maximum (MIN..MAX)");
        if (peek().kind == Tok::String) p.help = next().text;
        if (p.min > p.max || p.def < p.min || p.def > p.max)
          throw FileError(p.loc, "parameter '" + p.name + "': expected MIN <= DEFAULT <= MAX");
        f_.params.push_back(p);
      } else if (t.is("check")) {
        next();
        if (peek().kind != Tok::Ident) fail(peek(), "expected a property name after 'check'");
        while (peek().kind == Tok::Ident && !is_keyword(peek().text)) {
          f_.checks.push_back(next().text);
          if (peek().is(",")) next();
        }
      } else if (t.is("memory-model")) {
        next();
        const Token& m = ident("a memory model after 'memory-model' (sc or weak)");
        if (m.text != "sc" && m.text != "weak")
          throw FileError(m.loc, "unknown memory model '" + m.text + "': expected sc or weak");
        f_.memory_model = m.text;
      } else if (t.is("requires")) {
        next();
        std::string cap = ident("a capability name after 'requires'").text;
        std::string why = peek().kind == Tok::String ? next().text : "";
        f_.requires_.emplace_back(cap, why);
      } else {
        return;
      }
    }
  }

  static bool is_keyword(const std::string& s) {
    for (const char* k : {"kernel", "strategy", "granules", "comment", "variant", "config", "param", "check",
                          "requires", "memory-model", "init", "thread", "for", "if", "exists", "forall", "Result"})
      if (s == k) return true;
    return false;
  }

  std::int64_t number(const char* what) {
    bool neg = false;
    if (peek().is("-")) next(), neg = true;
    if (peek().kind != Tok::Number) fail(peek(), std::string("expected ") + what);
    std::int64_t v = next().num;
    return neg ? -v : v;
  }

  IntExpr int_expr(const char* what) {
    IntExpr e;
    e.loc = peek().loc;
    char op = '+';
    for (int i = 0; i < 16; ++i) {
      IntExpr::Term term;
      term.op = op;
      term.loc = peek().loc;
      if (peek().kind == Tok::Number) term.num = next().num;
      else if (peek().kind == Tok::Ident && peek().text.size() > 1 && peek().text[0] == '$' &&
               peek().text.find('$', 1) == std::string::npos &&
               (peek().text[1] == '(' || peek().text.find('-') == std::string::npos))
        term.var = next().text.substr(1);
      else fail(peek(), std::string("expected ") + what + " (a number or $variable)");
      e.terms.push_back(term);
      if (peek().kind == Tok::Punct && (peek().text == "+" || peek().text == "-" || peek().text == "*"))
        op = next().text[0];
      else return e;
    }
    fail(peek(), "expression too long: expected at most 16 terms");
  }

  TagExpr tag_expr(const char* what) {
    TagExpr t;
    t.loc = peek().loc;
    if (peek().is("STALE")) next(), t.kind = TagExpr::Stale;
    else if (peek().is("INIT")) next(), t.kind = TagExpr::Init;
    else if (peek().is("USER")) {
      next();
      t.kind = TagExpr::AnyUser;
      if (peek().is("(")) {
        next();
        t.kind = TagExpr::User;
        t.value = int_expr("a user tag value inside USER(...)");
        expect_punct(")");
      }
    } else {
      fail(peek(), std::string("expected ") + what + " (STALE, INIT, USER or USER(n))");
    }
    return t;
  }

  Arg arg(char type, const char* what) {
    Arg a;
    a.type = type;
    a.loc = peek().loc;
    if (type == 'i') a.expr = int_expr(what);
    else if (type == 't') a.tag = tag_expr(what);
    else a.name = ident(what).text;
    return a;
  }

  static const char* type_name(char type) {
    switch (type) {
      case 'i': return "an integer";
      case 't': return "a tag value";
      default: return "a name";
    }
  }

  Stmt command(const std::vector<CmdSpec>& table) {
    Stmt s;
    s.loc = peek().loc;
    const Token& w = ident("a command");
    const CmdSpec* spec = find_command(table, w.text);
    if (!spec) throw FileError(w.loc, "unknown command '" + w.text + "': expected one of " + command_names(table));
    s.op = spec->name;
    for (const char* a = spec->args; *a; ++a) {
      std::string what = std::string(type_name(*a)) + " argument " + std::to_string(a - spec->args + 1) +
                         " of '" + s.op + "' (usage: " + spec->usage + ")";
      s.args.push_back(arg(*a, what.c_str()));
    }
    s.opts = options(spec->opts, spec->usage);
    if (peek().is(";")) next();
    return s;
  }

  std::vector<Option> options(const std::vector<OptSpec>& specs, const char* usage) {
    std::vector<Option> out;
    while (peek().kind == Tok::Ident) {
      const OptSpec* o = nullptr;
      for (const auto& sp : specs)
        if (peek().text == sp.word) o = &sp;
      if (!o) break;
      Option opt;
      opt.loc = peek().loc;
      opt.word = next().text;
      if (o->type != '-') {
        opt.has_value = true;
        std::string what = std::string(type_name(o->type)) + " after '" + opt.word + "' (usage: " + usage + ")";
        opt.value = arg(o->type, what.c_str());
      }
      out.push_back(std::move(opt));
      if (out.size() > 16) fail(peek(), "too many options");
    }
    return out;
  }

  std::vector<Stmt> block(const std::vector<CmdSpec>& table, int depth) {
    if (depth > kMaxDepth) fail(peek(), "nesting too deep");
    expect_punct("{");
    std::vector<Stmt> out;
    while (!peek().is("}")) {
      if (peek().kind == Tok::End) fail(peek(), "expected '}' to close the block");
      if (peek().is("for")) {
        Stmt s;
        s.kind = Stmt::For;
        s.loc = next().loc;
        loop_head(s.var, s.lo, s.hi);
        s.body = block(table, depth + 1);
        out.push_back(std::move(s));
      } else if (peek().is("if")) {
        Stmt s;
        s.kind = Stmt::If;
        s.loc = next().loc;
        if_head(s.lo, s.cmp, s.hi);
        s.body = block(table, depth + 1);
        if (peek().is("else")) next(), s.else_body = block(table, depth + 1);
        out.push_back(std::move(s));
      } else {
        if (peek().kind != Tok::Ident)
          fail(peek(), "expected a command (one of " + command_names(table) + ") or '}'");
        out.push_back(command(table));
      }
    }
    next();
    return out;
  }

  void loop_head(std::string& var, IntExpr& lo, IntExpr& hi) {
    const Token& v = ident("a loop variable after 'for'");
    if (v.text[0] == '$' || v.text.find_first_of("$.-") != std::string::npos)
      throw FileError(v.loc, "expected a plain loop variable name (use it as $" + v.text + ")");
    var = v.text;
    expect_word("in", "'in' after the loop variable");
    lo = int_expr("the loop's first value");
    expect_punct("..");
    hi = int_expr("the loop's last value");
  }

  void if_head(IntExpr& lhs, std::string& cmp, IntExpr& rhs) {
    lhs = int_expr("a value to compare after 'if'");
    if (peek().kind != Tok::Punct || (peek().text != "==" && peek().text != "!=" && peek().text != "<" &&
                                      peek().text != ">"))
      fail(peek(), "expected a comparison (==, !=, <, >)");
    cmp = next().text;
    rhs = int_expr("a value to compare with");
  }

  ThreadItem thread_item(int depth) {
    if (depth > kMaxDepth) fail(peek(), "nesting too deep");
    ThreadItem it;
    it.loc = peek().loc;
    if (peek().is("for") || peek().is("if")) {
      bool is_for = next().text == "for";
      if (is_for) it.kind = ThreadItem::For, loop_head(it.var, it.lo, it.hi);
      else it.kind = ThreadItem::If, if_head(it.lo, it.cmp, it.hi);
      expect_punct("{");
      while (!peek().is("}")) {
        if (!(peek().is("thread") || peek().is("for") || peek().is("if"))) fail(peek(), "expected 'thread' or '}'");
        it.body.push_back(thread_item(depth + 1));
      }
      next();
      if (!is_for && peek().is("else")) {
        next();
        expect_punct("{");
        while (!peek().is("}")) {
          if (!(peek().is("thread") || peek().is("for") || peek().is("if"))) fail(peek(), "expected 'thread' or '}'");
          it.else_body.push_back(thread_item(depth + 1));
        }
        next();
      }
      return it;
    }
    next();  // 'thread'
    it.thread.loc = it.loc;
    it.thread.name = ident("a thread name after 'thread' (e.g. T0)").text;
    it.thread.opts = options(thread_options(), "thread NAME [mm MM] [vm VM] [vcpu N] [spare N] [\"label\"]");
    if (peek().kind == Tok::String) it.thread.label = next().text;
    it.thread.body = block(thread_commands(), depth + 1);
    return it;
  }

  Cond cond(int depth) {
    if (depth > kMaxDepth) fail(peek(), "condition nested too deep");
    return chain(Cond::Or, "\\/", &Parser::conj, depth);
  }
  Cond conj(int depth) { return chain(Cond::And, "/\\", &Parser::unary, depth); }
  /// operand (op operand)*: a single operand stays itself, more become one `kind` node.
  Cond chain(decltype(Cond::kind) kind, const char* op, Cond (Parser::*operand)(int), int depth) {
    Cond left = (this->*operand)(depth);
    if (!peek().is(op)) return left;
    Cond c;
    c.kind = kind;
    c.loc = left.loc;
    c.kids.push_back(std::move(left));
    while (peek().is(op)) next(), c.kids.push_back((this->*operand)(depth));
    return c;
  }
  Cond unary(int depth) {
    if (depth > kMaxDepth) fail(peek(), "condition nested too deep");
    Cond c;
    c.loc = peek().loc;
    if (peek().is("~") || peek().is("!") || peek().is("not")) {
      next();
      c.kind = Cond::Not;
      c.kids.push_back(unary(depth + 1));
      return c;
    }
    if (peek().is("(")) {
      next();
      c = cond(depth + 1);
      expect_punct(")");
      return c;
    }
    return predicate();
  }

  Cond predicate();
  void result();

  FinalItem final_item(int depth) {
    if (depth > kMaxDepth) fail(peek(), "nesting too deep");
    FinalItem it;
    it.loc = peek().loc;
    if (peek().is("for")) {
      next();
      it.is_for = true;
      loop_head(it.var, it.lo, it.hi);
      expect_punct("{");
      while (!peek().is("}")) {
        if (!(peek().is("exists") || peek().is("forall") || peek().is("for")))
          fail(peek(), "expected 'exists', 'forall', 'for' or '}'");
        it.body.push_back(final_item(depth + 1));
      }
      next();
      return it;
    }
    FinalClause& c = it.clause;
    c.loc = peek().loc;
    c.exists = next().text == "exists";
    std::size_t start = pos_;
    c.cond = cond(0);
    for (std::size_t i = start; i < pos_; ++i) c.text += (c.text.empty() ? "" : " ") + token_text(t_[i]);
    return it;
  }

  std::vector<Token> t_;
  std::size_t pos_ = 0;
  ScenarioFile f_;
};

/// Predicates over the final state and their argument shapes: 'p' a page reference
/// (NAME, MM:ADDR, VM:GFN or MEMFD:INDEX), 'e' a pte reference (MM:ADDR), 's' a
/// stage-2 reference (VM:GFN), 'w' a swap name, 'i' an integer; cmp: '-' boolean,
/// 't' compares with a tag value, 'a' with a stage-2 attribute.
struct PredSpec {
  const char* name;
  const char* args;
  char cmp;
};
const PredSpec kPreds[] = {
    {"PG_mte_tagged", "p", '-'}, {"PG_mte_lock", "p", '-'},  {"tags", "p", 't'},
    {"tag", "pi", 't'},          {"pte_present", "e", '-'},  {"pte_tagged", "e", '-'},
    {"pte_write", "e", '-'},     {"pte_none", "e", '-'},     {"is_swap_pte", "e", '-'},
    {"stage2", "s", 'a'},        {"swap_has_tags", "w", '-'}, {"same_page", "pp", '-'},
    {"tags_initialised", "p", '-'},
};

Cond Parser::predicate() {
  Cond c;
  c.loc = peek().loc;
  const Token& w = ident("a predicate (PG_mte_tagged, PG_mte_lock, tags, tag, pte_present, pte_tagged, "
                         "pte_write, pte_none, is_swap_pte, stage2, swap_has_tags, same_page, tags_initialised) or '('");
  const PredSpec* spec = nullptr;
  for (const auto& p : kPreds)
    if (w.text == p.name) spec = &p;
  if (!spec)
    throw FileError(w.loc, "unknown predicate '" + w.text + "': expected one of PG_mte_tagged, PG_mte_lock, "
                           "tags, tag, pte_present, pte_tagged, pte_write, pte_none, is_swap_pte, stage2, "
                           "swap_has_tags, same_page, tags_initialised");
  c.pred = spec->name;
  expect_punct("(");
  for (const char* a = spec->args; *a; ++a) {
    if (a != spec->args) expect_punct(",");
    if (*a == 'i') {
      c.pred_args.push_back(arg('i', "a granule index"));
      c.has_index.push_back(false);
      continue;
    }
    Arg r = arg('n', *a == 'e' ? "a pte reference MM:ADDR" : *a == 's' ? "a stage-2 reference VM:GFN"
                     : *a == 'w' ? "a swap slot name" : "a page reference (PAGE, MM:ADDR, VM:GFN or MEMFD:INDEX)");
    bool idx = false;
    if (peek().is(":")) {
      next();
      r.expr = int_expr("an address, gfn or index after ':'");
      idx = true;
    } else if (*a == 'e' || *a == 's') {
      fail(peek(), std::string("expected ':' and ") + (*a == 'e' ? "an address (MM:ADDR)" : "a gfn (VM:GFN)"));
    }
    c.pred_args.push_back(std::move(r));
    c.has_index.push_back(idx);
  }
  expect_punct(")");
  if (spec->cmp == '-') return c;
  if (!(peek().is("==") || peek().is("!="))) fail(peek(), std::string("expected '==' or '!=' after ") + c.pred + "(...)");
  c.cmp = next().text;
  if (spec->cmp == 't') {
    c.rhs = arg('t', "a tag value");
  } else {
    c.rhs.type = 'k';
    c.rhs.loc = peek().loc;
    const Token& a = ident("a stage-2 attribute (NormalWB, NormalNC, Device or none)");
    if (a.text != "NormalWB" && a.text != "NormalNC" && a.text != "Device" && a.text != "none")
      throw FileError(a.loc, "unknown stage-2 attribute '" + a.text + "': expected NormalWB, NormalNC, Device or none");
    c.rhs.name = a.text;
  }
  return c;
}

void Parser::result() {
  ResultDecl r;
  r.loc = next().loc;  // 'Result'
  while (!peek().is(":")) {
    const Token& q = peek();
    if (q.is("+") || q.is("-")) {
      std::string sign = next().text;
      r.variants.push_back(sign + ident("a bug-variant name after '+'/'-'").text);
    } else if (q.kind == Tok::Ident) {
      // kernel versions start with 'v' and a digit; sc and weak name the memory model;
      // everything else names a strategy
      std::string s = next().text;
      if (s == "sc" || s == "weak") {
        if (!r.memory_model.empty()) throw FileError(q.loc, "expected one memory model (sc or weak) per Result line");
        r.memory_model = s;
      } else if (s.size() > 1 && s[0] == 'v' && std::isdigit(static_cast<unsigned char>(s[1]))) {
        if (!r.kernel.empty()) throw FileError(q.loc, "expected one kernel version per Result line");
        r.kernel = s;
      } else {
        if (!r.strategy.empty()) throw FileError(q.loc, "expected one strategy per Result line");
        r.strategy = s;
      }
    } else {
      fail(q, "expected a kernel version, a strategy, sc/weak, +variant/-variant or ':' in the Result line");
    }
    if (r.variants.size() > 16) fail(peek(), "too many variants");
  }
  next();
  const Token& o = ident("an outcome after 'Result ...:' (Never, Sometimes or Refused)");
  if (o.text == "Never") r.sometimes = false;
  else if (o.text == "Sometimes") r.sometimes = true;
  else if (o.text == "Refused") r.refused = true;
  else throw FileError(o.loc, "unknown outcome '" + o.text + "': expected Never, Sometimes or Refused");
  while (r.sometimes && peek().kind == Tok::Ident && !peek().is("Result")) {
    const Token& c = next();
    static const char* cats[] = {"tag-loss", "stale-exposure", "stage2-safety", "liveness", "assertion",
                                 "data-race"};
    bool ok = false;
    for (const char* k : cats) ok = ok || c.text == k;
    if (!ok)
      throw FileError(c.loc, "unknown violation kind '" + c.text +
                                 "': expected tag-loss, stale-exposure, stage2-safety, liveness, assertion "
                                 "or data-race (weak memory model only)");
    r.categories.push_back(c.text);
    if (r.categories.size() > 8) fail(peek(), "too many violation kinds");
  }
  f_.results.push_back(std::move(r));
}

}  // namespace

ScenarioFile parse_scenario(const std::string& src, const std::string& path) {
  return Parser(tokenize(src), path).run();
}

}  // namespace tagrace::scenarios::file
