// The command vocabulary of .mte files: for each initial-state command and each thread
// operation, its positional argument types and its options. The parser checks calls
// against this table; the interpreter (file_scenario.cpp) gives them their meaning.
#pragma once

#include <string>
#include <vector>

namespace tagrace::scenarios::file {

struct OptSpec {
  const char* word;
  char type;  ///< '-' flag, 'i' int, 'n' name, 't' tag
};

struct CmdSpec {
  const char* name;
  const char* args;  ///< one char per positional: i int, n name, t tag
  std::vector<OptSpec> opts;
  const char* usage;  ///< "mprotect ADDR [pages N]"
};

/// Commands allowed in the init block.
const std::vector<CmdSpec>& init_commands();
/// Operations allowed in a thread block.
const std::vector<CmdSpec>& thread_commands();
/// Options of a thread header.
const std::vector<OptSpec>& thread_options();
const CmdSpec* find_command(const std::vector<CmdSpec>& table, const std::string& name);
/// "a, b, c" of the table's names, for "expected one of" messages.
std::string command_names(const std::vector<CmdSpec>& table);

}  // namespace tagrace::scenarios::file
