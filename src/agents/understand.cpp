#include "agents/understand.h"

#include "agents/entities.h"
#include "agents/lexicon.h"
#include "agents/scope.h"
#include "agents/text.h"

#include <algorithm>
#include <regex>

namespace oiis::agents {
namespace {

using nlohmann::json;


json period_json(const Period& p) {
  return {{"first", p.first}, {"last", p.last}, {"unit", static_cast<int>(p.unit)},
          {"length", p.length_days}, {"label", p.label}};
}

std::optional<Period> period_from(const json& j) {
  if (!j.is_object()) return std::nullopt;
  Period p;
  p.first = j.at("first").get<Date>();
  p.last = j.at("last").get<Date>();
  p.unit = static_cast<PeriodUnit>(j.at("unit").get<int>());
  p.length_days = j.at("length").get<int>();
  p.label = j.at("label").get<std::string>();
  return p;
}

// A turn that leans on the one before: it opens like a follow-up, points back with a pronoun,
// or is too short to stand alone.
bool reads_as_follow_up(const std::string& t, size_t words) {
  return matches(t, R"(^\s*(and|what about|how about|same|ok|okay|also|then|so)\b)") ||
         matches(t, R"(\b(it|its|them|their|they|her|his|him|that one|those|then|that)\b)") || words <= 4;
}

// A follow-up that only changes the period, the measure or the category ("and the month
// before?", "same for last year", "what about by units", "electronics?") keeps the
// conversation's intent: with the period words, the measure words, the category's name and the
// small words gone, nothing of its own is left to classify.
bool only_changes_period(const std::string& question, const std::optional<std::string>& category) {
  const std::vector<std::string> category_words = category ? words_of(*category) : std::vector<std::string>{};
  static const std::regex filler(
      R"(^(and|n|but|the|what|about|how|same|for|was|were|is|it|its|then|that|this|those|a|an|of|in|on|by|ok|okay|so|also|)"
      R"(across|during|over|within|through|thru|instead|again|now|please|pls|check|too|as|well|same|time|s|)"
      R"(side|section|dept|department|range|aisle|category|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|)"
      R"(month|months|mo|week|weeks|wk|quarter|quarters|qtr|qtrs|year|yr|years|day|days|today|yesterday|before|previous|prior|)"
      R"(last|past|next|period|ago|earlier|ytd|mtd|q[1-4]|units?|qty|jan|feb|mar|apr|may|jun|jul|aug|)"
      R"(sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|)"
      R"(december|\d+)$)");
  for (const auto& w : words_of(question))
    if (!std::regex_match(w, filler) &&
        std::find(category_words.begin(), category_words.end(), w) == category_words.end())
      return false;
  return true;
}

// The first ranked intent whose needs the question meets: approving needs a purchase order
// number or an approving verb; a customer question needs a customer when the question names a
// product but no customer ("how many bags will we move by february" is not about customers);
// "which department sold most" asks for categories, not products.
std::string intent_that_fits(const std::vector<IntentScore>& ranked, const std::string& t, const Entities& e) {
  const bool names_po = matches(t, R"(\b(po|purchase order|order)\s*(#|no\.?|number)?\s*\d{1,12}\b)");
  const bool approving = matches(t, R"(\b(approve|approved|confirm|sign off|go ahead|release|authori[sz]e|ok the|okay the)\b)");
  const bool names_record = e.product || e.customer || e.supplier;
  const std::vector<std::string> concepts = concepts_of(words_of(t));
  const auto has = [](const std::vector<std::string>& v, const char* c) { return std::find(v.begin(), v.end(), c) != v.end(); };
  for (const auto& r : ranked) {
    if (r.intent == "inventory.approve" && !names_po && !approving) continue;
    // A question naming a product, customer or supplier is about the shop's data; the documents
    // (policies, contracts) are chosen by their own words below, not by the classifier's guess.
    if (r.intent == "none.documents" && names_record) continue;
    if (agent_of(r.intent) == "customer" && e.product && !e.customer && e.ambiguous_customers.empty()) continue;
    // Suppliers' performance names no product; who supplies a named product is the product's.
    if (r.intent == "operations.suppliers" && e.product && !e.supplier) return "inventory.supplier";
    // ... and a supplier named without a product asks about the supplier.
    if (r.intent == "inventory.supplier" && e.supplier && !e.product) return "operations.suppliers";
    // "top personal care sku": the products of a category, not the categories.
    if (r.intent == "bi.categories" && e.category && matches(t, R"(\b(skus?|products?|items?|sellers?|lines?)\b)"))
      return "bi.top_products";
    // A forecast looks ahead; "top seller the week before christmas" looks back.
    if (r.intent == "inventory.forecast" && has(concepts, "top") && !has(concepts, "forecast")) continue;
    // A product's price against its cost, or a price cut, is its pricing, not a period comparison
    // or its supplier, when nothing names a period or a supplier.
    if ((r.intent == "bi.compare" || r.intent == "inventory.supplier") && e.product && has(concepts, "pricing") &&
        !has(concepts, "supplier") && !e.supplier && !names_period(t))
      return "inventory.pricing";
    // "tailwag pet bed soh": a product's stock, not the purchase orders, unless orders are named.
    if (r.intent == "operations.purchase_orders" && e.product && has(concepts, "stock") && !has(concepts, "purchase_orders"))
      return "inventory.stock";
    if (r.intent == "bi.top_products" && !e.category &&
        matches(t, R"(\b(which|what|top|best|biggest)\s+(dept|depts|department|departments|section|sections|category|categories|aisle|aisles)\b)"))
      return "bi.categories";
    return r.intent;
  }
  return ranked.front().intent;
}

bool names_anything(const Entities& e) {
  return e.product || e.customer || e.supplier || e.category || !e.ambiguous_customers.empty() ||
         !e.ambiguous_products.empty();
}

void apply_entities(Plan& plan, const Entities& e, const EntityFinder& finder) {
  const auto& cat = finder.catalogue();
  if (e.product) {
    const auto& p = cat.products[e.product->index];
    plan.sku = p.sku;
    plan.product_name = p.name;
  }
  if (e.customer) {
    const auto& c = cat.customers[e.customer->index];
    plan.customer = c.external_id.empty() ? std::to_string(c.id) : c.external_id;
    plan.customer_name = c.name;
  }
  for (auto i : e.ambiguous_customers) {
    const auto& c = cat.customers[i];
    plan.ambiguous_customers.push_back(c.name + " (" + (c.external_id.empty() ? std::to_string(c.id) : c.external_id) + ")");
  }
  for (auto i : e.ambiguous_products)
    if (plan.ambiguous_products.size() < 5)
      plan.ambiguous_products.push_back(cat.products[i].name + " (" + cat.products[i].sku + ")");
  if (e.supplier) {
    plan.supplier_id = cat.suppliers[e.supplier->index].id;
    plan.supplier_name = cat.suppliers[e.supplier->index].name;
  }
  if (e.category) plan.category = e.category;
}

// Fills what the question left out from the conversation: the product, customer, supplier and
// category it was about, the customer or supplier the last answer named ("them", "their").
// A product question that names no product is about the conversation's product ("how many will
// we need over the next four weeks" after a stock question), follow-up words or not.
bool needs_product(const std::string& intent) {
  return intent == "inventory.stock" || intent == "inventory.forecast" || intent == "inventory.pricing" ||
         intent == "inventory.supplier";
}

void inherit(Plan& plan, const json& memory, const std::string& t) {
  const json focus = memory.value("focus", json::object());
  if (!plan.sku && (plan.follow_up || needs_product(plan.intent))) {
    // What the last answer was about (its top product) first, then what the last question named.
    const json& from = focus.contains("sku") ? focus : memory;
    if (from.contains("sku")) {
      plan.sku = from["sku"].get<std::string>();
      plan.product_name = from.value("product_name", memory.value("product_name", ""));
    }
  }
  if (!plan.follow_up) return;
  bool points_at_person = matches(t, R"(\b(them|her|him|she|he|they|their|this customer|that customer)\b)");
  if (!plan.customer && focus.contains("customer") && (points_at_person || plan.agent == "customer")) {
    plan.customer = focus["customer"].get<std::string>();
    plan.customer_name = focus.value("customer_name", "");
  } else if (!plan.customer && memory.contains("customer")) {
    plan.customer = memory["customer"].get<std::string>();
    plan.customer_name = memory.value("customer_name", "");
  }
  if (!plan.supplier_id && focus.contains("supplier_id") && plan.agent == "operations") {
    plan.supplier_id = focus["supplier_id"].get<long long>();
    plan.supplier_name = focus.value("supplier_name", "");
  } else if (!plan.supplier_id && memory.contains("supplier_id")) {
    plan.supplier_id = memory["supplier_id"].get<long long>();
    plan.supplier_name = memory.value("supplier_name", "");
  }
  if (!plan.category && memory.contains("category")) plan.category = memory["category"].get<std::string>();
  if (!plan.by_units && memory.value("by_units", false) && plan.intent == memory.value("intent", "")) plan.by_units = true;
}

void resolve_period(Plan& plan, const PeriodMention& mention, const json& memory) {
  plan.period = mention.period;
  plan.second = mention.second;
  plan.comparison = mention.comparison;
  auto remembered = period_from(memory.value("period", json()));
  if (!plan.period && remembered && plan.follow_up) {
    if (mention.relative_previous) plan.period = previous_period(*remembered);
    else if (mention.relative_last_year) plan.period = same_period_last_year(*remembered);
    else plan.period = remembered;
  }
}

std::optional<int> quarter_named(const std::string& t) {
  int year = 0;
  return quarter_mentioned(t, year);
}

}  // namespace

json to_json(const Plan& p) {
  json j = {{"question", p.question}, {"intent", p.intent}, {"agent", p.agent}, {"confidence", p.confidence},
            {"follow_up", p.follow_up}, {"by_units", p.by_units}};
  if (p.sku) j["sku"] = *p.sku, j["product_name"] = p.product_name.value_or("");
  if (p.customer) j["customer"] = *p.customer, j["customer_name"] = p.customer_name.value_or("");
  if (p.supplier_id) j["supplier_id"] = *p.supplier_id, j["supplier_name"] = p.supplier_name;
  if (p.category) j["category"] = *p.category;
  if (p.period) j["period"] = period_json(*p.period);
  if (p.second) j["second"] = period_json(*p.second);
  if (p.comparison != Comparison::kNone)
    j["comparison"] = p.comparison == Comparison::kPrevious ? "previous" : "last_year";
  if (p.horizon_days) j["horizon_days"] = *p.horizon_days;
  if (p.quarter) j["quarter"] = *p.quarter;
  if (p.purchase_order_id) j["purchase_order_id"] = *p.purchase_order_id;
  if (!p.notes.empty()) j["notes"] = p.notes;
  if (p.about_prices) j["about_prices"] = true;
  if (!p.ambiguous_customers.empty()) j["ambiguous_customers"] = p.ambiguous_customers;
  if (!p.ambiguous_products.empty()) j["ambiguous_products"] = p.ambiguous_products;
  return j;
}

Plan plan_from_json(const json& j) {
  Plan p;
  p.question = j.value("question", "");
  p.intent = j.value("intent", "");
  p.agent = j.value("agent", "");
  p.confidence = j.value("confidence", 0.0);
  p.follow_up = j.value("follow_up", false);
  p.by_units = j.value("by_units", false);
  p.about_prices = j.value("about_prices", false);
  if (j.contains("sku")) p.sku = j["sku"].get<std::string>(), p.product_name = j.value("product_name", "");
  if (j.contains("customer")) p.customer = j["customer"].get<std::string>(), p.customer_name = j.value("customer_name", "");
  if (j.contains("supplier_id")) p.supplier_id = j["supplier_id"].get<long long>(), p.supplier_name = j.value("supplier_name", "");
  if (j.contains("category")) p.category = j["category"].get<std::string>();
  p.period = period_from(j.value("period", json()));
  p.second = period_from(j.value("second", json()));
  std::string comparison = j.value("comparison", "");
  p.comparison = comparison == "previous" ? Comparison::kPrevious : comparison == "last_year" ? Comparison::kLastYear : Comparison::kNone;
  if (j.contains("horizon_days")) p.horizon_days = j["horizon_days"].get<int>();
  if (j.contains("quarter")) p.quarter = j["quarter"].get<int>();
  if (j.contains("purchase_order_id")) p.purchase_order_id = j["purchase_order_id"].get<long long>();
  p.notes = j.value("notes", std::vector<std::string>{});
  p.ambiguous_customers = j.value("ambiguous_customers", std::vector<std::string>{});
  p.ambiguous_products = j.value("ambiguous_products", std::vector<std::string>{});
  return p;
}

Plan understand(const std::string& question, const json& memory, const Understanding& u) {
  Plan plan;
  plan.question = question;
  const std::string t = lowercase(question);
  auto ranked = u.classifier->classify(question);
  bool has_memory = memory.is_object() && memory.contains("intent");
  plan.follow_up = has_memory && reads_as_follow_up(t, words_of(question).size());
  const Entities entities = u.finder->find(question);
  plan.intent = intent_that_fits(ranked, t, entities);
  plan.confidence = ranked.front().probability;
  // Out of scope when nothing ties the question to the shop (agents/scope.h).
  if (!has_memory && !names_anything(entities) && u.vocabulary && !u.vocabulary->mentions_shop(question)) {
    plan.intent = kOutOfScopeIntent;
    plan.confidence = 1;
  }
  // The shop's own documents (a policy, a procedure, a contract, a checklist) answer these, not
  // its data: the documents route searches them. A product or customer named keeps the data route.
  if (!entities.product && !entities.customer &&
      matches(t, R"(\b(polic(y|ies)|procedures?|checklists?|handbook|sop|guidelines?|contracts?|agreements?|manual|dress code|staff discount|latest version)\b)")) {
    plan.intent = "none.documents";
    plan.confidence = 1;
  }
  // In a conversation about the shop, a turn the classifier cannot place ("what about the
  // electronics side") continues it rather than leaving the shop.
  if (plan.follow_up && (plan.intent == kOutOfScopeIntent || plan.confidence < u.follow_up_threshold ||
                         only_changes_period(question, entities.category)))
    plan.intent = memory["intent"].get<std::string>();
  plan.agent = agent_of(plan.intent);
  apply_entities(plan, entities, *u.finder);
  plan.by_units = matches(t, R"(\b(units?|qty|quantity|volume|sold the most|most sold|pieces)\b)");
  plan.about_prices = matches(t, R"(\bpric(e|es|ing)\b)");
  if (has_memory) inherit(plan, memory, t);
  resolve_period(plan, find_period(question, u.today), has_memory ? memory : json::object());
  // Revenue over two named periods ("was november better than october") is a comparison.
  if (plan.intent == "bi.revenue" && plan.second) {
    plan.intent = "bi.compare";
    plan.comparison = Comparison::kPrevious;
  }
  std::smatch m;
  static const std::vector<std::string> small = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"};
  static const std::regex horizon(
      R"(\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*(days?|weeks?|wks?)\b)");
  static const std::regex purchase_order(R"(\b(?:po|purchase order|order)\s*(?:#|no\.?|number)?\s*(\d{1,12})\b)");
  if (std::regex_search(t, m, horizon)) {
    auto at = std::find(small.begin(), small.end(), m[1].str());
    int n = at != small.end() ? static_cast<int>(at - small.begin()) + 1 : std::stoi(m[1]);
    plan.horizon_days = n * (m[2].str()[0] == 'w' ? 7 : 1);
  } else if (matches(t, R"(\bfortnight\b)")) {
    plan.horizon_days = 14;
  }
  plan.quarter = quarter_named(t);
  if (std::regex_search(t, m, purchase_order))
    plan.purchase_order_id = std::stoll(m[1]);
  return plan;
}

json memory_after(const Plan& plan, const json& focus) {
  json m = to_json(plan);
  m.erase("notes");
  m.erase("confidence");
  m["focus"] = focus;
  return m;
}

}  // namespace oiis::agents
