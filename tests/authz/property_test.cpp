// Property tests over seeded random policies and requests: agreement with the
// naive reference evaluator, order independence, monotonicity of Allow and
// Deny, and that an applicable Deny always wins.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "authz/evaluator.h"
#include "authz/policy_parser.h"
#include "common/random.h"
#include "tests/authz/reference_evaluator.h"

namespace rsemu::authz {
namespace {

constexpr const char* kActions[] = {
    "redshift:*", "redshift:Describe*",     "redshift:ModifyCluster", "redshift:DeleteCluster",
    "*",          "redshift:?odifyCluster", "REDSHIFT:deletecluster", "iam:*"};
constexpr const char* kRequestActions[] = {"redshift:ModifyCluster", "redshift:DeleteCluster",
                                           "redshift:DescribeClusters", "iam:ListUsers"};
constexpr const char* kResources[] = {
    "*",
    "arn:aws:redshift:us-east-1:111122223333:cluster:c1",
    "arn:aws:redshift:us-east-1:111122223333:cluster:*",
    "arn:aws:redshift:*:111122223333:cluster:prod-*",
    "arn:aws:redshift:us-east-1:111122223333:cluster:${aws:username}-*",
    "arn:aws:redshift:us-west-2:*:*",
    "arn:aws:redshift:*:*:snapshot:c1/*"};
constexpr const char* kRequestResources[] = {
    "*",
    "arn:aws:redshift:us-east-1:111122223333:cluster:c1",
    "arn:aws:redshift:us-east-1:111122223333:cluster:prod-1",
    "arn:aws:redshift:us-east-1:111122223333:cluster:alice-x",
    "arn:aws:redshift:us-west-2:111122223333:cluster:c1",
    "arn:aws:redshift:us-east-1:111122223333:snapshot:c1/s1"};
constexpr const char* kConditions[] = {
    R"("StringEquals":{"aws:ResourceTag/env":"prod"})",
    R"("StringNotEquals":{"aws:ResourceTag/env":["dev","test"]})",
    R"("StringEqualsIfExists":{"aws:ResourceTag/env":"prod"})",
    R"("StringLike":{"aws:ResourceTag/env":"p*"})",
    R"("StringNotLike":{"aws:ResourceTag/env":"d*"})",
    R"("ForAnyValue:StringEquals":{"aws:TagKeys":["temp","usage"]})",
    R"("ForAllValues:StringEquals":{"aws:TagKeys":["usage","owner"]})",
    R"("ForAllValues:StringNotEquals":{"aws:TagKeys":"secret"})",
    R"("NumericLessThan":{"redshift:DurationSeconds":"1000"})",
    R"("Bool":{"aws:SecureTransport":"true"})",
    R"("Null":{"aws:ResourceTag/env":"true"})",
    R"("StringEquals":{"aws:ResourceTag/owner":"${aws:username}"})",
    R"("StringNotEquals":{"aws:ResourceTag/owner":"${aws:username}"})",
    R"("StringEquals":{"AWS:USERNAME":"alice"})"};

template <size_t N>
const char* Pick(Random& rng, const char* const (&items)[N]) {
  return items[rng.Uniform(N)];
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

std::string RandomStatement(Random& rng, const char* effect = nullptr) {
  std::string s = "{";
  s += "\"Effect\":" + Quoted(effect ? effect : (rng.Uniform(3) == 0 ? "Deny" : "Allow"));
  s += rng.Uniform(5) == 0 ? ",\"NotAction\":" : ",\"Action\":";
  if (rng.Uniform(3) == 0) {
    s += "[" + Quoted(Pick(rng, kActions)) + "," + Quoted(Pick(rng, kActions)) + "]";
  } else {
    s += Quoted(Pick(rng, kActions));
  }
  s += rng.Uniform(6) == 0 ? ",\"NotResource\":" : ",\"Resource\":";
  s += Quoted(Pick(rng, kResources));
  uint64_t conditions = rng.Uniform(3);
  if (conditions > 0) {
    std::set<std::string> used;
    std::string body;
    for (uint64_t i = 0; i < conditions; ++i) {
      std::string c = Pick(rng, kConditions);
      std::string op = c.substr(0, c.find(':'));
      if (!used.insert(op).second) continue;  // one key per operator keeps JSON keys unique
      body += (body.empty() ? "" : ",") + c;
    }
    s += ",\"Condition\":{" + body + "}";
  }
  return s + "}";
}

PolicyPtr RandomPolicy(Random& rng) {
  std::string json = std::string("{\"Version\":\"") +
                     (rng.Uniform(8) == 0 ? "2008-10-17" : "2012-10-17") + "\",\"Statement\":[";
  uint64_t count = 1 + rng.Uniform(4);
  for (uint64_t i = 0; i < count; ++i) json += (i ? "," : "") + RandomStatement(rng);
  json += "]}";
  Result<PolicyPtr> parsed = ParsePolicy(json, PolicyKind::kIdentity);
  REQUIRE_MESSAGE(parsed.ok(), json << ": " << parsed.status().message());
  return *parsed;
}

PolicyPtr Parse(const std::string& json) {
  Result<PolicyPtr> parsed = ParsePolicy(json, PolicyKind::kIdentity);
  REQUIRE_MESSAGE(parsed.ok(), json << ": " << parsed.status().message());
  return *parsed;
}

struct Scenario {
  AuthzRequest request;
  reference::Context context;
  std::vector<PolicyPtr> identity;
  std::optional<std::vector<PolicyPtr>> session;
};

void SetKey(Scenario& s, const std::string& key, std::vector<std::string> values) {
  s.request.context.Set(key, values);
  s.context[reference::ToLower(key)] = std::move(values);
}

Scenario RandomScenario(Random& rng) {
  Scenario s;
  s.request.action = Pick(rng, kRequestActions);
  s.request.resource = Pick(rng, kRequestResources);
  s.request.principal_arn = "arn:aws:iam::111122223333:user/alice";
  s.request.principal_account = "111122223333";
  switch (rng.Uniform(3)) {
    case 0:
      SetKey(s, "aws:ResourceTag/env", {"prod"});
      break;
    case 1:
      SetKey(s, "aws:ResourceTag/env", {"dev"});
      break;
    default:
      break;
  }
  if (rng.Uniform(2)) SetKey(s, "aws:username", {"alice"});
  if (rng.Uniform(2)) SetKey(s, "aws:ResourceTag/owner", {rng.Uniform(2) ? "alice" : "bob"});
  switch (rng.Uniform(4)) {
    case 0:
      SetKey(s, "aws:TagKeys", {"usage"});
      break;
    case 1:
      SetKey(s, "aws:TagKeys", {"usage", "secret"});
      break;
    case 2:
      SetKey(s, "aws:TagKeys", {});
      break;
    default:
      break;
  }
  if (rng.Uniform(2)) SetKey(s, "redshift:DurationSeconds", {rng.Uniform(2) ? "900" : "3600"});
  SetKey(s, "aws:SecureTransport", {rng.Uniform(2) ? "true" : "false"});
  uint64_t policies = rng.Uniform(4);
  for (uint64_t i = 0; i < policies; ++i) s.identity.push_back(RandomPolicy(rng));
  if (rng.Uniform(4) == 0) {
    s.session.emplace();
    uint64_t n = rng.Uniform(3);
    for (uint64_t i = 0; i < n; ++i) s.session->push_back(RandomPolicy(rng));
  }
  return s;
}

PolicySet ToSet(const Scenario& s) {
  PolicySet set;
  for (size_t i = 0; i < s.identity.size(); ++i) {
    set.identity.push_back(PolicyRef{"p" + std::to_string(i), s.identity[i]});
  }
  if (s.session) {
    set.session.emplace();
    for (size_t i = 0; i < s.session->size(); ++i) {
      set.session->push_back(PolicyRef{"s" + std::to_string(i), (*s.session)[i]});
    }
  }
  return set;
}

Decision FromReference(reference::Outcome o) {
  switch (o) {
    case reference::Outcome::kAllow:
      return Decision::kAllow;
    case reference::Outcome::kExplicitDeny:
      return Decision::kExplicitDeny;
    default:
      return Decision::kImplicitDeny;
  }
}

std::multiset<std::string> Deciders(const AuthzResult& r) {
  std::multiset<std::string> out;
  for (const MatchedStatement& m : r.diagnostics.deciding) {
    out.insert(m.policy_id + "/" + std::to_string(m.index));
  }
  return out;
}

// A copy of the document with its statements shuffled (indexes kept).
PolicyPtr Shuffled(const PolicyPtr& policy, Random& rng) {
  auto copy = std::make_shared<PolicyDocument>(*policy);
  for (size_t i = copy->statements.size(); i > 1; --i) {
    std::swap(copy->statements[i - 1], copy->statements[rng.Uniform(i)]);
  }
  return copy;
}

constexpr int kIterations = 3000;

}  // namespace

TEST_CASE("authz: property: agrees with the naive reference evaluator") {
  Random rng(20240601);
  int allows = 0, explicit_denies = 0;
  for (int i = 0; i < kIterations; ++i) {
    Scenario s = RandomScenario(rng);
    Decision got = Evaluate(s.request, ToSet(s)).decision;
    Decision want = FromReference(
        reference::Decide(s.identity, s.session, s.request.action, s.request.resource, s.context));
    if (got != want) {
      std::string text = "iteration " + std::to_string(i) + ": " + s.request.action + " on " +
                         s.request.resource + " got " + DecisionName(got) + " want " +
                         DecisionName(want);
      FAIL_CHECK(text);
    }
    allows += got == Decision::kAllow;
    explicit_denies += got == Decision::kExplicitDeny;
  }
  // The generator must exercise every outcome.
  CHECK(allows > kIterations / 20);
  CHECK(explicit_denies > kIterations / 20);
}

TEST_CASE("authz: property: statement and policy order never matter") {
  Random rng(7);
  for (int i = 0; i < kIterations; ++i) {
    Scenario s = RandomScenario(rng);
    PolicySet set = ToSet(s);
    AuthzResult before = Evaluate(s.request, set);
    for (PolicyRef& ref : set.identity) ref.document = Shuffled(ref.document, rng);
    for (size_t k = set.identity.size(); k > 1; --k) {
      std::swap(set.identity[k - 1], set.identity[rng.Uniform(k)]);
    }
    if (set.session) {
      for (PolicyRef& ref : *set.session) ref.document = Shuffled(ref.document, rng);
      std::reverse(set.session->begin(), set.session->end());
    }
    AuthzResult after = Evaluate(s.request, set);
    CHECK(before.decision == after.decision);
    CHECK(Deciders(before) == Deciders(after));
  }
}

TEST_CASE("authz: property: adding an Allow never turns Allow into Deny") {
  Random rng(11);
  for (int i = 0; i < kIterations; ++i) {
    Scenario s = RandomScenario(rng);
    PolicySet set = ToSet(s);
    Decision before = Evaluate(s.request, set).decision;
    set.identity.push_back(PolicyRef{"extra", Parse(R"({"Version":"2012-10-17","Statement":[)" +
                                                    RandomStatement(rng, "Allow") + "]}")});
    Decision after = Evaluate(s.request, set).decision;
    if (before == Decision::kAllow) CHECK(after == Decision::kAllow);
    if (before == Decision::kExplicitDeny) CHECK(after == Decision::kExplicitDeny);
  }
}

TEST_CASE("authz: property: adding a Deny never turns Deny into Allow") {
  Random rng(13);
  for (int i = 0; i < kIterations; ++i) {
    Scenario s = RandomScenario(rng);
    PolicySet set = ToSet(s);
    Decision before = Evaluate(s.request, set).decision;
    set.identity.push_back(PolicyRef{"extra", Parse(R"({"Version":"2012-10-17","Statement":[)" +
                                                    RandomStatement(rng, "Deny") + "]}")});
    Decision after = Evaluate(s.request, set).decision;
    if (before != Decision::kAllow) CHECK(after != Decision::kAllow);
  }
}

TEST_CASE("authz: property: an applicable Deny always wins") {
  Random rng(17);
  for (int i = 0; i < kIterations; ++i) {
    Scenario s = RandomScenario(rng);
    PolicySet set = ToSet(s);
    std::string resource = rng.Uniform(2) ? std::string("*") : s.request.resource;
    PolicyPtr deny =
        Parse(R"({"Version":"2012-10-17","Statement":{"Sid":"Stop","Effect":"Deny","Action":")" +
              s.request.action + R"(","Resource":")" + resource + R"("}})");
    auto& target = (set.session && rng.Uniform(2)) ? *set.session : set.identity;
    target.insert(target.begin() + static_cast<long>(rng.Uniform(target.size() + 1)),
                  PolicyRef{"stop", deny});
    AuthzResult result = Evaluate(s.request, set);
    CHECK(result.decision == Decision::kExplicitDeny);
    bool named = std::any_of(result.diagnostics.deciding.begin(), result.diagnostics.deciding.end(),
                             [](const MatchedStatement& m) { return m.sid == "Stop"; });
    // The deciding statements are all denies; "Stop" is among them unless an
    // identity Deny decided before a session one.
    for (const MatchedStatement& m : result.diagnostics.deciding) CHECK(m.effect == Effect::kDeny);
    if (&target == &set.identity) CHECK(named);
  }
}

}  // namespace rsemu::authz
