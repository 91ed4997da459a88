// Retrieval metrics for one query from the relevance of its ranked results (binary relevance:
// a result is relevant when it holds the question's answer passage).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace oiis::kb {

// 1 when a relevant result is among the first k, else 0 (averaged over queries: recall@k with
// one relevant passage per question).
double hit_at(const std::vector<bool>& relevant, std::size_t k);
// 1 / rank of the first relevant result, 0 when none was retrieved.
double reciprocal_rank(const std::vector<bool>& relevant);
// DCG of the first k over the ideal DCG with `total_relevant` relevant items (capped at k).
double ndcg_at(const std::vector<bool>& relevant, std::size_t total_relevant, std::size_t k);

// Where an answer passage sits in a document's text, [begin, end), any run of whitespace in
// either matching any run in the other: a PDF wraps a quoted sentence over lines and spaces its
// table cells apart, so a quote and the text differ only in their whitespace.
std::optional<std::pair<std::size_t, std::size_t>> find_passage(const std::string& text, const std::string& passage);

}  // namespace oiis::kb
