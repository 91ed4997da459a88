#include <array>
#include <utility>

#include "domain/types.h"

namespace oiis {
namespace {

template <typename E, size_t N>
Result<E> parse_enum(std::string_view s, const std::array<std::pair<E, std::string_view>, N>& names,
                     const char* what) {
  for (const auto& [value, name] : names)
    if (name == s) return value;
  std::string allowed;
  for (const auto& [value, name] : names) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
  return invalid_argument("unknown " + std::string(what) + " '" + std::string(s) +
                          "' (expected one of: " + allowed + ")");
}

template <typename E, size_t N>
std::string_view name_of(E value, const std::array<std::pair<E, std::string_view>, N>& names) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "unknown";
}

constexpr std::array<std::pair<OrderStatus, std::string_view>, 6> kOrderStatusNames{{
    {OrderStatus::kPlaced, "placed"},
    {OrderStatus::kPaid, "paid"},
    {OrderStatus::kShipped, "shipped"},
    {OrderStatus::kDelivered, "delivered"},
    {OrderStatus::kCancelled, "cancelled"},
    {OrderStatus::kReturned, "returned"},
}};

constexpr std::array<std::pair<MovementType, std::string_view>, 6> kMovementNames{{
    {MovementType::kReceipt, "receipt"},
    {MovementType::kSale, "sale"},
    {MovementType::kReturn, "return"},
    {MovementType::kAdjustment, "adjustment"},
    {MovementType::kCount, "count"},
    {MovementType::kTransfer, "transfer"},
}};

constexpr std::array<std::pair<PurchaseOrderStatus, std::string_view>, 5> kPoStatusNames{{
    {PurchaseOrderStatus::kDraft, "draft"},
    {PurchaseOrderStatus::kOrdered, "ordered"},
    {PurchaseOrderStatus::kPartiallyReceived, "partially_received"},
    {PurchaseOrderStatus::kReceived, "received"},
    {PurchaseOrderStatus::kCancelled, "cancelled"},
}};

constexpr std::array<std::pair<Role, std::string_view>, 3> kRoleNames{{
    {Role::kRead, "read"},
    {Role::kWrite, "write"},
    {Role::kAdmin, "admin"},
}};

}  // namespace

std::string_view to_string(OrderStatus s) { return name_of(s, kOrderStatusNames); }
Result<OrderStatus> parse_order_status(std::string_view s) {
  return parse_enum(s, kOrderStatusNames, "order status");
}
std::string_view to_string(MovementType t) { return name_of(t, kMovementNames); }
Result<MovementType> parse_movement_type(std::string_view s) {
  return parse_enum(s, kMovementNames, "movement type");
}
std::string_view to_string(PurchaseOrderStatus s) { return name_of(s, kPoStatusNames); }
Result<PurchaseOrderStatus> parse_purchase_order_status(std::string_view s) {
  return parse_enum(s, kPoStatusNames, "purchase order status");
}
std::string_view to_string(Role r) { return name_of(r, kRoleNames); }
Result<Role> parse_role(std::string_view s) { return parse_enum(s, kRoleNames, "role"); }

bool is_allowed_transition(OrderStatus from, OrderStatus to) {
  using S = OrderStatus;
  switch (from) {
    case S::kPlaced: return to == S::kPaid || to == S::kShipped || to == S::kCancelled;
    case S::kPaid: return to == S::kShipped || to == S::kCancelled;
    case S::kShipped: return to == S::kDelivered || to == S::kReturned;
    case S::kDelivered: return to == S::kReturned;
    case S::kCancelled:
    case S::kReturned: return false;
  }
  return false;
}

}  // namespace oiis
