// Text helpers the assistant's readers share (entities, periods, the router, the lexicon): ASCII
// lowercase, the words of a question, one-typo matching, and pattern tests whose regular
// expressions are compiled once, not on every question.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace oiis::agents {

// ASCII lowercase.
std::string lowercase(std::string_view text);

// Lowercase words of a text with apostrophes dropped ("Nonna's" -> "nonnas"); a short number
// run into letters starts a new word ("2pk" -> "2", "pk").
std::vector<std::string> words_of(std::string_view text);

// At most one insertion, deletion, substitution or swap of neighbours apart.
bool within_one_edit(const std::string& a, const std::string& b);

// Does `pattern` (an ECMAScript regular expression, a string literal: its compiled form is kept
// by the literal's address) occur in `text`?
bool matches(std::string_view text, const char* pattern);

}  // namespace oiis::agents
