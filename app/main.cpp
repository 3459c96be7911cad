// The tagrace executable: the CLI library's entry point with the built-ins registered.
#include "app/cli.hpp"

int main(int argc, char** argv) { return tagrace::app::run_main(argc, argv); }
