#include "agents/lexicon.h"

#include <map>

#include "agents/text.h"

namespace oiis::agents {
namespace {

// Retail vocabulary by concept: the words (and word pairs) managers use for the same thing.
// Written from the domain, not fitted: a word here only says which concept it names.
const std::map<std::string, std::vector<std::string>>& concept_words() {
  static const std::map<std::string, std::vector<std::string>> words = {
      {"revenue", {"revenue", "rev", "sales", "sale", "turnover", "income", "takings", "gmv", "earnings",
                   "gross", "grossed", "made", "make", "turned over", "turn over", "brought in", "earn", "earned", "money", "dollars", "sold", "selling", "banked"}},
      {"aov", {"aov", "basket", "baskets", "average", "avg", "ticket", "per order", "order value", "spend per"}},
      {"compare", {"vs", "versus", "compare", "compared", "comparison", "against", "ahead", "behind", "growth",
                   "change", "yoy", "mom", "difference", "better", "worse", "up or down"}},
      {"trend", {"trend", "trends", "trending", "monthly", "evolve", "evolved", "evolution", "seasonality",
                 "seasonal", "pattern", "over time", "chart", "plot", "graph", "month by month", "each month",
                 "per month", "by month", "performance"}},
      {"top", {"top", "best", "biggest", "most", "leading", "number one", "bestseller", "bestsellers",
               "highest", "strongest", "winner", "winners", "star", "hero", "popular", "top seller",
               "top sellers", "best seller", "best sellers"}},
      {"product", {"product", "products", "item", "items", "sku", "skus", "article", "articles", "line item"}},
      {"category", {"category", "categories", "department", "departments", "dept", "depts", "section", "sections",
                    "family", "families", "aisle",
                    "aisles", "range", "ranges", "product line", "division", "part of the shop",
                    "parts of the shop", "part of the store", "area of the shop"}},
      {"returns", {"return", "returns", "returned", "refund", "refunds", "rma", "rmas", "cancel", "cancelled",
                   "canceled", "cancellation", "cancellations", "came back", "sent back"}},
      {"customer", {"customer", "customers", "client", "clients", "shopper", "shoppers", "buyer", "buyers",
                    "account", "accounts", "member", "members", "patron", "patrons", "regulars", "person",
                    "people", "consumer", "consumers", "vip", "vips"}},
      {"churn", {"churn", "churning", "lapsed", "lapse", "lapsing", "drift", "drifting", "quiet", "inactive",
                 "leaving", "left", "lost", "losing", "retention", "risk", "dormant", "stopped", "gone",
                 "disengaged", "win back", "winback", "attrition", "leave", "quit", "defect", "dropped off",
                 "drop off", "dropping off", "fall away", "fallen away", "falling away",
                 "used to shop", "used to buy", "used to come", "stopped coming", "stopped buying"}},
      {"segments", {"segment", "segments", "seg", "segs", "segmentation", "group", "groups", "cluster", "clusters", "cohort",
                    "cohorts", "persona", "personas", "rfm", "types", "kinds", "breakdown", "bucket", "buckets",
                    "bucketed", "tier", "tiers", "tiered", "mix"}},
      {"profile", {"profile", "history", "summary", "spent", "lifetime", "details", "about", "tell",
                   "purchases", "record", "last order", "how much has", "last visit", "a regular"}},
      {"recommend", {"recommend", "recommendation", "recommendations", "suggest", "suggestion", "suggestions",
                     "offer", "upsell", "cross-sell", "cross sell", "pitch", "next best", "might like",
                     "could buy", "sell them", "sell her", "sell him"}},
      {"stock", {"stock", "inventory", "on hand", "soh", "left", "remaining", "count", "shelf", "level",
                 "levels", "available", "availability", "qty", "quantity", "units", "in stock", "warehouse"}},
      {"reorder", {"reorder", "reorders", "restock", "replenish", "replenishment", "order more", "buy more",
                   "running low", "run out", "running out", "dry", "out of stock", "stockout", "stockouts",
                   "stock-out", "top up", "need to order", "purchase plan", "low stock", "oos", "re up", "reup", "stock out",
                   "at zero", "zero stock", "sold out", "purchase run",
                   "nil on hand", "nil stock", "buy back in", "back in stock"}},
      {"forecast", {"forecast", "forecasts", "demand", "outlook", "projection", "project", "predict",
                    "prediction", "expect", "expected", "next week", "next month", "will sell", "will move",
                    "going to sell", "need over", "coming weeks", "sell-through"}},
      {"pricing", {"price", "prices", "pricing", "priced", "margin", "margins", "markup", "markdown",
                   "discount", "cheaper", "dearer", "price cut", "raise", "reprice", "repricing", "cost",
                   "profitable", "profit", "rrp", "msrp", "retail price", "list price", "sticker price",
                   "charging", "charge"}},
      {"supplier", {"supplier", "suppliers", "vendor", "vendors", "source", "sourcing", "sourced", "supplies",
                    "supply", "supplied", "manufacturer", "wholesaler", "distributor", "provider", "who makes"}},
      {"report", {"report", "planning", "plan", "review", "overview", "prep", "prepare", "briefing", "pack", "buy plan", "buying plan", "quarter buy"}},
      {"lead", {"lead time", "lead times", "leadtime", "otif", "on-time", "on time", "fill rate", "fill",
                "delivery", "deliveries", "late", "reliability", "reliable", "performing", "scorecard"}},
      {"fulfilment", {"fulfil", "fulfill", "fulfilment", "fulfillment", "fulfilled", "ship", "shipping",
                      "shipped", "dispatch", "dispatched", "turnaround", "processing", "out the door", "go out",
                      "went out", "pick", "pack", "handling", "delays", "speed"}},
      {"purchase_orders", {"po", "pos", "purchase order", "purchase orders", "open orders", "pending",
                           "incoming", "inbound", "waiting", "awaiting", "backorder", "backorders", "on order",
                           "in flight", "outstanding", "not received", "not arrived"}},
      {"anomaly", {"suspicious", "fraud", "fraudulent", "dodgy", "fishy", "weird", "odd", "unusual", "anomaly",
                   "anomalies", "anomalous", "outlier", "outliers", "strange", "irregular", "risky", "scam",
                   "abnormal", "red flag", "red flags", "shady", "abuse", "abusing"}},
  };
  return words;
}

// One edit apart, for words long enough that a typo cannot make another word.
bool near(const std::string& a, const std::string& b) {
  return a == b || (a.size() >= 5 && b.size() >= 5 && within_one_edit(a, b));
}

}  // namespace

std::vector<std::string> concepts_of(const std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (const auto& [name, terms] : concept_words()) {
    bool found = false;
    for (const auto& term : terms) {
      if (term.find(' ') != std::string::npos) {
        std::string joined;
        for (size_t i = 0; i < words.size() && !found; ++i) {
          joined = words[i];
          for (size_t j = i + 1; j < words.size() && joined.size() < term.size(); ++j) {
            joined += " " + words[j];
            if (joined == term) found = true;
          }
        }
      } else {
        for (const auto& w : words)
          if (near(w, term)) {
            found = true;
            break;
          }
      }
      if (found) break;
    }
    if (found) out.push_back(name);
  }
  return out;
}

}  // namespace oiis::agents
