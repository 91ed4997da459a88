// Pronunciations: the CMU dictionary where it knows a word, espeak-ng's letter-to-sound rules
// mapped from IPA to CMU phones where it does not (product and supplier names, typos).
#include "voice/pronounce.h"

#include <fstream>
#include <unordered_set>

namespace oiis::voice::detail {
namespace {

// IPA as espeak-ng writes it for en-us and en-gb, longest symbols first when matching.
const std::vector<std::pair<std::string_view, std::string_view>>& ipa_table() {
  static const std::vector<std::pair<std::string_view, std::string_view>> table = {
      {"aɪə", "AY ER"}, {"aɪɚ", "AY ER"}, {"aʊə", "AW ER"}, {"ɔːɹ", "AO R"}, {"oːɹ", "AO R"}, {"ɑːɹ", "AA R"},
      {"ɛɹ", "EH R"},   {"ɪɹ", "IH R"},   {"ʊɹ", "UH R"},   {"ɪə", "IH R"},   {"eə", "EH R"},   {"ʊə", "UH R"},
      {"oʊ", "OW"},     {"əʊ", "OW"},     {"aɪ", "AY"},     {"aʊ", "AW"},     {"ɔɪ", "OY"},     {"eɪ", "EY"},
      {"iə", "IY AH"},  {"tʃ", "CH"},     {"dʒ", "JH"},     {"ɜː", "ER"},     {"ɑː", "AA"},     {"ɔː", "AO"},
      {"iː", "IY"},     {"uː", "UW"},     {"oː", "AO"},     {"ə", "AH"},      {"ɚ", "ER"},      {"ɜ", "ER"},
      {"ɪ", "IH"},      {"ᵻ", "IH"},      {"i", "IY"},      {"ɛ", "EH"},      {"e", "EH"},      {"æ", "AE"},
      {"a", "AE"},      {"ɐ", "AH"},      {"ɑ", "AA"},      {"ɒ", "AA"},      {"ɔ", "AO"},      {"ʌ", "AH"},
      {"ʊ", "UH"},      {"u", "UW"},      {"o", "OW"},      {"p", "P"},       {"b", "B"},       {"t", "T"},
      {"d", "D"},       {"k", "K"},       {"ɡ", "G"},       {"g", "G"},       {"f", "F"},       {"v", "V"},
      {"θ", "TH"},      {"ð", "DH"},      {"s", "S"},       {"z", "Z"},       {"ʃ", "SH"},      {"ʒ", "ZH"},
      {"h", "HH"},      {"m", "M"},       {"n", "N"},       {"ŋ", "NG"},      {"l", "L"},       {"ɹ", "R"},
      {"r", "R"},       {"j", "Y"},       {"w", "W"},       {"ɾ", "T"},       {"x", "K"},       {"ç", "HH"},
  };
  return table;
}

// Marks that carry no phone of their own: stress, syllabic, length on its own, the glottal stop.
bool is_ignored_mark(std::string_view rest, std::size_t& skip) {
  for (std::string_view mark : {"ˈ", "ˌ", "̩", "ː", "ʔ", "ˑ", "'", ","})
    if (rest.substr(0, mark.size()) == mark) {
      skip = mark.size();
      return true;
    }
  return false;
}

}  // namespace

std::string ipa_to_cmu(std::string_view ipa) {
  std::string phones;
  std::size_t i = 0;
  while (i < ipa.size()) {
    std::string_view rest = ipa.substr(i);
    std::size_t skip = 0;
    if (rest[0] == '_' || rest[0] == ' ' || is_ignored_mark(rest, skip)) {
      i += skip ? skip : 1;
      continue;
    }
    bool matched = false;
    for (const auto& [symbol, cmu] : ipa_table())
      if (rest.substr(0, symbol.size()) == symbol) {
        phones += (phones.empty() ? "" : " ") + std::string(cmu);
        i += symbol.size();
        matched = true;
        break;
      }
    if (!matched) {  // an unknown symbol: skip one UTF-8 character
      ++i;
      while (i < ipa.size() && (static_cast<unsigned char>(ipa[i]) & 0xC0) == 0x80) ++i;
    }
  }
  return phones;
}

Result<std::unordered_map<std::string, std::vector<std::string>>> read_dictionary(
    const std::string& path, const std::vector<std::string>& wanted) {
  std::ifstream in(path);
  if (!in) return failed_precondition("cannot read the pronunciation dictionary " + path);
  std::unordered_set<std::string> want(wanted.begin(), wanted.end());
  std::unordered_map<std::string, std::vector<std::string>> entries;
  std::string line;
  while (std::getline(in, line)) {
    auto space = line.find(' ');
    if (space == std::string::npos) continue;
    std::string word = line.substr(0, space);
    if (auto paren = word.find('('); paren != std::string::npos) word.resize(paren);  // "read(2)"
    if (!want.count(word)) continue;
    auto phones = line.find_first_not_of(' ', space);
    if (phones != std::string::npos) entries[word].push_back(line.substr(phones));
  }
  return entries;
}

}  // namespace oiis::voice::detail
