// Output-format tests per reporter (house style): each renders a synthetic record with
// the fields a reader or a script relies on.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "reports/reporter.hpp"

namespace tagrace::reports {
namespace {

CheckRecord violation_record() {
  CheckRecord r;
  r.scenario = "shared-mprotect-vs-fault";
  r.scenario_params = "mms=2";
  r.strategy = "flag-first";
  r.kernel = "v5.10";
  r.search = "exhaustive";
  r.verdict = "violation";
  r.violated = {"tag-loss"};
  r.executions = 7;
  CounterexampleRecord c;
  c.category = "tag-loss";
  c.message = "second init";
  c.schedule = "0*3.1*4";
  c.replay_command = "tagrace replay --scenario shared-mprotect-vs-fault --schedule 0*3.1*4";
  c.trace_text = "   0  T0 (mm1)  mte_sync_tags()  test_and_set_bit(PG_mte_tagged)\n";
  c.trace.push_back({0, 0, "T0 (mm1)", "mte_sync_tags", "test_and_set_bit(PG_mte_tagged)",
                     "page pfn 0x100", "0 -> 1", false});
  r.counterexamples.push_back(c);
  return r;
}

TEST(ConsoleReporter, PrintsTheViolationTraceAndReplayLine) {
  std::ostringstream os;
  make_reporter("console")->check(violation_record(), {}, os);
  EXPECT_NE(os.str().find("VIOLATION tag-loss (sc memory model): second init"), std::string::npos);
  EXPECT_NE(os.str().find("replay:   tagrace replay"), std::string::npos);
  EXPECT_NE(os.str().find("mte_sync_tags()"), std::string::npos);
}

TEST(ConsoleReporter, PrintsWhatAVerifiedVerdictCovers) {
  auto r = violation_record();
  r.verdict = "verified";
  r.coverage = "all 7 executions";
  r.counterexamples.clear();
  std::ostringstream os;
  make_reporter("console")->check(r, {}, os);
  EXPECT_NE(os.str().find("VERDICT   verified: all 7 executions"), std::string::npos);
}

TEST(JsonReporter, CarriesSchemaVersionContextAndTrace) {
  std::ostringstream os;
  RunContext ctx;
  ctx.git_revision = "abc123";
  make_reporter("json")->check(violation_record(), ctx, os);
  auto j = nlohmann::json::parse(os.str());
  EXPECT_EQ(j["schema_version"], kSchemaVersion);
  EXPECT_EQ(j["context"]["git_revision"], "abc123");
  EXPECT_EQ(j["result"]["counterexamples"][0]["trace"][0]["function"], "mte_sync_tags");
  EXPECT_EQ(j["result"]["counterexamples"][0]["schedule"], "0*3.1*4");
}

TEST(MarkdownReporter, RendersTheMatrixAsATable) {
  MatrixRecord m;
  m.scenarios = {"shared-mprotect-vs-fault"};
  m.strategies = {"flag-first", "pg-mte-lock"};
  m.cells.push_back(violation_record());
  auto ok = violation_record();
  ok.strategy = "pg-mte-lock";
  ok.verdict = "verified";
  ok.counterexamples.clear();
  m.cells.push_back(ok);
  std::ostringstream os;
  make_reporter("markdown")->matrix(m, os);
  EXPECT_NE(os.str().find("| scenario | flag-first | pg-mte-lock |"), std::string::npos);
  EXPECT_NE(os.str().find("| shared-mprotect-vs-fault | tag-loss (7 ex) | verified (7 ex) |"),
            std::string::npos)
      << os.str();
}

TEST(Reporters, TheMatrixNamesItsMemoryModel) {
  MatrixRecord m;
  m.scenarios = {"shared-mprotect-vs-fault"};
  m.strategies = {"flag-first"};
  m.cells.push_back(violation_record());
  m.cells.back().memory_model = "weak";
  std::ostringstream console, md, js;
  make_reporter("console")->matrix(m, console);
  make_reporter("markdown")->matrix(m, md);
  make_reporter("json")->matrix(m, js);
  EXPECT_NE(console.str().find("1 cells, weak memory model"), std::string::npos) << console.str();
  EXPECT_NE(md.str().find("source-DPOR, weak memory model"), std::string::npos) << md.str();
  EXPECT_EQ(nlohmann::json::parse(js.str())["memory_model"], "weak");
}

TEST(Reporters, UnknownNameGivesNull) { EXPECT_EQ(make_reporter("xml"), nullptr); }

}  // namespace
}  // namespace tagrace::reports
