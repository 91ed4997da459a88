#include "agents/router.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include <nlohmann/json.hpp>

#include "agents/entities.h"
#include "agents/lexicon.h"
#include "kb/text.h"

namespace oiis::agents {
namespace {

// FNV-1a (kb's, the project's one feature hash) with a per-kind salt, so a word and a
// character n-gram with the same letters are different features.
std::uint64_t fnv1a(std::string_view s, std::uint64_t salt) { return kb::fnv1a(s, 1469598103934665603ULL ^ salt); }

// Digits are one symbol: "q3 2024" and "q4 2025" are the same kind of words.
std::string shape(const std::string& word) {
  std::string out;
  for (char c : word) out += std::isdigit(static_cast<unsigned char>(c)) ? '0' : c;
  return out;
}

}  // namespace

std::string agent_of(std::string_view intent) {
  return std::string(intent.substr(0, intent.find('.')));
}

std::vector<std::uint32_t> IntentClassifier::features(std::string_view question) const {
  const std::uint32_t mask = (1u << hash_bits_) - 1;
  std::vector<std::uint32_t> out;
  auto words = words_of(question);
  // Concept features count twice as much as one word: they stand for every way of saying it.
  for (const auto& c : concepts_of(words)) {
    out.push_back(static_cast<std::uint32_t>(fnv1a("~" + c, 11)) & mask);
    out.push_back(static_cast<std::uint32_t>(fnv1a("~~" + c, 12)) & mask);
  }
  for (auto& w : words) w = shape(w);
  for (size_t i = 0; i < words.size(); ++i) {
    out.push_back(static_cast<std::uint32_t>(fnv1a(words[i], 1)) & mask);
    if (i + 1 < words.size())
      out.push_back(static_cast<std::uint32_t>(fnv1a(words[i] + " " + words[i + 1], 2)) & mask);
    std::string padded = "<" + words[i] + ">";
    for (size_t n = 3; n <= 5; ++n)
      for (size_t k = 0; k + n <= padded.size(); ++k)
        out.push_back(static_cast<std::uint32_t>(fnv1a(std::string_view(padded).substr(k, n), 3 + n)) & mask);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<double> IntentClassifier::scores(const std::vector<std::uint32_t>& f) const {
  const size_t dim = size_t{1} << hash_bits_;
  std::vector<double> z(intents_.size());
  double scale = f.empty() ? 1.0 : 1.0 / std::sqrt(static_cast<double>(f.size()));
  for (size_t c = 0; c < intents_.size(); ++c) {
    double s = bias_[c];
    for (auto i : f) s += weights_[c * dim + i] * scale;
    z[c] = s;
  }
  double top = *std::max_element(z.begin(), z.end());
  double sum = 0;
  for (auto& v : z) sum += (v = std::exp(v - top));
  for (auto& v : z) v /= sum;
  return z;
}

IntentClassifier IntentClassifier::train(const std::vector<LabelledQuestion>& examples,
                                         const ClassifierOptions& o) {
  IntentClassifier m;
  m.hash_bits_ = o.hash_bits;
  for (const auto& e : examples) m.intents_.push_back(e.intent);
  std::sort(m.intents_.begin(), m.intents_.end());
  m.intents_.erase(std::unique(m.intents_.begin(), m.intents_.end()), m.intents_.end());
  const size_t dim = size_t{1} << o.hash_bits;
  m.weights_.assign(m.intents_.size() * dim, 0.0f);
  m.bias_.assign(m.intents_.size(), 0.0f);
  std::vector<float> g2(m.weights_.size(), 0.0f), b2(m.bias_.size(), 0.0f);
  std::vector<std::vector<std::uint32_t>> feats;
  std::vector<size_t> labels;
  for (const auto& e : examples) {
    feats.push_back(m.features(e.question));
    labels.push_back(static_cast<size_t>(
        std::lower_bound(m.intents_.begin(), m.intents_.end(), e.intent) - m.intents_.begin()));
  }
  std::vector<size_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(o.seed);
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    for (size_t k : order) {
      auto p = m.scores(feats[k]);
      double scale = feats[k].empty() ? 1.0 : 1.0 / std::sqrt(static_cast<double>(feats[k].size()));
      for (size_t c = 0; c < m.intents_.size(); ++c) {
        double grad = p[c] - (c == labels[k] ? 1.0 : 0.0);
        for (auto i : feats[k]) {
          auto& w = m.weights_[c * dim + i];
          double g = grad * scale + o.l2 * w;
          auto& acc = g2[c * dim + i];
          acc += static_cast<float>(g * g);
          w -= static_cast<float>(o.learning_rate * g / (std::sqrt(acc) + 1e-8));
        }
        b2[c] += static_cast<float>(grad * grad);
        m.bias_[c] -= static_cast<float>(o.learning_rate * grad / (std::sqrt(b2[c]) + 1e-8));
      }
    }
  }
  return m;
}

std::vector<IntentScore> IntentClassifier::classify(std::string_view question) const {
  auto p = scores(features(question));
  std::vector<IntentScore> out;
  for (size_t c = 0; c < intents_.size(); ++c) out.push_back({intents_[c], p[c]});
  std::sort(out.begin(), out.end(),
            [](const IntentScore& a, const IntentScore& b) { return a.probability > b.probability; });
  return out;
}

}  // namespace oiis::agents

namespace oiis::agents {

const char* shipped_training_jsonl();  // generated at build time (CMakeLists.txt)

std::vector<LabelledQuestion> shipped_training_questions() {
  std::vector<LabelledQuestion> out;
  std::string_view text = shipped_training_jsonl();
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto j = nlohmann::json::parse(line);
    out.push_back({j.at("question").get<std::string>(), j.at("intent").get<std::string>()});
  }
  return out;
}

}  // namespace oiis::agents
