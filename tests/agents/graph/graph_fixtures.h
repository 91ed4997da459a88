// Small pieces the graph engine's tests share: a node that appends its text and counts its
// calls, and a compiled graph (a failed expectation when the graph does not compile).
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "agents/graph/graph.h"

namespace oiis::agents::graph_fixtures {

inline NodeFn counted_say(const std::string& text, std::atomic<int>& calls) {
  return [text, &calls](const State&, NodeContext&) -> Result<NodeOutput> {
    ++calls;
    return NodeOutput::write({{"messages", {text}}});
  };
}

inline std::shared_ptr<const CompiledGraph> compiled(const Graph& g) {
  auto c = g.compile();
  EXPECT_TRUE(c) << c.status().to_string();
  return c ? *c : nullptr;
}

}  // namespace oiis::agents::graph_fixtures
