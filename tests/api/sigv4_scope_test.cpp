// Regression tests for SigV4 credential scopes and presigned dates: a request
// signed for another service or a region that does not exist is refused with
// SignatureDoesNotMatch, a presigned URL dated in the future beyond the skew
// is refused, and the x-rsemu-decision header stays short whatever the
// resource.
#include <cstdio>
#include <fstream>

#include "common/time_format.h"
#include "tests/api/identity_harness.h"

namespace rsemu::api {
namespace {

using testing::Credentials;
using testing::ErrorCode;
using testing::Field;
using testing::IdentityHarness;

const Credentials kRoot{"111111111111", "x", ""};

// botocore's presigned GetCallerIdentity (key AKIAEXAMPLE, secret "secret"),
// dated 2026-11-28T10:32:36Z, valid 60 s.
constexpr const char* kPresignedTarget =
    "/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-"
    "Credential="
    "AKIAEXAMPLE%2F20261128%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20261128T103236Z&X-Amz-"
    "Expires=60&"
    "X-Amz-SignedHeaders=host&X-Amz-Signature="
    "14ace661d482c325404d22773c639967d7373e5a82f5e708dc0e79a58e2c9d6b";
constexpr int64_t kPresignedAt = 1795861956000;  // 2026-11-28T10:32:36Z

std::string WriteFixture() {
  std::string path = "/tmp/rsemu_sigv4_scope_fixture.json";
  std::ofstream(path) << R"({"accounts":[{"id":"111111111111","root_access_keys":[)"
                         R"({"access_key_id":"AKIAEXAMPLE","secret_access_key":"secret"}]}]})";
  return path;
}

HttpResponse Presigned(IdentityHarness& h) {
  HttpRequest request;
  request.method = "GET";
  request.target = kPresignedTarget;
  request.headers.emplace_back("host", "127.0.0.1:9999");
  return h.pipeline->Handle(request);
}

}  // namespace

TEST_CASE("sigv4 scope: the scope's service must be the request's service") {
  IdentityHarness h;
  HttpResponse ec2 = h.pipeline->Handle(IdentityHarness::Signed(
      "ec2", "Version=2012-12-01&Action=DescribeClusters", kRoot, h.clock->NowMillis()));
  CHECK(ec2.status == 403);
  CHECK(ErrorCode(ec2) == "SignatureDoesNotMatch");
  CHECK(Field(ec2, "Message") == "Credential should be scoped to correct service: 'redshift'.");
  HttpResponse iam = h.pipeline->Handle(IdentityHarness::Signed(
      "sts", "Version=2010-05-08&Action=ListUsers", kRoot, h.clock->NowMillis()));
  CHECK(iam.status != 200);
  CHECK(h.Call("redshift", "Version=2012-12-01&Action=DescribeClusters", kRoot).status == 200);
}

TEST_CASE("sigv4 scope: the scope's region must exist; a real one is acted in") {
  IdentityHarness h;
  HttpResponse fake = h.pipeline->Handle(
      IdentityHarness::Signed("redshift", "Version=2012-12-01&Action=DescribeClusters", kRoot,
                              h.clock->NowMillis(), "xx-fake-9"));
  CHECK(fake.status == 403);
  CHECK(ErrorCode(fake) == "SignatureDoesNotMatch");
  CHECK(Field(fake, "Message") ==
        "Credential should be scoped to a valid region, not 'xx-fake-9'.");
  // Nothing was created in the fake region by a create either.
  HttpResponse create = h.pipeline->Handle(IdentityHarness::Signed(
      "redshift",
      "Version=2012-12-01&Action=CreateClusterSecurityGroup&ClusterSecurityGroupName=g&"
      "Description=x",
      kRoot, h.clock->NowMillis(), "xx-fake-9"));
  CHECK(create.status == 403);
  HttpResponse west = h.pipeline->Handle(IdentityHarness::Signed(
      "redshift",
      "Version=2012-12-01&Action=CreateClusterSecurityGroup&ClusterSecurityGroupName=g&"
      "Description=x",
      kRoot, h.clock->NowMillis(), "eu-west-1"));
  CHECK(west.status == 200);
  HttpResponse east = h.Call(
      "redshift",
      "Version=2012-12-01&Action=DescribeClusterSecurityGroups&ClusterSecurityGroupName=g", kRoot);
  CHECK(ErrorCode(east) == "ClusterSecurityGroupNotFound");
}

TEST_CASE("sigv4 scope: a presigned URL dated in the future beyond the skew is refused") {
  std::string fixture = WriteFixture();
  IdentityHarness future(false, fixture);
  future.clock->Set(kPresignedAt - 300LL * 24 * 3600 * 1000);  // 300 days before its date
  HttpResponse early = Presigned(future);
  CHECK(early.status == 403);
  CHECK(ErrorCode(early) == "SignatureDoesNotMatch");
  CHECK(Field(early, "Message").starts_with("Signature not yet current"));
  // Within its validity it is accepted; after it, expired.
  IdentityHarness on_time(false, fixture);
  on_time.clock->Set(kPresignedAt + 30 * 1000);
  HttpResponse ok = Presigned(on_time);
  INFO(ok.body);
  CHECK(ok.status == 200);
  on_time.clock->Set(kPresignedAt + 61 * 1000);
  CHECK(ErrorCode(Presigned(on_time)) == "RequestExpired");
  std::remove(fixture.c_str());
}

TEST_CASE("decision header: bounded and printable whatever the resource") {
  IdentityHarness h;
  Credentials user = testing::UserWithKey(h, "nobody", kRoot);
  std::string arn = "arn:aws:redshift:us-east-1:111111111111:cluster:" + std::string(1900, 'a');
  HttpResponse response = h.Call("redshift",
                                 "Version=2012-12-01&Action=CreateTags&ResourceName=" + arn +
                                     "&Tags.Tag.1.Key=k&Tags.Tag.1.Value=v",
                                 user);
  CHECK(response.status != 500);
  std::string header;
  for (const auto& [name, value] : response.headers) {
    if (name == "x-rsemu-decision") header = value;
  }
  REQUIRE(response.status == 403);
  CHECK_FALSE(header.empty());
  CHECK(header.size() <= 512);
  for (char ch : header) CHECK((ch >= 0x20 && ch < 0x7f));
}

}  // namespace rsemu::api
