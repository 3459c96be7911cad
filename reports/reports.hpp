// Umbrella header of reports/: result records and the reporters over them.
#pragma once

#include "reports/record.hpp"
#include "reports/reporter.hpp"
