// The assistant over HTTP (agents/assistant.h; docs/agents.md): a question answered as JSON or
// streamed as server-sent events (the steps as they run, the answer's text in pieces, then the
// whole answer with its citations), and the conversation threads.
#include <httplib.h>

#include "agents/assistant.h"
#include "agents/mcp.h"
#include "agents/tool_context.h"
#include "server/api.h"
#include "store/agent_tables.h"

namespace oiis::server {
namespace {

// A thread belongs to the API key that started it (by id: two keys may share a name); an admin
// key sees and may delete every thread.
std::string thread_owner(const Ctx& c) {
  return c.role == Role::kAdmin ? std::string() : "key:" + std::to_string(c.key_id);
}

std::string sse_event(const std::string& type, const Json& data) {
  return "event: " + type + "\ndata: " + data.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n\n";
}

// Streams one answer: each event is written as it happens, so a slow connection sees the steps
// and the first words before the last tool has run.
void stream_answer(Ctx& c, std::string question, std::string thread) {
  auto* assistant = &c.api.assistant();
  std::string owner = thread_owner(c);
  c.res.status = 200;
  c.res.set_header("Cache-Control", "no-cache");
  c.res.set_chunked_content_provider(
      "text/event-stream",
      [assistant, owner, question = std::move(question), thread = std::move(thread)](size_t, httplib::DataSink& sink) {
        auto write = [&sink](const std::string& text) { return sink.write(text.data(), text.size()); };
        auto answer = assistant->ask(
            question, thread, [&](const agents::AssistantEvent& e) { write(sse_event(e.type, e.data)); }, owner);
        if (answer.is_ok()) {
          write(sse_event("answer", answer.value().to_json()));
        } else {
          const auto& s = answer.status();
          write(sse_event("error", {{"code", error_code_name(s.code())}, {"message", s.message()}, {"field", s.field()}}));
        }
        sink.done();
        return true;
      });
}

Status chat(Ctx& c) {
  auto body = body_json(c);
  if (!body) return body.status();
  if (!body->contains("question") || !(*body)["question"].is_string())
    return invalid_argument("a string is required", "question");
  std::string thread;
  if (body->contains("thread")) {
    if (!(*body)["thread"].is_string()) return invalid_argument("a string is required", "thread");
    thread = (*body)["thread"].get<std::string>();
    if (thread.size() > 64) return invalid_argument("at most 64 characters", "thread");
    // Continuing a conversation needs one: a stale or deleted id is an error, not a new thread.
    OIIS_RETURN_IF_ERROR(c.api.assistant().check_owner(thread, thread_owner(c), /*must_exist=*/true));
  }
  std::string question = (*body)["question"].get<std::string>();
  OIIS_RETURN_IF_ERROR(agents::check_question(question));
  bool stream = c.req.get_header_value("Accept").find("text/event-stream") != std::string::npos;
  if (stream) {
    stream_answer(c, std::move(question), std::move(thread));
    return Status::ok();
  }
  auto answer = c.api.assistant().ask(question, thread, {}, thread_owner(c));
  if (!answer) return answer.status();
  return reply(c, answer.value().to_json());
}

Status list_threads(Ctx& c) {
  std::optional<std::int64_t> limit;
  OIIS_RETURN_IF_ERROR(query_int(c, "limit", limit));
  if (limit && (*limit < 1 || *limit > 500)) return invalid_argument("limit must be 1..500", "limit");
  auto threads = c.store.agents().list_threads(static_cast<int>(limit.value_or(50)));
  if (!threads) return threads.status();
  Json items = Json::array();
  const std::string owner = thread_owner(c);
  for (const auto& t : *threads)
    if (owner.empty() || t.owner == owner)
      items.push_back({{"thread", t.id}, {"title", t.title}, {"created_at", format_timestamp(t.created_at)},
                     {"updated_at", format_timestamp(t.updated_at)}});
  return reply(c, {{"threads", items}});
}

Status get_thread(Ctx& c) {
  auto history = c.api.assistant().thread_history(std::string(c.path[0]), thread_owner(c));
  if (!history) return history.status();
  return reply(c, *history);
}

// A person's decision on the write a thread waits for; the write (when approved) runs with the
// caller's write key, and the request is in the audit log like every write.
Status decide(Ctx& c) {
  auto body = body_json(c);
  if (!body) return body.status();
  if (!body->contains("approve") || !(*body)["approve"].is_boolean())
    return invalid_argument("true or false is required", "approve");
  Json changes = Json::array();
  if (body->contains("lines")) {
    auto parsed = read_line_changes(*body);  // names lines[i].id / .quantity
    if (!parsed) return parsed.status();
    for (const auto& l : *parsed) changes.push_back({{"id", l.line_id}, {"quantity", l.quantity}});
  }
  auto answer = c.api.assistant().decide(std::string(c.path[0]), (*body)["approve"].get<bool>(), {}, changes);
  if (!answer) return answer.status();
  return reply(c, answer.value().to_json());
}

// MCP's streamable-HTTP transport, stateless: each POST carries JSON-RPC messages and gets the
// responses as JSON (202 and no body for notifications only). The tools run on the server's warm
// services; write tools are refused, as over stdio (an MCP client has no approval step here).
Status mcp(Ctx& c) {
  agents::ToolEnvironment base;
  base.store = &c.store;
  base.data_dir = c.api.config().data_dir;
  base.analytics = &c.api.customer_analytics();
  base.recommendations = &c.api.recommendations();
  base.kb = &c.api.kb();
  agents::ToolContext context(base);
  agents::McpServer server(context);
  std::string out = server.handle_line(c.req.body);
  if (out.empty()) {
    c.res.status = 202;
    return Status::ok();
  }
  return reply_text(c, out);
}

Status delete_thread(Ctx& c) {
  OIIS_RETURN_IF_ERROR(c.api.assistant().check_owner(std::string(c.path[0]), thread_owner(c), /*must_exist=*/true));
  OIIS_RETURN_IF_ERROR(c.store.agents().delete_thread(std::string(c.path[0])));
  return reply(c, {{"deleted", std::string(c.path[0])}});
}

Status rename_thread(Ctx& c) {
  const std::string id(c.path[0]);
  OIIS_RETURN_IF_ERROR(c.api.assistant().check_owner(id, thread_owner(c), /*must_exist=*/true));
  auto body = body_json(c);
  if (!body) return body.status();
  if (!body->contains("title") || !(*body)["title"].is_string()) return invalid_argument("a string is required", "title");
  const std::string title = (*body)["title"].get<std::string>();
  if (title.empty() || title.size() > 200) return invalid_argument("1..200 characters", "title");
  auto thread = c.store.agents().get_thread(id);
  if (!thread) return thread.status();
  thread->title = title;
  thread->updated_at = now_utc();
  OIIS_RETURN_IF_ERROR(c.store.agents().save_thread(*thread));
  return reply(c, {{"thread", id}, {"title", title}});
}

}  // namespace

void add_agent_routes(RouteTable& t) {
  t.push_back({"POST", "/api/v1/chat", Role::kRead, "assistant",
               "Ask the assistant a question (body: question, optional thread to continue). Answers with "
               "the agent, the text with [n] markers, tables, chart specifications, caveats, proposed actions "
               "(never executed here) and the citation behind every figure. With `Accept: text/event-stream` "
               "it streams node, token and answer events",
               "ChatRequest", "ChatAnswer", 200, {}, chat});
  t.push_back({"GET", "/api/v1/threads", Role::kRead, "assistant", "The caller's conversation threads (every thread for an admin key), most recent first", "",
               "ThreadList", 200, {{"limit", "integer", "At most this many, 1..500 (default 50)"}}, list_threads});
  t.push_back({"GET", "/api/v1/threads/{thread}", Role::kRead, "assistant",
               "A thread's turns: each question, the agent that answered and its answer (404 for another key's thread)",
               "", "Thread", 200, {},
               get_thread});
  t.push_back({"POST", "/api/v1/threads/{thread}/approval", Role::kWrite, "assistant",
               "Approve or reject the write a thread is waiting for (its answer's pending_approval), body "
               "{\"approve\": true|false, \"lines\"?: [{\"id\", \"quantity\"}]} (a draft's lines edited before approving); the thread then finishes its answer. A read key may ask, not approve",
               "ApprovalDecision", "ChatAnswer", 200, {}, decide});
  t.push_back({"POST", "/mcp", Role::kRead, "assistant",
               "The Model Context Protocol over HTTP (stateless streamable-HTTP transport): JSON-RPC "
               "initialize, tools/list, tools/call on the same typed tools as `oiis mcp`; write tools refused",
               "", "", 200, {}, mcp});
  // A conversation belongs to the key that started it, not to the shop's data: a read key that
  // may start threads may also rename and delete its own.
  t.push_back({"DELETE", "/api/v1/threads/{thread}", Role::kRead, "assistant",
               "Delete one of the caller's threads and its checkpoints (an admin key: any thread)", "", "", 200, {},
               delete_thread});
  t.push_back({"PATCH", "/api/v1/threads/{thread}", Role::kRead, "assistant",
               "Rename one of the caller's threads: body {\"title\"} (1..200 characters)", "", "", 200, {},
               rename_thread});
}

}  // namespace oiis::server
