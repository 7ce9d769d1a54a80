// Authenticator: the access key of a request → the calling Principal.
//
// Resolution order (DESIGN.md "Credentials and accounts"): a 12-digit access
// key names the root user of that account; any other key, or an unsigned
// request, is the root user of the default account 123456789012. Keys created
// through IAM and STS join this order with the Identity work.
// Thread-safety: pure.
#pragma once

#include <string>

#include "api/principal.h"
#include "api/sigv4.h"
#include "common/status.h"

namespace rsemu::api {

inline constexpr const char* kDefaultAccount = "123456789012";

// `auth` is null for an unsigned request.
Result<Principal> Authenticate(const SigV4Authorization* auth);

}  // namespace rsemu::api
