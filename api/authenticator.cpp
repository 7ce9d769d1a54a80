// Authenticator: IAM keys, STS session keys and root principals (see
// authenticator.h for the resolution order and the errors).
#include "api/authenticator.h"

#include <algorithm>
#include <cctype>

#include "api/handlers/iam_store.h"
#include "common/regions.h"
#include "common/text.h"
#include "common/time_format.h"

namespace rsemu::api {
namespace {

Status InvalidToken() {
  return Status::AwsError("InvalidClientTokenId",
                          "The security token included in the request is invalid.");
}

Status VerifyRequest(RequestContext& context, const SigV4Authorization& auth,
                     std::string_view secret, SigningKeyCache* signing_keys,
                     const AuthenticationOptions& options) {
  RSEMU_RETURN_IF_ERROR(VerifySignature(*context.http, auth, secret, signing_keys));
  if (auth.presigned) {
    // A presigned URL is valid from X-Amz-Date for X-Amz-Expires seconds.
    int64_t signed_at = ParseAmzDateMillis(auth.amz_date).value_or(0);
    // Dated in the future beyond the allowed skew: refused as a header would be.
    if (signed_at > context.now_millis + options.max_skew_millis) {
      return CheckRequestTime(auth, context.now_millis, options.max_skew_millis);
    }
    if (context.now_millis > signed_at + auth.expires_seconds * 1000) {
      return Status::AwsError("RequestExpired",
                              "Request has expired: the presigned URL was valid until " +
                                  FormatIso8601Seconds(signed_at + auth.expires_seconds * 1000) +
                                  ".");
    }
    return Status::Ok();
  }
  return CheckRequestTime(auth, context.now_millis, options.max_skew_millis);
}

std::vector<std::pair<std::string, std::string>> TagPairs(RequestContext& context, int64_t row_id) {
  std::vector<std::pair<std::string, std::string>> out;
  auto tags = context.tags->Get(row_id);
  if (tags.ok()) {
    for (const storage::Tag& tag : *tags) out.emplace_back(tag.key, tag.value);
  }
  return out;
}

// Sets or overrides one principal tag (tag keys compare case-insensitively).
void SetTag(std::vector<std::pair<std::string, std::string>>* tags, const std::string& key,
            const std::string& value) {
  for (auto& [existing, existing_value] : *tags) {
    if (AsciiLowercase(existing) == AsciiLowercase(key)) {
      existing = key;
      existing_value = value;
      return;
    }
  }
  tags->emplace_back(key, value);
}

// The IAM user a key or session belongs to: credentials are bound to the
// user's unique id (AIDA…), as in AWS, so a user deleted and created again
// under the same name does not inherit them, and a renamed user keeps them.
// Rows written before ids were recorded fall back to the name.
Result<std::optional<iam::Entity>> BoundUser(RequestContext& context, const Value& body) {
  const std::string user_id = body.GetString("UserId");
  RSEMU_ASSIGN_OR_RETURN(std::optional<iam::Entity> user,
                         iam::FindEntity(context, iam::Kind::kUser, body.GetString("UserName")));
  if (user_id.empty() || (user && user->body.GetString("UserId") == user_id)) return user;
  RSEMU_ASSIGN_OR_RETURN(std::vector<iam::Entity> users,
                         iam::ListEntities(context, iam::Kind::kUser));
  for (iam::Entity& candidate : users) {
    if (candidate.body.GetString("UserId") == user_id) {
      return std::optional<iam::Entity>(std::move(candidate));
    }
  }
  return std::optional<iam::Entity>();
}

// The root of `account` or the IAM user `body` names (a key's or a
// GetSessionToken session's owner); InvalidClientTokenId if the user is gone.
Result<Principal> OwnerOf(RequestContext& context, const std::string& account, const Value& body) {
  Principal principal = Principal::Root(account);
  principal.verified = true;
  context.principal = principal;
  if (body.GetBool("Root")) return principal;
  auto user = BoundUser(context, body);
  if (!user.ok()) return user.status();
  if (!*user) return InvalidToken();
  principal.type = Principal::Type::kUser;
  principal.arn = (*user)->body.GetString("Arn");
  principal.user_id = (*user)->body.GetString("UserId");
  principal.username = (*user)->name();
  principal.tags = TagPairs(context, (*user)->record.id);
  return principal;
}

Result<Principal> FromAccessKey(RequestContext& context, iam::AccessKey key,
                                const SigV4Authorization& auth, SigningKeyCache* signing_keys,
                                const AuthenticationOptions& options) {
  if (key.deleted() || key.body.GetString("Status") != "Active" || !auth.security_token.empty()) {
    return InvalidToken();
  }
  RSEMU_RETURN_IF_ERROR(
      VerifyRequest(context, auth, key.body.GetString("SecretAccessKey"), signing_keys, options));
  RSEMU_ASSIGN_OR_RETURN(Principal principal, OwnerOf(context, key.record.account, key.body));
  // Last use is kept to the second (IAM's own resolution is coarser): the row
  // is rewritten only when the second, the service or the region changes, so
  // a burst of requests with one key costs one write, not one per request.
  std::string used_date = iam::IamDate(context.now_millis);
  if (key.body.GetString("LastUsedDate") == used_date &&
      key.body.GetString("LastUsedService") == auth.scope.service &&
      key.body.GetString("LastUsedRegion") == auth.scope.region) {
    return principal;
  }
  key.body.Set("LastUsedDate", Value::String(std::move(used_date)));
  key.body.Set("LastUsedService", Value::String(auth.scope.service));
  key.body.Set("LastUsedRegion", Value::String(auth.scope.region));
  key.record.body = key.body.ToJson();
  RSEMU_RETURN_IF_ERROR(context.resources->Update(key.record));
  return principal;
}

Result<Principal> FromSession(RequestContext& context, const iam::Session& session,
                              const SigV4Authorization& auth, SigningKeyCache* signing_keys,
                              const AuthenticationOptions& options) {
  const Value& body = session.body;
  if (auth.security_token.empty() || auth.security_token != body.GetString("SessionToken")) {
    return InvalidToken();
  }
  if (context.now_millis >= body.GetInt("Expiration")) {
    return Status::AwsError("ExpiredToken",
                            "The security token included in the request is expired");
  }
  RSEMU_RETURN_IF_ERROR(
      VerifyRequest(context, auth, body.GetString("SecretAccessKey"), signing_keys, options));
  if (!body.Has("RoleName")) {  // GetSessionToken: the user (or root) itself
    RSEMU_ASSIGN_OR_RETURN(Principal principal, OwnerOf(context, session.record.account, body));
    principal.session_issued_millis = body.GetInt("IssuedAt");
    return principal;
  }
  Principal principal = Principal::Root(session.record.account);
  principal.verified = true;
  context.principal = principal;
  principal.type = Principal::Type::kAssumedRole;
  principal.role_name = body.GetString("RoleName");
  principal.session_name = body.GetString("SessionName");
  principal.role_arn = body.GetString("RoleArn");
  principal.arn = "arn:aws:sts::" + session.record.account + ":assumed-role/" +
                  principal.role_name + "/" + principal.session_name;
  principal.user_id = body.GetString("RoleId") + ":" + principal.session_name;
  principal.session_issued_millis = body.GetInt("IssuedAt");
  // A session is bound to its role's unique id (AROA…): once the role is
  // deleted its sessions stop working, even if a role of the same name is
  // created again (they never gain the new role's permissions).
  auto role = iam::FindEntity(context, iam::Kind::kRole, principal.role_name);
  if (!role.ok()) return role.status();
  if (!*role || (*role)->body.GetString("RoleId") != body.GetString("RoleId")) {
    return InvalidToken();
  }
  principal.tags = TagPairs(context, (*role)->record.id);
  if (const Value* tags = body.Find("Tags")) {
    for (const Value& tag : tags->items()) {
      SetTag(&principal.tags, tag.GetString("Key"), tag.GetString("Value"));
    }
  }
  return principal;
}

// The credential scope must name the service the request is for and a region
// that exists (query-protocol.md, "Credential scope checks"). rsemu is one
// endpoint for every region, so any real region is accepted and acted in.
Status CheckScope(const RequestContext& context, const SigV4Authorization& auth) {
  if (context.model != nullptr && auth.scope.service != context.model->service()) {
    return Status::AwsError(
        "SignatureDoesNotMatch",
        "Credential should be scoped to correct service: '" + context.model->service() + "'.");
  }
  if (!IsKnownRegion(auth.scope.region)) {
    return Status::AwsError(
        "SignatureDoesNotMatch",
        "Credential should be scoped to a valid region, not '" + auth.scope.region + "'.");
  }
  return Status::Ok();
}

Result<Principal> Resolve(RequestContext& context, const SigV4Authorization* auth,
                          SigningKeyCache* signing_keys, const AuthenticationOptions& options) {
  if (auth != nullptr) RSEMU_RETURN_IF_ERROR(CheckScope(context, *auth));
  if (auth == nullptr) {
    if (options.strict_credentials) {
      return Status::AwsError("MissingAuthenticationToken",
                              "Request is missing Authentication Token");
    }
    return Principal::Root(kDefaultAccount);
  }
  const std::string& key_id = auth->scope.access_key_id;
  RSEMU_ASSIGN_OR_RETURN(std::optional<iam::AccessKey> key, iam::FindAccessKey(context, key_id));
  if (key) return FromAccessKey(context, std::move(*key), *auth, signing_keys, options);
  RSEMU_ASSIGN_OR_RETURN(std::optional<iam::Session> session, iam::FindSession(context, key_id));
  if (session) return FromSession(context, *session, *auth, signing_keys, options);
  if (!auth->security_token.empty() || options.strict_credentials) return InvalidToken();
  return Principal::Root(IsAccountId(key_id) ? key_id : kDefaultAccount);
}

}  // namespace

Result<Principal> Authenticate(RequestContext& context, const SigV4Authorization* auth,
                               SigningKeyCache* signing_keys,
                               const AuthenticationOptions& options) {
  auto resolved = Resolve(context, auth, signing_keys, options);
  if (resolved.ok()) {
    if (context.http != nullptr) resolved->source_ip = context.http->remote_address;
    if (auth != nullptr) resolved->access_key_id = auth->scope.access_key_id;
  }
  return resolved;
}

}  // namespace rsemu::api
