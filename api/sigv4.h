// SigV4: parsing the Authorization header and verifying AWS Signature Version 4
// for awsQuery requests (see shared reference query-protocol.md §3).
//
// Pure functions plus a signing-key cache; no storage access. Errors are AWS
// errors ready for the client: IncompleteSignature (malformed Authorization),
// SignatureDoesNotMatch (wrong signature, date mismatch), MissingAuthenticationToken.
// Thread-safety: free functions are reentrant; SigningKeyCache is internally locked.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/http_message.h"
#include "common/status.h"

namespace rsemu::api {

struct CredentialScope {
  std::string access_key_id;
  std::string date;     // YYYYMMDD
  std::string region;   // e.g. us-east-1
  std::string service;  // redshift | iam | sts | ...
};

struct SigV4Authorization {
  CredentialScope scope;
  std::string signed_headers;                    // as sent: "content-type;host;x-amz-date"
  std::vector<std::string> signed_header_names;  // split on ';'
  std::string signature;                         // 64 lower-case hex chars
  std::string amz_date;                          // X-Amz-Date header value (YYYYMMDDTHHMMSSZ)
  std::string security_token;                    // X-Amz-Security-Token, if any
  // Presigned URL (query-string authentication): the X-Amz-* parameters of the
  // query carry the signature; the canonical query omits X-Amz-Signature and the
  // payload is UNSIGNED-PAYLOAD (as botocore's presigner signs it).
  bool presigned = false;
  int64_t expires_seconds = 0;  // X-Amz-Expires (1..604800) of a presigned URL
};

// True when the request carries SigV4 authentication: an Authorization header
// or, for a presigned URL, X-Amz-Algorithm in the query string.
bool HasSigV4(const HttpRequest& request);

// Parses the request's Authorization and X-Amz-Date headers, or the X-Amz-*
// query parameters of a presigned URL (same errors, naming the parameter).
// Returns MissingAuthenticationToken when there is no Authorization header,
// IncompleteSignature when it is malformed, not AWS4-HMAC-SHA256, or lacks
// X-Amz-Date, SignatureDoesNotMatch when X-Amz-Date's day differs from the scope's.
Result<SigV4Authorization> ParseSigV4(const HttpRequest& request);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// The canonical request string for `request` under `auth`.
std::string CanonicalRequest(const HttpRequest& request, const SigV4Authorization& auth);
// The same with the body's hex SHA-256 already computed (hashed once per request).
std::string CanonicalRequest(const HttpRequest& request, const SigV4Authorization& auth,
                             std::string_view payload_hash);
// The string to sign for a canonical request.
std::string StringToSign(const SigV4Authorization& auth, std::string_view canonical_request);
// The 32-byte signing key: HMAC chain over date, region, service, "aws4_request".
std::array<uint8_t, 32> DeriveSigningKey(std::string_view secret, const CredentialScope& scope);
// hex(HMAC-SHA256(key, string_to_sign)).
std::string SignatureHex(const std::array<uint8_t, 32>& signing_key,
                         std::string_view string_to_sign);

// Caches signing keys per (access key, date, region, service): the HMAC chain
// is computed once per day per key, not per request.
class SigningKeyCache {
 public:
  // Bound on cached keys; the cache is cleared when it is reached.
  static constexpr size_t kMaxEntries = 10000;

  std::array<uint8_t, 32> Get(std::string_view secret, const CredentialScope& scope);
  size_t Size();

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::array<uint8_t, 32>> keys_;  // GUARDED_BY(mutex_)
};

// Verifies `auth` against `secret` in constant time. OK, or SignatureDoesNotMatch
// with AWS's message.
Status VerifySignature(const HttpRequest& request, const SigV4Authorization& auth,
                       std::string_view secret, SigningKeyCache* cache);

// Milliseconds since the epoch for an X-Amz-Date value (YYYYMMDDTHHMMSSZ), or
// nullopt when it is not one.
std::optional<int64_t> ParseAmzDateMillis(std::string_view amz_date);

// SignatureDoesNotMatch ("Signature expired: …") when the request time is
// more than `max_skew_millis` away from `now_millis`; OK otherwise. The caller
// decides whether to enforce it (off by default).
Status CheckRequestTime(const SigV4Authorization& auth, int64_t now_millis,
                        int64_t max_skew_millis);

}  // namespace rsemu::api
