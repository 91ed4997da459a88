// The business overview (services/overview_service.h): the dashboard's KPIs.
#include "server/api.h"
#include "services/overview_service.h"

namespace oiis::server {
namespace {

Status kpis(Ctx& c) {
  services::OverviewOptions options;
  std::optional<std::string> period, as_of;
  OIIS_RETURN_IF_ERROR(query_text(c, "period", period));
  OIIS_RETURN_IF_ERROR(query_text(c, "as_of", as_of));
  if (period) options.period = *period;
  if (as_of) {
    auto day = parse_date(*as_of);
    if (!day) return invalid_argument("as_of must be a day YYYY-MM-DD", "as_of");
    options.as_of = *day;
  }
  auto overview = services::business_overview(c.store, options);
  if (!overview) return overview.status();
  return reply(c, *overview);
}

}  // namespace

void add_overview_routes(RouteTable& t) {
  t.push_back({"GET", "/api/v1/kpis", Role::kRead, "overview",
               "Business KPIs over a rolling window ending on as_of, beside the window before it and "
               "the same window a year earlier (364 days back), with daily series for sparklines: revenue, "
               "orders, average order value, units, order fill rate (flows); inventory value, turnover, "
               "stock-outs, open alerts (as of now). A figure that cannot be known is null with `missing`",
               "", "", 200,
               {{"period", "enum:week|month|quarter|year", "Window: 7, 30, 91 or 364 days (default month)"},
                {"as_of", "string", "Last day of the window, YYYY-MM-DD (default: the last order's day)"}},
               kpis});
}

}  // namespace oiis::server
