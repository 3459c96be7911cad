// Umbrella header of checkers/: the engine API, the checker backend of the primitives,
// the properties and the kernel-terms trace.
#pragma once

#include "checkers/backend/checker_primitives.hpp"
#include "checkers/backend/trace.hpp"
#include "checkers/engine/engine.hpp"
#include "checkers/properties/property.hpp"
