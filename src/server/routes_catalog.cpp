// Products, suppliers, customers and locations: one generic CRUD route builder, configured
// per entity (how to load one by its path key, create, update, list).
#include "domain/validation.h"
#include "server/api.h"

namespace oiis::server {
namespace {

template <typename T>
struct Entity {
  const char* plural;           // URL collection and OpenAPI tag: "products"
  const char* schema;           // OpenAPI schema: "Product"
  const char* key;              // path key: "id" or "sku"
  Result<T> (*load)(Ctx&);      // the entity named by the path key
  Result<T> (Store::*create)(const T&);
  // nullptr = not updatable. `note` is the update's extra body field (see note_field).
  Result<T> (*update)(Ctx&, const T&, const std::string& note) = nullptr;
  const char* note_field = nullptr;     // e.g. "price_change_reason"; not part of T's JSON
  const char* update_schema = nullptr;  // request schema of PATCH/PUT (default: schema)
  Result<Json> (*list)(Ctx&) = nullptr;
  std::vector<QueryParam> list_params{};
  Handler get_override{};  // optional replacement for the default GET one (the product cache)
};

// What an update must not change, and what a PUT keeps from the stored value.
template <typename T>
Status same_identity(const T& before, const T& after) {
  if (after.id != before.id) return invalid_argument("id cannot be changed", "id");
  return Status::ok();
}
Status same_identity(const Product& before, const Product& after) {
  if (after.sku != before.sku) return invalid_argument("sku cannot be changed", "sku");
  if (after.id != before.id) return invalid_argument("id cannot be changed", "id");
  return Status::ok();
}
template <typename T>
T identity_of(const T& stored) {
  T fresh{};
  fresh.id = stored.id;
  return fresh;
}
Product identity_of(const Product& stored) {
  Product fresh{};
  fresh.id = stored.id;
  fresh.sku = stored.sku;
  return fresh;
}

template <typename T>
std::string path_key(const T& value) {
  return std::to_string(value.id);
}
std::string path_key(const Product& p) { return p.sku; }

template <typename T>
Status get_one(Ctx& ctx, const Entity<T>& e) {
  auto value = e.load(ctx);
  if (!value) return value.status();
  return reply(ctx, to_json(*value));
}

template <typename T>
Status create_one(Ctx& ctx, const Entity<T>& e) {
  auto body = body_json(ctx);
  if (!body) return body.status();
  T value{};
  OIIS_RETURN_IF_ERROR(read_json(*body, value));
  value.id = 0;  // assigned by the store
  OIIS_RETURN_IF_ERROR(validate(value));
  auto created = (ctx.store.*e.create)(value);
  if (!created) return created.status();
  ctx.res.set_header("Location", std::string("/api/v1/") + e.plural + "/" + path_key(*created));
  return reply(ctx, to_json(*created), 201);
}

// PATCH merges the body into the stored value; PUT replaces every writable field.
template <typename T>
Status update_one(Ctx& ctx, const Entity<T>& e, bool replace) {
  auto body = body_json(ctx);
  if (!body) return body.status();
  std::string note;
  if (e.note_field) {
    if (auto it = body->find(e.note_field); it != body->end()) {
      if (!it->is_string() && !it->is_null())
        return invalid_argument(std::string(e.note_field) + " must be a string", e.note_field);
      if (it->is_string()) note = it->template get<std::string>();
      body->erase(it);
    }
  }
  auto stored = e.load(ctx);
  if (!stored) return stored.status();
  T value = replace ? identity_of(*stored) : *stored;
  OIIS_RETURN_IF_ERROR(read_json(*body, value));
  OIIS_RETURN_IF_ERROR(same_identity(*stored, value));
  OIIS_RETURN_IF_ERROR(validate(value));
  auto updated = e.update(ctx, value, note);
  if (!updated) return updated.status();
  return reply(ctx, to_json(*updated));
}

template <typename T>
void add_entity_routes(RouteTable& t, Entity<T> entity) {
  auto e = std::make_shared<const Entity<T>>(std::move(entity));
  const std::string base = std::string("/api/v1/") + e->plural;
  const std::string one = base + "/{" + e->key + "}";
  const std::string schema = e->schema;
  const std::string noun = std::string(e->schema);
  t.push_back({"GET", base, Role::kRead, e->plural, "List " + std::string(e->plural), "",
               schema + "Page", 200, e->list_params,
               [e](Ctx& c) -> Status {
                 auto page = e->list(c);
                 if (!page) return page.status();
                 return reply(c, *page);
               }});
  t.push_back({"POST", base, Role::kWrite, e->plural, "Create a " + noun, schema, schema, 201,
               {}, [e](Ctx& c) { return create_one(c, *e); }});
  t.push_back({"GET", one, Role::kRead, e->plural, "Get a " + noun + " by " + e->key, "", schema,
               200, {}, e->get_override ? e->get_override : Handler([e](Ctx& c) { return get_one(c, *e); })});
  if (!e->update) return;
  const std::string update_schema = e->update_schema ? e->update_schema : schema;
  t.push_back({"PATCH", one, Role::kWrite, e->plural,
               "Update some fields of a " + noun + " (absent fields are kept)", update_schema,
               schema, 200, {}, [e](Ctx& c) { return update_one(c, *e, false); }});
  t.push_back({"PUT", one, Role::kWrite, e->plural,
               "Replace a " + noun + " (absent fields get their defaults)", update_schema, schema,
               200, {}, [e](Ctx& c) { return update_one(c, *e, true); }});
}

// ---------------------------------------------------------------- per-entity pieces

Result<Product> load_product(Ctx& c) { return c.store.get_product_by_sku(std::string(c.path[0])); }

Status get_product_cached(Ctx& c) {
  const std::string sku(c.path[0]);
  auto body = c.api.product_cache().get(sku);
  if (!body) {
    auto product = c.store.get_product_by_sku(sku);
    if (!product) return product.status();
    body = std::make_shared<const std::string>(dump_safe(to_json(*product)));
    c.api.product_cache().put(sku, body);
  }
  c.res.status = 200;
  c.res.set_content(*body, "application/json");
  return Status::ok();
}

Result<Product> update_product(Ctx& c, const Product& p, const std::string& reason) {
  auto updated = c.store.update_product(p, reason);
  c.api.product_cache().invalidate(p.sku);
  return updated;
}

Result<Json> list_products(Ctx& c) {
  ProductFilter f;
  PageRequest page;
  std::optional<std::int64_t> supplier;
  OIIS_RETURN_IF_ERROR(query_text(c, "category", f.category));
  OIIS_RETURN_IF_ERROR(query_text(c, "brand", f.brand));
  OIIS_RETURN_IF_ERROR(query_int(c, "supplier_id", supplier));
  OIIS_RETURN_IF_ERROR(query_bool(c, "active", f.active));
  OIIS_RETURN_IF_ERROR(query_text(c, "q", f.query));
  OIIS_RETURN_IF_ERROR(page_request(c, page));
  f.supplier_id = supplier;
  auto result = c.store.list_products(f, page);
  if (!result) return result.status();
  return page_json(*result);
}

Status price_history(Ctx& c) {
  auto product = load_product(c);
  if (!product) return product.status();
  auto history = c.store.price_history(product->id);
  if (!history) return history.status();
  Json items = Json::array();
  for (const auto& change : *history) items.push_back(to_json(change));
  return reply(c, {{"items", std::move(items)}});
}

Result<Supplier> load_supplier(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  return c.store.get_supplier(*id);
}

Result<Json> list_suppliers(Ctx& c) {
  SupplierFilter f;
  PageRequest page;
  OIIS_RETURN_IF_ERROR(query_text(c, "q", f.query));
  OIIS_RETURN_IF_ERROR(page_request(c, page));
  auto result = c.store.list_suppliers(f, page);
  if (!result) return result.status();
  return page_json(*result);
}

Result<Customer> load_customer(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  return c.store.get_customer(*id);
}

Result<Json> list_customers(Ctx& c) {
  CustomerFilter f;
  PageRequest page;
  OIIS_RETURN_IF_ERROR(query_text(c, "region", f.region));
  OIIS_RETURN_IF_ERROR(query_text(c, "q", f.query));
  OIIS_RETURN_IF_ERROR(page_request(c, page));
  auto result = c.store.list_customers(f, page);
  if (!result) return result.status();
  return page_json(*result);
}

Result<Location> load_location(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  return c.store.get_location(*id);
}

Result<Json> list_locations(Ctx& c) {
  auto result = c.store.list_locations();
  if (!result) return result.status();
  return page_json(Page<Location>{std::move(*result), {}});
}

}  // namespace

void add_catalog_routes(RouteTable& t) {
  add_entity_routes<Product>(
      t, {.plural = "products",
          .schema = "Product",
          .key = "sku",
          .load = load_product,
          .create = &Store::create_product,
          .update = update_product,
          .note_field = "price_change_reason",
          .update_schema = "ProductUpdate",
          .list = list_products,
          .list_params = with_page_params(
              {{"category", "string", "Exact category"},
               {"brand", "string", "Exact brand"},
               {"supplier_id", "integer", "Supplier id"},
               {"active", "boolean", "Only active (true) or inactive (false) products"},
               {"q", "string", "Case-insensitive substring of sku or name"}}),
          .get_override = get_product_cached});
  t.push_back({"GET", "/api/v1/products/{sku}/price-history", Role::kRead, "products",
               "Price changes of a product, oldest first", "", "PriceChangeList", 200, {},
               price_history});
  add_entity_routes<Supplier>(
      t, {.plural = "suppliers",
          .schema = "Supplier",
          .key = "id",
          .load = load_supplier,
          .create = &Store::create_supplier,
          .update = [](Ctx& c, const Supplier& s,
                       const std::string&) { return c.store.update_supplier(s); },
          .list = list_suppliers,
          .list_params = with_page_params({{"q", "string", "Substring of the name"}})});
  add_entity_routes<Customer>(
      t, {.plural = "customers",
          .schema = "Customer",
          .key = "id",
          .load = load_customer,
          .create = &Store::create_customer,
          .update = [](Ctx& c, const Customer& v,
                       const std::string&) { return c.store.update_customer(v); },
          .list = list_customers,
          .list_params = with_page_params(
              {{"region", "string", "Exact region"},
               {"q", "string", "Substring of name, email or external id"}})});
  add_entity_routes<Location>(
      t, {.plural = "locations",
          .schema = "Location",
          .key = "id",
          .load = load_location,
          .create = &Store::create_location,
          .update = [](Ctx& c, const Location& l,
                       const std::string&) { return c.store.update_location(l); },
          .list = list_locations});
}

}  // namespace oiis::server
