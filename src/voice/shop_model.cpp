// The shop's language model and dictionary, written once per text into a cache folder.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/crypto.h"
#include "voice/background_words.h"
#include "voice/espeak_engine.h"
#include "voice/pronounce.h"
#include "voice/voice.h"

namespace oiis::voice {
namespace fs = std::filesystem;
namespace {

Status write_file(const fs::path& path, const std::string& text) {
  // Written beside and renamed, so that a reader never sees half a file.
  fs::path partial = path;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::binary);
    out << text;
    if (!out) return internal_error("cannot write " + partial.string());
  }
  std::error_code ec;
  fs::rename(partial, path, ec);
  if (ec) return internal_error("cannot rename " + partial.string() + ": " + ec.message());
  return Status::ok();
}

// The dictionary's lines for `vocabulary`, pronouncing the words it lacks when asked; counts go
// into `report`. Words with no pronunciation at all are returned in `dropped`.
Result<std::string> dictionary_text(const std::set<std::string>& vocabulary, const SphinxModel& model,
                                    const ModelBuildOptions& options, ModelBuildReport& report,
                                    std::set<std::string>& dropped) {
  auto known = detail::read_dictionary(model.dictionary, {vocabulary.begin(), vocabulary.end()});
  if (!known) return known.status();
  std::string text;
  for (const auto& word : vocabulary) {
    auto it = known->find(word);
    if (it != known->end()) {
      for (std::size_t k = 0; k < it->second.size(); ++k)
        text += word + (k ? "(" + std::to_string(k + 1) + ")" : "") + " " + it->second[k] + "\n";
      continue;
    }
    std::string phones;
    if (options.pronounce_unknown) {
      auto ipa = detail::espeak_ipa(word);
      if (!ipa) return ipa.status();
      phones = detail::ipa_to_cmu(*ipa);
    }
    if (phones.empty()) {
      dropped.insert(word);
      continue;
    }
    ++report.pronounced;
    text += word + " " + phones + "\n";
  }
  return text;
}

// The counts a reused model was built with (a model cached before they were kept reads as 0).
void read_counts(const fs::path& path, ModelBuildReport& report) {
  std::ifstream in(path);
  in >> report.vocabulary >> report.pronounced >> report.dropped;
}

}  // namespace

Result<SphinxModel> find_sphinx_model() {
  const char* env = std::getenv("OIIS_POCKETSPHINX_MODEL");
  fs::path root = env && *env ? env : "/usr/share/pocketsphinx/model/en-us";
  SphinxModel model{(root / "en-us").string(), (root / "cmudict-en-us.dict").string()};
  if (!fs::exists(fs::path(model.acoustic) / "mdef") || !fs::exists(model.dictionary))
    return failed_precondition("the PocketSphinx en-us model is missing under " + root.string() +
                               " (install the Debian package pocketsphinx-en-us, or set OIIS_POCKETSPHINX_MODEL)");
  return model;
}

Result<ModelBuildReport> build_shop_model(const std::vector<std::string>& sentences, const std::string& cache_root,
                                          const ModelBuildOptions& options) {
  auto model = find_sphinx_model();
  if (!model) return model.status();
  std::string key_text = std::string(options.pronounce_unknown ? "pronounce" : "known-only") + " background " +
                         std::to_string(options.background_words) + " " + std::to_string(options.background_weight) + "\n";
  for (const auto& s : sentences) key_text += s + "\n";
  ModelBuildReport report;
  report.dir = (fs::path(cache_root) / ("lm-" + sha256_hex(key_text).substr(0, 16))).string();
  report.sentences = sentences.size();
  if (fs::exists(fs::path(report.dir) / "shop.arpa") && fs::exists(fs::path(report.dir) / "shop.dict")) {
    read_counts(fs::path(report.dir) / "counts.txt", report);
    report.reused = true;
    return report;
  }
  std::vector<std::vector<std::string>> tokenised;
  std::set<std::string> vocabulary;
  for (const auto& s : sentences) {
    tokenised.push_back(recognizer_words(s));
    vocabulary.insert(tokenised.back().begin(), tokenised.back().end());
  }
  std::vector<std::pair<std::string, double>> background;
  if (options.background_words > 0 && options.background_weight > 0) {
    auto top = detail::generic_top_words((fs::path(model->acoustic).parent_path() / "en-us.lm.bin").string(),
                                         options.background_words);
    if (!top) return top.status();
    background = std::move(*top);
    for (const auto& [word, p] : background) vocabulary.insert(word);
  }
  std::set<std::string> dropped;
  auto dict = dictionary_text(vocabulary, *model, options, report, dropped);
  if (!dict) return dict.status();
  // A word the recogniser cannot say is taken out of the sentences, not left to break the model.
  for (auto& words : tokenised) std::erase_if(words, [&](const std::string& w) { return dropped.count(w) > 0; });
  std::erase_if(background, [&](const auto& entry) { return dropped.count(entry.first) > 0; });
  report.vocabulary = vocabulary.size() - dropped.size();
  report.dropped = dropped.size();
  std::error_code ec;
  fs::create_directories(report.dir, ec);
  if (ec) return internal_error("cannot create " + report.dir + ": " + ec.message());
  OIIS_RETURN_IF_ERROR(write_file(fs::path(report.dir) / "counts.txt", std::to_string(report.vocabulary) + " " +
                                                                        std::to_string(report.pronounced) + " " +
                                                                        std::to_string(report.dropped) + "\n"));
  OIIS_RETURN_IF_ERROR(write_file(fs::path(report.dir) / "shop.dict", *dict));
  OIIS_RETURN_IF_ERROR(write_file(fs::path(report.dir) / "shop.arpa", build_arpa(tokenised, background, options.background_weight)));
  return report;
}

}  // namespace oiis::voice
