#include "agents/assistant.h"

#include <chrono>
#include <random>

#include "agents/graph/runner.h"
#include "agents/store_checkpoints.h"
#include "agents/tool_context.h"
#include "agents/llm/tool_loop.h"
#include "services/customer_analytics_service.h"
#include "services/kb_service.h"
#include "services/recommend_service.h"
#include "store/agent_tables.h"
#include "store/store.h"

namespace oiis::agents {

using nlohmann::json;

struct Assistant::Knowledge {
  std::unique_ptr<EntityFinder> finder;
  Date today = 0, first_day = 0;
  bool has_orders = false;
};

struct Assistant::OwnedServices {
  std::unique_ptr<services::CustomerAnalyticsService> analytics;
  std::unique_ptr<services::RecommendationService> recommendations;
  std::unique_ptr<services::KbService> kb;
  std::unique_ptr<llm::ChatClient> llm;
};

namespace {

constexpr size_t kMaxQuestion = 2000;
// Below this the router says it does not know which agent fits (not validated: the shipped set
// has no out-of-scope questions).
constexpr double kNoAgentBelow = 0.08;

std::string new_thread_id() {
  static std::mutex mutex;
  static std::mt19937_64 rng(std::random_device{}());
  std::lock_guard lock(mutex);
  char buf[20];
  std::snprintf(buf, sizeof buf, "t-%012llx", static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
  return buf;
}

Result<Catalogue> load_catalogue(Store& store) {
  QueryLimits all;
  all.max_rows = 50'000'000;
  Catalogue c;
  auto& q = store.agents();
  auto products = q.read_only_query("SELECT id, sku, name, category, brand, supplier_id FROM products", {}, all);
  if (!products.is_ok()) return products.status();
  for (const auto& r : products.value().rows) {
    CatalogueProduct p{r[0].get<Id>(), r[1].get<std::string>(), r[2].get<std::string>(),
                       r[3].get<std::string>(), r[4].get<std::string>(), std::nullopt};
    if (!r[5].is_null()) p.supplier_id = r[5].get<Id>();
    c.products.push_back(std::move(p));
  }
  auto customers = q.read_only_query("SELECT id, external_id, name, email FROM customers", {}, all);
  if (!customers.is_ok()) return customers.status();
  for (const auto& r : customers.value().rows)
    c.customers.push_back({r[0].get<Id>(), r[1].get<std::string>(), r[2].get<std::string>(), r[3].get<std::string>()});
  auto suppliers = q.read_only_query("SELECT id, name FROM suppliers", {}, all);
  if (!suppliers.is_ok()) return suppliers.status();
  for (const auto& r : suppliers.value().rows) c.suppliers.push_back({r[0].get<Id>(), r[1].get<std::string>()});
  auto categories = q.read_only_query("SELECT DISTINCT category FROM products WHERE category <> '' ORDER BY category", {}, all);
  if (!categories.is_ok()) return categories.status();
  for (const auto& r : categories.value().rows) c.categories.push_back(r[0].get<std::string>());
  return c;
}

json citation_json(const Citation& c) {
  json sources = json::array();
  for (const auto& s : c.sources) sources.push_back({{"kind", s.kind}, {"detail", s.detail}, {"params", s.params}});
  return {{"id", c.id}, {"tool", c.tool}, {"args", c.args}, {"sources", sources}};
}

Citation citation_from(const json& j) {
  Citation c;
  c.id = j.value("id", 0);
  c.tool = j.value("tool", "");
  c.args = j.value("args", json::object());
  for (const auto& s : j.value("sources", json::array()))
    c.sources.push_back({s.value("kind", ""), s.value("detail", ""), s.value("params", json::array())});
  return c;
}

json reply_json(const Reply& r, const std::vector<Citation>& citations) {
  json cites = json::array();
  for (const auto& c : citations) cites.push_back(citation_json(c));
  return {{"sentences", r.sentences}, {"tables", r.tables}, {"charts", r.charts}, {"caveats", r.caveats},
          {"actions", r.actions}, {"focus", r.focus}, {"found", r.found}, {"citations", cites}};
}

Reply reply_from(const json& j) {
  Reply r;
  r.sentences = j.value("sentences", std::vector<std::string>{});
  r.tables = j.value("tables", json::array());
  r.charts = j.value("charts", json::array());
  r.caveats = j.value("caveats", std::vector<std::string>{});
  r.actions = j.value("actions", json::array());
  r.focus = j.value("focus", json::object());
  r.found = j.value("found", true);
  return r;
}

const std::vector<std::string>& agent_nodes() {
  static const std::vector<std::string> nodes = {"inventory", "customer", "bi", "operations", "none"};
  return nodes;
}

AgentFn agent_for(const std::string& agent) {
  if (agent == "inventory") return &inventory_agent;
  if (agent == "customer") return &customer_agent;
  if (agent == "bi") return &bi_agent;
  if (agent == "operations") return &operations_agent;
  if (agent == "none") return &documents_agent;
  return nullptr;
}

}  // namespace

Status check_question(const std::string& question) {
  if (question.find_first_not_of(" \t\r\n") == std::string::npos) return invalid_argument("question is empty", "question");
  if (question.size() > kMaxQuestion)
    return invalid_argument("question is longer than " + std::to_string(kMaxQuestion) + " characters", "question");
  return Status::ok();
}

json Answer::to_json() const {
  json cites = json::array();
  for (const auto& c : citations) cites.push_back(citation_json(c));
  json j = {{"thread", thread},   {"agent", agent}, {"backend", backend},     {"intent", intent}, {"answer", text},
          {"plan", plan},       {"tables", tables},   {"charts", charts}, {"actions", actions},
          {"citations", cites}, {"caveats", caveats}, {"seconds", seconds}};
  if (!pending_approval.is_null()) j["pending_approval"] = pending_approval;
  return j;
}

std::string answer_text(const Reply& reply, const Plan& plan) {
  std::string text;
  for (const auto& s : reply.sentences) text += (text.empty() ? "" : " ") + s;
  if (!reply.found && text.empty()) text = "I don't know: the tools found nothing for this question.";
  for (const auto& n : plan.notes) text += " " + n;
  return text;
}

Assistant::Assistant(AssistantOptions options)
    : options_(std::move(options)),
      owned_(std::make_unique<OwnedServices>()) {
  graph_ = build_graph();
  auto& env = options_.tools;
  if (!env.analytics) {
    owned_->analytics = std::make_unique<services::CustomerAnalyticsService>(*env.store);
    env.analytics = owned_->analytics.get();
  }
  if (!env.recommendations) {
    owned_->recommendations = std::make_unique<services::RecommendationService>(*env.store);
    env.recommendations = owned_->recommendations.get();
  }
  if (!env.kb && !env.data_dir.empty()) {
    owned_->kb = std::make_unique<services::KbService>(services::kb_directory(env.data_dir));
    env.kb = owned_->kb.get();
  }
  if (options_.llm) owned_->llm = llm::make_chat_client(*options_.llm);
}

Assistant::~Assistant() = default;

Result<std::shared_ptr<const Assistant::Knowledge>> Assistant::knowledge() {
  auto version = options_.tools.store->data_version();
  if (!version.is_ok()) return version.status();
  std::lock_guard lock(mutex_);
  if (knowledge_ && knowledge_version_ == version.value()) return knowledge_;
  auto catalogue = load_catalogue(*options_.tools.store);
  if (!catalogue.is_ok()) return catalogue.status();
  auto k = std::make_shared<Knowledge>();
  auto days = data_days(*options_.tools.store);
  if (!days.is_ok()) return days.status();
  k->has_orders = days.value().has_orders;
  k->today = days.value().today;
  k->first_day = days.value().first_day;
  k->finder = std::make_unique<EntityFinder>(std::move(catalogue).value());
  knowledge_ = k;
  knowledge_version_ = version.value();
  return knowledge_;
}

// The conversation as a state graph: understand (router, entities, periods, the thread's
// memory) -> the one agent it routes to (tools, cited reply) -> synthesise (text, memory for the
// next turn). Each step is checkpointed in the store, so a turn interrupted by a crash resumes
// without re-running finished steps.
std::shared_ptr<const CompiledGraph> Assistant::build_graph() {
  StateSchema schema;
  schema.add("question", ValueType::kString)
      .add("memory", ValueType::kObject)
      .add("plan", ValueType::kObject)
      .add("route", ValueType::kString)
      .add("reply", ValueType::kObject)
      .add("answer", ValueType::kObject)
      .add("backend", ValueType::kString)
      .add("turns", ValueType::kArray, Reducer::kAppend);
  Graph g(std::move(schema));
  g.add_node("understand", [this](const State& s, NodeContext&) { return understand_node(s); });
  for (const auto& agent : agent_nodes())
    g.add_node(agent, [this, agent](const State& s, NodeContext&) { return agent_node(agent, s); });
  g.add_node("synthesise", [this](const State& s, NodeContext& ctx) { return synthesise_node(s, ctx); });
  g.add_edge(START, "understand");
  g.add_conditional_edges(
      "understand",
      [](const State& s) -> Result<std::vector<std::string>> { return std::vector<std::string>{s.value("route", "none")}; },
      agent_nodes());
  g.add_node("approve", [this](const State& s, NodeContext& ctx) { return approve_node(s, ctx); });
  // A reply that proposes a write goes to approval first: a person decides (an interrupt).
  auto after_agent = [](const State& s) -> Result<std::vector<std::string>> {
    for (const auto& a : s.value("reply", json::object()).value("actions", json::array()))
      if (a.contains("tool")) return std::vector<std::string>{"approve"};
    return std::vector<std::string>{"synthesise"};
  };
  for (const auto& agent : agent_nodes()) g.add_conditional_edges(agent, after_agent, {"approve", "synthesise"});
  g.add_edge("approve", "synthesise");
  g.add_edge("synthesise", END);
  auto compiled = g.compile();
  if (!compiled.is_ok()) die_on_missing_value(compiled.status());  // a bug in the graph above
  return compiled.value();
}

Result<Plan> Assistant::plan_for(const std::string& question, const json& memory) {
  auto k = knowledge();
  if (!k.is_ok()) return k.status();
  const ShippedRouter& router = shipped_router();
  Understanding u{&router.classifier, k.value()->finder.get(), &router.vocabulary, k.value()->today, k.value()->first_day,
                  options_.follow_up_threshold};
  Plan plan = understand(question, memory, u);
  if (plan.confidence < kNoAgentBelow && !plan.follow_up) plan.agent = "none";
  return plan;
}

Result<NodeOutput> Assistant::understand_node(const State& state) {
  auto plan = plan_for(state.value("question", ""), state.value("memory", json::object()));
  if (!plan.is_ok()) return plan.status();
  return NodeOutput::write({{"plan", to_json(plan.value())}, {"route", plan.value().agent}});
}

Result<std::string> Assistant::route(const std::string& question) {
  auto plan = plan_for(question, json::object());
  if (!plan.is_ok()) return plan.status();
  return plan.value().agent;
}

Result<NodeOutput> Assistant::agent_node(const std::string& agent, const State& state) {
  Plan plan = plan_from_json(state.value("plan", json::object()));
  std::vector<Citation> citations;
  Reply reply;
  reply.found = false;
  if (auto fn = agent_for(agent)) {
    auto k = knowledge();
    if (!k.is_ok()) return k.status();
    ToolEnvironment env = options_.tools;
    env.today = k.value()->today;
    env.first_day = k.value()->first_day;
    if (owned_->llm && agent != "none") {
      // A configured model answers with the same tools; when it fails, the built-in backend does.
      auto a = llm::answer_with_tools(*owned_->llm, plan.question, agent, env);
      if (a.is_ok() && a.value().finished) {
        reply.sentences = {a.value().text};
        reply.caveats = a.value().caveats;
        reply.tables = nlohmann::json::array();
        return NodeOutput::write({{"reply", reply_json(reply, a.value().citations)}, {"backend", "llm"}});
      }
    }
    ToolCaller tools(agent, env, citations);
    auto r = fn(plan, tools);
    if (r.is_ok()) {
      reply = std::move(r).value();
    } else {
      // A tool's refusal is an answer, not a failed conversation.
      reply = Reply{};
      reply.found = false;
      reply.sentences.push_back("I don't know: " + r.status().message() + ".");
    }
    if (!k.value()->has_orders) reply.caveats.push_back("The store has no orders yet: every sales figure is empty.");
  }
  return NodeOutput::write({{"reply", reply_json(reply, citations)}, {"backend", "builtin"}});
}

Result<NodeOutput> Assistant::synthesise_node(const State& state, NodeContext& ctx) {
  Plan plan = plan_from_json(state.value("plan", json::object()));
  const json& stored = state.value("reply", json::object());
  Reply reply = reply_from(stored);
  std::string text = answer_text(reply, plan);
  for (size_t i = 0; i < text.size(); i += 48) ctx.emit({{"type", "token"}, {"text", text.substr(i, 48)}});
  json answer = {{"agent", plan.agent}, {"backend", state.value("backend", "builtin")}, {"intent", plan.agent == "none" ? "" : plan.intent}, {"answer", text},
                 {"plan", state.value("plan", json::object())}, {"tables", reply.tables}, {"charts", reply.charts},
                 {"actions", reply.actions}, {"caveats", reply.caveats}, {"citations", stored.value("citations", json::array())}};
  // The whole answer, so a thread reopened elsewhere shows its tables, charts and sources too.
  json turn = {{"question", state.value("question", "")}, {"agent", plan.agent}, {"answer", text},
               {"tables", reply.tables},  {"charts", reply.charts},  {"actions", reply.actions},
               {"caveats", reply.caveats}, {"citations", stored.value("citations", json::array())}};
  return NodeOutput::write({{"answer", answer}, {"memory", memory_after(plan, reply.focus)}, {"turns", json::array({turn})}});
}

namespace {

// What a person's edits change, line by line, in the words of the draft shown to them:
// "SKU-1 10 → 6 units, SKU-2 dropped".
std::string describe_line_changes(const json& action, const json& changes) {
  std::string out;
  for (const auto& c : changes) {
    json line;
    for (const auto& l : action.value("lines", json::array()))
      if (l.value("line_id", json()) == c["id"]) line = l;
    std::string sku = line.is_object() ? line.value("sku", std::string("line ")) : "line " + c["id"].dump();
    std::string part = c["quantity"].get<long long>() == 0
                           ? sku + " dropped"
                           : sku + " " + (line.is_object() ? line["quantity"].dump() + " → " : std::string()) +
                                 c["quantity"].dump() + " units";
    out += (out.empty() ? "" : ", ") + part;
  }
  return out;
}

}  // namespace

// Asks for approval (the run stops here, checkpointed); resumed with {"approve": true|false}
// and, for a draft purchase order, the person's "lines" edits; runs the tool with approval or
// leaves everything as it was, and says which.
Result<NodeOutput> Assistant::approve_node(const State& state, NodeContext& ctx) {
  json reply = state.value("reply", json::object());
  json action;
  for (const auto& a : reply.value("actions", json::array()))
    if (a.contains("tool")) action = a;
  if (!ctx.resume) return NodeOutput::ask({{"action", action}, {"question", action.value("description", "") + "?"}});
  bool approved = ctx.resume->is_object() && ctx.resume->value("approve", false);
  json changes = ctx.resume->is_object() ? ctx.resume->value("lines", json::array()) : json::array();
  auto& sentences = reply["sentences"];
  json citations = reply.value("citations", json::array());
  if (!approved) {
    sentences.push_back("Not approved: nothing was changed.");
  } else {
    auto k = knowledge();
    if (!k.is_ok()) return k.status();
    ToolEnvironment env = options_.tools;
    env.today = k.value()->today;
    env.first_day = k.value()->first_day;
    if (!changes.empty()) action["args"]["lines"] = changes;
    auto done = builtin_tools().call(action["tool"].get<std::string>(), action["args"], env, /*approved=*/true);
    const std::string edits = changes.empty() ? "" : " with your changes (" + describe_line_changes(action, changes) + ")";
    if (!done.is_ok()) {
      sentences.push_back("Approved" + edits + ", but it failed: " + done.status().message() + ".");
    } else {
      Citation c{static_cast<int>(citations.size()) + 1, action["tool"].get<std::string>(), action["args"], done.value().sources};
      citations.push_back(citation_json(c));
      sentences.push_back("Approved" + edits + ": " + action.value("type", std::string("the action")) + " done [" +
                          std::to_string(c.id) + "].");
    }
  }
  reply["citations"] = citations;
  reply["actions"] = json::array();
  reply["decision"] = approved ? (changes.empty() ? "approved" : "approved_with_changes") : "rejected";
  return NodeOutput::write({{"reply", reply}});
}

Status Assistant::check_owner(const std::string& thread, const std::string& owner, bool must_exist) {
  auto t = options_.tools.store->agents().get_thread(thread);
  if (!t.is_ok()) return t.status().code() == ErrorCode::kNotFound && !must_exist ? Status::ok() : t.status();
  if (!owner.empty() && t.value().owner != owner) return not_found("thread " + thread + " not found", "thread");
  return Status::ok();
}

Result<Answer> Assistant::ask(const std::string& question, const std::string& thread_id, const AnswerSink& sink,
                              const std::string& owner) {
  auto started = std::chrono::steady_clock::now();
  OIIS_RETURN_IF_ERROR(check_question(question));
  std::string thread = thread_id.empty() ? new_thread_id() : thread_id;
  if (!thread_id.empty()) OIIS_RETURN_IF_ERROR(check_owner(thread, owner, /*must_exist=*/false));
  StoreCheckpointStore checkpoints(options_.tools.store->agents());
  RunnerOptions run;
  run.on_event = [&sink](const Event& e) {
    if (!sink) return;
    if (e.kind == EventKind::kNodeStarted) sink({"node", {{"node", e.node}, {"status", "started"}}});
    else if (e.kind == EventKind::kNodeFinished) sink({"node", {{"node", e.node}, {"status", "finished"}}});
    else if (e.kind == EventKind::kCustom && e.data.value("type", "") == "token") sink({"token", {{"text", e.data["text"]}}});
  };
  Runner runner(graph_, checkpoints, run);
  auto result = runner.invoke(thread, {{"question", question}});
  if (!result.is_ok() && result.status().code() == ErrorCode::kFailedPrecondition) {
    auto last = checkpoints.last(thread);
    if (last.is_ok() && last.value() && last.value()->interrupt)
      return failed_precondition("this thread waits for a decision: " +
                                     last.value()->interrupt->payload.value("question", std::string("an approval")) +
                                     " Approve or reject it first.",
                                 "thread");
    // The thread's last turn never finished (a crash mid-answer): finish it, then ask.
    if (auto done = runner.continue_thread(thread); done.is_ok()) result = runner.invoke(thread, {{"question", question}});
  }
  if (!result.is_ok()) return result.status();
  // Retention: every 25 turns a conversation is compacted to its last 40 checkpoints (and what
  // rebuilding them needs); its turns stay in the state.
  if (result.value().state.value("turns", json::array()).size() % 25 == 0) (void)runner.compact(thread, 40);
  Answer answer = answer_from(thread, result.value());
  auto now = std::time(nullptr);
  auto existing = options_.tools.store->agents().get_thread(thread);
  AgentThread t{thread, existing.is_ok() ? existing.value().title : question.substr(0, 120),
                existing.is_ok() ? existing.value().owner : owner,
                existing.is_ok() ? existing.value().created_at : now, now};
  if (auto s = options_.tools.store->agents().save_thread(t); !s.is_ok()) return s;
  answer.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return answer;
}

Answer Assistant::answer_from(const std::string& thread, const RunResult& result) {
  Answer answer;
  answer.thread = thread;
  if (result.status == RunStatus::kInterrupted && result.interrupt) {
    // Waiting for a person: the answer so far, and what needs approving.
    const json& reply = result.state.value("reply", json::object());
    Plan plan = plan_from_json(result.state.value("plan", json::object()));
    answer.agent = plan.agent;
    answer.intent = plan.intent;
    answer.text = answer_text(reply_from(reply), plan) + " This needs your approval: " +
                  result.interrupt->payload.value("question", std::string()) ;
    answer.pending_approval = result.interrupt->payload;
    for (const auto& c : reply.value("citations", json::array())) answer.citations.push_back(citation_from(c));
    return answer;
  }
  const json& a = result.state.value("answer", json::object());
  answer.agent = a.value("agent", "none");
  answer.intent = a.value("intent", "");
  answer.backend = a.value("backend", "builtin");
  answer.text = a.value("answer", "");
  answer.plan = a.value("plan", json::object());
  answer.tables = a.value("tables", json::array());
  answer.charts = a.value("charts", json::array());
  answer.actions = a.value("actions", json::array());
  answer.caveats = a.value("caveats", std::vector<std::string>{});
  for (const auto& c : a.value("citations", json::array())) answer.citations.push_back(citation_from(c));
  return answer;
}

namespace {

// Edits are checked against the draft the thread shows before anything resumes: a line of
// another order is refused and the thread keeps waiting for a decision.
Status check_line_changes(const json& pending_action, const json& changes, bool approve) {
  if (!changes.is_array()) return invalid_argument("lines must be an array of {id, quantity}", "lines");
  if (changes.empty()) return Status::ok();
  if (!approve) return invalid_argument("only an approval can change the lines; a rejection changes nothing", "lines");
  if (!pending_action.contains("lines"))
    return invalid_argument("the pending write has no lines to change", "lines");
  for (size_t i = 0; i < changes.size(); ++i) {
    const std::string at = "lines[" + std::to_string(i) + "]";
    if (!changes[i].is_object() || !changes[i].contains("id") || !changes[i]["id"].is_number_integer())
      return invalid_argument("a line id is required", at + ".id");
    if (!changes[i].contains("quantity") || !changes[i]["quantity"].is_number_integer() ||
        changes[i]["quantity"].get<long long>() < 0)
      return invalid_argument("quantity must be 0 (drop the line) or more", at + ".quantity");
    bool shown = false;
    for (const auto& l : pending_action["lines"]) shown = shown || l.value("line_id", json()) == changes[i]["id"];
    if (!shown) return invalid_argument("line " + changes[i]["id"].dump() + " is not on the draft waiting for approval", at + ".id");
  }
  // Dropping every line is a rejection: said before the thread resumes, not after.
  bool keeps_a_line = false;
  for (const auto& l : pending_action["lines"]) {
    long long quantity = l.value("quantity", 0LL);
    for (const auto& c : changes)
      if (c["id"] == l.value("line_id", json())) quantity = c["quantity"].get<long long>();
    keeps_a_line = keeps_a_line || quantity > 0;
  }
  if (!keeps_a_line) return invalid_argument("a purchase order keeps at least one line: reject it instead", "lines");
  return Status::ok();
}

}  // namespace

Result<Answer> Assistant::decide(const std::string& thread, bool approve, const AnswerSink& sink, const json& line_changes) {
  StoreCheckpointStore checkpoints(options_.tools.store->agents());
  if (!line_changes.is_array() || !line_changes.empty()) {
    auto last = checkpoints.last(thread);
    if (!last.is_ok()) return last.status();
    if (!last.value() || !last.value()->interrupt)
      return failed_precondition("thread " + thread + " waits for no decision", "thread");
    OIIS_RETURN_IF_ERROR(check_line_changes(last.value()->interrupt->payload.value("action", json::object()), line_changes, approve));
  }
  RunnerOptions run;
  run.on_event = [&sink](const Event& e) {
    if (sink && e.kind == EventKind::kCustom && e.data.value("type", "") == "token") sink({"token", {{"text", e.data["text"]}}});
  };
  Runner runner(graph_, checkpoints, run);
  json resume = {{"approve", approve}};
  if (!line_changes.empty()) resume["lines"] = line_changes;
  auto result = runner.resume(thread, resume);
  if (!result.is_ok()) return result.status();
  return answer_from(thread, result.value());
}

Result<json> Assistant::thread_history(const std::string& thread, const std::string& owner) {
  OIIS_RETURN_IF_ERROR(check_owner(thread, owner, /*must_exist=*/true));
  auto t = options_.tools.store->agents().get_thread(thread);
  if (!t.is_ok()) return t.status();
  StoreCheckpointStore checkpoints(options_.tools.store->agents());
  Runner runner(graph_, checkpoints);
  auto state = runner.state(thread);
  if (!state.is_ok()) return state.status();
  json turns = json::array();
  int n = 0;
  for (const auto& turn : state.value().value("turns", json::array())) {
    json row = turn;
    row["turn"] = ++n;
    turns.push_back(row);
  }
  auto history = runner.history(thread);
  json out{{"thread", thread}, {"title", t.value().title}, {"created_at", format_timestamp(t.value().created_at)},
           {"updated_at", format_timestamp(t.value().updated_at)}, {"turns", turns},
           {"checkpoints", history.is_ok() ? history.value().size() : 0}};
  // A turn stopped for a person's decision is not a finished turn yet: say what it waits for,
  // so another tab or device can show it and decide.
  auto last = checkpoints.last(thread);
  if (last.is_ok() && last.value() && last.value()->interrupt) {
    out["pending_approval"] = last.value()->interrupt->payload;
    out["pending_question"] = state.value().value("question", "");
  }
  return out;
}

}  // namespace oiis::agents
