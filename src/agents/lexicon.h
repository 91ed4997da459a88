// The retail concepts a question's words name ("turnover", "takings" and "GMV" all name
// revenue; "vendor" and "sourcing" name the supplier), with one typo allowed in long words. The
// router adds them as features, so a word it never saw in training still carries what its
// concept taught it.
#pragma once

#include <string>
#include <vector>

namespace oiis::agents {

// The concepts named by the (lowercase) words, each once, in name order.
std::vector<std::string> concepts_of(const std::vector<std::string>& words);

}  // namespace oiis::agents
