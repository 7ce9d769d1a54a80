// In-process tests of authentication: known IAM keys are verified (tampered
// signature, wrong secret, clock skew, deleted and inactive keys are refused
// with AWS's codes and change nothing), unknown keys are roots in the default
// mode and refused in strict mode, session tokens are checked.
#include "api/authenticator.h"

#include "tests/api/identity_harness.h"

namespace rsemu::api {
namespace {

using testing::Credentials;
using testing::ErrorCode;
using testing::Field;
using testing::IdentityHarness;

int UserCount(IdentityHarness& h) {
  return testing::Occurrences(h.Iam("Action=ListUsers").body, "<UserName>");
}

}  // namespace

TEST_CASE("authentication: known keys are verified and bad requests change nothing") {
  IdentityHarness h;
  Credentials alice = testing::UserWithKey(h, "alice");
  HttpResponse me = h.Sts("Action=GetCallerIdentity", alice);
  REQUIRE(me.status == 200);
  CHECK(Field(me, "Arn") == "arn:aws:iam::111111111111:user/alice");
  int before = UserCount(h);

  const std::string create = "Version=2010-05-08&Action=CreateUser&UserName=intruder";
  HttpRequest tampered = IdentityHarness::Signed("iam", create, alice, h.clock->NowMillis());
  for (auto& [name, value] : tampered.headers) {
    if (name == "authorization") value.back() = value.back() == '0' ? '1' : '0';
  }
  HttpResponse response = h.pipeline->Handle(tampered);
  CHECK(response.status == 403);
  CHECK(ErrorCode(response) == "SignatureDoesNotMatch");

  response = h.Call("iam", create, {alice.key, "wrong-secret", ""});
  CHECK(ErrorCode(response) == "SignatureDoesNotMatch");

  HttpRequest old =
      IdentityHarness::Signed("iam", create, alice, h.clock->NowMillis() - 20 * 60000);
  response = h.pipeline->Handle(old);
  CHECK(response.status == 403);
  CHECK(ErrorCode(response) == "SignatureDoesNotMatch");
  CHECK(response.body.find("Signature expired") != std::string::npos);

  HttpRequest body_changed = IdentityHarness::Signed("iam", create, alice, h.clock->NowMillis());
  body_changed.body += "x";
  CHECK(ErrorCode(h.pipeline->Handle(body_changed)) == "SignatureDoesNotMatch");

  REQUIRE(h.Iam("Action=UpdateAccessKey&UserName=alice&Status=Inactive&AccessKeyId=" + alice.key)
              .status == 200);
  response = h.Call("iam", create, alice);
  CHECK(response.status == 403);
  CHECK(ErrorCode(response) == "InvalidClientTokenId");
  REQUIRE(h.Iam("Action=UpdateAccessKey&UserName=alice&Status=Active&AccessKeyId=" + alice.key)
              .status == 200);
  CHECK(h.Sts("Action=GetCallerIdentity", alice).status == 200);
  REQUIRE(h.Iam("Action=DeleteAccessKey&UserName=alice&AccessKeyId=" + alice.key).status == 200);
  CHECK(ErrorCode(h.Call("iam", create, alice)) == "InvalidClientTokenId");
  // A key with a session token that rsemu never issued.
  CHECK(ErrorCode(h.Sts("Action=GetCallerIdentity", {"ASIAUNKNOWN000000000", "s", "tok"})) ==
        "InvalidClientTokenId");
  CHECK(UserCount(h) == before);
}

TEST_CASE("authentication: default mode turns unknown keys into account roots") {
  IdentityHarness h;
  CHECK(Field(h.Sts("Action=GetCallerIdentity", {"test", "test", ""}), "Arn") ==
        "arn:aws:iam::123456789012:root");
  HttpResponse root = h.Sts("Action=GetCallerIdentity", {"222222222222", "whatever", ""});
  CHECK(Field(root, "Arn") == "arn:aws:iam::222222222222:root");
  CHECK(Field(root, "UserId") == "222222222222");
  CHECK(Field(root, "Account") == "222222222222");
  HttpRequest unsigned_request;
  unsigned_request.method = "POST";
  unsigned_request.target = "/";
  unsigned_request.body = "Action=GetCallerIdentity&Version=2011-06-15";
  CHECK(Field(h.pipeline->Handle(unsigned_request), "Account") == "123456789012");
}

TEST_CASE("authentication: strict mode refuses unknown keys and unsigned requests") {
  IdentityHarness h(/*strict=*/true, RSEMU_SOURCE_DIR "/fixtures/demo.json");
  HttpResponse unknown = h.Sts("Action=GetCallerIdentity", {"test", "test", ""});
  CHECK(unknown.status == 403);
  CHECK(ErrorCode(unknown) == "InvalidClientTokenId");
  HttpRequest unsigned_request;
  unsigned_request.method = "POST";
  unsigned_request.target = "/";
  unsigned_request.body = "Action=GetCallerIdentity&Version=2011-06-15";
  HttpResponse missing = h.pipeline->Handle(unsigned_request);
  CHECK(missing.status == 403);
  CHECK(ErrorCode(missing) == "MissingAuthenticationToken");
  Credentials root{"AKIAROOTAEXAMPLE0001", "rootSecretAEXAMPLE0000000000000000000000", ""};
  CHECK(Field(h.Sts("Action=GetCallerIdentity", root), "Arn") == "arn:aws:iam::111111111111:root");
  Credentials admin{"AKIAADMINAEXAMPLE001", "adminSecretAEXAMPLE000000000000000000000", ""};
  CHECK(Field(h.Sts("Action=GetCallerIdentity", admin), "Arn") ==
        "arn:aws:iam::111111111111:user/admin");
  // The fixture comes back after a reset.
  HttpRequest reset;
  reset.method = "POST";
  reset.target = "/_emulator/reset";
  REQUIRE(h.pipeline->Handle(reset).status == 200);
  CHECK(h.Sts("Action=GetCallerIdentity", admin).status == 200);
}

}  // namespace rsemu::api
