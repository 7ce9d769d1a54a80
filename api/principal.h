// Principal: who is calling, as authentication established it — the account,
// the ARN, the kind of identity and everything the policy evaluator reads as
// aws:Principal* keys (iam-evaluation.md §9.1): user id, user name, principal
// tags, session issue time, MFA, source IP and transport.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rsemu::api {

struct Principal {
  enum class Type { kRoot, kUser, kAssumedRole };

  Type type = Type::kRoot;
  std::string account;        // 12 digits; for a role session, the role's account
  std::string arn;            // arn:aws:iam::ACCOUNT:root, ...:user/path/name, sts assumed-role
  std::string user_id;        // ACCOUNT for root, AIDA… for users, AROA…:session for roles
  std::string access_key_id;  // as presented; empty for unsigned requests
  bool verified = false;      // the signature was checked against a known secret

  std::string username;  // IAM users: the name without path (aws:username)
  // Role sessions: the role (aws:PrincipalArn is the role ARN) and the session.
  std::string role_arn;
  std::string role_name;
  std::string session_name;
  int64_t session_issued_millis = 0;  // aws:TokenIssueTime; 0 for long-term keys
  bool mfa_present = false;           // aws:MultiFactorAuthPresent (sessions: false)
  // aws:PrincipalTag/*: user or role tags, overridden by session tags.
  std::vector<std::pair<std::string, std::string>> tags;

  std::string source_ip;          // peer address (aws:SourceIp)
  bool secure_transport = false;  // aws:SecureTransport

  // The ARN that aws:PrincipalArn names: the role for sessions, else `arn`.
  const std::string& principal_arn() const { return role_arn.empty() ? arn : role_arn; }
  // aws:PrincipalType: Account, User or AssumedRole.
  const char* type_name() const {
    return type == Type::kRoot ? "Account" : type == Type::kUser ? "User" : "AssumedRole";
  }

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
