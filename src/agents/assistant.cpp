#include "agents/assistant.h"

#include <chrono>
#include <random>

#include "services/customer_analytics_service.h"
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

AgentFn agent_for(const std::string& agent) {
  if (agent == "inventory") return &inventory_agent;
  if (agent == "customer") return &customer_agent;
  if (agent == "bi") return &bi_agent;
  if (agent == "operations") return &operations_agent;
  return nullptr;
}

Reply out_of_scope() {
  Reply r;
  r.found = false;
  r.sentences.push_back(
      "I don't know how to answer that from this shop's data. I can answer questions about stock, reorders, "
      "forecasts and prices; customers, churn and segments; sales, trends and top products; suppliers, "
      "fulfilment, purchase orders and suspicious orders.");
  return r;
}

}  // namespace

json Answer::to_json() const {
  json cites = json::array();
  for (const auto& c : citations) cites.push_back(citation_json(c));
  return {{"thread", thread},   {"agent", agent},     {"intent", intent}, {"answer", text},
          {"plan", plan},       {"tables", tables},   {"charts", charts}, {"actions", actions},
          {"citations", cites}, {"caveats", caveats}, {"seconds", seconds}};
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
      classifier_(IntentClassifier::train(shipped_training_questions())),
      owned_(std::make_unique<OwnedServices>()) {
  auto& env = options_.tools;
  if (!env.analytics) {
    owned_->analytics = std::make_unique<services::CustomerAnalyticsService>(*env.store);
    env.analytics = owned_->analytics.get();
  }
  if (!env.recommendations) {
    owned_->recommendations = std::make_unique<services::RecommendationService>(*env.store);
    env.recommendations = owned_->recommendations.get();
  }
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
  auto dates = options_.tools.store->agents().read_only_query("SELECT min(placed_at), max(placed_at) FROM orders", {}, QueryLimits{});
  if (!dates.is_ok()) return dates.status();
  const auto& row = dates.value().rows.at(0);
  k->has_orders = !row[1].is_null();
  k->today = k->has_orders ? date_of(row[1].get<Timestamp>()) : date_of(std::time(nullptr));
  k->first_day = k->has_orders ? date_of(row[0].get<Timestamp>()) : k->today;
  k->finder = std::make_unique<EntityFinder>(std::move(catalogue).value());
  knowledge_ = k;
  knowledge_version_ = version.value();
  return knowledge_;
}

Result<json> Assistant::load_memory(const std::string& thread, std::int64_t& next_seq) {
  auto checkpoints = options_.tools.store->agents().checkpoints(thread);
  if (!checkpoints.is_ok()) return checkpoints.status();
  next_seq = checkpoints.value().empty() ? 1 : checkpoints.value().back().seq + 1;
  if (checkpoints.value().empty()) return json::object();
  auto last = json::parse(checkpoints.value().back().body, nullptr, false);
  return last.is_object() ? last.value("memory", json::object()) : json::object();
}

Result<Answer> Assistant::ask(const std::string& question, const std::string& thread_id,
                              const EventSink& sink) {
  auto started = std::chrono::steady_clock::now();
  if (question.find_first_not_of(" \t\r\n") == std::string::npos)
    return invalid_argument("question is empty", "question");
  if (question.size() > kMaxQuestion)
    return invalid_argument("question is longer than " + std::to_string(kMaxQuestion) + " characters", "question");
  auto emit = [&](const std::string& type, json data) {
    if (sink) sink({type, std::move(data)});
  };
  auto k = knowledge();
  if (!k.is_ok()) return k.status();
  Answer answer;
  answer.thread = thread_id.empty() ? new_thread_id() : thread_id;
  std::int64_t seq = 1;
  auto memory = load_memory(answer.thread, seq);
  if (!memory.is_ok()) return memory.status();

  emit("node", {{"node", "understand"}, {"status", "started"}});
  Understanding u{&classifier_, k.value()->finder.get(), k.value()->today, k.value()->first_day,
                  options_.follow_up_threshold};
  Plan plan = understand(question, memory.value(), u);
  if (plan.confidence < kNoAgentBelow && !plan.follow_up) plan.agent = "none";
  answer.plan = to_json(plan);
  emit("node", {{"node", "understand"}, {"status", "finished"}, {"plan", answer.plan}});

  Reply reply = out_of_scope();
  if (auto fn = agent_for(plan.agent)) {
    emit("node", {{"node", plan.agent}, {"status", "started"}});
    ToolEnvironment env = options_.tools;
    env.today = k.value()->today;
    env.first_day = k.value()->first_day;
    ToolCaller tools(plan.agent, env, answer.citations);
    auto r = fn(plan, tools);
    if (r.is_ok()) {
      reply = std::move(r).value();
    } else if (r.status().code() == ErrorCode::kNotFound) {
      reply = Reply{};
      reply.found = false;
      reply.sentences.push_back("I don't know: " + r.status().message() + ".");
    } else {
      return r.status();
    }
    emit("node", {{"node", plan.agent}, {"status", "finished"}, {"citations", answer.citations.size()}});
  }
  if (!k.value()->has_orders) reply.caveats.push_back("The store has no orders yet: every sales figure is empty.");

  emit("node", {{"node", "synthesise"}, {"status", "started"}});
  answer.agent = plan.agent;
  answer.intent = plan.agent == "none" ? "" : plan.intent;
  answer.text = answer_text(reply, plan);
  answer.tables = reply.tables;
  answer.charts = reply.charts;
  answer.actions = reply.actions;
  answer.caveats = reply.caveats;
  for (size_t i = 0; i < answer.text.size(); i += 48) emit("token", {{"text", answer.text.substr(i, 48)}});
  emit("node", {{"node", "synthesise"}, {"status", "finished"}});

  auto now = std::time(nullptr);
  json body = {{"turn", seq}, {"question", question}, {"agent", answer.agent},
               {"answer", answer.text}, {"memory", memory_after(plan, reply.focus)}};
  auto existing = options_.tools.store->agents().get_thread(answer.thread);
  AgentThread t{answer.thread, existing.is_ok() ? existing.value().title : question.substr(0, 120), "",
                existing.is_ok() ? existing.value().created_at : now, now};
  if (auto s = options_.tools.store->agents().save_thread(t); !s.is_ok()) return s;
  if (auto s = options_.tools.store->agents().put_checkpoint({answer.thread, seq, body.dump()}); !s.is_ok()) return s;
  answer.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return answer;
}

Result<json> Assistant::thread_history(const std::string& thread) {
  auto t = options_.tools.store->agents().get_thread(thread);
  if (!t.is_ok()) return t.status();
  auto checkpoints = options_.tools.store->agents().checkpoints(thread);
  if (!checkpoints.is_ok()) return checkpoints.status();
  json turns = json::array();
  for (const auto& c : checkpoints.value()) {
    auto body = json::parse(c.body, nullptr, false);
    if (body.is_object()) turns.push_back({{"turn", c.seq}, {"question", body.value("question", "")},
                                           {"agent", body.value("agent", "")}, {"answer", body.value("answer", "")}});
  }
  return json{{"thread", thread}, {"title", t.value().title}, {"created_at", format_timestamp(t.value().created_at)},
              {"updated_at", format_timestamp(t.value().updated_at)}, {"turns", turns}};
}

}  // namespace oiis::agents
