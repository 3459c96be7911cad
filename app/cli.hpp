// The `tagrace` command line as a library entry point, so an out-of-tree program can
// register its own strategy (model::StrategyRegistry::instance().add(...)) and then
// hand over to exactly the same CLI: `return tagrace::app::run_main(argc, argv);`.
#pragma once

namespace tagrace::app {

/// Exit codes: 0 verified / nothing found, 1 violation found, 2 bad usage or input,
/// 3 search incomplete (a cap or time limit was hit: no proof).
int run_main(int argc, char** argv);

}  // namespace tagrace::app
