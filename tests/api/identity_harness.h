// Shared harness for the identity tests (IAM, STS, authenticator): a pipeline
// on a fixed clock with seeded ids, and requests signed with SigV4 exactly as
// an SDK signs them (or unsigned, or signed for an unknown key).
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <regex>
#include <string>

#include "api/handlers/iam_store.h"
#include "api/pipeline.h"
#include "api/sigv4.h"
#include "common/clock.h"
#include "common/time_format.h"

namespace rsemu::api::testing {

constexpr int64_t kIdentityStart = 1764316800000;  // 2025-11-28T08:00:00Z

struct Credentials {
  std::string key = "test";
  std::string secret = "test";
  std::string token;
};

struct IdentityHarness {
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(kIdentityStart);
  std::unique_ptr<Pipeline> pipeline;

  explicit IdentityHarness(bool strict = false, const std::string& fixtures = "") {
    PipelineOptions options;
    options.seed = 11;
    options.strict_credentials = strict;
    options.fixtures_path = fixtures;
    auto created = Pipeline::Create(options, clock);
    REQUIRE(created.ok());
    pipeline = std::move(created).value();
  }

  // A request signed for `service` at the clock's time (or `signed_at`).
  static HttpRequest Signed(const std::string& service, const std::string& body,
                            const Credentials& creds, int64_t signed_at,
                            const std::string& region = "us-east-1") {
    HttpRequest request;
    request.method = "POST";
    request.target = "/";
    request.body = body;
    std::string iso = FormatIso8601Seconds(signed_at);  // 2025-11-28T08:00:00Z
    std::string amz_date = iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + "T" +
                           iso.substr(11, 2) + iso.substr(14, 2) + iso.substr(17, 2) + "Z";
    request.headers.emplace_back("content-type",
                                 "application/x-www-form-urlencoded; charset=utf-8");
    request.headers.emplace_back("host", "127.0.0.1:4599");
    request.headers.emplace_back("x-amz-date", amz_date);
    std::string signed_headers = "content-type;host;x-amz-date";
    if (!creds.token.empty()) {
      request.headers.emplace_back("x-amz-security-token", creds.token);
      signed_headers += ";x-amz-security-token";
    }
    SigV4Authorization auth;
    auth.scope = {creds.key, amz_date.substr(0, 8), region, service};
    auth.signed_headers = signed_headers;
    auth.amz_date = amz_date;
    for (size_t start = 0;;) {
      size_t end = signed_headers.find(';', start);
      auth.signed_header_names.push_back(signed_headers.substr(start, end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    std::string to_sign = StringToSign(auth, CanonicalRequest(request, auth));
    std::string signature = SignatureHex(DeriveSigningKey(creds.secret, auth.scope), to_sign);
    request.headers.emplace_back("authorization", "AWS4-HMAC-SHA256 Credential=" + creds.key + "/" +
                                                      auth.scope.date + "/" + region + "/" +
                                                      service + "/aws4_request, SignedHeaders=" +
                                                      signed_headers + ", Signature=" + signature);
    return request;
  }

  HttpResponse Call(const std::string& service, const std::string& body,
                    const Credentials& creds = {}) {
    return pipeline->Handle(Signed(service, body, creds, clock->NowMillis()));
  }
  HttpResponse Iam(const std::string& body, const Credentials& creds = {"111111111111", "x"}) {
    return Call("iam", "Version=2010-05-08&" + body, creds);
  }
  HttpResponse Sts(const std::string& body, const Credentials& creds = {"111111111111", "x"}) {
    return Call("sts", "Version=2011-06-15&" + body, creds);
  }
};

inline std::string Field(const HttpResponse& response, const std::string& tag) {
  std::smatch match;
  std::regex pattern("<" + tag + ">([^<]*)</" + tag + ">");
  return std::regex_search(response.body, match, pattern) ? match[1].str() : "";
}
inline std::string ErrorCode(const HttpResponse& response) { return Field(response, "Code"); }
inline int Occurrences(const std::string& text, const std::string& needle) {
  int count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

// Creates a user with an access key in the account `root` names; its credentials.
inline Credentials UserWithKey(IdentityHarness& h, const std::string& name,
                               const Credentials& root = {"111111111111", "x"}) {
  REQUIRE(h.Iam("Action=CreateUser&UserName=" + name, root).status == 200);
  HttpResponse key = h.Iam("Action=CreateAccessKey&UserName=" + name, root);
  REQUIRE(key.status == 200);
  return {Field(key, "AccessKeyId"), Field(key, "SecretAccessKey"), ""};
}

// Form-encodes a JSON policy document (RFC 3986, as the SDKs send it).
inline std::string Encode(const std::string& text) { return iam::UrlEncode(text); }

inline std::string TrustFor(const std::string& principal) {
  return Encode(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":")" +
                principal + R"("},"Action":"sts:AssumeRole"}]})");
}

}  // namespace rsemu::api::testing
