// `oiis voice eval`: transcribes a manifest of recordings (bench/voice_eval.sh makes them with
// espeak-ng and sox) over the shop's model and scores each condition: word error rate against
// the question as written, how often the router picks the expected agent from the transcript
// (and from the written question, for reference) - the assistant's own routing, its understand
// step - and decoding time.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>

#include "agents/assistant.h"
#include "cli/voice_support.h"

namespace oiis::cli {
namespace {

struct EvalArgs {
  StoreArgs store;
  std::string manifest, set, transcripts;
  double language_weight = 0, background_weight = -1, noise_floor_db = -1;
  std::vector<std::string> decoder_settings;  // NAME=VALUE
  std::size_t alternatives = 0;
  long background_words = -1;
  bool no_pronounce = false, json = false;
};

struct Recording {
  std::string wav, id, question, agent, condition, set;
};

Result<std::vector<Recording>> read_manifest(const std::string& path, const std::string& set) {
  std::ifstream in(path);
  if (!in) return invalid_argument("cannot read " + path, "manifest");
  std::vector<Recording> out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return invalid_argument("line " + std::to_string(number) + " is not a JSON object", "manifest");
    Recording r;
    for (auto [field, target] : {std::pair{"wav", &r.wav}, {"id", &r.id}, {"question", &r.question}, {"agent", &r.agent},
                                 {"condition", &r.condition}, {"set", &r.set}}) {
      if (!j.contains(field) || !j[field].is_string())
        return invalid_argument("line " + std::to_string(number) + " lacks the string " + field, "manifest");
      *target = j[field].get<std::string>();
    }
    if (set.empty() || r.set == set) out.push_back(std::move(r));
  }
  return out;
}

struct ConditionScore {
  std::size_t recordings = 0, errors = 0, words = 0, routed = 0, routed_written = 0, routed_vote = 0;
  std::vector<double> decode_seconds;
  double audio_seconds = 0, five_second_worst = 0;  // slowest decode of a 4.5-5.5 s clip
  nlohmann::json misses = nlohmann::json::array();
};

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

nlohmann::json score_json(const ConditionScore& s) {
  auto ratio = [](std::size_t a, std::size_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; };
  double decoding = 0;
  for (double d : s.decode_seconds) decoding += d;
  return {{"recordings", s.recordings},
          {"wer", ratio(s.errors, s.words)},
          {"routing_accuracy", ratio(s.routed, s.recordings)},
          {"routing_accuracy_written", ratio(s.routed_written, s.recordings)},
          {"routing_accuracy_nbest_vote", ratio(s.routed_vote, s.recordings)},
          {"decode_p50_s", percentile(s.decode_seconds, 0.5)},
          {"decode_p95_s", percentile(s.decode_seconds, 0.95)},
          {"real_time_factor", s.audio_seconds > 0 ? decoding / s.audio_seconds : 0.0},
          {"five_second_clip_worst_s", s.five_second_worst}};
}

struct Routed {
  std::string heard_agent, written_agent, vote_agent;  // vote: over the transcript and its alternatives
};

// The agent most of the sentences (the transcript first, then its n-best alternatives) route
// to; a tie goes to the agent nearest the top of the list.
Result<std::string> vote_route(agents::Assistant& assistant, const voice::Transcript& t, const std::string& heard) {
  std::vector<std::pair<std::string, int>> votes = {{heard, 1}};
  for (const auto& sentence : t.alternatives) {
    auto agent = assistant.route(sentence);
    if (!agent) return agent.status();
    auto it = std::find_if(votes.begin(), votes.end(), [&](const auto& v) { return v.first == *agent; });
    if (it == votes.end()) votes.push_back({*agent, 1}); else ++it->second;
  }
  return std::max_element(votes.begin(), votes.end(), [](const auto& a, const auto& b) { return a.second < b.second; })->first;
}

void add_recording(ConditionScore& s, const Recording& r, const voice::Transcript& t, const Routed& routes) {
  auto e = voice::word_errors(voice::recognizer_words(r.question), voice::recognizer_words(t.text));
  ++s.recordings;
  s.errors += e.errors;
  s.words += e.reference_words;
  bool routed = routes.heard_agent == r.agent;
  s.routed += routed;
  s.routed_written += routes.written_agent == r.agent;
  s.routed_vote += routes.vote_agent == r.agent;
  s.decode_seconds.push_back(t.decode_seconds);
  s.audio_seconds += t.audio_seconds;
  if (t.audio_seconds >= 4.5 && t.audio_seconds <= 5.5) s.five_second_worst = std::max(s.five_second_worst, t.decode_seconds);
  if (!routed && s.misses.size() < 10) s.misses.push_back({{"id", r.id}, {"said", r.question}, {"heard", t.text}});
}

// The shipped voice settings with the ones this run tries instead.
Result<services::VoiceOptions> eval_voice_options(const EvalArgs& a) {
  auto options = voice_options_for(a.store);
  if (a.language_weight > 0) options.language_weight = a.language_weight;
  options.build.pronounce_unknown = !a.no_pronounce;
  if (a.background_words >= 0) options.build.background_words = static_cast<std::size_t>(a.background_words);
  if (a.background_weight >= 0) options.build.background_weight = a.background_weight;
  if (a.noise_floor_db >= 0) options.noise_floor_db = a.noise_floor_db;
  options.alternatives = a.alternatives;
  for (const auto& setting : a.decoder_settings) {
    auto eq = setting.find('=');
    if (eq == std::string::npos) return invalid_argument("expected NAME=VALUE, not " + setting, "ps");
    options.decoder_settings.emplace_back(setting.substr(0, eq), setting.substr(eq + 1));
  }
  options.busy_wait_seconds = 3600;
  return options;
}

int run_eval(const EvalArgs& a) {
  auto recordings = read_manifest(a.manifest, a.set);
  if (!recordings) return fail(recordings.status());
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto options = eval_voice_options(a);
  if (!options) return fail(options.status());
  services::VoiceService service(*store, *options);
  auto model = service.prepare();
  if (!model) return fail(model.status());
  agents::AssistantOptions assistant_options;
  assistant_options.tools.store = store.get();
  assistant_options.tools.data_dir = a.store.data_dir;
  agents::Assistant assistant(std::move(assistant_options));
  std::ofstream transcripts;
  if (!a.transcripts.empty()) transcripts.open(a.transcripts);
  std::map<std::string, ConditionScore> by_condition;
  ConditionScore all;
  for (const auto& r : *recordings) {
    auto bytes = read_binary_file(r.wav, "wav");
    if (!bytes) return fail(bytes.status());
    auto t = service.transcribe(*bytes);
    if (!t) return fail(Status(t.status().code(), r.wav + ": " + t.status().message(), t.status().field()));
    auto heard = assistant.route(t->text), written = assistant.route(r.question);
    if (!heard) return fail(heard.status());
    if (!written) return fail(written.status());
    auto vote = vote_route(assistant, *t, *heard);
    if (!vote) return fail(vote.status());
    Routed routes{*heard, *written, *vote};
    add_recording(by_condition[r.condition], r, *t, routes);
    add_recording(all, r, *t, routes);
    if (transcripts.is_open())
      transcripts << nlohmann::json{{"id", r.id}, {"condition", r.condition}, {"said", r.question}, {"heard", t->text},
                                    {"agent", r.agent}, {"routed", routes.heard_agent}, {"routed_written", routes.written_agent},
                                    {"routed_vote", routes.vote_agent}, {"alternatives", t->alternatives},
                                    {"decode_seconds", t->decode_seconds}, {"seconds", t->audio_seconds}}
                         .dump()
                  << "\n";
  }
  nlohmann::json conditions = nlohmann::json::object();
  for (const auto& [name, score] : by_condition) conditions[name] = score_json(score);
  nlohmann::json out = {{"set", a.set.empty() ? "all" : a.set},
                        {"language_weight", options->language_weight},
                        {"pronounce_unknown", options->build.pronounce_unknown},
                        {"noise_floor_db", options->noise_floor_db},
                        {"decoder_settings", a.decoder_settings},
                        {"background_words", options->build.background_words},
                        {"background_weight", options->build.background_weight},
                        {"model", {{"dir", model->dir}, {"sentences", model->sentences}, {"vocabulary", model->vocabulary},
                                   {"pronounced", model->pronounced}, {"dropped", model->dropped}}},
                        {"overall", score_json(all)},
                        {"conditions", conditions},
                        {"routing_misses", all.misses}};
  std::printf("%s\n", out.dump(a.json ? 2 : -1).c_str());
  return 0;
}

}  // namespace

void add_voice_eval_command(CLI::App& group, int& exit_code) {
  auto a = std::make_shared<EvalArgs>();
  auto* eval = group.add_subcommand(
      "eval", "Score recordings listed in a manifest (bench/voice_eval.sh): WER, router accuracy and decode time per condition");
  add_store_options(*eval, a->store);
  eval->add_option("--manifest", a->manifest,
                   "JSON Lines, one recording a line: {wav, id, question, agent, condition, set}")->required();
  eval->add_option("--set", a->set, "Only recordings of this set (validation, test); default all");
  eval->add_option("--lw", a->language_weight, "Language weight to try (default: the chosen one)");
  eval->add_option("--noise-floor", a->noise_floor_db, "Noise floor to try, dB below the speech level (0 = none)");
  eval->add_option("--ps", a->decoder_settings, "A further PocketSphinx setting to try, as -NAME=VALUE (repeatable)");
  eval->add_option("--alternatives", a->alternatives,
                   "Also route up to N n-best sentences of each recording and report the vote's accuracy");
  eval->add_flag("--no-pronounce", a->no_pronounce, "Leave words missing from the CMU dictionary out of the model");
  eval->add_option("--background-words", a->background_words, "Generic English words mixed in as background unigrams (0 = none)");
  eval->add_option("--background-weight", a->background_weight, "Their share of the unigram mass, 0..1");
  eval->add_option("--transcripts", a->transcripts, "Also write each recording's transcript and routing here (JSON Lines)");
  eval->add_flag("--json", a->json, "Indented JSON");
  eval->callback([a, &exit_code] { exit_code = run_eval(*a); });
}

}  // namespace oiis::cli
