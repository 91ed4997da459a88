// Matches request paths against the route table's patterns without regexes: patterns are
// split into segments once; literal segments beat {param} segments.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "server/api.h"

namespace oiis::server {

struct RouteMatch {
  enum Kind { kFound, kNoPath, kWrongMethod } kind = kNoPath;
  std::size_t route = 0;                 // index into the table when kFound
  std::array<std::string_view, 3> path{};  // parameters, views into the request path
  std::string allow;                     // "GET, POST" when kWrongMethod
};

class Router {
 public:
  explicit Router(const RouteTable& table);
  RouteMatch match(std::string_view method, std::string_view path) const;

 private:
  struct Compiled {
    std::string method;
    std::vector<std::string> segments;  // "" marks a parameter
    int literals = 0;
  };
  std::vector<Compiled> routes_;
};

}  // namespace oiis::server
