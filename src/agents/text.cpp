#include "agents/text.h"

#include <cctype>
#include <memory>
#include <mutex>
#include <regex>
#include <unordered_map>

namespace oiis::agents {

bool within_one_edit(const std::string& a, const std::string& b) {
  if (a == b) return true;
  size_t n = a.size(), m = b.size();
  if (n + 1 < m || m + 1 < n) return false;
  if (n == m) {
    size_t i = 0;
    while (i < n && a[i] == b[i]) ++i;
    if (i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2))
      return true;
    return a.substr(i + 1) == b.substr(i + 1);
  }
  const std::string& s = n < m ? a : b;
  const std::string& l = n < m ? b : a;
  size_t i = 0;
  while (i < s.size() && s[i] == l[i]) ++i;
  return s.substr(i) == l.substr(i + 1);
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (ch == '\'') continue;
    // "2pk" is "2 pk": a digit next to a letter starts a new word.
    bool boundary = !cur.empty() && std::isalnum(c) &&
                    (std::isdigit(static_cast<unsigned char>(cur.back())) != 0) != (std::isdigit(c) != 0);
    if (boundary && cur.size() <= 2 && std::isdigit(static_cast<unsigned char>(cur.back()))) {
      out.push_back(std::move(cur));
      cur.clear();
    }
    if (std::isalnum(c)) {
      cur += static_cast<char>(std::tolower(c));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool matches(std::string_view text, const char* pattern) {
  static std::mutex mutex;
  static std::unordered_map<const char*, std::shared_ptr<const std::regex>> compiled;
  std::shared_ptr<const std::regex> re;
  {
    std::lock_guard lock(mutex);
    auto& slot = compiled[pattern];
    if (!slot) slot = std::make_shared<const std::regex>(pattern);
    re = slot;
  }
  return std::regex_search(text.begin(), text.end(), *re);
}

}  // namespace oiis::agents
