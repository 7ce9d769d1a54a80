// Authenticator: root principals from access keys (the minimal credentials mode).
#include "api/authenticator.h"

#include <algorithm>
#include <cctype>

namespace rsemu::api {

Result<Principal> Authenticate(const SigV4Authorization* auth) {
  if (auth == nullptr) return Principal::Root(kDefaultAccount);
  const std::string& key = auth->scope.access_key_id;
  bool is_account = key.size() == 12 &&
                    std::all_of(key.begin(), key.end(), [](unsigned char c) { return std::isdigit(c); });
  Principal principal = Principal::Root(is_account ? key : kDefaultAccount);
  principal.access_key_id = key;
  return principal;
}

}  // namespace rsemu::api
