// vcpus-same-page: a thin wrapper over scenarios/vcpus-same-page.mte (the one source of truth; issue 3).
#include "scenarios/file/builtin_files.hpp"
#include "scenarios/scenario_util.hpp"

namespace tagrace::scenarios::detail {

std::shared_ptr<const Scenario> make_vcpus_same_page() { return file::builtin_file_scenario("vcpus-same-page"); }

}  // namespace tagrace::scenarios::detail
