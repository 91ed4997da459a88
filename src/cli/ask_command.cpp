// `oiis ask "question"` and `oiis chat`: the assistant (module agents, built-in backend) on the
// store. `--thread ID` continues a conversation, so follow-ups resolve ("and the month before?").
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "agents/assistant.h"
#include "agents/evaluation.h"
#include "agents/router.h"
#include "cli/commands.h"

namespace oiis::cli {
namespace {

struct AskArgs {
  StoreArgs store;
  std::string thread;
  std::string question;
  bool json = false;
  std::string decision;  // "approve" or "reject" the thread's pending write
  std::vector<std::string> line_changes;  // "LINE_ID=QUANTITY": edits of a draft before approving
  std::string llm_config;  // a JSON file: agents/llm/client.h's settings
  // agents eval
  std::string questions = "examples/agents/questions.jsonl";
  std::string split = "holdout";
  bool misses = false;
};

void print_answer(const agents::Answer& a, bool as_json) {
  if (as_json) {
    nlohmann::json j = a.to_json();
    std::printf("%s\n", j.dump(2).c_str());
    return;
  }
  std::printf("[%s] %s\n", a.agent.c_str(), a.text.c_str());
  for (const auto& t : a.tables) {
    std::printf("\n  %s\n", t.value("title", "").c_str());
    std::string header;
    for (const auto& c : t["columns"]) header += c.get<std::string>() + " | ";
    std::printf("  %s\n", header.c_str());
    for (const auto& row : t["rows"]) {
      std::string line;
      for (const auto& cell : row) line += (cell.is_string() ? cell.get<std::string>() : cell.dump()) + " | ";
      std::printf("  %s\n", line.c_str());
    }
  }
  for (const auto& c : a.caveats) std::printf("\n  note: %s\n", c.c_str());
  std::printf("\nsources:\n");
  for (const auto& c : a.citations)
    for (const auto& s : c.sources)
      std::printf("  [%d] %s %s: %s\n", c.id, c.tool.c_str(), s.kind.c_str(), s.detail.c_str());
  if (!a.pending_approval.is_null()) {
    std::printf("\nwaiting for approval: oiis ask --thread %s --approve (or --reject)\n", a.thread.c_str());
    const auto lines = a.pending_approval.value("action", nlohmann::json::object()).value("lines", nlohmann::json::array());
    for (const auto& l : lines)
      std::printf("  line %s: %s %s x %s\n", l.value("line_id", nlohmann::json()).dump().c_str(),
                  l.value("sku", std::string()).c_str(), l.value("name", std::string()).c_str(),
                  l.value("quantity", nlohmann::json()).dump().c_str());
    if (!lines.empty()) std::printf("  change a line before approving: --approve --line LINE_ID=QUANTITY (0 drops it)\n");
  }
  std::printf("thread %s\n", a.thread.c_str());
}

Result<std::unique_ptr<agents::Assistant>> make_assistant(Store& store, const StoreArgs& args,
                                                          const std::string& llm_config = "") {
  agents::AssistantOptions o;
  o.tools.store = &store;
  o.tools.data_dir = args.data_dir;
  if (!llm_config.empty()) {
    std::ifstream in(llm_config);
    if (!in) return invalid_argument("cannot read " + llm_config, "llm-config");
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded()) return invalid_argument(llm_config + " is not JSON", "llm-config");
    auto config = agents::llm::parse_llm_config(j);
    if (!config) return config.status();
    o.llm = config.value();
  }
  return std::make_unique<agents::Assistant>(std::move(o));
}

// "--line 12=5" → {"id": 12, "quantity": 5}; the flag is named in the error.
Result<nlohmann::json> parse_line_changes(const std::vector<std::string>& specs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& spec : specs) {
    auto eq = spec.find('=');
    long long id = 0, quantity = -1;
    std::size_t used_id = 0, used_qty = 0;
    try {
      if (eq != std::string::npos) {
        id = std::stoll(spec.substr(0, eq), &used_id);
        quantity = std::stoll(spec.substr(eq + 1), &used_qty);
      }
    } catch (const std::exception&) {
      eq = std::string::npos;
    }
    if (eq == std::string::npos || used_id != eq || used_qty != spec.size() - eq - 1 || id < 1 || quantity < 0)
      return invalid_argument("'" + spec + "' is not LINE_ID=QUANTITY (a line id of the draft, 0 drops the line)", "--line");
    out.push_back({{"id", id}, {"quantity", quantity}});
  }
  return out;
}

int run_ask(const AskArgs& a) {
  if (!a.decision.empty() && a.thread.empty())
    return fail(invalid_argument("--approve/--reject need the --thread that waits", "thread"));
  if (!a.line_changes.empty() && a.decision != "approve")
    return fail(invalid_argument("--line edits a draft before --approve", "--line"));
  auto changes = parse_line_changes(a.line_changes);
  if (!changes) return fail(changes.status());
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto assistant = make_assistant(*store, a.store, a.llm_config);
  if (!assistant) return fail(assistant.status());
  auto answer = a.decision.empty() ? (*assistant)->ask(a.question, a.thread)
                                   : (*assistant)->decide(a.thread, a.decision == "approve", {}, *changes);
  if (!answer) return fail(answer.status());
  print_answer(answer.value(), a.json);
  return 0;
}

int run_chat(const AskArgs& a) {
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto made = make_assistant(*store, a.store, a.llm_config);
  if (!made) return fail(made.status());
  auto& assistant = made.value();
  std::string thread = a.thread, line;
  std::printf("Ask about stock, customers, sales or suppliers (an empty line ends).\n> ");
  std::fflush(stdout);
  while (std::getline(std::cin, line) && !line.empty()) {
    auto answer = assistant->ask(line, thread);
    if (!answer) {
      std::fprintf(stderr, "error: %s\n", answer.status().to_string().c_str());
    } else {
      thread = answer.value().thread;
      print_answer(answer.value(), a.json);
    }
    std::printf("> ");
    std::fflush(stdout);
  }
  return 0;
}

int run_eval(const AskArgs& a) {
  if (a.split.empty()) return fail(invalid_argument("--split needs a split name or all", "split"));
  auto questions = agents::read_eval_questions(a.questions);
  if (!questions) return fail(questions.status());
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto assistant = make_assistant(*store, a.store);
  if (!assistant) return fail(assistant.status());
  auto report = agents::evaluate_assistant(**assistant, *store, questions.value(), a.split);
  if (!report) return fail(report.status());
  auto j = report.value().to_json();
  if (!a.misses) j.erase("misses");
  if (a.json) {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  const auto& r = report.value();
  std::printf("%s: %zu questions, routing %.1f%%, facts %zu/%zu (%.1f%%), fully answered %.1f%%, p50 %.1f ms, p95 %.1f ms\n",
              r.split.c_str(), r.questions, 100.0 * static_cast<double>(r.routed) / std::max<size_t>(r.questions, 1),
              r.facts_stated, r.facts, 100.0 * static_cast<double>(r.facts_stated) / std::max<size_t>(r.facts, 1),
              100.0 * static_cast<double>(r.fully_answered) / std::max<size_t>(r.questions, 1), r.p50_ms, r.p95_ms);
  if (a.misses)
    for (const auto& m : r.misses) std::printf("  %s\n", m.dump().c_str());
  return 0;
}

// The router alone on a question set's questions that are not follow-ups: the figure
// bench/agents_router.sh sets beside fastText's on the same questions.
int run_classify(const AskArgs& a) {
  auto questions = agents::read_eval_questions(a.questions);
  if (!questions) return fail(questions.status());
  auto t0 = std::chrono::steady_clock::now();
  auto router = agents::IntentClassifier::train(agents::in_scope(agents::shipped_training_questions()));
  double train_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::size_t n = 0, intents = 0, agents_right = 0;
  auto t1 = std::chrono::steady_clock::now();
  for (const auto& q : questions.value()) {
    if (!q.follows.empty() || (a.split != "all" && q.split != a.split)) continue;
    auto top = router.classify(q.question).front().intent;
    ++n;
    intents += top == q.intent;
    agents_right += agents::agent_of(top) == q.agent;
  }
  double per_question_us =
      n ? std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t1).count() / static_cast<double>(n) : 0;
  nlohmann::json out = {{"questions", n},
                        {"intent_accuracy", n ? static_cast<double>(intents) / static_cast<double>(n) : 0.0},
                        {"agent_accuracy", n ? static_cast<double>(agents_right) / static_cast<double>(n) : 0.0},
                        {"train_ms", train_ms},
                        {"classify_us", per_question_us}};
  std::printf("%s\n", out.dump(a.json ? 2 : -1).c_str());
  return 0;
}

}  // namespace

void add_ask_commands(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<AskArgs>();
  auto* ask = app.add_subcommand("ask", "Ask the assistant a question about the shop; answers cite the query or model behind every figure");
  add_store_options(*ask, args->store);
  ask->add_option("question", args->question, "The question, e.g. \"What products should I reorder this week?\"");
  ask->add_flag_callback("--approve", [args] { args->decision = "approve"; }, "Approve the write the --thread waits for");
  ask->add_flag_callback("--reject", [args] { args->decision = "reject"; }, "Reject the write the --thread waits for");
  ask->add_option("--line", args->line_changes,
                  "With --approve: change a draft's line first, LINE_ID=QUANTITY (0 drops it; repeat for more lines)");
  ask->add_option("--llm-config", args->llm_config, "Answer with a language model: a JSON file {kind, base_url, model, ...} (docs/agents.md)");
  ask->add_option("--thread", args->thread, "Continue this conversation (printed after each answer)");
  ask->add_flag("--json", args->json, "Print the answer as JSON: agent, answer, citations, actions, thread, tables, charts");
  ask->callback([args, &exit_code] {
    if (args->question.empty() && args->decision.empty()) {
      exit_code = fail(invalid_argument("a question is required", "question"));
      return;
    }
    exit_code = run_ask(*args);
  });

  auto chat_args = std::make_shared<AskArgs>();
  auto* chat = app.add_subcommand("chat", "A conversation with the assistant on the terminal (one thread; an empty line ends)");
  add_store_options(*chat, chat_args->store);
  chat->add_option("--thread", chat_args->thread, "Continue this conversation");
  chat->add_flag("--json", chat_args->json, "Print each answer as JSON");
  chat->add_option("--llm-config", chat_args->llm_config, "Answer with a language model (see ask)");
  chat->callback([chat_args, &exit_code] { exit_code = run_chat(*chat_args); });

  auto eval_args = std::make_shared<AskArgs>();
  auto* group = app.add_subcommand("agents", "The assistant's evaluation");
  group->require_subcommand(1);
  auto* eval = group->add_subcommand("eval", "Ask a labelled question set; routing accuracy, facts stated (each fact's SQL run on the store), latency");
  add_store_options(*eval, eval_args->store);
  eval->add_option("--questions", eval_args->questions, "JSON Lines question set (examples/agents/questions.jsonl)");
  eval->add_option("--split", eval_args->split, "train, holdout, fresh (a split of the file) or all")->capture_default_str();
  eval->add_flag("--misses", eval_args->misses, "List the questions routed wrongly or missing a fact");
  eval->add_flag("--json", eval_args->json, "Print the report as JSON");
  eval->callback([eval_args, &exit_code] { exit_code = run_eval(*eval_args); });

  auto classify_args = std::make_shared<AskArgs>();
  classify_args->split = "all";
  auto* classify = group->add_subcommand("classify", "The router alone (no store) on a question set's questions that are not follow-ups: intent and agent accuracy");
  classify->add_option("--questions", classify_args->questions, "JSON Lines question set");
  classify->add_option("--split", classify_args->split, "Only this split (train, holdout, fresh, ...), or all")->capture_default_str();
  classify->add_flag("--json", classify_args->json, "Indented JSON");
  classify->callback([classify_args, &exit_code] { exit_code = run_classify(*classify_args); });
}

}  // namespace oiis::cli
