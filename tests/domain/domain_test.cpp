#include <gtest/gtest.h>

#include "domain/json.h"
#include "domain/validation.h"

namespace oiis {
namespace {

Product valid_product() {
  Product p;
  p.sku = "SKU-1";
  p.name = "Mug";
  p.price = 4.5;
  p.cost = 2.0;
  return p;
}

TEST(ProductValidation, AcceptsAValidProduct) { EXPECT_TRUE(validate(valid_product()).is_ok()); }

TEST(ProductValidation, NamesTheBadField) {
  auto check = [](auto mutate, const char* field) {
    Product p = valid_product();
    mutate(p);
    Status s = validate(p);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << field;
    EXPECT_EQ(s.field(), field);
  };
  check([](Product& p) { p.sku.clear(); }, "sku");
  check([](Product& p) { p.sku = std::string(65, 'x'); }, "sku");
  check([](Product& p) { p.name = "bad\nname"; }, "name");
  check([](Product& p) { p.price = 0; }, "price");
  check([](Product& p) { p.price = -1; }, "price");
  check([](Product& p) { p.cost = -0.01; }, "cost");
  check([](Product& p) { p.pack_size = 0; }, "pack_size");
  check([](Product& p) { p.attributes_json = "[1]"; }, "attributes");
}

TEST(SupplierValidation, RejectsNegativeLeadTime) {
  Supplier s;
  s.name = "Acme";
  s.lead_time_mean_days = -1;
  EXPECT_EQ(validate(s).field(), "lead_time_mean_days");
}

TEST(OrderStatusTransitions, FollowTheLifeCycle) {
  using S = OrderStatus;
  EXPECT_TRUE(is_allowed_transition(S::kPlaced, S::kCancelled));
  EXPECT_TRUE(is_allowed_transition(S::kShipped, S::kDelivered));
  EXPECT_TRUE(is_allowed_transition(S::kDelivered, S::kReturned));
  EXPECT_FALSE(is_allowed_transition(S::kShipped, S::kCancelled));
  EXPECT_FALSE(is_allowed_transition(S::kCancelled, S::kPlaced));
  EXPECT_FALSE(is_allowed_transition(S::kPlaced, S::kReturned));
}

TEST(EnumNames, RoundTripAndRejectUnknown) {
  for (auto s : {OrderStatus::kPlaced, OrderStatus::kReturned})
    EXPECT_EQ(*parse_order_status(to_string(s)), s);
  EXPECT_EQ(*parse_movement_type("count"), MovementType::kCount);
  auto bad = parse_role("root");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("admin"), std::string::npos);  // lists the choices
  EXPECT_TRUE(role_allows(Role::kAdmin, Role::kWrite));
  EXPECT_FALSE(role_allows(Role::kRead, Role::kWrite));
}

TEST(ProductJson, RoundTrips) {
  Product p = valid_product();
  p.id = 7;
  p.supplier_id = 3;
  p.attributes_json = R"({"colour":"red"})";
  p.created_at = 1700000000;
  Product back;
  ASSERT_TRUE(read_json(to_json(p), back).is_ok());
  EXPECT_EQ(back.sku, p.sku);
  EXPECT_EQ(back.supplier_id, p.supplier_id);
  EXPECT_EQ(Json::parse(back.attributes_json), Json::parse(p.attributes_json));
  EXPECT_EQ(back.created_at, p.created_at);
}

TEST(ProductJson, PatchChangesOnlyPresentKeysAndNullClearsSupplier) {
  Product p = valid_product();
  p.supplier_id = 3;
  ASSERT_TRUE(read_json(Json{{"price", 9.0}, {"supplier_id", nullptr}}, p).is_ok());
  EXPECT_DOUBLE_EQ(p.price, 9.0);
  EXPECT_EQ(p.name, "Mug");
  EXPECT_FALSE(p.supplier_id.has_value());
}

TEST(OrderJson, LineErrorsNameTheLine) {
  Order o;
  Status s = read_json(Json{{"lines", {{{"sku", "A"}, {"quantity", 1}}, {{"sku", "B"}}}}}, o);
  EXPECT_EQ(s.field(), "lines[1].quantity");
  s = read_json(Json{{"status", "lost"}}, o);
  EXPECT_EQ(s.field(), "status");
}

TEST(OrderJson, RoundTripsWithTotals) {
  Order o;
  o.id = 1;
  o.customer_id = 5;
  o.status = OrderStatus::kDelivered;
  o.placed_at = 1700000000;
  o.fulfilled_at = 1700086400;
  o.lines = {{0, 1, 2, "A", 3, 2.0, 1.0}};
  Json j = to_json(o);
  EXPECT_DOUBLE_EQ(j["total"].get<double>(), 5.0);
  Order back;
  ASSERT_TRUE(read_json(j, back).is_ok()) << read_json(j, back).to_string();
  EXPECT_EQ(back.lines.size(), 1u);
  EXPECT_EQ(back.fulfilled_at, o.fulfilled_at);
  EXPECT_EQ(back.status, OrderStatus::kDelivered);
}

}  // namespace
}  // namespace oiis
