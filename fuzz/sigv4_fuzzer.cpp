// Fuzzes SigV4 parsing and verification (api/sigv4.h): HasSigV4, ParseSigV4
// (Authorization header or presigned X-Amz-* query parameters), the canonical
// request, the string to sign and VerifySignature on an HttpRequest
// (common/http_message.h) whose method, target, headers and body come from
// the input.
//
// Input: "METHOD TARGET" line, then "name: value" header lines (names are
// lower-cased as the server does; a trailing '\r' is dropped), an empty line,
// then the body.
// Asserts: ParseSigV4 fails only with MissingAuthenticationToken /
// IncompleteSignature / SignatureDoesNotMatch, and succeeds only when HasSigV4
// holds; a parsed authorization is well-formed (64 lower-case hex signature,
// SignedHeaders = the names joined by ';' and including host, X-Amz-Date's day
// = the scope's, presigned expiry in 1..604800); a request signed with the
// parsed scope and a known secret verifies (with and without the signing-key
// cache) unless x-amz-content-sha256 disagrees with the body, and a flipped
// signature never verifies.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "api/sigv4.h"
#include "common/http_message.h"
#include "fuzz/fuzz_util.h"

namespace {

using rsemu::HttpRequest;
using rsemu::api::SigV4Authorization;
using rsemu::fuzz::Printable;

constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

std::string_view StripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

HttpRequest BuildRequest(std::string_view input) {
  HttpRequest request;
  bool found = false;
  auto [request_line, rest] = rsemu::fuzz::SplitOnce(input, "\n", &found);
  request_line = StripCr(request_line);
  const auto [method, target] = rsemu::fuzz::SplitOnce(request_line, " ");
  request.method.assign(method);
  request.target.assign(target);
  request.remote_address = "127.0.0.1";
  while (found) {
    std::string_view line;
    std::tie(line, rest) = rsemu::fuzz::SplitOnce(rest, "\n", &found);
    line = StripCr(line);
    if (line.empty()) break;
    auto [name, value] = rsemu::fuzz::SplitOnce(line, ":");
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    std::string lower(name);
    for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    request.headers.emplace_back(std::move(lower), std::string(value));
  }
  if (found) request.body.assign(rest);
  return request;
}

bool IsLowerHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool SameHexIgnoringCase(std::string_view sent, std::string_view lower_hex) {
  if (sent.size() != lower_hex.size()) return false;
  for (size_t i = 0; i < sent.size(); ++i) {
    char c = (sent[i] >= 'A' && sent[i] <= 'F') ? static_cast<char>(sent[i] + 32) : sent[i];
    if (c != lower_hex[i]) return false;
  }
  return true;
}

// White space as SigV4 trims it (HTAB, LF, VT, FF, CR, SP).
bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  rsemu::fuzz::QuietLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const HttpRequest request = BuildRequest(rsemu::fuzz::AsText(data, size));
  const bool has = rsemu::api::HasSigV4(request);
  rsemu::Result<SigV4Authorization> parsed = rsemu::api::ParseSigV4(request);
  if (!parsed.ok()) {
    const rsemu::Status& status = parsed.status();
    FUZZ_CHECK(status.IsAwsError(), "non-AWS error: " + status.ToString());
    FUZZ_CHECK(status.error() == "MissingAuthenticationToken" ||
                   status.error() == "IncompleteSignature" ||
                   status.error() == "SignatureDoesNotMatch",
               "unexpected error: " + status.ToString());
    if (!has) {
      FUZZ_CHECK(status.error() == "MissingAuthenticationToken",
                 "no SigV4 but not MissingAuthenticationToken: " + status.ToString());
    }
    (void)rsemu::api::ParseAmzDateMillis(request.Header("x-amz-date"));
    return 0;
  }
  FUZZ_CHECK(has, "ParseSigV4 succeeded on a request HasSigV4 rejects");
  SigV4Authorization auth = std::move(parsed).value();
  FUZZ_CHECK(auth.signature.size() == 64 && IsLowerHex(auth.signature),
             "signature not 64 lower-case hex: " + Printable(auth.signature));
  std::string joined;
  bool has_host = false;
  for (const std::string& name : auth.signed_header_names) {
    if (!joined.empty()) joined.push_back(';');
    joined += name;
    has_host = has_host || name == "host";
  }
  FUZZ_CHECK(joined == auth.signed_headers,
             "SignedHeaders names do not join back: " + Printable(auth.signed_headers));
  FUZZ_CHECK(has_host, "SignedHeaders without host accepted");
  FUZZ_CHECK(auth.amz_date.substr(0, 8) == auth.scope.date, "X-Amz-Date day differs from scope");
  FUZZ_CHECK(rsemu::api::ParseAmzDateMillis(auth.amz_date).has_value(),
             "accepted an X-Amz-Date that does not parse: " + Printable(auth.amz_date));
  if (auth.presigned) {
    FUZZ_CHECK(auth.expires_seconds >= 1 && auth.expires_seconds <= 604800,
               "presigned expiry out of range");
  }
  (void)rsemu::api::CheckRequestTime(auth, 1'800'000'000'000, 15 * 60 * 1000);

  // Sign the request ourselves with the parsed scope; it must verify.
  const std::string canonical = rsemu::api::CanonicalRequest(request, auth);
  const std::string string_to_sign = rsemu::api::StringToSign(auth, canonical);
  const auto key = rsemu::api::DeriveSigningKey(kSecret, auth.scope);
  auth.signature = rsemu::api::SignatureHex(key, string_to_sign);
  FUZZ_CHECK(auth.signature.size() == 64 && IsLowerHex(auth.signature), "bad computed signature");

  const std::string payload_hash = rsemu::api::Sha256Hex(request.body);
  const bool content_hash_ok =
      !request.HasHeader("x-amz-content-sha256") ||
      SameHexIgnoringCase(Trimmed(request.Header("x-amz-content-sha256")), payload_hash);
  static rsemu::api::SigningKeyCache cache;
  const rsemu::Status direct = rsemu::api::VerifySignature(request, auth, kSecret, nullptr);
  const rsemu::Status cached = rsemu::api::VerifySignature(request, auth, kSecret, &cache);
  FUZZ_CHECK(direct.ok() == cached.ok(), "the signing-key cache changes the verdict");
  FUZZ_CHECK(direct.ok() == content_hash_ok, "own signature: " + direct.ToString() +
                                                 " for canonical request:\n" +
                                                 Printable(canonical, 2000));

  // One wrong hex digit never verifies.
  auth.signature[0] = auth.signature[0] == '0' ? '1' : '0';
  const rsemu::Status flipped = rsemu::api::VerifySignature(request, auth, kSecret, &cache);
  FUZZ_CHECK(!flipped.ok(), "a wrong signature verified");
  FUZZ_CHECK(flipped.IsAwsError() && flipped.error() == "SignatureDoesNotMatch",
             "wrong signature error: " + flipped.ToString());
  return 0;
}
