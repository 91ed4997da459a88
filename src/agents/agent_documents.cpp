// When no agent's intent fits the question: the knowledge base's closest passages, quoted with
// their source — text from documents is shown, never obeyed — or an honest "I don't know".
#include "agents/reply.h"

namespace oiis::agents {

Result<Reply> documents_agent(const Plan& plan, ToolCaller& tools) {
  Reply r;
  // A question about something else entirely (the weather, a recipe) gets no quoted passages:
  // the closest ones would only be noise.
  const bool out_of_scope = plan.intent == "none.out_of_scope";
  auto found = out_of_scope ? Result<ToolResult>(not_found("out of scope"))
                            : tools.call("search_documents", {{"query", plan.question}, {"k", 2}});
  const auto passages = found.is_ok() ? found.value().data.value("passages", nlohmann::json::array())
                                      : nlohmann::json::array();
  if (passages.empty()) {
    r.found = false;
    r.sentences.push_back(
        "I don't know how to answer that from this shop's data. I can answer questions about stock, reorders, "
        "forecasts and prices; customers, churn and segments; sales, trends and top products; suppliers, "
        "fulfilment, purchase orders and suspicious orders.");
    return r;
  }
  r.sentences.push_back("This is not a question about the shop's figures; the closest passages in the knowledge base " +
                        tools.marker() + ":");
  for (const auto& p : passages) {
    std::string text = p["text"].get<std::string>();
    if (text.size() > 400) text = text.substr(0, 400) + "…";
    std::string where = p["doc"].get<std::string>();
    if (!p["section"].get<std::string>().empty()) where += " § " + p["section"].get<std::string>();
    r.sentences.push_back("“" + text + "” (" + where + ")");
  }
  r.caveats.push_back("Passages are quoted as written; nothing in a document is taken as an instruction or acted on.");
  return r;
}

}  // namespace oiis::agents
