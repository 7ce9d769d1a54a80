// A deliberately naive reference evaluator for differential property tests.
// Written independently of authz/evaluator.cpp and friends: it shares only the
// AST (policy.h, the as-written fields) and re-derives everything from the
// text on every call — slow and simple on purpose. It covers the subset of
// the language the property generator produces: Action/NotAction,
// Resource/NotResource with ${aws:username}, and the String*, Numeric*, Bool
// and Null operators with IfExists and ForAnyValue/ForAllValues.
#pragma once

#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "authz/policy.h"

namespace rsemu::authz::reference {

using Context = std::map<std::string, std::vector<std::string>>;  // lower-case keys

inline std::string ToLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Recursive glob: obviously correct, exponential in the worst case.
inline bool Glob(const std::string& p, size_t i, const std::string& t, size_t j) {
  if (i == p.size()) return j == t.size();
  if (p[i] == '*') {
    for (size_t k = j; k <= t.size(); ++k) {
      if (Glob(p, i + 1, t, k)) return true;
    }
    return false;
  }
  if (j == t.size()) return false;
  if (p[i] == '?' || p[i] == t[j]) return Glob(p, i + 1, t, j + 1);
  return false;
}
inline bool Glob(const std::string& p, const std::string& t) { return Glob(p, 0, t, 0); }

inline std::vector<std::string> SplitSix(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ':' && out.size() < 5) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

inline bool ActionMatches(const std::string& pattern, const std::string& action) {
  if (pattern == "*") return true;
  return Glob(ToLower(pattern), ToLower(action));
}

// Substitutes ${aws:username}; nullopt when it has no value.
inline std::optional<std::string> Substitute(const std::string& text, const Context& ctx,
                                             bool enabled) {
  const std::string var = "${aws:username}";
  size_t at = text.find(var);
  if (!enabled || at == std::string::npos) return text;
  auto it = ctx.find("aws:username");
  if (it == ctx.end() || it->second.size() != 1) return std::nullopt;
  return text.substr(0, at) + it->second[0] + text.substr(at + var.size());
}

inline bool ResourceMatches(const std::string& raw, const std::string& resource, const Context& ctx,
                            bool variables) {
  if (raw == "*") return true;
  if (resource == "*") return false;
  std::optional<std::string> pattern = Substitute(raw, ctx, variables);
  if (!pattern) return false;
  std::vector<std::string> p = SplitSix(*pattern), r = SplitSix(resource);
  if (r.size() != 6) return false;
  while (p.size() < 6) p.push_back("*");
  for (size_t i = 0; i < 6; ++i) {
    if (!Glob(p[i], r[i])) return false;
  }
  return true;
}

inline bool Negated(const std::string& base) { return base.find("Not") != std::string::npos; }

// Does request value `v` satisfy the (positive form of the) operator for policy value `pv`?
inline bool PositiveMatch(const std::string& base, const std::string& v, const std::string& pv) {
  if (base == "StringEquals" || base == "StringNotEquals") return v == pv;
  if (base == "StringLike" || base == "StringNotLike") return Glob(pv, v);
  if (base == "NumericLessThan")
    return std::strtod(v.c_str(), nullptr) < std::strtod(pv.c_str(), nullptr);
  if (base == "NumericEquals")
    return std::strtod(v.c_str(), nullptr) == std::strtod(pv.c_str(), nullptr);
  if (base == "Bool") return ToLower(v) == ToLower(pv);
  return false;
}

inline bool ValueSatisfies(const Condition& c, const std::string& v, const Context& ctx,
                           bool variables) {
  bool any = false;
  for (const std::string& raw : c.values) {
    std::optional<std::string> pv = Substitute(raw, ctx, variables);
    if (!pv) {
      if (Negated(c.base_op)) continue;  // a missing variable is "not equal"
      continue;
    }
    if (PositiveMatch(c.base_op, v, *pv)) any = true;
  }
  return Negated(c.base_op) ? !any : any;
}

inline bool ConditionHolds(const Condition& c, const Context& ctx, bool variables) {
  std::string key = ToLower(c.key);
  auto it = ctx.find(key);
  if (c.base_op == "Null") {
    bool absent = it == ctx.end();
    for (const std::string& v : c.values) {
      if ((ToLower(v) == "true") == absent) return true;
    }
    return false;
  }
  if (it == ctx.end()) {
    if (c.if_exists) return true;
    if (c.set == Condition::SetQualifier::kForAllValues) return true;
    if (c.set == Condition::SetQualifier::kForAnyValue) return false;
    return Negated(c.base_op);
  }
  const std::vector<std::string>& values = it->second;
  if (c.set == Condition::SetQualifier::kForAllValues) {
    for (const std::string& v : values) {
      if (!ValueSatisfies(c, v, ctx, variables)) return false;
    }
    return true;
  }
  if (c.set == Condition::SetQualifier::kForAnyValue) {
    for (const std::string& v : values) {
      if (ValueSatisfies(c, v, ctx, variables)) return true;
    }
    return false;
  }
  if (values.size() != 1 || key == "aws:tagkeys") return false;
  return ValueSatisfies(c, values[0], ctx, variables);
}

inline bool Applies(const Statement& s, const std::string& action, const std::string& resource,
                    const Context& ctx, bool variables) {
  bool a = false;
  for (const std::string& p : s.actions) a = a || ActionMatches(p, action);
  if (s.not_action) a = !a;
  if (!a) return false;
  if (s.has_resource) {
    bool r = false;
    for (const std::string& p : s.resources) r = r || ResourceMatches(p, resource, ctx, variables);
    if (s.not_resource) r = !r;
    if (!r) return false;
  }
  for (const Condition& c : s.conditions) {
    if (!ConditionHolds(c, ctx, variables)) return false;
  }
  return true;
}

enum class Outcome { kAllow, kExplicitDeny, kImplicitDeny };

inline Outcome Decide(const std::vector<PolicyPtr>& identity,
                      const std::optional<std::vector<PolicyPtr>>& session,
                      const std::string& action, const std::string& resource, const Context& ctx) {
  bool identity_allow = false, session_allow = false;
  for (const PolicyPtr& p : identity) {
    for (const Statement& s : p->statements) {
      if (!Applies(s, action, resource, ctx, p->version == "2012-10-17")) continue;
      if (s.effect == Effect::kDeny) return Outcome::kExplicitDeny;
      identity_allow = true;
    }
  }
  if (session) {
    for (const PolicyPtr& p : *session) {
      for (const Statement& s : p->statements) {
        if (!Applies(s, action, resource, ctx, p->version == "2012-10-17")) continue;
        if (s.effect == Effect::kDeny) return Outcome::kExplicitDeny;
        session_allow = true;
      }
    }
  }
  if (!identity_allow) return Outcome::kImplicitDeny;
  if (session && !session_allow) return Outcome::kImplicitDeny;
  return Outcome::kAllow;
}

}  // namespace rsemu::authz::reference
