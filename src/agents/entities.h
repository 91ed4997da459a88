// Entity extraction: which product, customer, supplier or category a question names — by SKU,
// e-mail, customer id, or by a name written partly, loosely or with a typo ("the yardly pruning
// shears lite", "bluewater"). Pure: the catalogue is handed in.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "agents/text.h"
#include "domain/types.h"

namespace oiis::agents {

struct CatalogueProduct {
  Id id = 0;
  std::string sku, name, category, brand;
  std::optional<Id> supplier_id;
};
struct CatalogueCustomer {
  Id id = 0;
  std::string external_id, name, email;
};
struct CatalogueSupplier {
  Id id = 0;
  std::string name;
};

struct Catalogue {
  std::vector<CatalogueProduct> products;
  std::vector<CatalogueCustomer> customers;
  std::vector<CatalogueSupplier> suppliers;
  std::vector<std::string> categories;
};

struct Match {
  std::size_t index = 0;  // into the catalogue's vector
  double score = 0;       // 1 = named exactly (SKU, e-mail, id, the whole name)
  std::string matched;    // the words of the question it matched
};

struct Entities {
  std::optional<Match> product;
  std::optional<Match> customer;
  std::optional<Match> supplier;
  std::optional<std::string> category;
  // Names that fit several customers equally ("Samuel Baker" names three): the answer asks.
  std::vector<std::size_t> ambiguous_customers;
  // Products whose names fit equally well (two SKUs with one description): the answer asks.
  std::vector<std::size_t> ambiguous_products;
};

// Builds the word indexes once; find() is then cheap (a few microseconds per question).
class EntityFinder {
 public:
  explicit EntityFinder(Catalogue catalogue);
  Entities find(std::string_view question) const;
  const Catalogue& catalogue() const { return catalogue_; }

 public:
  using Idf = std::unordered_map<std::string, double>;

 private:
  std::optional<Match> best_name(const std::vector<std::string>& question_words,
                                 const std::vector<std::vector<std::string>>& names, const Idf& idf,
                                 std::vector<std::size_t>* tied = nullptr) const;
  std::optional<Match> customer_by_number(const std::string& lowered) const;
  std::optional<Match> find_customer(std::string_view lowered, const std::vector<std::string>& words,
                                     std::vector<std::size_t>& ambiguous) const;
  std::optional<Match> sku_by_number(const std::string& lowered) const;
  std::optional<std::string> category_named(const std::vector<std::string>& words) const;
  std::optional<std::string> department_synonym(const std::vector<std::string>& words) const;

  Catalogue catalogue_;
  std::vector<std::vector<std::string>> product_words_, supplier_words_;
  Idf product_idf_, supplier_idf_;
  std::unordered_map<std::string, std::vector<std::size_t>> customers_by_name_;
};


}  // namespace oiis::agents
