#include "agents/evaluation.h"

#include "agents/text.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>

#include "store/agent_tables.h"
#include "store/store.h"

namespace oiis::agents {

using nlohmann::json;

Result<std::vector<EvalQuestion>> read_eval_questions(const std::string& path) {
  std::ifstream in(path);
  if (!in) return not_found("cannot read " + path, "questions");
  std::vector<EvalQuestion> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto j = json::parse(line, nullptr, false);
    std::string where = path + " line " + std::to_string(n);
    if (!j.is_object() || !j.contains("question") || !j.contains("agent"))
      return invalid_argument(where + ": needs question and agent", "questions");
    EvalQuestion q{j.value("id", std::to_string(n)), j["question"].get<std::string>(), j["agent"].get<std::string>(),
                   j.value("intent", ""), j.value("split", "train"), j.value("thread", ""), j.value("follows", ""), {}};
    for (const auto& f : j.value("facts", json::array())) {
      if (!f.contains("sql") || !f.contains("format"))
        return invalid_argument(where + ": a fact needs sql and format", "facts");
      q.facts.push_back({f.value("name", ""), f["sql"].get<std::string>(), f["format"].get<std::string>()});
    }
    out.push_back(std::move(q));
  }
  return out;
}

namespace {

std::vector<double> numbers_in(const std::string& text) {
  static const std::regex number(R"([-+]?\d[\d,]*(?:\.\d+)?)");
  std::vector<double> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), number); it != std::sregex_iterator(); ++it) {
    std::string s = it->str();
    s.erase(std::remove(s.begin(), s.end(), ','), s.end());
    try {
      out.push_back(std::stod(s));
      // "2025-11-01" reads as 2025, -11, -1: the unsigned value counts too.
      if (s[0] == '-' || s[0] == '+') out.push_back(std::abs(out.back()));
    } catch (...) {
    }
  }
  return out;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto i = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

bool states_fact(const Answer& answer, const json& expected, const std::string& format) {
  std::string text = answer.text + " " + answer.tables.dump();
  if (format == "text" || format == "date" || expected.is_string())
    return lowercase(text).find(lowercase(expected.is_string() ? expected.get<std::string>() : expected.dump())) != std::string::npos;
  double want = expected.get<double>();
  double tolerance = format == "integer" ? 0.0 : format == "money" ? 0.005 : 0.05;
  for (double x : numbers_in(text))
    if (std::abs(x - want) <= tolerance + 1e-9) return true;
  return false;
}

json EvalReport::to_json() const {
  auto share = [](size_t a, size_t b) { return b ? std::round(1000.0 * static_cast<double>(a) / static_cast<double>(b)) / 1000 : 0.0; };
  return {{"split", split},
          {"questions", questions},
          {"routing_accuracy", share(routed, questions)},
          {"facts", facts},
          {"fact_accuracy", share(facts_stated, facts)},
          {"fully_answered", share(fully_answered, questions)},
          {"p50_ms", p50_ms},
          {"p95_ms", p95_ms},
          {"max_ms", max_ms},
          {"by_intent", by_intent},
          {"misses", misses}};
}

Result<EvalReport> evaluate_assistant(Assistant& assistant, Store& store,
                                      const std::vector<EvalQuestion>& questions, const std::string& split) {
  EvalReport report;
  report.split = split;
  std::map<std::string, std::string> thread_of;  // question id -> assistant thread
  std::vector<double> ms;
  for (const auto& q : questions) {
    if (split != "all" && q.split != split) continue;
    std::string thread = q.follows.empty() ? "" : thread_of[q.follows];
    auto answer = assistant.ask(q.question, thread);
    if (!answer.is_ok()) return Status(answer.status().code(), q.id + ": " + answer.status().message(), answer.status().field());
    const auto& a = answer.value();
    thread_of[q.id] = a.thread;
    ms.push_back(a.seconds * 1000);
    ++report.questions;
    bool routed = a.agent == q.agent;
    report.routed += routed;
    auto& intent = report.by_intent[q.intent.empty() ? q.agent : q.intent];
    if (intent.is_null()) intent = json::object();
    intent["questions"] = intent.value("questions", 0) + 1;
    intent["routed"] = intent.value("routed", 0) + (routed ? 1 : 0);
    json missed = json::array();
    for (const auto& f : q.facts) {
      auto value = store.agents().read_only_query(f.sql, {}, QueryLimits{});
      if (!value.is_ok() || value.value().rows.empty())
        return internal_error(q.id + ": fact " + f.name + " has no value: " + value.status().message());
      const auto expected = value.value().rows[0][0];
      ++report.facts;
      if (states_fact(a, expected, f.format)) ++report.facts_stated;
      else missed.push_back({{"fact", f.name}, {"expected", expected}});
    }
    intent["facts"] = intent.value("facts", 0) + static_cast<int>(q.facts.size());
    intent["facts_stated"] = intent.value("facts_stated", 0) + static_cast<int>(q.facts.size() - missed.size());
    if (missed.empty() && routed) ++report.fully_answered;
    if (!missed.empty() || !routed)
      report.misses.push_back({{"id", q.id}, {"question", q.question}, {"expected_agent", q.agent},
                               {"agent", a.agent}, {"intent", a.intent}, {"expected_intent", q.intent},
                               {"missed_facts", missed}, {"answer", a.text}});
  }
  report.p50_ms = std::round(percentile(ms, 0.5) * 100) / 100;
  report.p95_ms = std::round(percentile(ms, 0.95) * 100) / 100;
  report.max_ms = ms.empty() ? 0 : std::round(*std::max_element(ms.begin(), ms.end()) * 100) / 100;
  return report;
}

}  // namespace oiis::agents
