// Regression tests for security review finding B on the IAM and STS side: the
// decoder enforces the models' `pattern`s and refuses control characters and
// invalid UTF-8 with ValidationError in AWS's wording, and every decoder check
// (Redshift's tag bounds too) comes before authorization.
#include <doctest/doctest.h>

#include "api/query_decoder.h"
#include "tests/api/identity_harness.h"

namespace rsemu::api {
namespace {

using testing::Encode;
using testing::ErrorCode;
using testing::IdentityHarness;

bool Has(const HttpResponse& response, const std::string& text) {
  return response.body.find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("iam: a control character in a name fails the model's pattern") {
  IdentityHarness h;
  HttpResponse response = h.Iam("Action=CreateUser&UserName=a%01b");
  CHECK(response.status == 400);
  CHECK(ErrorCode(response) == "ValidationError");
  CHECK(IsXmlText(response.body));
  CHECK(Has(response,
            "1 validation error detected: Value 'a\xEF\xBF\xBD"
            "b' at 'userName' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"));
  // Invalid UTF-8 likewise.
  CHECK(ErrorCode(h.Iam("Action=CreateUser&UserName=ab%C3")) == "ValidationError");
  CHECK(h.Iam("Action=CreateUser&UserName=alice").status == 200);
}

TEST_CASE("iam: paths, descriptions and policy documents follow the model's patterns") {
  IdentityHarness h;
  HttpResponse path = h.Iam("Action=CreateUser&UserName=bob&Path=%2Fa%20b%2F");
  CHECK(ErrorCode(path) == "ValidationError");
  CHECK(Has(path,
            "at 'path' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)"));
  CHECK(h.Iam("Action=CreateUser&UserName=bob&Path=%2Fteam%2Fops%2F").status == 200);

  // A role description allows Latin-1 but no control characters.
  const std::string trust = testing::TrustFor("arn:aws:iam::111111111111:root");
  CHECK(h.Iam("Action=CreateRole&RoleName=r1&AssumeRolePolicyDocument=" + trust +
              "&Description=" + Encode("caf\xC3\xA9 ops"))
            .status == 200);
  HttpResponse description =
      h.Iam("Action=CreateRole&RoleName=r2&AssumeRolePolicyDocument=" + trust +
            "&Description=bad%07bell");
  CHECK(ErrorCode(description) == "ValidationError");
  CHECK(Has(description, "at 'description' failed to satisfy constraint"));

  // A policy document with a curly quote (U+201C): AWS answers ValidationError
  // with the document pattern, before parsing the JSON.
  const std::string document =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Sid":"x)"
      "\xE2\x80\x9C"
      R"("}]})";
  HttpResponse policy =
      h.Iam("Action=PutUserPolicy&UserName=bob&PolicyName=p&PolicyDocument=" + Encode(document));
  CHECK(ErrorCode(policy) == "ValidationError");
  CHECK(Has(policy,
            "at 'policyDocument' failed to satisfy constraint: Member must satisfy "
            "regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"));
}

TEST_CASE("iam: tags follow the model's patterns and lengths") {
  IdentityHarness h;
  CHECK(ErrorCode(h.Iam("Action=CreateUser&UserName=t1&Tags.member.1.Key=a%23b&"
                        "Tags.member.1.Value=v")) == "ValidationError");
  CHECK(ErrorCode(h.Iam("Action=CreateUser&UserName=t1&Tags.member.1.Key=k&"
                        "Tags.member.1.Value=" +
                        std::string(257, 'v'))) == "ValidationError");
  CHECK(h.Iam("Action=CreateUser&UserName=t1&Tags.member.1.Key=" + Encode("caf\xC3\xA9 k") +
              "&Tags.member.1.Value=" + Encode("\xE6\xBC\xA2 v"))
            .status == 200);
}

TEST_CASE("iam: a string without a model pattern still refuses control characters") {
  IdentityHarness h;
  REQUIRE(h.Iam("Action=CreateUser&UserName=carol").status == 200);
  // PolicyArn is an arnType: lengths only in the model.
  HttpResponse response =
      h.Iam("Action=AttachUserPolicy&UserName=carol&PolicyArn=arn:aws:iam::aws:policy%2FX%00");
  CHECK(ErrorCode(response) == "ValidationError");
  CHECK(IsXmlText(response.body));
  CHECK(Has(response,
            "at 'policyArn' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: " +
                std::string(kXmlCharPattern)));
}

TEST_CASE("sts: session names and external ids follow the model's patterns") {
  IdentityHarness h;
  HttpResponse response =
      h.Sts("Action=AssumeRole&RoleArn=arn:aws:iam::111111111111:role%2Fr&RoleSessionName=a%20b");
  CHECK(ErrorCode(response) == "ValidationError");
  CHECK(Has(response,
            "at 'roleSessionName' failed to satisfy constraint: Member must satisfy "
            "regular expression pattern: [\\w+=,.@-]*"));
  CHECK(ErrorCode(h.Sts("Action=AssumeRole&RoleArn=arn:aws:iam::111111111111:role%2Fr&"
                        "RoleSessionName=s&ExternalId=ab%21cd")) == "ValidationError");
}

TEST_CASE("decoder checks come before authorization") {
  IdentityHarness h;
  testing::Credentials dave = testing::UserWithKey(h, "dave");  // no policies at all
  const std::string arn = "arn:aws:redshift:us-east-1:111111111111:cluster:c1";
  auto create_tags = [&](const std::string& key, const std::string& value) {
    return h.Call("redshift",
                  "Action=CreateTags&Version=2012-12-01&ResourceName=" + Encode(arn) +
                      "&Tags.Tag.1.Key=" + Encode(key) + "&Tags.Tag.1.Value=" + Encode(value),
                  dave);
  };
  CHECK(ErrorCode(create_tags("k", "v")) == "AccessDenied");
  // A 500 KB tag value never reaches the policy evaluator.
  CHECK(ErrorCode(create_tags("k", std::string(500000, 'v'))) == "InvalidTagFault");
  CHECK(ErrorCode(h.Call("redshift",
                         "Action=DescribeTags&Version=2012-12-01&ResourceName=" +
                             Encode(arn + std::string(500000, 'a')),
                         dave)) == "InvalidParameterValue");
}

}  // namespace rsemu::api
