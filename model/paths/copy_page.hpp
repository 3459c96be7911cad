// copy_highpage(to, from) for CoW and migration (arch/arm64/mm/copypage.c): v5.10
// sets to's flag and then copies; v6.2 try_page_mte_tagging(to), copy, then
// set_page_mte_tagged(to). The flag protocol is the strategy's begin/end_tags_override.
#pragma once

#include "model/kernel.hpp"

namespace tagrace::model {

/// Copies the data (not modelled) and, if page_mte_tagged(from), the tags into `to`.
/// With B13 a destination that is already tagged trips the v6.2 WARN_ON_ONCE().
void copy_highpage(Kernel& k, task_struct& t, page* to, page* from);

}  // namespace tagrace::model
