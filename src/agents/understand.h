// From a question (and the conversation so far) to a plan: which intent, about which product,
// customer, supplier or category, over which period — resolving follow-ups ("and the month
// before?", "who supplies it", "what should I offer them?") from the thread's memory.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agents/entities.h"
#include "agents/periods.h"
#include "agents/router.h"
#include "agents/scope.h"

namespace oiis::agents {

struct Plan {
  std::string question;     // as asked
  std::string intent;       // "bi.revenue", ...
  std::string agent;        // "bi", ...
  double confidence = 0;    // the classifier's probability of the intent
  bool follow_up = false;   // resolved with the thread's memory
  std::optional<std::string> sku, product_name;
  std::optional<std::string> customer, customer_name;  // the store's external id (or id)
  std::optional<long long> supplier_id;
  std::string supplier_name;
  std::optional<std::string> category;
  std::optional<Period> period, second;
  Comparison comparison = Comparison::kNone;
  bool by_units = false;
  bool about_prices = false;  // operations.anomalies: price changes, not only orders
  std::optional<int> horizon_days;
  std::optional<int> quarter;  // inventory.report: the quarter planned for
  std::optional<long long> purchase_order_id;  // "approve PO 12"
  std::vector<std::string> ambiguous_customers;  // "Name (CUST-…)" when a name fits several
  std::vector<std::string> ambiguous_products;   // "Name (SKU)" when a name fits several
  std::vector<std::string> notes;                // how the question was read, said in the answer
};

nlohmann::json to_json(const Plan& p);
// The plan back from to_json (the graph keeps it in the thread's state between steps).
Plan plan_from_json(const nlohmann::json& j);

struct Understanding {
  const IntentClassifier* classifier = nullptr;
  const EntityFinder* finder = nullptr;
  const ShopVocabulary* vocabulary = nullptr;  // null: every question is taken as about the shop
  Date today = 0, first_day = 0;
  // Below this probability a follow-up keeps the conversation's intent (chosen on the training
  // questions' follow-ups, docs/agents.md).
  double follow_up_threshold = 0.2;
};

// `memory`: the thread's memory (memory_after() of the previous turn; {} for a new thread).
Plan understand(const std::string& question, const nlohmann::json& memory, const Understanding& u);

// What the next turn may refer back to: this plan plus what the answer was about ("focus": the
// customer or supplier it named).
nlohmann::json memory_after(const Plan& plan, const nlohmann::json& focus);

}  // namespace oiis::agents
