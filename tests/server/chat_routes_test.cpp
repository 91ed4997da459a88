// /api/v1/chat and /api/v1/threads: an answer with its citations, a follow-up in the same
// thread, the event stream, the thread list and history, deletion by role, bad input named.
#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

TEST_F(ServerTest, ChatAnswersWithCitationsAndFollowsUpInItsThread) {
  Reply first = post("/api/v1/chat", {{"question", "how many units of SKU-1 do we have?"}}, kReadKey);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json["agent"], "inventory");
  EXPECT_NE(first.json["answer"].get<std::string>().find("10 units"), std::string::npos) << first.body;
  ASSERT_FALSE(first.json["citations"].empty());
  EXPECT_EQ(first.json["citations"][0]["sources"][0]["kind"], "sql");
  const std::string thread = first.json["thread"];
  Reply second = post("/api/v1/chat", {{"question", "who supplies it"}, {"thread", thread}}, kReadKey);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_NE(second.json["answer"].get<std::string>().find("Acme"), std::string::npos) << second.body;
  Reply sales = post("/api/v1/chat", {{"question", "revenue last month"}}, kReadKey);
  ASSERT_EQ(sales.status, 200);
  EXPECT_NE(sales.json["caveats"].dump().find("no orders"), std::string::npos) << sales.body;

  Reply list = get("/api/v1/threads", kReadKey);
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find(thread), std::string::npos);
  Reply history = get("/api/v1/threads/" + thread, kReadKey);
  ASSERT_EQ(history.status, 200) << history.body;
  ASSERT_EQ(history.json["turns"].size(), 2u);
  EXPECT_EQ(history.json["turns"][1]["question"], "who supplies it");
  // Each turn keeps its whole answer: the citations behind its figures, its tables.
  EXPECT_FALSE(history.json["turns"][0]["citations"].empty());
  EXPECT_TRUE(history.json["turns"][0]["tables"].is_array());
  EXPECT_FALSE(history.json.contains("pending_approval"));
  // A stale or made-up thread id is an error, not a new conversation.
  EXPECT_EQ(post("/api/v1/chat", {{"question", "and its price?"}, {"thread", "t-never-was"}}, kReadKey).error_field(),
            "thread");
  // The owner may rename it (any key: a conversation is not shop data).
  Reply renamed = send("PATCH", "/api/v1/threads/" + thread, R"({"title": "SKU-1 stock"})", kReadKey);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(get("/api/v1/threads/" + thread, kReadKey).json["title"], "SKU-1 stock");
  EXPECT_EQ(send("PATCH", "/api/v1/threads/" + thread, R"({"title": ""})", kReadKey).error_field(), "title");
  // Another key's threads are not listed or readable; an admin sees them all.
  const char* kOtherKey = "other-read-key-for-chat-tests";
  add_key(kOtherKey, Role::kRead);
  EXPECT_EQ(get("/api/v1/threads", kOtherKey).body.find(thread), std::string::npos);
  EXPECT_EQ(get("/api/v1/threads/" + thread, kOtherKey).status, 404);
  EXPECT_EQ(post("/api/v1/chat", {{"question", "and its price?"}, {"thread", thread}}, kOtherKey).status, 404);
  EXPECT_EQ(get("/api/v1/threads/" + thread, kAdminKey).status, 200);
  EXPECT_EQ(send("PATCH", "/api/v1/threads/" + thread, R"({"title": "x"})", kOtherKey).status, 404);
  EXPECT_EQ(send("DELETE", "/api/v1/threads/" + thread, {}, kWriteKey).status, 404);  // not its thread
  EXPECT_EQ(send("DELETE", "/api/v1/threads/" + thread, {}, kReadKey).status, 200);   // its owner's
  EXPECT_EQ(get("/api/v1/threads/" + thread, kReadKey).status, 404);
}

TEST_F(ServerTest, ChatStreamsStepsTokensAndTheAnswer) {
  Reply r = post("/api/v1/chat", {{"question", "stock of SKU-2?"}}, kReadKey, {{"Accept", "text/event-stream"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto understand = r.body.find("event: node\ndata: {\"node\":\"understand\"");
  auto token = r.body.find("event: token");
  auto answer = r.body.find("event: answer");
  ASSERT_NE(understand, std::string::npos) << r.body;
  ASSERT_NE(token, std::string::npos) << r.body;
  ASSERT_NE(answer, std::string::npos) << r.body;
  EXPECT_LT(understand, token);
  EXPECT_LT(token, answer);
  EXPECT_NE(r.body.find("20 units", answer) == std::string::npos ? r.body.find("10 units", answer) : 0,
            std::string::npos);
}

TEST_F(ServerTest, AnApprovalNeedsAWriteKey) {
  Id po = draft_purchase_order();
  Reply ask = post("/api/v1/chat", {{"question", "approve purchase order " + std::to_string(po)}}, kReadKey);
  ASSERT_EQ(ask.status, 200) << ask.body;
  ASSERT_TRUE(ask.json.contains("pending_approval")) << ask.body;
  const std::string path = "/api/v1/threads/" + ask.json["thread"].get<std::string>() + "/approval";
  // Another tab reading the thread sees what it waits for.
  Reply waiting = get("/api/v1/threads/" + ask.json["thread"].get<std::string>(), kReadKey);
  ASSERT_EQ(waiting.status, 200) << waiting.body;
  EXPECT_EQ(waiting.json["pending_approval"], ask.json["pending_approval"]);
  EXPECT_NE(waiting.json.value("pending_question", "").find("approve"), std::string::npos);
  EXPECT_EQ(post(path, {{"approve", true}}, kReadKey).status, 403);
  EXPECT_EQ(store_->get_purchase_order(po)->status, PurchaseOrderStatus::kDraft);
  EXPECT_EQ(post(path, {{"approve", "yes"}}, kWriteKey).error_field(), "approve");
  Reply yes = post(path, {{"approve", true}}, kWriteKey);
  ASSERT_EQ(yes.status, 200) << yes.body;
  EXPECT_EQ(store_->get_purchase_order(po)->status, PurchaseOrderStatus::kOrdered);
}

// Approve / edit / reject: a person changes a draft's line in the approval itself; edits that
// do not fit the draft are refused before the thread resumes, which keeps waiting.
TEST_F(ServerTest, AnApprovalCanEditTheDraftsLinesFirst) {
  Id po = draft_purchase_order();
  const Id line = store_->get_purchase_order(po)->lines.at(0).id;
  Reply ask = post("/api/v1/chat", {{"question", "approve purchase order " + std::to_string(po)}}, kWriteKey);
  ASSERT_EQ(ask.status, 200) << ask.body;
  const Json shown = ask.json["pending_approval"]["action"]["lines"];
  ASSERT_EQ(shown.size(), 1u) << ask.body;
  EXPECT_EQ(shown[0]["line_id"], line);
  const std::string path = "/api/v1/threads/" + ask.json["thread"].get<std::string>() + "/approval";
  EXPECT_EQ(post(path, {{"approve", true}, {"lines", {{{"id", line + 99}, {"quantity", 3}}}}}, kWriteKey).error_field(),
            "lines[0].id");
  EXPECT_EQ(post(path, {{"approve", true}, {"lines", {{{"id", line}, {"quantity", -3}}}}}, kWriteKey).error_field(),
            "lines[0].quantity");
  EXPECT_EQ(post(path, {{"approve", true}, {"lines", {{{"id", line}, {"quantity", 0}}}}}, kWriteKey).error_field(), "lines");
  EXPECT_EQ(post(path, {{"approve", false}, {"lines", {{{"id", line}, {"quantity", 3}}}}}, kWriteKey).error_field(), "lines");
  EXPECT_EQ(store_->get_purchase_order(po)->status, PurchaseOrderStatus::kDraft);
  EXPECT_EQ(store_->get_purchase_order(po)->lines.at(0).quantity, 12);
  EXPECT_TRUE(get("/api/v1/threads/" + ask.json["thread"].get<std::string>(), kWriteKey).json.contains("pending_approval"));

  Reply yes = post(path, {{"approve", true}, {"lines", {{{"id", line}, {"quantity", 5}}}}}, kWriteKey);
  ASSERT_EQ(yes.status, 200) << yes.body;
  EXPECT_NE(yes.json.value("answer", "").find("with your changes (SKU-1 12 → 5 units)"), std::string::npos) << yes.body;
  auto ordered = store_->get_purchase_order(po);
  EXPECT_EQ(ordered->status, PurchaseOrderStatus::kOrdered);
  EXPECT_EQ(ordered->lines.at(0).quantity, 5);
  EXPECT_EQ(store_->get_stock(ordered->lines.at(0).product_id, location_id_)->on_order, 5);
}

TEST_F(ServerTest, ADraftPurchaseOrderIsEditedWithPatch) {
  Id po = draft_purchase_order();
  const Id line = store_->get_purchase_order(po)->lines.at(0).id;
  const std::string path = "/api/v1/purchase-orders/" + std::to_string(po);
  const std::string edit = Json{{"lines", {{{"id", line}, {"quantity", 7}}}}}.dump();
  EXPECT_EQ(send("PATCH", path, edit, kReadKey).status, 403);
  EXPECT_EQ(send("PATCH", path, Json{{"lines", Json::array()}}.dump(), kWriteKey).error_field(), "lines");
  EXPECT_EQ(send("PATCH", path, Json{{"lines", {{{"id", line}}}}}.dump(), kWriteKey).error_field(), "lines[0].quantity");
  EXPECT_EQ(send("PATCH", path, Json{{"lines", {{{"id", line}, {"quantity", 7}}}}, {"colour", 1}}.dump(), kWriteKey).error_field(),
            "colour");
  Reply ok = send("PATCH", path, edit, kWriteKey);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["lines"][0]["quantity"], 7);
  EXPECT_EQ(ok.json["status"], "draft");
  ASSERT_EQ(post(path + "/submit", Json::object(), kWriteKey).status, 200);
  EXPECT_EQ(send("PATCH", path, edit, kWriteKey).status, 409);
}

TEST_F(ServerTest, McpOverHttpListsAndCallsTheTools) {
  Reply init = post("/mcp", {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                             {"params", {{"protocolVersion", "2025-03-26"}, {"capabilities", Json::object()},
                                         {"clientInfo", {{"name", "test"}, {"version", "1"}}}}}},
                     kReadKey);
  ASSERT_EQ(init.status, 200) << init.body;
  EXPECT_EQ(init.json["result"]["protocolVersion"], "2025-03-26");
  EXPECT_EQ(post("/mcp", {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, kReadKey).status, 202);
  Reply list = post("/mcp", {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/list"}}, kReadKey);
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("stock_status"), std::string::npos);
  Reply call = post("/mcp", {{"jsonrpc", "2.0"}, {"id", 3}, {"method", "tools/call"},
                             {"params", {{"name", "stock_status"}, {"arguments", {{"sku", "SKU-1"}}}}}},
                    kReadKey);
  ASSERT_EQ(call.status, 200) << call.body;
  EXPECT_FALSE(call.json["result"].value("isError", true)) << call.body;
  EXPECT_NE(call.body.find("on_hand"), std::string::npos);
  Id po = draft_purchase_order();
  Reply write = post("/mcp", {{"jsonrpc", "2.0"}, {"id", 4}, {"method", "tools/call"},
                              {"params", {{"name", "approve_purchase_order"}, {"arguments", {{"purchase_order_id", po}}}}}},
                     kWriteKey);
  ASSERT_EQ(write.status, 200);
  EXPECT_TRUE(write.json["result"].value("isError", false)) << write.body;
  EXPECT_EQ(store_->get_purchase_order(po)->status, PurchaseOrderStatus::kDraft);
  EXPECT_EQ(post("/mcp", {{"jsonrpc", "2.0"}, {"id", 5}, {"method", "tools/list"}}, nullptr).status, 401);
}

TEST_F(ServerTest, ChatNamesWhatIsWrongWithTheRequest) {
  EXPECT_EQ(post("/api/v1/chat", Json::object(), kReadKey).error_field(), "question");
  EXPECT_EQ(post("/api/v1/chat", {{"question", "   "}}, kReadKey).error_field(), "question");
  EXPECT_EQ(post("/api/v1/chat", {{"question", 7}}, kReadKey).error_field(), "question");
  EXPECT_EQ(post("/api/v1/chat", {{"question", "stock?"}, {"thread", 3}}, kReadKey).error_field(), "thread");
  EXPECT_EQ(post("/api/v1/chat", {{"question", std::string(2001, 'a')}}, kReadKey).status, 400);
  EXPECT_EQ(post("/api/v1/chat", {{"question", "stock?"}}, nullptr).status, 401);
  EXPECT_EQ(get("/api/v1/threads/no-such-thread", kReadKey).status, 404);
  EXPECT_EQ(get("/api/v1/threads?limit=0", kReadKey).error_field(), "limit");
}

}  // namespace
}  // namespace oiis::testing
