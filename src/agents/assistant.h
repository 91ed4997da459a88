// The assistant with the built-in backend: no language model. A state graph
// (understand → one agent → synthesise) over the router, the entity finder, the typed tools and
// templated, cited synthesis; a conversation is a thread whose memory (what it was about) lets
// follow-ups like "and the month before?" resolve. This is the one door of module agents for
// the CLI (`oiis ask`, `oiis chat`) and the server (`POST /api/v1/chat`).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agents/graph/graph.h"
#include "agents/graph/runner.h"
#include "agents/llm/client.h"
#include "agents/reply.h"
#include "agents/router.h"
#include "agents/scope.h"
#include "agents/understand.h"
#include "agents/router.h"

namespace oiis::agents {

struct Answer {
  std::string thread;
  std::string agent;   // "inventory", "customer", "bi", "operations" or "none"
  std::string intent;
  std::string backend = "builtin";  // "builtin" or "llm"
  std::string text;    // the short answer, figures marked [n]
  nlohmann::json plan = nlohmann::json::object();
  nlohmann::json tables = nlohmann::json::array();
  nlohmann::json charts = nlohmann::json::array();
  nlohmann::json actions = nlohmann::json::array();
  // Set when the turn stopped for a person to approve a write ({"action", "question"});
  // Assistant::decide() answers it.
  nlohmann::json pending_approval;
  std::vector<Citation> citations;
  std::vector<std::string> caveats;
  double seconds = 0;
  nlohmann::json to_json() const;
};

// One event while answering: "node" (a step started or finished), "token" (a piece of the
// answer's text), for SSE.
struct AssistantEvent {
  std::string type;
  nlohmann::json data;
};
using AnswerSink = std::function<void(const AssistantEvent&)>;

// kInvalidArgument naming "question" for an empty or over-long (2,000 characters) question: the
// one check, for ask() and for the routes that must refuse before they start streaming.
Status check_question(const std::string& question);

struct AssistantOptions {
  ToolEnvironment tools;       // store, data directory, optional warm services
  double follow_up_threshold = 0.2;
  // A language model to answer with the same tools (agents/llm); none: the built-in backend.
  std::optional<llm::LlmConfig> llm;
};

class Assistant {
 public:
  explicit Assistant(AssistantOptions options);
  ~Assistant();
  Assistant(const Assistant&) = delete;
  Assistant& operator=(const Assistant&) = delete;

  // Answers `question` in `thread` ("" starts a new one). kInvalidArgument naming "question"
  // for an empty or over-long question. `owner` (an API key's name) owns a new thread, and only
  // its owner may continue or read a thread: another owner gets kNotFound, as for a thread that
  // does not exist. "" (the CLI, an admin) may use any thread.
  Result<Answer> ask(const std::string& question, const std::string& thread, const AnswerSink& sink = {},
                     const std::string& owner = "");

  // Approves or rejects the write the thread is waiting on (kFailedPrecondition when none).
  // `line_changes` ([{"id": line, "quantity": n}], approvals of a purchase-order draft only)
  // are a person's edits, written before the approval; kInvalidArgument naming "lines[i].id"
  // for a line the pending draft does not have, and the thread keeps waiting.
  Result<Answer> decide(const std::string& thread, bool approve, const AnswerSink& sink = {},
                        const nlohmann::json& line_changes = nlohmann::json::array());

  // The thread's turns (question, agent, answer) in order, and its checkpoints.
  Result<nlohmann::json> thread_history(const std::string& thread, const std::string& owner = "");
  // kNotFound unless `owner` may use the thread (see ask); OK for a thread not created yet.
  Status check_owner(const std::string& thread, const std::string& owner, bool must_exist);

  // The agent a question opening a new thread is routed to, without answering it: the graph's
  // understand step alone (the voice evaluation routes transcripts with it).
  Result<std::string> route(const std::string& question);

 private:
  struct Knowledge;  // the catalogue and dates of one data version
  Result<std::shared_ptr<const Knowledge>> knowledge();
  std::shared_ptr<const CompiledGraph> build_graph();
  Result<Plan> plan_for(const std::string& question, const nlohmann::json& memory);
  Result<NodeOutput> understand_node(const State& state);
  Result<NodeOutput> agent_node(const std::string& agent, const State& state);
  Result<NodeOutput> synthesise_node(const State& state, NodeContext& ctx);
  Result<NodeOutput> approve_node(const State& state, NodeContext& ctx);
  Answer answer_from(const std::string& thread, const RunResult& result);

  AssistantOptions options_;
  std::mutex mutex_;
  std::shared_ptr<const Knowledge> knowledge_;
  std::string knowledge_version_;
  std::shared_ptr<const CompiledGraph> graph_;
  struct OwnedServices;
  std::unique_ptr<OwnedServices> owned_;
};

// Turns a Reply into the answer's text: sentences, then caveats, each figure's marker kept.
std::string answer_text(const Reply& reply, const Plan& plan);

}  // namespace oiis::agents
