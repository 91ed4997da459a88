#include "kb/bm25.h"

#include <algorithm>
#include <cmath>

#include "kb/text.h"

namespace oiis::kb {

std::vector<Scored> top_k(std::vector<Scored> items, std::size_t k) {
  auto better = [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  };
  if (items.size() > k) {
    std::nth_element(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(k), items.end(), better);
    items.resize(k);
  }
  std::sort(items.begin(), items.end(), better);
  return items;
}

void Bm25Index::add(ChunkId id, std::string_view text) {
  remove(id);
  const std::vector<std::string> words = terms(text);
  std::unordered_map<std::uint32_t, std::uint32_t> tf;
  for (const auto& w : words) {
    auto [it, inserted] = term_ids_.try_emplace(w, static_cast<std::uint32_t>(postings_.size()));
    if (inserted) {
      postings_.emplace_back();
      df_.push_back(0);
    }
    ++tf[it->second];
  }
  const auto slot = static_cast<std::uint32_t>(slots_.size());
  Slot s{id, static_cast<std::uint32_t>(words.size()), true, {}};
  for (const auto& [term, count] : tf) {
    postings_[term].push_back({slot, count});
    ++df_[term];
    s.term_ids.push_back(term);
  }
  slots_.push_back(std::move(s));
  lengths_.push_back(std::max<std::uint32_t>(1, static_cast<std::uint32_t>(words.size())));
  slot_of_[id] = slot;
  ++live_;
  total_length_ += words.size();
}

void Bm25Index::remove(ChunkId id) {
  auto it = slot_of_.find(id);
  if (it == slot_of_.end()) return;
  Slot& s = slots_[it->second];
  s.alive = false;
  lengths_[it->second] = 0;
  for (std::uint32_t term : s.term_ids) --df_[term];
  s.term_ids.clear();
  total_length_ -= s.length;
  --live_;
  ++dead_;
  slot_of_.erase(it);
  if (dead_ > 64 && dead_ > live_) compact();
}

// Rebuilds slots and postings without the dead chunks (ids and scores unchanged).
void Bm25Index::compact() {
  std::vector<std::uint32_t> new_slot(slots_.size(), UINT32_MAX);
  std::vector<Slot> kept;
  for (std::uint32_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].alive) {
      new_slot[i] = static_cast<std::uint32_t>(kept.size());
      slot_of_[slots_[i].id] = new_slot[i];
      kept.push_back(std::move(slots_[i]));
    }
  for (auto& list : postings_) {
    std::vector<Posting> live;
    for (const Posting& p : list)
      if (new_slot[p.slot] != UINT32_MAX) live.push_back({new_slot[p.slot], p.tf});
    list = std::move(live);
  }
  slots_ = std::move(kept);
  lengths_.clear();
  for (const Slot& s : slots_) lengths_.push_back(std::max<std::uint32_t>(1, s.length));
  dead_ = 0;
}

std::vector<std::pair<std::uint32_t, double>> Bm25Index::query_terms(std::string_view query) const {
  std::vector<std::pair<std::uint32_t, double>> out;
  const double n = static_cast<double>(live_);
  for (const auto& w : terms(query)) {
    auto it = term_ids_.find(w);
    if (it == term_ids_.end() || df_[it->second] == 0) continue;
    if (std::any_of(out.begin(), out.end(), [&](const auto& t) { return t.first == it->second; }))
      continue;
    const double df = df_[it->second];
    out.push_back({it->second, std::log(1 + (n - df + 0.5) / (df + 0.5))});
  }
  return out;
}

float Bm25Index::length_norm(std::uint32_t length, double average) const {
  return static_cast<float>(params_.k1 * (1 - params_.b + params_.b * length / std::max(average, 1.0)));
}

std::vector<Scored> Bm25Index::search(std::string_view query, std::size_t k, const ChunkFilter& filter) const {
  const double average = live_ ? static_cast<double>(total_length_) / live_ : 1;
  const auto k1 = static_cast<float>(params_.k1);
  std::vector<float> acc(slots_.size(), 0.0f);
  std::vector<std::uint32_t> touched;
  for (const auto& [term, idf] : query_terms(query)) {
    const auto weight = static_cast<float>(idf) * (k1 + 1);
    for (const Posting& p : postings_[term]) {
      const std::uint32_t length = lengths_[p.slot];
      if (length == 0) continue;  // removed
      if (acc[p.slot] == 0) touched.push_back(p.slot);
      const auto tf = static_cast<float>(p.tf);
      acc[p.slot] += weight * tf / (tf + length_norm(length, average));
    }
  }
  std::vector<Scored> hits;
  hits.reserve(touched.size());
  for (std::uint32_t slot : touched)
    if (!filter || filter(slots_[slot].id)) hits.push_back({slots_[slot].id, acc[slot]});
  return top_k(std::move(hits), k);
}

std::vector<float> Bm25Index::score(std::string_view query, const std::vector<ChunkId>& ids) const {
  const auto qt = query_terms(query);
  const double average = live_ ? static_cast<double>(total_length_) / live_ : 1;
  const auto k1 = static_cast<float>(params_.k1);
  std::vector<float> out(ids.size(), 0.0f);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto it = slot_of_.find(ids[i]);
    if (it == slot_of_.end()) continue;
    for (const auto& [term, idf] : qt) {
      const auto& list = postings_[term];
      auto p = std::lower_bound(list.begin(), list.end(), it->second,
                                [](const Posting& x, std::uint32_t slot) { return x.slot < slot; });
      if (p != list.end() && p->slot == it->second) {
        const auto tf = static_cast<float>(p->tf);
        out[i] += static_cast<float>(idf) * (k1 + 1) * tf / (tf + length_norm(lengths_[it->second], average));
      }
    }
  }
  return out;
}

}  // namespace oiis::kb
