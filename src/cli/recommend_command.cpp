// `oiis recommend rules --baskets FILE`: frequently-bought-together rules (FP-Growth) from a
// basket file — one basket per line, items comma-separated (as groceries.csv). The store-backed
// recommendations (similar, personalised, cross-sell, upsell) come with the recommend service
// (issue 23).
#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/stopwatch.h"
#include "data/csv.h"
#include "recommend/association.h"

namespace oiis::cli {
namespace {

struct RulesArgs {
  std::string baskets;
  double min_support = 0.01, min_confidence = 0.5, min_lift = 0;
  int max_length = 10, limit = 20;
  bool json = false;
};

struct BasketFile {
  std::vector<recommend::Basket> baskets;
  std::vector<std::string> names;  // by item id
};

Result<BasketFile> read_baskets(const std::string& path) {
  auto source = open_file_source(path);
  if (!source) return source.status();
  CsvReader csv(std::move(source).value());
  BasketFile out;
  std::map<std::string, recommend::ItemId, std::less<>> ids;
  while (csv.next()) {
    if (!csv.record_error().is_ok())
      return invalid_argument(csv.record_error().message(), "line " + std::to_string(csv.line()));
    recommend::Basket basket;
    for (std::string_view item : csv.fields()) {
      if (item.empty()) continue;
      auto it = ids.find(item);
      if (it == ids.end())
        it = ids.emplace(std::string(item), static_cast<recommend::ItemId>(out.names.size())).first,
        out.names.emplace_back(item);
      basket.push_back(it->second);
    }
    out.baskets.push_back(std::move(basket));
  }
  if (!csv.status().is_ok()) return csv.status();
  if (out.baskets.empty()) return invalid_argument("no baskets in the file", "--baskets");
  return out;
}

nlohmann::json names_of(const std::vector<recommend::ItemId>& items, const BasketFile& f) {
  nlohmann::json out = nlohmann::json::array();
  for (auto i : items) out.push_back(f.names[i]);
  return out;
}

int run_rules(const RulesArgs& a) {
  auto file = read_baskets(a.baskets);
  if (!file) return fail(file.status());
  recommend::RuleOptions o{a.min_support, a.min_confidence, a.min_lift, a.max_length};
  Stopwatch watch;
  auto rules = recommend::association_rules(file->baskets, o);
  if (!rules) {
    std::string option = "--" + rules.status().field();  // min_support -> --min-support
    std::replace(option.begin(), option.end(), '_', '-');
    return fail(invalid_argument(rules.status().message(), option));
  }
  const double seconds = watch.seconds();
  if (a.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : *rules)
      out.push_back({{"antecedent", names_of(r.antecedent, *file)},
                     {"consequent", names_of({r.consequent}, *file)}, {"support", r.support},
                     {"confidence", r.confidence}, {"lift", r.lift}, {"count", r.count}});
    std::printf("%s\n", nlohmann::json{{"baskets", file->baskets.size()}, {"rules", out}}.dump(2).c_str());
    return 0;
  }
  std::printf("%zu baskets, %zu items: %zu rules (support >= %g, confidence >= %g) in %.3f s\n",
              file->baskets.size(), file->names.size(), rules->size(), a.min_support,
              a.min_confidence, seconds);
  for (int i = 0; i < a.limit && i < static_cast<int>(rules->size()); ++i) {
    const auto& r = (*rules)[i];
    std::string lhs;
    for (auto item : r.antecedent) lhs += (lhs.empty() ? "" : ", ") + file->names[item];
    std::printf("{%s} => {%s}  support %.4f  confidence %.3f  lift %.2f  (%lld baskets)\n",
                lhs.c_str(), file->names[r.consequent].c_str(), r.support, r.confidence, r.lift,
                static_cast<long long>(r.count));
  }
  return 0;
}

}  // namespace

void add_recommend_command(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand("recommend", "Recommendations");
  group->require_subcommand(1);
  auto args = std::make_shared<RulesArgs>();
  CLI::App* rules = group->add_subcommand(
      "rules", "Frequently bought together: association rules from a basket file (FP-Growth)");
  rules->add_option("--baskets", args->baskets, "one basket per line, items comma-separated")
      ->required();
  rules->add_option("--min-support", args->min_support, "share of baskets holding the whole rule")
      ->capture_default_str();
  rules->add_option("--min-confidence", args->min_confidence, "P(consequent | antecedent)")
      ->capture_default_str();
  rules->add_option("--min-lift", args->min_lift, "0 = no lift filter")->capture_default_str();
  rules->add_option("--max-length", args->max_length, "items in a rule, as arules' maxlen")
      ->capture_default_str();
  rules->add_option("--limit", args->limit, "rules shown in the table")->capture_default_str();
  rules->add_flag("--json", args->json, "every rule as JSON, by lift");
  rules->callback([args, &exit_code] { exit_code = run_rules(*args); });
}

}  // namespace oiis::cli
