// The .mte front end: good files load (every shipped file, loops, params, conditions),
// and every kind of error names its line, column and what was expected.
#include <gtest/gtest.h>

#include <filesystem>

#include "model/strategy.hpp"
#include "scenarios/file/builtin_files.hpp"
#include "scenarios/file/file_scenario.hpp"
#include "scenarios/file/parser.hpp"

namespace tagrace::scenarios::file {
namespace {

std::string error_of(const std::string& text) {
  try {
    load_scenario_text(text, "t.mte");
  } catch (const FileError& e) {
    return std::to_string(e.loc.line) + ":" + std::to_string(e.loc.col) + ": " + e.what();
  }
  return "";
}

const char* kGood = R"(MTE good (* a litmus-style comment *)
"summary"
kernel v6.2
strategy pg-mte-lock
param mms 2 2..3 "processes"
granules 2
init {
  memfd f0 1; page P0; pagecache f0 0 P0
  for m in 1..$mms { mm mm$m; mmap mm$m 0x100 1 memfd f0 shared mte }
}
for m in 1..$mms { thread T$(m-1) mm mm$m "mm$m" { write_read_tags 0x100 USER($m) } }
for m in 1..$mms { forall (pte_tagged(mm$m:0x100)) }
exists (tag(P0, 1) == STALE)
Result: Never
Result flag-first: Sometimes tag-loss stale-exposure
Result v6.4 -b8_unconditional_set_tagged: Never
)";

TEST(ScenarioFileParser, AGoodFileLoadsWithItsParametersThreadsAndResults) {
  model::register_builtin_strategies();
  auto s = load_scenario_text(kGood, "good.mte");
  EXPECT_EQ(s->name(), "good");
  EXPECT_EQ(s->summary(), "summary");
  ASSERT_EQ(s->file().results.size(), 3u);
  EXPECT_TRUE(s->file().results[1].sometimes);
  EXPECT_EQ(s->file().results[1].categories.size(), 2u);
  EXPECT_EQ(s->file().results[2].kernel, "v6.4");
  EXPECT_EQ(s->file().results[2].variants[0], "-b8_unconditional_set_tagged");
  model::Params p{{"mms", "3"}, {"granules", "2"}};
  const Plan& plan = s->plan(p);
  ASSERT_EQ(plan.threads.size(), 3u);
  EXPECT_EQ(plan.threads[2].name, "T2");
  EXPECT_EQ(plan.threads[2].label, "mm3");
  EXPECT_EQ(plan.finals.size(), 4u);
  EXPECT_EQ(plan.granules, 2u);
}

TEST(ScenarioFileParser, TheMemoryModelComesFromTheHeaderOrTheResultLine) {
  model::register_builtin_strategies();
  auto s = load_scenario_text("MTE m\nmemory-model weak\nthread T0 { }\n"
                              "Result: Sometimes data-race\nResult v6.2 sc: Never\nResult weak pg-mte-lock: Never\n",
                              "m.mte");
  EXPECT_EQ(s->file().memory_model, "weak");
  ASSERT_EQ(s->file().results.size(), 3u);
  EXPECT_EQ(s->file().results[0].memory_model, "");
  EXPECT_EQ(s->file().results[0].categories, std::vector<std::string>{"data-race"});
  EXPECT_EQ(s->file().results[1].memory_model, "sc");
  EXPECT_EQ(s->file().results[1].kernel, "v6.2");
  EXPECT_EQ(s->file().results[2].memory_model, "weak");
  EXPECT_EQ(s->file().results[2].strategy, "pg-mte-lock");
  for (const char* cap : {"weak-memory", "kasan-page-tags"}) {
    auto f = load_scenario_text(std::string("MTE r\nrequires ") + cap + " \"why\"\nthread T0 { }\n", "r.mte");
    EXPECT_TRUE(f->missing_capabilities().empty()) << cap;
  }
}

TEST(ScenarioFileParser, EveryShippedScenarioFileLoads) {
  model::register_builtin_strategies();
  std::size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(TAGRACE_SOURCE_DIR "/scenarios")) {
    if (e.path().extension() != ".mte") continue;
    std::string err;
    EXPECT_TRUE(load_scenario_file(e.path().string(), err)) << err;
    ++n;
  }
  EXPECT_GE(n, 8u + 15u + 55u);
}

TEST(ScenarioFileParser, TheBuiltinScenariosAreTheEmbeddedFiles) {
  EXPECT_EQ(embedded_builtin_files().size(), 8u);
  for (const auto& [name, text] : embedded_builtin_files()) EXPECT_EQ(builtin_file_scenario(name)->name(), name);
}

struct BadCase {
  const char* text;
  const char* error;  ///< "line:col: message" prefix
};

class ScenarioFileErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ScenarioFileErrors, NameTheLineColumnAndWhatWasExpected) {
  model::register_builtin_strategies();
  std::string got = error_of(GetParam().text);
  EXPECT_EQ(got.substr(0, std::string(GetParam().error).size()), GetParam().error) << got;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ScenarioFileErrors,
    ::testing::Values(
        BadCase{"", "1:1: expected 'MTE' followed by the scenario's name on the first line, found end of file"},
        BadCase{"MTE x\n", "2:1: expected at least one 'thread' block"},
        BadCase{"MTE x\nkernel v9.9\nthread T0 { }\n", "2:1: unknown kernel version 'v9.9': expected one of v5.10"},
        BadCase{"MTE x\nstrategy nope\nthread T0 { }\n", "2:1: unknown strategy 'nope': expected one of"},
        BadCase{"MTE x\nvariant b99\nthread T0 { }\n", "2:9: unknown bug variant 'b99': expected one of b3_"},
        BadCase{"MTE x\ninit { mm m1; frob }\nthread T0 { }\n", "2:15: unknown command 'frob': expected one of memfd, page"},
        BadCase{"MTE x\ninit { mm m1; mmap m1 }\nthread T0 { }\n",
                "2:23: expected an integer argument 2 of 'mmap' (usage: mmap MM ADDR NPAGES"},
        BadCase{"MTE x\ninit { mmap m1 0x100 1 anon }\nthread T0 { }\n", "2:13: undeclared mm 'm1'"},
        BadCase{"MTE x\ninit { page P; mmap P 0x100 1 anon }\nthread T0 { }\n", "2:21: 'P' is a page, expected a mm"},
        BadCase{"MTE x\nthread T0 { mprotect 0x100 }\n", "2:13: 'mprotect' needs an mm: expected 'mm NAME' in the thread header"},
        BadCase{"MTE x\ninit { mm m }\nthread T0 mm m { write_tags 0x100 USER }\n",
                "3:35: expected USER(n): only user values are written"},
        BadCase{"MTE x\nthread T0 { }\nexists (tags(P0) == USER)\n", "3:14: undeclared name 'P0' in the condition"},
        BadCase{"MTE x\ninit { page P0 }\nthread T0 { }\nexists (tags(P0) = USER)\n", "4:18: expected '==' or '!=' after tags(...), found '='"},
        BadCase{"MTE x\nthread T0 { }\nexists (frob(P0))\n", "3:9: unknown predicate 'frob'"},
        BadCase{"MTE x\nthread T0 { }\nResult: Maybe\n", "3:9: unknown outcome 'Maybe': expected Never, Sometimes or Refused"},
        BadCase{"MTE x\nthread T0 { }\nResult: Sometimes data-race\n",
                "3:1: 'data-race' is reported only under the weak memory model: expected 'weak' in this Result line"},
        BadCase{"MTE x\nthread T0 { }\nResult: Sometimes races\n", "3:19: unknown violation kind 'races'"},
        BadCase{"MTE x\nmemory-model tso\nthread T0 { }\n", "2:14: unknown memory model 'tso': expected sc or weak"},
        BadCase{"MTE x\nthread T0 { }\nResult sc weak: Never\n", "3:11: expected one memory model (sc or weak) per Result line"},
        BadCase{"MTE x\nthread T0 { }\nResult v6.2 nope: Never\n", "3:1: unknown strategy 'nope'"},
        BadCase{"MTE x\n\"unterminated\nthread T0 { }\n", "2:1: unterminated string"},
        BadCase{"MTE x\n(* open\n", "2:1: unterminated comment: expected '*)'"},
        BadCase{"MTE x\nthread T0 { } @\n", "2:15: unexpected character '@'"},
        BadCase{"MTE x\ninit { memfd f 99999 }\nthread T0 { }\n", "2:16: memfd size = 99999 out of range [1, 512]"},
        BadCase{"MTE x\nthread T$n { }\n", "2:1: undefined variable $n"},
        BadCase{"MTE x\ninit { for i in 1..1000 { } }\nthread T0 { }\n", "2:20: loop too long: expected at most 64 iterations"},
        BadCase{"MTE x\nparam n 9 1..4\nthread T0 { }\n", "2:7: parameter 'n': expected MIN <= DEFAULT <= MAX"},
        BadCase{"MTE x\nconfig device_check maybe\nthread T0 { }\n", "2:1: bad config 'device_check maybe': expected pfn_valid, pfn_is_map_memory"},
        BadCase{"MTE x\ninit { mm m; mmap m 0x100 1 anon; mmap m 0x100 1 anon }\nthread T0 { }\n",
                "2:42: mmap range overlaps an earlier vma of the same mm"},
        BadCase{"MTE x\nthread T0 { }\nthread T0 { }\n", "3:1: thread 'T0' is already declared"},
        BadCase{"MTE x\ninit { mm m }\nthread T0 mm m { fault 0x100\n", "4:1: expected '}' to close the block, found end of file"}));

}  // namespace
}  // namespace tagrace::scenarios::file
