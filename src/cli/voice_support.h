// Shared by voice_command.cpp and voice_eval_command.cpp.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "services/voice_service.h"

namespace oiis::cli {

// The router's training questions (the text the language model learns how people ask from).
std::vector<std::string> shipped_question_texts();
// Cache in <data>/voice, the shipped questions, the default settings.
services::VoiceOptions voice_options_for(const StoreArgs& store);
nlohmann::json transcript_json(const voice::Transcript& t);
Result<std::string> read_binary_file(const std::string& path, const std::string& field);
// `voice eval` (voice_eval_command.cpp).
void add_voice_eval_command(CLI::App& group, int& exit_code);

}  // namespace oiis::cli
