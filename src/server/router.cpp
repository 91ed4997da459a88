#include "server/router.h"

namespace oiis::server {
namespace {

constexpr std::size_t kMaxSegments = 8;

// Splits "/a/b/c" into {"a","b","c"}; returns the count, or kMaxSegments+1 when too many.
std::size_t split(std::string_view path, std::array<std::string_view, kMaxSegments>& out) {
  std::size_t n = 0;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  while (!path.empty()) {
    if (n == kMaxSegments) return kMaxSegments + 1;
    auto slash = path.find('/');
    out[n++] = path.substr(0, slash);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return n;
}

}  // namespace

Router::Router(const RouteTable& table) {
  for (const auto& spec : table) {
    Compiled c;
    c.method = spec.method;
    std::array<std::string_view, kMaxSegments> segs;
    std::size_t n = split(spec.pattern, segs);
    for (std::size_t i = 0; i < n && i < kMaxSegments; ++i) {
      bool param = segs[i].size() > 2 && segs[i].front() == '{' && segs[i].back() == '}';
      c.segments.emplace_back(param ? std::string_view() : segs[i]);
      if (!param) ++c.literals;
    }
    routes_.push_back(std::move(c));
  }
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch m;
  std::array<std::string_view, kMaxSegments> segs;
  const std::size_t n = split(path, segs);
  int best = -1;
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    const Compiled& c = routes_[r];
    if (c.segments.size() != n) continue;
    bool ok = true;
    for (std::size_t i = 0; i < n && ok; ++i)
      ok = c.segments[i].empty() ? !segs[i].empty() : c.segments[i] == segs[i];
    if (!ok) continue;
    if (c.method != method) {
      if (m.allow.find(c.method) == std::string::npos)
        m.allow += (m.allow.empty() ? "" : ", ") + c.method;
      continue;
    }
    if (c.literals <= best) continue;
    best = c.literals;
    m.kind = RouteMatch::kFound;
    m.route = r;
    std::size_t p = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (c.segments[i].empty() && p < m.path.size()) m.path[p++] = segs[i];
  }
  if (m.kind != RouteMatch::kFound && !m.allow.empty()) m.kind = RouteMatch::kWrongMethod;
  return m;
}

}  // namespace oiis::server
