#include "recommend/content.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace oiis::recommend {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Lower-case runs of letters and digits, two characters or more ("2-Pack" gives "pack").
void add_words(std::string_view text, std::map<std::string, float>& counts) {
  std::string word;
  auto flush = [&] {
    if (word.size() >= 2) counts["t:" + word] += 1;
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else
      flush();
  }
  flush();
}

// Term counts of one product, every field under its own prefix.
std::map<std::string, float> terms_of(const ProductContent& p) {
  std::map<std::string, float> counts;
  if (!p.category.empty()) counts["c:" + lower(p.category)] = 1;
  if (!p.brand.empty()) counts["b:" + lower(p.brand)] = 1;
  for (const auto& a : p.attributes) counts["a:" + lower(a)] = 1;
  add_words(p.text, counts);
  if (p.price > 0) {
    const auto band = static_cast<long>(std::floor(2 * std::log2(p.price)));
    counts["p:" + std::to_string(band)] = 1;
    counts["p:" + std::to_string(band + 1)] = 1;
  }
  return counts;
}

float field_weight(const std::string& term, const ContentOptions& o) {
  switch (term[0]) {
    case 'c': return o.category;
    case 'b': return o.brand;
    case 'a': return o.attributes;
    case 't': return o.text;
    default: return o.price;
  }
}

bool more_similar(const ContentNeighbour& a, const ContentNeighbour& b) {
  return a.similarity != b.similarity ? a.similarity > b.similarity : a.item < b.item;
}

}  // namespace

ContentIndex ContentIndex::build(std::span<const ProductContent> products, const ContentOptions& options) {
  ContentIndex index;
  std::vector<std::map<std::string, float>> terms;
  std::unordered_map<std::string, std::int32_t> token_of;
  std::vector<double> df;
  for (const auto& p : products) {
    terms.push_back(terms_of(p));
    for (const auto& term : terms.back()) {
      auto [it, added] = token_of.try_emplace(term.first, static_cast<std::int32_t>(df.size()));
      if (added) df.push_back(0);
      df[static_cast<std::size_t>(it->second)] += 1;
    }
    index.categories_.push_back(p.category);
  }
  const double n = static_cast<double>(products.size());
  index.postings_.resize(df.size());
  for (std::size_t item = 0; item < terms.size(); ++item) {
    std::vector<Weight> row;
    double norm = 0;
    for (const auto& term : terms[item]) {
      const std::int32_t token = token_of[term.first];
      const double weight = term.second * field_weight(term.first, options) *
                            std::log(n / df[static_cast<std::size_t>(token)]);
      if (weight <= 0) continue;  // every product has it, or the field is left out
      row.push_back({token, static_cast<float>(weight)});
      norm += row.back().value * row.back().value;
    }
    std::sort(row.begin(), row.end(), [](const Weight& a, const Weight& b) { return a.token < b.token; });
    for (auto& w : row) {
      w.value = static_cast<float>(w.value / std::sqrt(norm));
      index.postings_[static_cast<std::size_t>(w.token)].push_back({static_cast<ItemId>(item), w.value});
    }
    index.rows_.push_back(std::move(row));
  }
  return index;
}

float ContentIndex::similarity(ItemId a, ItemId b) const {
  const auto& x = rows_[static_cast<std::size_t>(a)];
  const auto& y = rows_[static_cast<std::size_t>(b)];
  float dot = 0;
  for (std::size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i].token < y[j].token) {
      ++i;
    } else if (y[j].token < x[i].token) {
      ++j;
    } else {
      dot += x[i++].value * y[j++].value;
    }
  }
  return dot;
}

std::vector<ContentNeighbour> ContentIndex::neighbours(ItemId item, std::size_t n,
                                                       const ItemFilter& allowed) const {
  std::unordered_map<ItemId, float> dot;
  for (const auto& w : rows_[static_cast<std::size_t>(item)])
    for (const auto& posting : postings_[static_cast<std::size_t>(w.token)])
      if (posting.item != item) dot[posting.item] += w.value * posting.value;
  std::vector<ContentNeighbour> out;
  for (const auto& [other, similarity] : dot)
    if (similarity > 1e-6f && (!allowed || allowed(other))) out.push_back({other, std::min(similarity, 1.0f)});
  const std::size_t kept = std::min(n, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(kept), out.end(), more_similar);
  out.resize(kept);
  return out;
}

std::vector<ContentNeighbour> upsell_candidates(const ContentIndex& index, std::span<const double> price,
                                                std::span<const double> margin, ItemId item, std::size_t n,
                                                const ItemFilter& allowed, const UpsellOptions& options) {
  const auto at = static_cast<std::size_t>(item);
  const std::string& category = index.category(item);
  auto is_upgrade = [&](ItemId other) {
    const auto o = static_cast<std::size_t>(other);
    if (!category.empty() && index.category(other) != category) return false;
    if (price[o] <= price[at] * (1 + options.min_step) || price[o] > price[at] * options.max_price_ratio)
      return false;
    if (!std::isnan(margin[o]) && !std::isnan(margin[at]) && margin[o] < margin[at]) return false;
    return !allowed || allowed(other);
  };
  auto out = index.neighbours(item, index.items(), is_upgrade);
  auto weak = std::find_if(out.begin(), out.end(),
                           [&](const ContentNeighbour& c) { return c.similarity < options.min_similarity; });
  out.erase(weak, out.end());
  if (out.size() > n) out.resize(n);
  return out;
}

ListOverlap neighbour_overlap(std::span<const std::vector<ItemId>> candidate,
                              std::span<const std::vector<ItemId>> reference) {
  ListOverlap out;
  double sum = 0;
  for (std::size_t i = 0; i < reference.size() && i < candidate.size(); ++i) {
    if (reference[i].empty()) continue;
    const std::unordered_set<ItemId> wanted(reference[i].begin(), reference[i].end());
    std::size_t found = 0;
    for (ItemId item : candidate[i]) found += wanted.count(item);
    sum += static_cast<double>(found) / static_cast<double>(wanted.size());
    ++out.scored;
  }
  out.mean = out.scored ? sum / static_cast<double>(out.scored) : 0;
  return out;
}

}  // namespace oiis::recommend
