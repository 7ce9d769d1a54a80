// Tests for SigV4 presigned URLs (query-string authentication), using a URL
// botocore's generate_presigned_url produced for STS GetCallerIdentity
// (key AKIAEXAMPLE, secret "secret", endpoint http://127.0.0.1:9999).
#include <doctest/doctest.h>

#include "api/sigv4.h"

namespace rsemu::api {
namespace {

constexpr const char* kPresignedTarget =
    "/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-"
    "Credential="
    "AKIAEXAMPLE%2F20261128%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20261128T103236Z&X-Amz-"
    "Expires=60&"
    "X-Amz-SignedHeaders=host&X-Amz-Signature="
    "14ace661d482c325404d22773c639967d7373e5a82f5e708dc0e79a58e2c9d6b";

HttpRequest Presigned(std::string target) {
  HttpRequest request;
  request.method = "GET";
  request.target = std::move(target);
  request.headers.emplace_back("host", "127.0.0.1:9999");
  return request;
}

}  // namespace

TEST_CASE("SigV4 presigned: a botocore presigned URL parses and verifies") {
  HttpRequest request = Presigned(kPresignedTarget);
  REQUIRE(HasSigV4(request));
  auto auth = ParseSigV4(request);
  REQUIRE_MESSAGE(auth.ok(), auth.status().ToString());
  CHECK(auth->presigned);
  CHECK(auth->expires_seconds == 60);
  CHECK(auth->scope.access_key_id == "AKIAEXAMPLE");
  CHECK(auth->scope.service == "sts");
  CHECK(auth->amz_date == "20261128T103236Z");
  CHECK(VerifySignature(request, *auth, "secret", nullptr).ok());
  CHECK(VerifySignature(request, *auth, "other", nullptr).error() == "SignatureDoesNotMatch");
}

TEST_CASE("SigV4 presigned: tampering with a signed parameter breaks the signature") {
  std::string target = kPresignedTarget;
  target.replace(target.find("GetCallerIdentity"), 17, "GetSessionToken");
  HttpRequest request = Presigned(target);
  auto auth = ParseSigV4(request);
  REQUIRE(auth.ok());
  CHECK(VerifySignature(request, *auth, "secret", nullptr).error() == "SignatureDoesNotMatch");
}

TEST_CASE("SigV4 presigned: malformed query authentication is IncompleteSignature") {
  CHECK_FALSE(HasSigV4(Presigned("/?Action=GetCallerIdentity")));
  auto missing =
      ParseSigV4(Presigned("/?Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().error() == "IncompleteSignature");
  CHECK(missing.status().message().find("X-Amz-Credential") != std::string::npos);
  std::string bad_expiry = kPresignedTarget;
  bad_expiry.replace(bad_expiry.find("X-Amz-Expires=60"), 16, "X-Amz-Expires=0");
  CHECK(ParseSigV4(Presigned(bad_expiry)).status().error() == "IncompleteSignature");
  auto wrong_algorithm = ParseSigV4(Presigned("/?X-Amz-Algorithm=AWS4-HMAC-SHA1"));
  CHECK(wrong_algorithm.status().error() == "IncompleteSignature");
}

}  // namespace rsemu::api
