#include "agents/entities.h"

#include <algorithm>
#include <functional>
#include <cctype>
#include <cmath>
#include <regex>

namespace oiis::agents {
namespace {

// Does a word of the question stand for a word of a name? Exactly, in the plural, or — for
// words long enough that a typo cannot turn them into another word — one edit away.
bool word_fits(const std::string& question_word, const std::string& name_word) {
  if (question_word == name_word) return true;
  if ((question_word == "pk" || question_word == "pck") && name_word == "pack") return true;
  if (question_word == name_word + "s" || name_word == question_word + "s") return true;
  return name_word.size() >= 5 && question_word.size() >= 4 && within_one_edit(question_word, name_word);
}

EntityFinder::Idf idf_of(const std::vector<std::vector<std::string>>& names) {
  std::unordered_map<std::string, int> df;
  for (const auto& words : names) {
    auto unique = words;
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    for (const auto& w : unique) ++df[w];
  }
  EntityFinder::Idf idf;
  double n = static_cast<double>(std::max<size_t>(names.size(), 1));
  for (const auto& [w, d] : df) idf[w] = std::log(1.0 + n / d);
  return idf;
}

}  // namespace

EntityFinder::EntityFinder(Catalogue catalogue) : catalogue_(std::move(catalogue)) {
  for (const auto& p : catalogue_.products) product_words_.push_back(words_of(p.name));
  for (const auto& s : catalogue_.suppliers) supplier_words_.push_back(words_of(s.name));
  product_idf_ = idf_of(product_words_);
  supplier_idf_ = idf_of(supplier_words_);
  for (size_t i = 0; i < catalogue_.customers.size(); ++i)
    if (!catalogue_.customers[i].name.empty())
      customers_by_name_[lowercase(catalogue_.customers[i].name)].push_back(i);
}

// The name whose words the question covers best, weighted by how rare each word is; it must
// cover most of the name (min 60 % of its weight and two words, or all of a one-word name), and
// a tie between two names is no match.
namespace {

struct NameFit {
  double share = 0, covered = 0;
  int hits = 0;
  std::string matched;
};

NameFit fit_of(const std::vector<std::string>& question_words, const std::vector<std::string>& name,
               const EntityFinder::Idf& idf) {
  NameFit f;
  double total = 0;
  for (const auto& w : name) {
    double weight = idf.count(w) ? idf.at(w) : 1.0;
    total += weight;
    for (const auto& q : question_words)
      if (word_fits(q, w)) {
        f.covered += weight, ++f.hits;
        f.matched += (f.matched.empty() ? "" : " ") + w;
        break;
      }
  }
  f.share = total > 0 ? f.covered / total : 0;
  return f;
}

}  // namespace

// The name whose words the question covers best, weighted by how rare each word is. It must
// cover most of the name (60 % of its weight and two words, or all of a one-word name) — or,
// failing that, be the only name that holds as many of the question's words (two at least, a
// third of its weight: "the tablet mini" when one product is a tablet mini). Ties are no match.
std::optional<Match> EntityFinder::best_name(const std::vector<std::string>& question_words,
                                             const std::vector<std::vector<std::string>>& names, const Idf& idf,
                                             std::vector<std::size_t>* tied) const {
  std::optional<Match> best;
  bool tie = false;
  std::vector<std::size_t> tied_with_best;
  double best_weight = 0;
  int most_hits = 0, with_most_hits = 0;
  std::optional<Match> partial;
  for (size_t i = 0; i < names.size(); ++i) {
    NameFit f = fit_of(question_words, names[i], idf);
    if (f.hits >= 2 && f.share >= 1.0 / 3) {
      if (f.hits > most_hits) most_hits = f.hits, with_most_hits = 1, partial = Match{i, f.share, f.matched};
      else if (f.hits == most_hits) ++with_most_hits;
    }
    bool enough = names[i].size() == 1 ? f.hits == 1 : (f.hits >= 2 && f.share >= 0.6);
    if (!enough) continue;
    if (!best || f.share > best->score + 1e-9 ||
        (std::abs(f.share - best->score) < 1e-9 && f.covered > best_weight + 1e-9)) {
      best = Match{i, f.share, f.matched};
      best_weight = f.covered;
      tie = false;
      tied_with_best = {i};
    } else if (std::abs(f.share - best->score) < 1e-9 && std::abs(f.covered - best_weight) < 1e-9) {
      tie = true;
      tied_with_best.push_back(i);
    }
  }
  if (tie) {
    if (tied) *tied = tied_with_best;
    return std::nullopt;
  }
  if (!best && with_most_hits == 1) return partial;
  return best;
}

namespace {

// The one record (of `count`) whose id ends in `number` after a prefix and zeros ("SKU-000033"
// for 33); none when no id, or more than one, does.
std::optional<Match> only_id_ending_in(const std::string& number, std::size_t count,
                                       const std::function<const std::string&(std::size_t)>& id_of,
                                       const std::string& written) {
  std::optional<Match> only;
  for (size_t i = 0; i < count; ++i) {
    const std::string& id = id_of(i);
    size_t end = id.size(), begin = end;
    while (begin > 0 && std::isdigit(static_cast<unsigned char>(id[begin - 1]))) --begin;
    if (begin == end || begin == 0 || std::isalnum(static_cast<unsigned char>(id[begin - 1]))) continue;
    size_t digits = begin;
    while (digits + 1 < end && id[digits] == '0') ++digits;
    if (id.compare(digits, end - digits, number) != 0) continue;
    if (only) return std::nullopt;  // two ids end in that number: not a match
    only = Match{i, 1.0, written};
  }
  return only;
}

}  // namespace

// "cust 710", "customer #710", "client no. 710": a customer written by the number of their id
// alone (CUST-000710), when exactly one customer's id ends in that number.
std::optional<Match> EntityFinder::customer_by_number(const std::string& text) const {
  static const std::regex written(R"(\b(?:cust|customer|client|acct|account)\s*(?:#|no\.?|number|id)?\s*[#:-]?\s*0*(\d{1,9})\b)");
  std::smatch m;
  if (!std::regex_search(text, m, written)) return std::nullopt;
  return only_id_ending_in(m[1].str(), catalogue_.customers.size(),
                           [&](std::size_t k) -> const std::string& { return catalogue_.customers[k].external_id; }, m.str());
}

std::optional<Match> EntityFinder::find_customer(std::string_view lowered,
                                                 const std::vector<std::string>& words,
                                                 std::vector<std::size_t>& ambiguous) const {
  static const std::regex email(R"([a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]+)");
  std::string text(lowered);
  std::smatch m;
  const auto& customers = catalogue_.customers;
  if (std::regex_search(text, m, email))
    for (size_t i = 0; i < customers.size(); ++i)
      if (lowercase(customers[i].email) == m.str()) return Match{i, 1.0, m.str()};
  static const std::regex token(R"([a-z0-9][a-z0-9_-]*)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), token); it != std::sregex_iterator(); ++it)
    for (size_t i = 0; i < customers.size(); ++i)
      if (!customers[i].external_id.empty() && lowercase(customers[i].external_id) == it->str())
        return Match{i, 1.0, it->str()};
  // "cust000955" for CUST-000955: the same id without its dashes.
  const auto undashed = [](std::string s) {
    s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == '-' || c == '_'; }), s.end());
    return s;
  };
  for (auto it = std::sregex_iterator(text.begin(), text.end(), token); it != std::sregex_iterator(); ++it) {
    const std::string written = undashed(it->str());
    if (written.size() < 4 || !std::any_of(written.begin(), written.end(), ::isdigit)) continue;
    for (size_t i = 0; i < customers.size(); ++i)
      if (!customers[i].external_id.empty() && undashed(lowercase(customers[i].external_id)) == written)
        return Match{i, 1.0, it->str()};
  }
  if (auto by_number = customer_by_number(text)) return by_number;
  for (size_t k = 0; k + 1 < words.size(); ++k) {
    auto found = customers_by_name_.find(words[k] + " " + words[k + 1]);
    // "grace clark's" reads as "grace clarks".
    const auto& second = words[k + 1];
    if (found == customers_by_name_.end() && second.size() > 2 && second.back() == 's')
      found = customers_by_name_.find(words[k] + " " + second.substr(0, second.size() - 1));
    if (found == customers_by_name_.end()) continue;
    if (found->second.size() == 1) return Match{found->second[0], 1.0, found->first};
    ambiguous = found->second;
  }
  return std::nullopt;
}

Entities EntityFinder::find(std::string_view question) const {
  Entities out;
  std::string text = lowercase(question);
  auto words = words_of(question);
  // SKUs are tokens with their dashes ("SKU-000076", "85123A").
  // Exactly as written first: "85123A" and "85123a" can be two products.
  static const std::regex raw_token(R"([A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]|[A-Za-z0-9])");
  const std::string original(question);
  // "sku 000145", "sku#000145": the SKU written apart from its prefix (second, loose pass only).
  static const std::regex spaced_sku(R"(\b[sS][kK][uU]\s*[#:]?\s*(\d))");
  const std::string joined = std::regex_replace(original, spaced_sku, "SKU-$1");
  for (bool exact : {true, false})
    for (auto it = std::sregex_iterator((exact ? original : joined).begin(), (exact ? original : joined).end(), raw_token);
         it != std::sregex_iterator() && !out.product; ++it) {
      std::string tok = exact ? it->str() : lowercase(it->str());
      if (tok.size() < 3 || !std::any_of(tok.begin(), tok.end(), ::isdigit)) continue;
      for (size_t i = 0; i < catalogue_.products.size(); ++i)
        if ((exact ? catalogue_.products[i].sku : lowercase(catalogue_.products[i].sku)) == tok) {
          out.product = Match{i, 1.0, tok};
          break;
        }
    }
  if (!out.product) out.product = sku_by_number(text);
  out.customer = find_customer(text, words, out.ambiguous_customers);
  if (!out.product) out.product = best_name(words, product_words_, product_idf_, &out.ambiguous_products);
  out.supplier = best_name(words, supplier_words_, supplier_idf_);
  if (!out.supplier) {
    // One distinctive word is enough for a supplier ("how is bluewater doing") when it names
    // exactly one of them.
    std::optional<size_t> only;
    int count = 0;
    for (size_t i = 0; i < supplier_words_.size(); ++i)
      for (const auto& q : words)
        if (!supplier_words_[i].empty() && q == supplier_words_[i][0] && q.size() >= 4) {
          only = i, ++count;
          break;
        }
    if (count == 1) out.supplier = Match{*only, 0.5, supplier_words_[*only][0]};
  }
  out.category = category_named(words);
  if (!out.category) out.category = department_synonym(words);
  return out;
}

// The first category whose name the question's words spell (a typo or plural allowed).
std::optional<std::string> EntityFinder::category_named(const std::vector<std::string>& words) const {
  for (const auto& category : catalogue_.categories) {
    auto cwords = words_of(category);
    if (cwords.empty()) continue;
    for (size_t k = 0; k + cwords.size() <= words.size(); ++k) {
      bool all = true;
      for (size_t j = 0; j < cwords.size() && all; ++j) all = word_fits(words[k + j], cwords[j]) ||
                                                            words[k + j] + "s" == cwords[j];
      if (all) return category;
    }
  }
  return std::nullopt;
}

// "sku 33", "SKU #104": a SKU written by its number alone, without the zeros or prefix the
// catalogue gives it — the one product whose SKU's digits are that number.
std::optional<Match> EntityFinder::sku_by_number(const std::string& lowered) const {
  static const std::regex written(R"(\bsku\s*[#:-]?\s*0*(\d{1,9})\b)");
  std::smatch m;
  if (!std::regex_search(lowered, m, written)) return std::nullopt;
  return only_id_ending_in(m[1].str(), catalogue_.products.size(),
                           [&](std::size_t k) -> const std::string& { return catalogue_.products[k].sku; }, m.str());
}

// Words people use for common retail departments, by a word the shop's category name holds:
// "drinks" names the shop's beverages (or "soft drinks") category. Only when exactly one of the
// shop's categories holds the word, and only when the question names no category itself.
std::optional<std::string> EntityFinder::department_synonym(const std::vector<std::string>& words) const {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> departments = {
      {"beverages", {"drinks", "drink", "beverage", "refreshments"}},
      {"drinks", {"beverages", "beverage"}},
      {"apparel", {"clothing", "clothes", "fashion", "garments"}},
      {"clothing", {"apparel", "clothes", "fashion", "garments"}},
      {"electronics", {"gadget", "gadgets", "tech", "electricals", "devices"}},
      {"garden", {"gardening", "lawn"}},
      {"household", {"cleaning", "housekeeping"}},
      {"home", {"homewares", "housewares", "homeware", "furnishings"}},
      {"care", {"toiletries", "beauty", "cosmetics", "hygiene"}},
      {"pet", {"pets", "animal", "animals"}},
      {"toys", {"toy", "games"}},
      {"stationery", {"stationary", "office supplies"}},
      {"grocery", {"groceries", "food", "foods", "pantry"}},
      {"sports", {"sport", "sporting", "fitness"}},
  };
  for (const auto& [department, synonyms] : departments) {
    bool said = false;
    for (const auto& synonym : synonyms) {
      const auto sw = words_of(synonym);
      for (size_t k = 0; k + sw.size() <= words.size() && !said; ++k)
        said = std::equal(sw.begin(), sw.end(), words.begin() + static_cast<std::ptrdiff_t>(k));
    }
    if (!said) continue;
    std::optional<std::string> only;
    int holders = 0;
    for (const auto& category : catalogue_.categories) {
      const auto cwords = words_of(category);
      if (std::find(cwords.begin(), cwords.end(), department) != cwords.end()) only = category, ++holders;
    }
    if (holders == 1) return only;
  }
  return std::nullopt;
}

}  // namespace oiis::agents
