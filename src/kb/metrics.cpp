#include "kb/metrics.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace oiis::kb {

double hit_at(const std::vector<bool>& relevant, std::size_t k) {
  for (std::size_t i = 0; i < relevant.size() && i < k; ++i)
    if (relevant[i]) return 1;
  return 0;
}

double reciprocal_rank(const std::vector<bool>& relevant) {
  for (std::size_t i = 0; i < relevant.size(); ++i)
    if (relevant[i]) return 1.0 / static_cast<double>(i + 1);
  return 0;
}

double ndcg_at(const std::vector<bool>& relevant, std::size_t total_relevant, std::size_t k) {
  double dcg = 0, ideal = 0;
  for (std::size_t i = 0; i < relevant.size() && i < k; ++i)
    if (relevant[i]) dcg += 1 / std::log2(static_cast<double>(i) + 2);
  for (std::size_t i = 0; i < std::min(total_relevant, k); ++i) ideal += 1 / std::log2(static_cast<double>(i) + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

std::optional<std::pair<std::size_t, std::size_t>> find_passage(const std::string& text, const std::string& passage) {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  std::string flat_text, flat_answer;
  std::vector<std::size_t> origin;  // flat_text[i] came from text[origin[i]]
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_space(text[i]) && (flat_text.empty() || flat_text.back() == ' ')) continue;
    flat_text.push_back(is_space(text[i]) ? ' ' : text[i]);
    origin.push_back(i);
  }
  for (char c : passage)
    if (!is_space(c) || (!flat_answer.empty() && flat_answer.back() != ' ')) flat_answer.push_back(is_space(c) ? ' ' : c);
  while (!flat_answer.empty() && flat_answer.back() == ' ') flat_answer.pop_back();
  const std::size_t at = flat_answer.empty() ? std::string::npos : flat_text.find(flat_answer);
  if (at == std::string::npos) return std::nullopt;
  return std::make_pair(origin[at], origin[at + flat_answer.size() - 1] + 1);
}

}  // namespace oiis::kb
