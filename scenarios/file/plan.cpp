// The plan compiler (see plan.hpp): expands for/if with the parameter values, resolves
// names (declared before use, of the right kind), evaluates integers with overflow
// checks and bounds every size, so a Plan can be replayed without further checks.
#include "scenarios/file/plan.hpp"

#include <cctype>

#include "scenarios/file/commands.hpp"

namespace tagrace::scenarios::file {

namespace {

constexpr std::int64_t kMaxAddr = 1 << 24;
constexpr std::size_t kMaxOps = 4096;

const char* kind_name(ObjKind k) {
  switch (k) {
    case ObjKind::Memfd: return "memfd";
    case ObjKind::Page: return "page";
    case ObjKind::Mm: return "mm";
    case ObjKind::Vm: return "vm";
    case ObjKind::Swap: return "swap slot";
  }
  return "?";
}

struct VmaInfo {
  std::int64_t start, npages;
};

class Compiler {
 public:
  Compiler(const ScenarioFile& f, const std::map<std::string, std::int64_t>& params) : f_(f), env_(params) {}

  Plan run() {
    std::int64_t g = f_.has_granules ? eval(f_.granules) : 1;
    if (g < 1 || g > 256) throw FileError(f_.granules.loc, "granules must be in [1, 256]");
    plan_.granules = static_cast<unsigned>(g);
    for (const auto& s : f_.init) stmt(s, true, nullptr);
    for (const auto& t : f_.threads) thread_item(t);
    for (const auto& fi : f_.finals) final_item(fi);
    return std::move(plan_);
  }

 private:
  std::int64_t eval(const IntExpr& e) {
    std::int64_t v = 0;
    for (const auto& t : e.terms) {
      std::int64_t x = t.num;
      if (!t.var.empty()) x = var_value(t.var, t.loc);
      bool ovf = t.op == '+' ? __builtin_add_overflow(v, x, &v)
                 : t.op == '-' ? __builtin_sub_overflow(v, x, &v)
                               : __builtin_mul_overflow(v, x, &v);
      if (ovf || v > (std::int64_t{1} << 40) || v < -(std::int64_t{1} << 40))
        throw FileError(t.loc, "integer out of range");
    }
    return v;
  }

  std::int64_t eval_in(const IntExpr& e, std::int64_t lo, std::int64_t hi, const std::string& what) {
    std::int64_t v = eval(e);
    if (v < lo || v > hi)
      throw FileError(e.loc, what + " = " + std::to_string(v) + " out of range [" + std::to_string(lo) + ", " +
                                 std::to_string(hi) + "]");
    return v;
  }

  /// The value of `v` (a variable name, or "(a+b-1)": names and numbers joined by + -).
  std::int64_t var_value(const std::string& v, SrcLoc loc) {
    if (v.empty() || v[0] != '(') {
      auto it = env_.find(v);
      if (it == env_.end()) throw FileError(loc, "undefined variable $" + v + ": expected a parameter or a loop variable");
      return it->second;
    }
    std::int64_t total = 0;
    char op = '+';
    std::size_t i = 1;
    while (i < v.size()) {
      std::size_t j = i;
      while (j < v.size() && (std::isalnum(static_cast<unsigned char>(v[j])) || v[j] == '_')) ++j;
      if (j == i) throw FileError(loc, "malformed expression '$" + v + "': expected names and numbers joined by + or -");
      std::string term = v.substr(i, j - i);
      std::int64_t x = 0;
      if (std::isdigit(static_cast<unsigned char>(term[0]))) {
        if (term.size() > 9 || term.find_first_not_of("0123456789") != std::string::npos)
          throw FileError(loc, "malformed number '" + term + "' in '$" + v + "'");
        x = std::stoll(term);
      } else {
        x = var_value(term, loc);
      }
      total = op == '+' ? total + x : total - x;
      if (total > (1ll << 40) || total < -(1ll << 40)) throw FileError(loc, "integer out of range");
      if (j >= v.size() || v[j] == ')') break;
      if (v[j] != '+' && v[j] != '-') throw FileError(loc, "malformed expression '$" + v + "': expected + or -");
      op = v[j];
      i = j + 1;
    }
    return total;
  }

  std::string interpolate(const std::string& name, SrcLoc loc) {
    std::string out;
    for (std::size_t i = 0; i < name.size();) {
      if (name[i] != '$') {
        out += name[i++];
        continue;
      }
      std::size_t j = i + 1;
      if (j < name.size() && name[j] == '(') {
        j = name.find(')', j);
        if (j == std::string::npos) throw FileError(loc, "unterminated '$(' in name '" + name + "'");
        ++j;
      } else {
        while (j < name.size() && (std::isalnum(static_cast<unsigned char>(name[j])) || name[j] == '_')) ++j;
      }
      std::string var = name.substr(i + 1, j - i - 1);
      if (var.empty()) throw FileError(loc, "expected a variable name after '$' in '" + name + "'");
      out += std::to_string(var_value(var, loc));
      i = j;
    }
    return out;
  }

  unsigned declare(const Arg& a, ObjKind k) {
    std::string n = interpolate(a.name, a.loc);
    if (syms_.count(n)) throw FileError(a.loc, "'" + n + "' is already declared (as a " + std::string(kind_name(syms_[n].first)) + ")");
    unsigned idx = plan_.counts[k]++;
    syms_[n] = {k, idx};
    return idx;
  }

  unsigned lookup(const Arg& a, ObjKind k) {
    std::string n = interpolate(a.name, a.loc);
    auto it = syms_.find(n);
    if (it == syms_.end()) throw FileError(a.loc, "undeclared " + std::string(kind_name(k)) + " '" + n + "'");
    if (it->second.first != k)
      throw FileError(a.loc, "'" + n + "' is a " + kind_name(it->second.first) + ", expected a " + kind_name(k));
    return it->second.second;
  }

  TagVal tag(const TagExpr& t) {
    TagVal v;
    v.kind = t.kind;
    if (t.kind == TagExpr::Stale) v.value = model::TAG_STALE;
    if (t.kind == TagExpr::Init) v.value = model::TAG_INIT;
    if (t.kind == TagExpr::User) v.value = model::tag_user(static_cast<unsigned>(eval_in(t.value, 0, 60000, "USER value")));
    return v;
  }

  template <class Body>
  void loop(const std::string& var, const IntExpr& lo, const IntExpr& hi, SrcLoc loc, Body body) {
    if (env_.count(var)) throw FileError(loc, "loop variable '" + var + "' shadows a parameter or an outer loop variable");
    std::int64_t a = eval(lo), b = eval(hi);
    if (b - a > 64) throw FileError(hi.loc, "loop too long: expected at most 64 iterations");
    for (std::int64_t i = a; i <= b; ++i) {
      env_[var] = i;
      body();
    }
    env_.erase(var);
  }

  bool compare(const IntExpr& l, const std::string& cmp, const IntExpr& r) {
    std::int64_t a = eval(l), b = eval(r);
    return cmp == "==" ? a == b : cmp == "!=" ? a != b : cmp == "<" ? a < b : a > b;
  }

  void stmt(const Stmt& s, bool init, PlanThread* th) {
    if (s.kind == Stmt::For) {
      loop(s.var, s.lo, s.hi, s.loc, [&] {
        for (const auto& b : s.body) stmt(b, init, th);
      });
      return;
    }
    if (s.kind == Stmt::If) {
      for (const auto& b : compare(s.lo, s.cmp, s.hi) ? s.body : s.else_body) stmt(b, init, th);
      return;
    }
    if (++nops_ > kMaxOps) throw FileError(s.loc, "too many operations after expansion (at most 4096)");
    PlanOp op;
    op.op = s.op;
    op.loc = s.loc;
    if (init) init_op(s, op);
    else thread_op(s, op, *th);
    compile_op(op);
    (init ? plan_.init : th->ops).push_back(std::move(op));
  }

  std::int64_t opt_int(const Stmt& s, const char* w, std::int64_t def, std::int64_t lo, std::int64_t hi) {
    for (const auto& o : s.opts)
      if (o.word == w) return eval_in(o.value.expr, lo, hi, std::string(w));
    return def;
  }
  const Option* opt(const Stmt& s, const char* w) {
    for (const auto& o : s.opts)
      if (o.word == w) return &o;
    return nullptr;
  }

  void init_op(const Stmt& s, PlanOp& op) {
    const auto& a = s.args;
    for (const auto& o : s.opts)
      if (!o.has_value) op.opt[o.word] = 1;
    if (s.op == "memfd") {
      op.n[0] = eval_in(a[1].expr, 1, 512, "memfd size");
      op.ref[0] = declare(a[0], ObjKind::Memfd);
      memfd_size_.push_back(op.n[0]);
    } else if (s.op == "page" || s.op == "zero_page") {
      op.n[0] = s.op == "page" ? std::max(opt_int(s, "thp", 1, 1, 512), opt_int(s, "hugetlb", 1, 1, 512))
                               : opt_int(s, "huge", 1, 1, 512);
      if (opt(s, "hugetlb")) op.opt["hugetlb"] = 1;
      int kinds = 0;
      for (const char* k : {"normal", "movable", "fsdax", "devcoherent", "devprivate", "pfnmap"}) kinds += op.opt.count(k);
      if (kinds > 1) throw FileError(s.loc, "expected at most one page kind");
      op.ref[0] = declare(a[0], ObjKind::Page);
      page_nr_.push_back(op.n[0]);
    } else if (s.op == "pagecache") {
      op.ref[0] = lookup(a[0], ObjKind::Memfd);
      op.ref[1] = lookup(a[2], ObjKind::Page);
      op.n[0] = eval_in(a[1].expr, 0, memfd_size_[op.ref[0]] - page_nr_[op.ref[1]], "page-cache index");
    } else if (s.op == "mm") {
      op.ref[0] = declare(a[0], ObjKind::Mm);
      vmas_.emplace_back();
    } else if (s.op == "mmap") {
      op.ref[0] = lookup(a[0], ObjKind::Mm);
      op.n[0] = eval_in(a[1].expr, 1, kMaxAddr, "mmap address");
      op.n[1] = eval_in(a[2].expr, 1, 512, "mmap size");
      for (const auto& v : vmas_[op.ref[0]])
        if (op.n[0] < v.start + v.npages && v.start < op.n[0] + op.n[1])
          throw FileError(a[1].loc, "mmap range overlaps an earlier vma of the same mm");
      vmas_[op.ref[0]].push_back({op.n[0], op.n[1]});
      int backings = (opt(s, "memfd") != nullptr) + (opt(s, "pfnmap") != nullptr) + (opt(s, "anon") != nullptr);
      if (backings > 1) throw FileError(s.loc, "expected one backing: anon, memfd F or pfnmap PAGE");
      if (const Option* m = opt(s, "memfd")) {
        op.opt["memfd"] = lookup(m->value, ObjKind::Memfd);
        op.n[2] = opt_int(s, "pgoff", 0, 0, memfd_size_[op.opt["memfd"]] - op.n[1]);
        if (memfd_size_[op.opt["memfd"]] < op.n[1]) throw FileError(a[2].loc, "mmap size exceeds the memfd's size");
      }
      if (const Option* m = opt(s, "pfnmap")) {
        op.opt["pfnmap"] = lookup(m->value, ObjKind::Page);
        if (page_nr_[op.opt["pfnmap"]] < op.n[1]) throw FileError(a[2].loc, "mmap size exceeds the pfnmap page range");
      }
    } else if (s.op == "map" || s.op == "map_swap") {
      op.ref[0] = lookup(a[0], ObjKind::Mm);
      op.n[0] = eval_in(a[1].expr, 1, kMaxAddr, "address");
      op.ref[1] = lookup(a[2], s.op == "map" ? ObjKind::Page : ObjKind::Swap);
      bool inside = false;
      for (const auto& v : vmas_[op.ref[0]]) inside = inside || (op.n[0] >= v.start && op.n[0] < v.start + v.npages);
      if (!inside) throw FileError(a[1].loc, "address is not inside a vma of this mm (mmap it first)");
    } else if (s.op == "vm") {
      op.n[0] = opt_int(s, "gfns", 1, 1, 512);
      op.ref[0] = declare(a[0], ObjKind::Vm);
      vm_gfns_.push_back(op.n[0]);
    } else if (s.op == "memslot") {
      op.ref[0] = lookup(a[0], ObjKind::Vm);
      op.ref[1] = lookup(a[2], ObjKind::Mm);
      op.n[2] = eval_in(a[4].expr, 1, vm_gfns_[op.ref[0]], "memslot size");
      op.n[0] = eval_in(a[1].expr, 0, vm_gfns_[op.ref[0]] - op.n[2], "memslot gfn");
      op.n[1] = eval_in(a[3].expr, 1, kMaxAddr, "memslot host address");
    } else if (s.op == "swap") {
      op.ref[0] = declare(a[0], ObjKind::Swap);
      if (const Option* t = opt(s, "tags")) op.tag = tag(t->value.tag), op.opt["tags"] = 1;
      if (op.opt.count("tags") && op.tag.kind == TagExpr::AnyUser)
        throw FileError(opt(s, "tags")->value.loc, "expected a definite tag value (STALE, INIT or USER(n))");
    } else if (s.op == "shmem_swapped") {
      op.ref[0] = lookup(a[0], ObjKind::Memfd);
      op.n[0] = eval_in(a[1].expr, 0, memfd_size_[op.ref[0]] - 1, "page-cache index");
      op.ref[1] = lookup(a[2], ObjKind::Swap);
    } else if (s.op == "tags") {
      op.ref[0] = lookup(a[0], ObjKind::Page);
      op.tag = tag(a[1].tag);
      if (op.tag.kind == TagExpr::AnyUser) throw FileError(a[1].loc, "expected a definite tag value (STALE, INIT or USER(n))");
    } else if (s.op == "set_flag") {
      op.ref[0] = lookup(a[0], ObjKind::Page);
      std::string flag = a[1].name;
      if (flag != "PG_mte_tagged" && flag != "PG_mte_lock")
        throw FileError(a[1].loc, "unknown flag '" + flag + "': expected PG_mte_tagged or PG_mte_lock");
      op.n[0] = flag == "PG_mte_tagged" ? 0 : 1;
    }
  }

  void thread_op(const Stmt& s, PlanOp& op, PlanThread& th) {
    for (const auto& o : s.opts) {
      if (!o.has_value) op.opt[o.word] = 1;
      else if (o.value.type == 'i') op.opt[o.word] = eval_in(o.value.expr, 0, 512, o.word);
      else if (o.value.type == 't') op.has_expect = true, op.expect = tag(o.value.tag);
    }
    bool kvm_op = s.op.rfind("guest_", 0) == 0 || s.op == "user_mem_abort" || s.op.rfind("copy_tags", 0) == 0 ||
                  s.op == "sanitise_mte_tags";
    if (kvm_op && th.vm < 0) throw FileError(s.loc, "'" + s.op + "' needs a VM: expected 'vm NAME' in the thread header");
    if (!kvm_op && s.op != "copy_highpage" && th.mm < 0)
      throw FileError(s.loc, "'" + s.op + "' needs an mm: expected 'mm NAME' in the thread header");
    for (std::size_t i = 0, ni = 0, nr = 0; i < s.args.size(); ++i) {
      const Arg& a = s.args[i];
      if (a.type == 'i') {
        std::int64_t hi = kvm_op ? vm_gfns_[th.vm] - 1 : kMaxAddr;
        op.n[ni++] = eval_in(a.expr, 0, hi, kvm_op ? "gfn" : "address");
      } else if (a.type == 't') {
        op.tag = tag(a.tag);
        if (op.tag.kind != TagExpr::User) throw FileError(a.loc, "expected USER(n): only user values are written");
      } else {
        op.ref[nr++] = lookup(a, ObjKind::Page);
      }
    }
    if (s.op == "copy_tags_write" && op.opt.count("partial") && op.opt["partial"] > plan_.granules)
      throw FileError(opt(s, "partial")->loc, "partial copy longer than the page's granules");
    if (s.op == "sanitise_mte_tags" && op.opt.count("pages") && op.opt["pages"] > page_nr_[op.ref[0]])
      throw FileError(opt(s, "pages")->loc, "sanitise_mte_tags pages exceeds the compound page");
    op.message = th.name + " " + s.op + " (line " + std::to_string(s.loc.line) + ") reads " +
                 (op.has_expect ? op.expect.text() : std::string("USER")) + " tags";
  }

  void thread_item(const ThreadItem& it) {
    if (it.kind == ThreadItem::For) {
      loop(it.var, it.lo, it.hi, it.loc, [&] {
        for (const auto& b : it.body) thread_item(b);
      });
      return;
    }
    if (it.kind == ThreadItem::If) {
      for (const auto& b : compare(it.lo, it.cmp, it.hi) ? it.body : it.else_body) thread_item(b);
      return;
    }
    const ThreadDecl& d = it.thread;
    PlanThread th;
    th.name = interpolate(d.name, d.loc);
    for (const auto& t : plan_.threads)
      if (t.name == th.name) throw FileError(d.loc, "thread '" + th.name + "' is already declared");
    if (plan_.threads.size() >= 8) throw FileError(d.loc, "too many threads (at most 8)");
    th.label = interpolate(d.label, d.loc);
    bool spare_given = false;
    for (const auto& o : d.opts) {
      if (o.word == "mm") th.mm = static_cast<int>(lookup(o.value, ObjKind::Mm));
      else if (o.word == "vm") th.vm = static_cast<int>(lookup(o.value, ObjKind::Vm));
      else if (o.word == "spare") th.spare = static_cast<unsigned>(eval_in(o.value.expr, 0, 64, "spare")), spare_given = true;
      else if (o.word == "vcpu") eval_in(o.value.expr, 0, 64, "vcpu");
    }
    for (const auto& s : d.body) stmt(s, false, &th);
    if (!spare_given) {
      for (const auto& op : th.ops)
        if (op.op != "mprotect" && op.op != "swap_out" && op.op != "copy_highpage" && op.op != "remove_migration_pte" &&
            op.op != "sanitise_mte_tags" && op.op != "munmap" && op.op != "thp_split" && op.op != "mmap_over")
          th.spare = std::min(th.spare + (op.op == "fault" || op.op == "cow" ? 2 : 1), 64u);  // swap-in + CoW copy
    }
    plan_.threads.push_back(std::move(th));
  }

  PlanCond cond(const Cond& c) {
    PlanCond p;
    p.kind = c.kind;
    for (const auto& k : c.kids) p.kids.push_back(cond(k));
    if (c.kind != Cond::Pred) return p;
    p.pred = c.pred;
    p.cmp = c.cmp;
    for (std::size_t i = 0; i < c.pred_args.size(); ++i) {
      const Arg& a = c.pred_args[i];
      if (a.type == 'i') {
        p.granule = eval_in(a.expr, 0, plan_.granules - 1, "granule");
        continue;
      }
      PlanRef r;
      std::string n = interpolate(a.name, a.loc);
      auto it = syms_.find(n);
      if (it == syms_.end()) throw FileError(a.loc, "undeclared name '" + n + "' in the condition");
      r.kind = it->second.first;
      r.obj = it->second.second;
      r.indexed = c.has_index[i];
      if (r.indexed) r.index = eval_in(a.expr, 0, kMaxAddr, "address, gfn or index");
      bool want_pte = p.pred.rfind("pte_", 0) == 0 || p.pred == "is_swap_pte";
      if (want_pte && r.kind != ObjKind::Mm) throw FileError(a.loc, "expected a pte reference MM:ADDR");
      if (p.pred == "stage2" && r.kind != ObjKind::Vm) throw FileError(a.loc, "expected a stage-2 reference VM:GFN");
      if (p.pred == "swap_has_tags" && r.kind != ObjKind::Swap) throw FileError(a.loc, "expected a swap slot name");
      if (!want_pte && p.pred != "stage2" && p.pred != "swap_has_tags") {
        if (r.kind == ObjKind::Swap) throw FileError(a.loc, "expected a page reference, found a swap slot");
        if ((r.kind == ObjKind::Page) == r.indexed)
          throw FileError(a.loc, r.indexed ? "a page name takes no ':' index" : "expected MM:ADDR, VM:GFN or MEMFD:INDEX for '" + n + "'");
      }
      if (r.kind == ObjKind::Vm && r.index >= vm_gfns_[r.obj]) throw FileError(a.loc, "gfn out of the VM's range");
      if (r.kind == ObjKind::Memfd && r.index >= memfd_size_[r.obj]) throw FileError(a.loc, "index out of the memfd's range");
      p.refs.push_back(r);
    }
    if (c.rhs.type == 't') p.tag = tag(c.rhs.tag);
    else p.attr = c.rhs.name;
    compile_cond(p);
    return p;
  }

  /// Fills the compiled fields of a predicate (an unknown name reads as `tags`).
  static void compile_cond(PlanCond& p) {
    static const std::pair<const char*, CondPred> kPreds[] = {
        {"pte_present", CondPred::PtePresent}, {"pte_tagged", CondPred::PteTagged},
        {"pte_write", CondPred::PteWrite},     {"pte_none", CondPred::PteNone},
        {"is_swap_pte", CondPred::IsSwapPte},  {"stage2", CondPred::Stage2},
        {"swap_has_tags", CondPred::SwapHasTags}, {"PG_mte_tagged", CondPred::PgMteTagged},
        {"PG_mte_lock", CondPred::PgMteLock},  {"tags_initialised", CondPred::TagsInitialised},
        {"same_page", CondPred::SamePage},     {"tag", CondPred::Tag},
        {"tags", CondPred::Tags}};
    p.code = CondPred::Tags;
    for (const auto& [name, code] : kPreds)
      if (p.pred == name) p.code = code;
    p.eq = p.cmp != "!=";
    p.want = p.attr == "none"       ? Stage2Want::None
             : p.attr == "NormalWB" ? Stage2Want::NormalWB
             : p.attr == "NormalNC" ? Stage2Want::NormalNC
             : p.attr == "Device"   ? Stage2Want::Device
                                    : Stage2Want::Unknown;
  }

  void final_item(const FinalItem& it) {
    if (it.is_for) {
      loop(it.var, it.lo, it.hi, it.loc, [&] {
        for (const auto& b : it.body) final_item(b);
      });
      return;
    }
    PlanFinal pf;
    pf.exists = it.clause.exists;
    pf.cond = cond(it.clause.cond);
    pf.message = std::string(pf.exists ? "exists clause holds: " : "forall clause fails: ") + it.clause.text +
                 " (line " + std::to_string(it.clause.loc.line) + ")";
    plan_.finals.push_back(std::move(pf));
  }

  const ScenarioFile& f_;
  std::map<std::string, std::int64_t> env_;
  std::map<std::string, std::pair<ObjKind, unsigned>> syms_;
  std::vector<std::int64_t> memfd_size_, page_nr_, vm_gfns_;
  std::vector<std::vector<VmaInfo>> vmas_;
  std::size_t nops_ = 0;
  Plan plan_;
};

}  // namespace

bool TagVal::matches(model::tag_t t) const {
  switch (kind) {
    case TagExpr::Stale: return t == model::TAG_STALE;
    case TagExpr::Init: return t == model::TAG_INIT;
    case TagExpr::AnyUser: return model::tag_is_user(t);
    case TagExpr::User: return t == value;
  }
  return false;
}

std::string TagVal::text() const {
  switch (kind) {
    case TagExpr::Stale: return "STALE";
    case TagExpr::Init: return "INIT";
    case TagExpr::AnyUser: return "USER";
    case TagExpr::User: return "USER(" + std::to_string(value - 2) + ")";
  }
  return "?";
}

Plan compile_plan(const ScenarioFile& f, const std::map<std::string, std::int64_t>& params) {
  return Compiler(f, params).run();
}

}  // namespace tagrace::scenarios::file
