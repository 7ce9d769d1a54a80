// Glob, action and ARN matching for IAM policies (iam-evaluation.md §4).
#include "authz/wildcard.h"

#include <cctype>

namespace rsemu::authz {
namespace {

inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline char Fold(char c, bool ci) { return ci ? Lower(c) : c; }

bool EqualsFolded(std::string_view lower_pattern, std::string_view text) {
  if (lower_pattern.size() != text.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (Lower(text[i]) != lower_pattern[i]) return false;
  }
  return true;
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text, bool case_insensitive,
               std::string_view literal_mask) {
  const bool masked = !literal_mask.empty();
  auto is_wild = [&](size_t i, char w) {
    return pattern[i] == w && (!masked || literal_mask[i] != '1');
  };
  size_t p = 0, t = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      if (is_wild(p, '*')) {
        star_p = p++;
        star_t = t;
        continue;
      }
      if (is_wild(p, '?') ||
          Fold(pattern[p], case_insensitive) == Fold(text[t], case_insensitive)) {
        ++p;
        ++t;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    // Backtrack: let the last `*` swallow one more character.
    p = star_p + 1;
    t = ++star_t;
  }
  while (p < pattern.size() && is_wild(p, '*')) ++p;
  return p == pattern.size();
}

ActionPattern CompileAction(std::string_view entry) {
  ActionPattern out;
  if (entry == "*") {
    out.any = true;
    return out;
  }
  for (char c : entry) {
    if (std::isspace(static_cast<unsigned char>(c))) out.never = true;
  }
  size_t colon = entry.find(':');
  std::string_view prefix = entry.substr(0, colon);
  std::string_view name = colon == std::string_view::npos ? "" : entry.substr(colon + 1);
  out.prefix.reserve(prefix.size());
  for (char c : prefix) out.prefix.push_back(Fold(c, true));
  out.name.reserve(name.size());
  for (char c : name) out.name.push_back(Fold(c, true));
  size_t wild = out.name.find_first_of("*?");
  out.literal = wild == std::string::npos;
  out.literal_prefix = out.literal ? out.name.size() : wild;
  return out;
}

bool MatchAction(const ActionPattern& pattern, std::string_view action) {
  if (pattern.never) return false;
  if (pattern.any) return true;
  size_t colon = action.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view prefix = action.substr(0, colon);
  if (prefix.size() != pattern.prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Fold(prefix[i], true) != pattern.prefix[i]) return false;
  }
  std::string_view name = action.substr(colon + 1);
  if (pattern.literal) return EqualsFolded(pattern.name, name);
  // Cheap rejection on the literal text before the first wildcard.
  if (name.size() < pattern.literal_prefix) return false;
  for (size_t i = 0; i < pattern.literal_prefix; ++i) {
    if (Lower(name[i]) != pattern.name[i]) return false;
  }
  return GlobMatch(pattern.name, name, /*case_insensitive=*/true);
}

bool MatchLoweredAction(const ActionPattern& pattern, std::string_view action) {
  if (pattern.never) return false;
  if (pattern.any) return true;
  size_t prefix = pattern.prefix.size();
  if (action.size() <= prefix || action[prefix] != ':' ||
      action.compare(0, prefix, pattern.prefix) != 0) {
    return false;
  }
  std::string_view name = action.substr(prefix + 1);
  if (pattern.literal) return name == pattern.name;
  if (name.compare(0, pattern.literal_prefix, pattern.name, 0, pattern.literal_prefix) != 0) {
    return false;
  }
  return GlobMatch(pattern.name, name);
}

ArnFields SplitArn(std::string_view arn) {
  ArnFields out;
  size_t start = 0;
  while (out.count < 5) {
    size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) break;
    out.field[out.count++] = arn.substr(start, colon - start);
    start = colon + 1;
  }
  out.field[out.count++] = arn.substr(start);
  return out;
}

bool MatchArnHead(const ResourcePattern& pattern, const ArnFields& arn) {
  if (arn.count != 6) return false;
  // Most selective fields first: account, region, service.
  for (size_t i : {4, 3, 2, 1, 0}) {
    switch (pattern.head_kind[i]) {
      case ResourcePattern::Field::kAny:
        break;
      case ResourcePattern::Field::kLiteral:
        if (pattern.head[i] != arn.field[i]) return false;
        break;
      case ResourcePattern::Field::kGlob:
        if (!GlobMatch(pattern.head[i], arn.field[i])) return false;
        break;
    }
  }
  return true;
}

bool MatchArn(std::string_view pattern, std::string_view arn, std::string_view literal_mask) {
  ArnFields value = SplitArn(arn);
  if (value.count != 6) return false;
  // Split the pattern (and its mask) at the same five colons.
  size_t start = 0;
  for (size_t i = 0; i < 6; ++i) {
    size_t end = i < 5 ? pattern.find(':', start) : pattern.size();
    if (end == std::string_view::npos) {
      // Fewer than six fields in the pattern: missing fields are "*".
      std::string_view piece = pattern.substr(start);
      std::string_view mask = literal_mask.empty() ? literal_mask : literal_mask.substr(start);
      if (!GlobMatch(piece, value.field[i], false, mask)) return false;
      return true;
    }
    std::string_view piece = pattern.substr(start, end - start);
    std::string_view mask =
        literal_mask.empty() ? literal_mask : literal_mask.substr(start, end - start);
    if (!GlobMatch(piece, value.field[i], false, mask)) return false;
    start = end + 1;
  }
  return true;
}

}  // namespace rsemu::authz
