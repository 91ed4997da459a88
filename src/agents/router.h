// The router's intent classifier: multinomial logistic regression over hashed word, word-pair
// and character n-gram features (the n-grams carry typos and abbreviations: "reordr", "revnue"),
// trained in milliseconds on the shipped labelled questions. Pure and deterministic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace oiis::agents {

struct LabelledQuestion {
  std::string question;
  std::string intent;  // "inventory.reorder", "bi.revenue", ...
};

struct IntentScore {
  std::string intent;
  double probability = 0;
};

struct ClassifierOptions {
  int epochs = 40;
  double learning_rate = 0.5;  // AdaGrad
  double l2 = 1e-5;
  int hash_bits = 16;
  std::uint64_t seed = 7;
};

class IntentClassifier {
 public:
  static IntentClassifier train(const std::vector<LabelledQuestion>& examples,
                                const ClassifierOptions& options = {});
  // All intents, most probable first.
  std::vector<IntentScore> classify(std::string_view question) const;
  const std::vector<std::string>& intents() const { return intents_; }

 private:
  std::vector<std::uint32_t> features(std::string_view question) const;
  std::vector<double> scores(const std::vector<std::uint32_t>& f) const;

  std::vector<std::string> intents_;
  std::vector<float> weights_;  // intents x (1 << hash_bits)
  std::vector<float> bias_;
  int hash_bits_ = 16;
};

// The agent an intent belongs to: the part before the dot.
std::string agent_of(std::string_view intent);

// The labelled questions compiled into the binary: the `train` split of
// examples/agents/questions.jsonl (never the held-out split), without follow-ups (their intent
// depends on the conversation, not their words).
std::vector<LabelledQuestion> shipped_training_questions();

}  // namespace oiis::agents
