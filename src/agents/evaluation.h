// Scoring the assistant on a labelled question set (examples/agents/questions.jsonl): was the
// right agent chosen, does the answer state every expected fact (each computed by its own SQL on
// the store at scoring time), and how long did it take.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agents/assistant.h"

namespace oiis::agents {

struct EvalFact {
  std::string name, sql, format;  // format: integer, money, percent, number, text, date
};
struct EvalQuestion {
  std::string id, question, agent, intent, split, thread, follows;
  std::vector<EvalFact> facts;
};

// Reads the JSON Lines file; errors name the line and field.
Result<std::vector<EvalQuestion>> read_eval_questions(const std::string& path);

// Does `answer` (its text and its tables) state `expected` in the fact's format? Numbers compare
// at the format's precision after dropping thousands separators; text case-insensitively.
bool states_fact(const Answer& answer, const nlohmann::json& expected, const std::string& format);

struct EvalReport {
  std::string split;
  std::size_t questions = 0, routed = 0, facts = 0, facts_stated = 0, fully_answered = 0;
  double p50_ms = 0, p95_ms = 0, max_ms = 0;
  nlohmann::json misses = nlohmann::json::array();  // per question that missed: what and why
  nlohmann::json by_intent = nlohmann::json::object();
  nlohmann::json to_json() const;
};

// Asks every question of `split` ("train", "holdout" or "all") in order; a follow-up is asked in
// the thread of the question it follows.
Result<EvalReport> evaluate_assistant(Assistant& assistant, Store& store,
                                      const std::vector<EvalQuestion>& questions, const std::string& split);

}  // namespace oiis::agents
