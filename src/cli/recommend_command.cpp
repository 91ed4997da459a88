// `oiis recommend rules --baskets FILE`: frequently-bought-together rules (FP-Growth) from a
// basket file — one basket per line, items comma-separated (as groceries.csv); `together`: each
// product's partners from the store; `eval`: the personalised methods scored offline;
// `content`: content neighbours measured against the sales-based ones.
#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/stopwatch.h"
#include "data/csv.h"
#include "recommend/association.h"
#include "services/recommend_service.h"

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

struct TogetherArgs {
  StoreArgs store;
  std::string sku, ground_truth;
  int top = 5;
  std::int64_t min_count = 5;
  int limit = 20;
  bool json = false;
};

// The generator's true complementary pairs (ground_truth/complementary_pairs.csv).
Result<std::vector<std::pair<std::string, std::string>>> read_true_pairs(const std::string& dir) {
  auto source = open_file_source(dir + "/complementary_pairs.csv");
  if (!source) return source.status();
  CsvReader csv(std::move(source).value());
  if (!csv.next()) return invalid_argument("empty complementary_pairs.csv", "--ground-truth");
  const int anchor = csv.column("anchor_sku"), accessory = csv.column("accessory_sku");
  if (anchor < 0 || accessory < 0)
    return invalid_argument("complementary_pairs.csv lacks anchor_sku/accessory_sku", "--ground-truth");
  std::vector<std::pair<std::string, std::string>> pairs;
  while (csv.next())
    if (static_cast<int>(csv.size()) > std::max(anchor, accessory))
      pairs.emplace_back(std::string(csv[anchor]), std::string(csv[accessory]));
  return pairs;
}

nlohmann::json to_json(const services::TogetherItem& item) {
  nlohmann::json partners = nlohmann::json::array();
  for (const auto& p : item.partners)
    partners.push_back({{"sku", p.sku}, {"name", p.name}, {"count", p.stats.count},
                        {"confidence", p.stats.confidence}, {"lift", p.stats.lift}});
  return {{"sku", item.sku}, {"name", item.name}, {"partners", partners}};
}

int run_together(const TogetherArgs& a) {
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto report = services::bought_together_report(*store, a.top, a.min_count);
  if (!report) {
    std::string option = "--" + report.status().field();
    std::replace(option.begin(), option.end(), '_', '-');
    return fail(invalid_argument(report.status().message(), option));
  }
  std::optional<double> recovery;
  if (!a.ground_truth.empty()) {
    auto pairs = read_true_pairs(a.ground_truth);
    if (!pairs) return fail(pairs.status());
    recovery = services::pair_recovery(*report, *pairs);
  }
  std::vector<const services::TogetherItem*> shown;
  for (const auto& item : report->items)
    if (a.sku.empty() || item.sku == a.sku) shown.push_back(&item);
  if (!a.sku.empty() && shown.empty())
    return fail(not_found("no product '" + a.sku + "' bought with another in at least " +
                              std::to_string(a.min_count) + " orders", "--sku"));
  if (a.json) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto* item : shown) items.push_back(to_json(*item));
    nlohmann::json out{{"baskets", report->baskets}, {"orders_skipped", report->orders_skipped},
                       {"top", a.top}, {"min_count", a.min_count}, {"items", items}};
    if (recovery) out["true_pair_recovery"] = *recovery;
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%zu baskets (%ld orders skipped: cancelled or empty); pairs in >= %lld baskets\n",
              report->baskets, report->orders_skipped, static_cast<long long>(a.min_count));
  for (int i = 0; i < static_cast<int>(shown.size()) && (i < a.limit || !a.sku.empty()); ++i) {
    std::printf("%s %s\n", shown[i]->sku.c_str(), shown[i]->name.c_str());
    for (const auto& p : shown[i]->partners)
      std::printf("    %-14s %-32.32s lift %6.2f  bought together %lld times\n", p.sku.c_str(),
                  p.name.c_str(), p.stats.lift, static_cast<long long>(p.stats.count));
  }
  if (recovery)
    std::printf("true complementary pairs found in the anchor's top %d: %.1f%%\n", a.top, 100 * *recovery);
  return 0;
}

struct EvalArgs {
  StoreArgs store;
  recommend::MethodSettings settings;
  bool validation = false, json = false;
};

nlohmann::json metrics_json(const recommend::MethodResult& m) {
  return {{"hr@10", m.metrics.hit_rate}, {"ndcg@10", m.metrics.ndcg},
          {"coverage", m.metrics.coverage}, {"settings", m.settings}};
}

int run_eval(const EvalArgs& a) {
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  Stopwatch watch;
  auto result = services::evaluate_recommenders(*store, a.validation, a.settings);
  if (!result) {
    std::string option = "--" + result.status().field();  // window_days -> --window-days
    std::replace(option.begin(), option.end(), '_', '-');
    return fail(invalid_argument(result.status().message(), option));
  }
  if (result->scored_customers == 0)
    return fail(failed_precondition("no customer has a last basket with a new product to hold out",
                                    "--data"));
  nlohmann::json out{{"split", a.validation ? "validation (second-to-last basket held out)"
                                            : "test (last basket held out)"},
                     {"customers", result->customers}, {"scored_customers", result->scored_customers},
                     {"items", result->items}, {"seconds", watch.seconds()}};
  if (a.validation) {
    nlohmann::json grid = nlohmann::json::array();
    for (const auto& m : result->methods) {
      grid.push_back(metrics_json(m));
      grid.back()["method"] = m.method;
    }
    out["validation"] = grid;
  } else {
    for (const auto& m : result->methods) out["methods"][m.method] = metrics_json(m);
  }
  if (a.json) {
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%s: %zu customers, %zu scored, %zu products (%.1f s)\n",
              out["split"].get<std::string>().c_str(), result->customers, result->scored_customers,
              result->items, watch.seconds());
  std::printf("%-11s %-32s %7s %8s %9s\n", "method", "settings", "HR@10", "NDCG@10", "coverage");
  for (const auto& m : result->methods)
    std::printf("%-11s %-32s %7.4f %8.4f %9.4f\n", m.method.c_str(), m.settings.c_str(),
                m.metrics.hit_rate, m.metrics.ndcg, m.metrics.coverage);
  return 0;
}

void add_eval_command(CLI::App& group, int& exit_code) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* eval = group.add_subcommand(
      "eval", "Personalised recommendations scored offline: each customer's last basket held out");
  add_store_options(*eval, args->store);
  eval->add_option("--window-days", args->settings.popularity.window_days,
                   "popularity: days of recent orders counted (0 = all)")->capture_default_str();
  eval->add_option("--shrinkage", args->settings.item_knn.shrinkage, "item_knn: cosine shrinkage")
      ->capture_default_str();
  eval->add_option("--neighbours", args->settings.item_knn.neighbours, "item_knn: neighbours kept per item")
      ->capture_default_str();
  eval->add_option("--lambda", args->settings.ease.lambda, "ease: L2 regularisation")->capture_default_str();
  eval->add_flag("--validation", args->validation,
                 "score the candidate settings on the second-to-last baskets instead (test baskets unseen)");
  eval->add_flag("--json", args->json, "as JSON");
  eval->callback([args, &exit_code] { exit_code = run_eval(*args); });
}

struct ContentArgs {
  StoreArgs store;
  int k = 10;
  recommend::ContentOptions weights;
  bool validation = false, json = false;
};

nlohmann::json overlap_json(const services::ContentEvaluation::Overlap& o) {
  return {{"content", o.content}, {"popularity", o.popularity},
          {"same_category_chance", o.same_category_chance}, {"products_scored", o.scored}};
}

int run_content(const ContentArgs& a) {
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  Stopwatch watch;
  auto result = services::evaluate_content(*store, a.k, a.validation, a.weights);
  if (!result) return fail(invalid_argument(result.status().message(), "--" + result.status().field()));
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : result->rows)
    rows.push_back({{"settings", row.settings}, {"item_knn", overlap_json(row.item_knn)},
                    {"bought_together", overlap_json(row.bought_together)}});
  const char* split = a.validation ? "validation (even products)" : "test (odd products)";
  if (a.json) {
    std::printf("%s\n", nlohmann::json{{"products", result->products}, {"k", result->k}, {"split", split},
                                       {"rows", rows}, {"seconds", watch.seconds()}}
                            .dump(2)
                            .c_str());
    return 0;
  }
  std::printf("%s: %zu products; share of each reference list in the top %d (%.1f s)\n", split,
              result->products, result->k, watch.seconds());
  std::printf("%-44s | %-28s | %-28s\n", "", "item-item neighbours", "bought together (top 5)");
  std::printf("%-44s | %8s %8s %10s | %8s %8s %10s\n", "content weights", "content", "popular", "same-cat.",
              "content", "popular", "same-cat.");
  for (const auto& row : result->rows)
    std::printf("%-44s | %8.3f %8.3f %10.3f | %8.3f %8.3f %10.3f\n", row.settings.c_str(),
                row.item_knn.content, row.item_knn.popularity, row.item_knn.same_category_chance,
                row.bought_together.content, row.bought_together.popularity,
                row.bought_together.same_category_chance);
  std::printf("products scored: %zu (item-item), %zu (bought together)\n", result->rows.front().item_knn.scored,
              result->rows.front().bought_together.scored);
  return 0;
}

void add_content_command(CLI::App& group, int& exit_code) {
  auto args = std::make_shared<ContentArgs>();
  CLI::App* content = group.add_subcommand(
      "content", "Content neighbours as a cold-start stand-in: their overlap with sales-based neighbours");
  add_store_options(*content, args->store);
  content->add_option("--k", args->k, "content, popularity and item-item neighbours compared")->capture_default_str();
  content->add_option("--category-weight", args->weights.category)->capture_default_str();
  content->add_option("--brand-weight", args->weights.brand)->capture_default_str();
  content->add_option("--text-weight", args->weights.text, "name and description")->capture_default_str();
  content->add_option("--price-weight", args->weights.price)->capture_default_str();
  content->add_flag("--validation", args->validation,
                    "score the grid of candidate weights on the even products instead (odd ones unseen)");
  content->add_flag("--json", args->json, "as JSON");
  content->callback([args, &exit_code] { exit_code = run_content(*args); });
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

  auto together = std::make_shared<TogetherArgs>();
  CLI::App* fbt = group->add_subcommand(
      "together", "Frequently bought together: each product's top partners from the store's orders");
  add_store_options(*fbt, together->store);
  fbt->add_option("--sku", together->sku, "only this product");
  fbt->add_option("--top", together->top, "partners per product")->capture_default_str();
  fbt->add_option("--min-count", together->min_count, "orders a pair must share")
      ->capture_default_str();
  fbt->add_option("--limit", together->limit, "products shown in the table")->capture_default_str();
  fbt->add_option("--ground-truth", together->ground_truth,
                  "generator ground-truth dir: report the share of true complementary pairs found");
  fbt->add_flag("--json", together->json, "as JSON");
  fbt->callback([together, &exit_code] { exit_code = run_together(*together); });
  add_eval_command(*group, exit_code);
  add_content_command(*group, exit_code);
}

}  // namespace oiis::cli
