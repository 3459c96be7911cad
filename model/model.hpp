// Umbrella header of the simulated kernel layer (model/): the World, the version
// configuration, every path and every built-in strategy. Paths follow the kernel
// functions named in kernel-model.md section 2; see each header for its version.
#pragma once

#include "model/kasan.hpp"
#include "model/kernel.hpp"
#include "model/kernel_config.hpp"
#include "model/paths/copy_page.hpp"
#include "model/paths/fault.hpp"
#include "model/paths/kvm_copy_tags.hpp"
#include "model/paths/kvm_mmu.hpp"
#include "model/paths/mprotect.hpp"
#include "model/paths/mte_sync.hpp"
#include "model/paths/swapfile.hpp"
#include "model/paths/tag_ops.hpp"
#include "model/paths/user_access.hpp"
#include "model/strategy.hpp"
