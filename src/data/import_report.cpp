// Text and JSON renderings of an ImportReport.
#include <cstdio>

#include "data/importer.h"

namespace oiis {
namespace {

std::string money(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string rejection_text(const Rejection& r) {
  std::string s = "line " + std::to_string(r.line);
  if (!r.field.empty()) s += ", field " + r.field;
  return s + ": " + r.reason;
}

}  // namespace

std::string ImportReport::summary() const {
  std::string s;
  if (committed) {
    s = "imported " + std::to_string(rows_taken) + " of " + std::to_string(rows_read) + " rows";
    if (rows_rejected > 0) s += "; " + std::to_string(rows_rejected) + " rejected";
  } else {
    s = std::to_string(rows_invalid) + " of " + std::to_string(rows_read) +
        " rows are invalid; nothing was imported";
  }
  const size_t shown = std::min<size_t>(first_rejections.size(), 5);
  for (size_t i = 0; i < shown && rows_invalid > 0 && !committed; ++i)
    s += "\n  " + rejection_text(first_rejections[i]);
  if (!committed && rows_invalid > static_cast<std::int64_t>(shown))
    s += "\n  ... and " + std::to_string(rows_invalid - static_cast<std::int64_t>(shown)) + " more";
  if (!committed)
    s += "\nfix the rows, or pass --skip-invalid (with --rejects FILE) to import the valid ones";
  return s;
}

std::string ImportReport::to_text() const {
  std::string s;
  auto line = [&](const std::string& k, const std::string& v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "  %-22s ", k.c_str());
    s += buf + v + "\n";
  };
  s += "import " + entity + " (" + format + ") from " + file + "\n";
  line("rows read", std::to_string(rows_read));
  line("rows taken", std::to_string(rows_taken));
  line("rows rejected", std::to_string(rows_rejected));
  for (const auto& [reason, n] : rejected_by_reason) line("  " + reason, std::to_string(n));
  if (!online_retail) {
    line(entity + " accepted", std::to_string(items_taken));
    if (lines_taken > 0) line("lines accepted", std::to_string(lines_taken));
  }
  if (online_retail) {
    const OnlineRetailSummary& o = *online_retail;
    line("invoices (orders)", std::to_string(o.invoices));
    line("  cancellations", std::to_string(o.cancellations) + " (credit notes, " +
                                std::to_string(o.cancellation_rows) + " rows)");
    line("  guest orders",
         std::to_string(o.guest_orders) + " (" + std::to_string(o.guest_rows) + " rows)");
    line("customers",
         std::to_string(o.customers) + " (" + std::to_string(o.new_customers) + " new)");
    line("products", std::to_string(o.products) + " (" + std::to_string(o.new_products) + " new)");
    line("countries", std::to_string(o.countries));
    if (o.first_invoice_at)
      line("date range",
           format_timestamp(*o.first_invoice_at) + " .. " + format_timestamp(*o.last_invoice_at));
    line("net revenue", money(o.net_revenue) + " (sales minus cancellations)");
    line("source invoices", std::to_string(o.source_invoices));
    line("source C-invoice rows", std::to_string(o.source_cancellation_rows));
    line("source guest rows", std::to_string(o.source_guest_rows));
    if (o.created_location) line("location", "created MAIN");
  }
  line("committed", committed ? "yes" : "no");
  char secs[64];
  std::snprintf(secs, sizeof secs, "%.2f s (%.0f rows/s)", seconds,
                seconds > 0 ? static_cast<double>(rows_read) / seconds : 0.0);
  line("time", secs);
  if (!first_rejections.empty()) {
    s += "  first rejections:\n";
    for (const auto& r : first_rejections) s += "    " + rejection_text(r) + "\n";
  }
  return s;
}

nlohmann::json ImportReport::to_json() const {
  nlohmann::json rejections = nlohmann::json::array();
  for (const auto& r : first_rejections)
    rejections.push_back({{"line", r.line}, {"field", r.field}, {"reason", r.reason}});
  nlohmann::json j = {{"entity", entity},
                      {"format", format},
                      {"file", file},
                      {"rows_read", rows_read},
                      {"rows_taken", rows_taken},
                      {"rows_rejected", rows_rejected},
                      {"rows_invalid", rows_invalid},
                      {"rejected_by_reason", rejected_by_reason},
                      {"items_taken", items_taken},
                      {"lines_taken", lines_taken},
                      {"first_rejections", rejections},
                      {"committed", committed},
                      {"seconds", seconds}};
  if (online_retail) {
    const OnlineRetailSummary& o = *online_retail;
    auto time_or_null = [](const std::optional<Timestamp>& t) {
      return t ? nlohmann::json(format_timestamp(*t)) : nlohmann::json(nullptr);
    };
    j["online_retail"] = {{"invoices", o.invoices},
                          {"cancellations", o.cancellations},
                          {"cancellation_rows", o.cancellation_rows},
                          {"guest_orders", o.guest_orders},
                          {"guest_rows", o.guest_rows},
                          {"customers", o.customers},
                          {"new_customers", o.new_customers},
                          {"products", o.products},
                          {"new_products", o.new_products},
                          {"countries", o.countries},
                          {"created_location", o.created_location},
                          {"first_invoice_at", time_or_null(o.first_invoice_at)},
                          {"last_invoice_at", time_or_null(o.last_invoice_at)},
                          {"net_revenue", o.net_revenue},
                          {"source_invoices", o.source_invoices},
                          {"source_cancellation_rows", o.source_cancellation_rows},
                          {"source_guest_rows", o.source_guest_rows}};
  }
  return j;
}

}  // namespace oiis
