// choose() as a search node, shared by the depth-first searches (dfs, DPOR): replayed
// from the stored path while the execution is in its replayed prefix, else pushed as a
// fresh choice node whose first value is 0 (the backtracking step tries the others).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checkers/search/search.hpp"

namespace tagrace::search {

/// Node needs `is_choice`, `n` and `current`. Returns the value, or kDiverged with
/// `divergence` set when the replayed node is not a choice of n values.
template <class Node>
std::uint32_t pick_choice_node(std::vector<Node>& nodes, std::size_t& depth,
                               std::size_t replay_len, std::uint32_t n, std::string& divergence) {
  if (depth < replay_len) {
    const Node& node = nodes[depth];
    if (!node.is_choice || node.n != n) {
      divergence = "program diverged at choose() while replaying decision " + std::to_string(depth);
      return kDiverged;
    }
    ++depth;
    return node.current;
  }
  Node node;
  node.is_choice = true;
  node.n = n;
  node.current = 0;
  nodes.push_back(node);  // a local event: a sleep set passes through unchanged
  ++depth;
  return 0;
}

}  // namespace tagrace::search
