#include "server/metrics.h"

#include <cstdio>

namespace oiis::server {
namespace {

void append_number(std::string& out, double v) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%.9g", v);
  out.append(buf, static_cast<std::size_t>(n));
}

void append_sample(std::string& out, std::string_view name, std::string_view suffix,
                   std::string_view labels, std::string_view extra_label, double value) {
  out.append(name).append(suffix).append("{").append(labels);
  if (!extra_label.empty()) out.append(labels.empty() ? "" : ",").append(extra_label);
  out.append("} ");
  append_number(out, value);
  out.push_back('\n');
}

}  // namespace

void Histogram::observe(std::int64_t nanos) {
  const double seconds = static_cast<double>(nanos) * 1e-9;
  std::size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_nanos_.fetch_add(static_cast<std::uint64_t>(nanos < 0 ? 0 : nanos),
                       std::memory_order_relaxed);
}

void Histogram::render(std::string& out, std::string_view name, std::string_view labels) const {
  std::uint64_t cumulative = 0;
  char le[48];
  for (std::size_t i = 0; i <= kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    if (i < kBounds.size())
      std::snprintf(le, sizeof le, "le=\"%g\"", kBounds[i]);
    else
      std::snprintf(le, sizeof le, "le=\"+Inf\"");
    append_sample(out, name, "_bucket", labels, le, static_cast<double>(cumulative));
  }
  append_sample(out, name, "_sum", labels, {},
                static_cast<double>(sum_nanos_.load(std::memory_order_relaxed)) * 1e-9);
  append_sample(out, name, "_count", labels, {}, static_cast<double>(count()));
}

HttpMetrics::HttpMetrics(std::vector<RouteLabel> routes)
    : routes_(std::move(routes)), slots_(new Slot[routes_.size() + 1]) {}

void HttpMetrics::record(std::size_t slot, int status, std::int64_t nanos) {
  if (slot > routes_.size()) slot = routes_.size();
  if (status < kMinStatus || status > kMaxStatus) status = 500;
  slots_[slot].by_status[status - kMinStatus].fetch_add(1, std::memory_order_relaxed);
  slots_[slot].latency.observe(nanos);
}

void HttpMetrics::render(std::string& out) const {
  auto labels_of = [&](std::size_t i) {
    if (i == routes_.size()) return std::string("route=\"unmatched\",method=\"any\"");
    return "route=\"" + routes_[i].pattern + "\",method=\"" + routes_[i].method + "\"";
  };
  out += "# HELP oiis_http_requests_total HTTP requests by route pattern, method and status.\n";
  out += "# TYPE oiis_http_requests_total counter\n";
  for (std::size_t i = 0; i <= routes_.size(); ++i) {
    for (int s = kMinStatus; s <= kMaxStatus; ++s) {
      auto n = slots_[i].by_status[s - kMinStatus].load(std::memory_order_relaxed);
      if (n == 0) continue;
      append_sample(out, "oiis_http_requests_total", "", labels_of(i),
                    "status=\"" + std::to_string(s) + "\"", static_cast<double>(n));
    }
  }
  out += "# HELP oiis_http_request_duration_seconds Handler latency by route pattern.\n";
  out += "# TYPE oiis_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i <= routes_.size(); ++i) {
    if (slots_[i].latency.count() == 0) continue;
    slots_[i].latency.render(out, "oiis_http_request_duration_seconds", labels_of(i));
  }
}

StoreMetrics::StoreMetrics(std::vector<std::string_view> ops)
    : names_(std::move(ops)), ops_(new Histogram[names_.size()]) {}

void StoreMetrics::render(std::string& out) const {
  out += "# HELP oiis_store_operation_duration_seconds Store call latency by operation.\n";
  out += "# TYPE oiis_store_operation_duration_seconds histogram\n";
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (ops_[i].count() == 0) continue;
    ops_[i].render(out, "oiis_store_operation_duration_seconds",
                   "op=\"" + std::string(names_[i]) + "\"");
  }
}

}  // namespace oiis::server
