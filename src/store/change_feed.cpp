#include "store/change_feed.h"

#include <array>
#include <utility>

#include "store/postgres/pg_change_listener.h"

namespace oiis {

Result<std::unique_ptr<ChangeFeed>> watch_store_changes(const std::string& store_url,
                                                        ChangeHandler on_change) {
  if (store_url.rfind("postgresql://", 0) != 0 && store_url.rfind("postgres://", 0) != 0)
    return std::unique_ptr<ChangeFeed>();
  return std::unique_ptr<ChangeFeed>(
      std::make_unique<pg::ChangeListener>(store_url, std::move(on_change)));
}

std::optional<ChangeNotice> parse_change_notice(std::string_view payload) {
  static constexpr std::array<std::pair<std::string_view, ChangeNotice::Kind>, 3> kKinds = {{
      {"api_key", ChangeNotice::Kind::kApiKey},
      {"product", ChangeNotice::Kind::kProduct},
      {"model", ChangeNotice::Kind::kModel},
  }};
  const auto colon = payload.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view kind = payload.substr(0, colon);
  for (const auto& [name, value] : kKinds)
    if (kind == name) return ChangeNotice{value, std::string(payload.substr(colon + 1))};
  return std::nullopt;
}

}  // namespace oiis
