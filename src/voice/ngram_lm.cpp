// An interpolated Witten-Bell trigram model written as ARPA text (the format sphinxbase's
// ngram_model_read loads). Pure.
//
// Witten-Bell: a history h seen c(h) times with T(h) distinct next words keeps
// c(h)/(c(h)+T(h)) of its mass for what followed it and gives T(h)/(c(h)+T(h)) to the
// lower-order model. Interpolated, a seen n-gram's probability is
//   P(w|h) = (c(h,w) + T(h) * P_lower(w|h')) / (c(h) + T(h)),
// and an unseen one's is T(h)/(c(h)+T(h)) * P_lower(w|h'), so the ARPA back-off weight of h is
// exactly T(h)/(c(h)+T(h)). Unigrams interpolate with the uniform distribution over the
// vocabulary the same way.
#include <array>
#include <cmath>
#include <cstdio>
#include <map>

#include "voice/voice.h"

namespace oiis::voice {
namespace {

using Gram = std::vector<std::string>;

struct Counts {
  std::map<Gram, double> grams[3];           // order 1..3 (index 0..2)
  std::map<Gram, double> history_total[2];   // c(h) for histories of order 1, 2
  std::map<Gram, double> history_types[2];   // T(h)
};

Counts count(const std::vector<std::vector<std::string>>& sentences) {
  Counts c;
  for (const auto& s : sentences) {
    if (s.empty()) continue;
    Gram words = {"<s>"};
    words.insert(words.end(), s.begin(), s.end());
    words.push_back("</s>");
    for (std::size_t i = 1; i < words.size(); ++i) {
      c.grams[0][{words[i]}] += 1;
      for (std::size_t order = 2; order <= 3 && i + 1 >= order; ++order) {
        Gram g(words.begin() + static_cast<std::ptrdiff_t>(i + 1 - order), words.begin() + static_cast<std::ptrdiff_t>(i + 1));
        c.grams[order - 1][g] += 1;
      }
    }
  }
  // Histories: every bigram and trigram's prefix.
  for (int order = 2; order <= 3; ++order)
    for (const auto& [g, n] : c.grams[order - 1]) {
      Gram h(g.begin(), g.end() - 1);
      c.history_total[order - 2][h] += n;
      c.history_types[order - 2][h] += 1;
    }
  return c;
}

double log10_or_floor(double p) { return p > 0 ? std::log10(p) : -99.0; }

using Probabilities = std::array<std::map<Gram, double>, 3>;

// T(h)/(c(h)+T(h)) of a history of `order` words; 1 for a history never seen.
double backoff_weight(const Counts& c, int order, const Gram& h) {
  auto t = c.history_types[order - 1].find(h);
  if (t == c.history_types[order - 1].end()) return 1.0;
  return t->second / (c.history_total[order - 1].at(h) + t->second);
}

std::string arpa_text(const Probabilities& p, const Counts& c) {
  std::string out = "\\data\\\n";
  out += "ngram 1=" + std::to_string(p[0].size() + 1) + "\n";  // + <s>
  for (int order = 2; order <= 3; ++order) out += "ngram " + std::to_string(order) + "=" + std::to_string(p[order - 1].size()) + "\n";
  char field[64];
  for (int order = 1; order <= 3; ++order) {
    out += "\n\\" + std::to_string(order) + "-grams:\n";
    if (order == 1) {  // <s> is only ever a history: no probability of its own
      std::snprintf(field, sizeof field, "%.6f\t<s>\t%.6f\n", log10_or_floor(0), std::log10(backoff_weight(c, 1, {"<s>"})));
      out += field;
    }
    for (const auto& [g, prob] : p[order - 1]) {
      std::snprintf(field, sizeof field, "%.6f\t", log10_or_floor(prob));
      out += field;
      for (std::size_t k = 0; k < g.size(); ++k) out += (k ? " " : "") + g[k];
      if (order < 3 && c.history_types[order - 1].count(g)) {
        std::snprintf(field, sizeof field, "\t%.6f", std::log10(backoff_weight(c, order, g)));
        out += field;
      }
      out += "\n";
    }
  }
  return out + "\n\\end\\\n";
}

}  // namespace

std::string build_arpa(const std::vector<std::vector<std::string>>& sentences,
                       const std::vector<std::pair<std::string, double>>& background, double background_weight) {
  Counts c = count(sentences);
  // Unigrams (with </s>, without <s>): Witten-Bell against the uniform distribution, whose T is
  // the number of word types, so (c(w) + T * 1/T) / (N + T).
  double tokens = 0;
  for (const auto& [g, n] : c.grams[0]) tokens += n;
  double types = static_cast<double>(c.grams[0].size());
  Probabilities p;
  for (const auto& [g, n] : c.grams[0]) p[0][g] = (n + 1) / (tokens + types);
  if (!background.empty() && background_weight > 0) {
    for (auto& [g, prob] : p[0]) prob *= 1 - background_weight;
    for (const auto& [word, prob] : background) p[0][{word}] += background_weight * prob;
  }
  for (int order = 2; order <= 3; ++order) {
    for (const auto& [g, n] : c.grams[order - 1]) {
      Gram h(g.begin(), g.end() - 1), lower(g.begin() + 1, g.end());
      double total = c.history_total[order - 2].at(h), t = c.history_types[order - 2].at(h);
      // Every n-gram's suffix was counted with it, so the lower order always has it.
      p[order - 1][g] = (n + t * p[order - 2].at(lower)) / (total + t);
    }
  }
  return arpa_text(p, c);
}

}  // namespace oiis::voice
