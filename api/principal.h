// Principal: who is calling, as authentication established it — the account,
// the ARN and the kind of identity. Grows with IAM (users, role sessions).
#pragma once

#include <string>

namespace rsemu::api {

struct Principal {
  enum class Type { kRoot, kUser, kAssumedRole };

  Type type = Type::kRoot;
  std::string account;        // 12 digits
  std::string arn;            // arn:aws:iam::ACCOUNT:root, ...:user/path/name, sts assumed-role
  std::string user_id;        // ACCOUNT for root, AIDA… for users, AROA…:session for roles
  std::string access_key_id;  // as presented; empty for unsigned requests

  static Principal Root(const std::string& account) {
    Principal principal;
    principal.type = Type::kRoot;
    principal.account = account;
    principal.arn = "arn:aws:iam::" + account + ":root";
    principal.user_id = account;
    return principal;
  }
};

}  // namespace rsemu::api
