// Authenticator: the access key of a request → the calling Principal, with the
// signature verified whenever rsemu knows the key's secret.
//
// Resolution order (DESIGN.md "Credentials and accounts"):
//   1. a key created through IAM (CreateAccessKey) or by a fixture → that IAM
//      user (or, for a fixture root key, that account's root); the key must be
//      Active and not deleted, else InvalidClientTokenId;
//   2. an STS temporary key (AssumeRole) with its session token → that role
//      session; a wrong or missing token is InvalidClientTokenId, a session
//      past its expiration ExpiredToken;
//   3. otherwise, unless strict: the root user of an account (a 12-digit key
//      names it, any other key, or an unsigned request, means 123456789012).
//      Strict mode refuses unknown keys (InvalidClientTokenId) and unsigned
//      requests (MissingAuthenticationToken).
// Verified requests must also be signed within 15 minutes of the server's
// clock (SignatureDoesNotMatch "Signature expired"), as on AWS.
//
// Thread-safety: call inside the request's transaction (it reads the IAM rows
// and records when a key was last used); the SigningKeyCache is locked itself.
#pragma once

#include <cstdint>
#include <string>

#include "api/principal.h"
#include "api/request_context.h"
#include "api/sigv4.h"
#include "common/status.h"
#include "common/text.h"

namespace rsemu::api {

inline constexpr const char* kDefaultAccount = "123456789012";
inline constexpr int64_t kMaxClockSkewMillis = 15 * 60 * 1000;

struct AuthenticationOptions {
  bool strict_credentials = false;
  int64_t max_skew_millis = kMaxClockSkewMillis;
};

// `auth` is null for an unsigned request. `context` must have http, the stores
// and now_millis set; its principal is overwritten while keys are looked up.
Result<Principal> Authenticate(RequestContext& context, const SigV4Authorization* auth,
                               SigningKeyCache* signing_keys, const AuthenticationOptions& options);

}  // namespace rsemu::api
