// Answering a question with a language model that calls OIIS's tools: the model asks for tool
// calls, the loop runs them and hands back their results, until the model answers in text.
//
// What the model may do is decided here, not by the model:
//  - it is offered only the agent's whitelisted tools that read (agent_tools(), never a tool
//    whose spec `writes`: writes are proposed for approval by the built-in path, never made on a
//    model's say-so), and a call for any other tool is refused and the model told so;
//  - text that came from the data (product names, documents, tool output) reaches the model
//    only as quoted JSON inside a tool message, never inside the system or user instructions,
//    so an instruction planted in the data is data to the model, and even if the model obeys
//    it, the loop refuses the write.
#pragma once

#include <string>
#include <vector>

#include "agents/llm/client.h"
#include "agents/reply.h"
#include "agents/tools.h"
#include "common/status.h"

namespace oiis::agents::llm {

struct LlmAnswer {
  std::string text;                  // the model's answer, figures marked [n] as the citations
  std::vector<Citation> citations;   // one per tool call that ran, numbered in call order
  std::vector<std::string> caveats;  // the tools' caveats, refusals, markers matching no call
  std::vector<std::string> refused;  // the tool calls not run, each with why
  int rounds = 0;                    // chat calls made
  bool finished = true;              // false: max_rounds ran out before a final answer
};

// The tools offered to a model for `agent`: whitelisted, registered, and not writing.
std::vector<ToolSpec> offered_tools(const std::string& agent);

// The system prompt: the rules only; no data from the store or the knowledge base.
std::string tool_loop_system_prompt(const std::string& agent, const ToolEnvironment& env);

// Runs at most `max_rounds` chat calls. kInvalidArgument naming "question" (empty or over 2,000
// characters), "agent" (no such agent) or "max_rounds" (below 1); the client's Status when a
// chat call fails (the caller may fall back to the built-in backend).
Result<LlmAnswer> answer_with_tools(ChatClient& client, const std::string& question,
                                    const std::string& agent, ToolEnvironment& env,
                                    int max_rounds = 6);

}  // namespace oiis::agents::llm
