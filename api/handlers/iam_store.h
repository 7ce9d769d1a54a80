// IAM store: users, groups, roles, managed and inline policies, attachments,
// group memberships, access keys and STS sessions as rows of the generic
// ResourceStore (region "", IAM is global). Shared by the IAM and STS handlers,
// the authenticator and the fixture loader, so each rule lives here once.
//
// Row layout (account, type, identifier, parent):
//   iam-user / iam-group / iam-role   lower-cased name (names are unique
//                                     case-insensitively), body = API shape
//   iam-policy                        lower-cased name, body = Policy + Versions
//   iam-inline      "<noun>/<name>/<PolicyName>"   parent "<noun>/<name>"
//   iam-attachment  "<noun>/<name>/<PolicyArn>"    parent "<noun>/<name>"
//   iam-membership  "user/<name>/<group>"          parent "user/<name>"
//   iam-accesskey   key id, parent "user/<name>" (or "root"); looked up by key
//                   id across accounts; deleted keys stay as tombstones so
//                   that they are refused rather than taken for a root key
//   iam-session     STS temporary key id (ASIA…), parent = role key
// <noun> is user, group or role; <name> is lower-cased.
//
// Thread-safety: call inside the request's transaction only; the parsed-policy
// cache is internally locked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/principal.h"
#include "api/request_context.h"
#include "api/value.h"
#include "authz/evaluator.h"
#include "authz/policy_parser.h"
#include "common/status.h"
#include "common/text.h"
#include "storage/resource_store.h"

namespace rsemu::api {
class Registry;
}

namespace rsemu::api::iam {

enum class Kind { kUser, kGroup, kRole };

// What differs between users, groups and roles.
struct KindInfo {
  const char* type;          // "iam-user"
  const char* noun;          // "user"
  const char* name_member;   // "UserName"
  const char* id_member;     // "UserId"
  const char* id_prefix;     // "AIDA"
  size_t inline_limit;       // aggregate inline policy size (characters, no white space)
  const char* quota_suffix;  // "User" in "PoliciesPerUser"
};
const KindInfo& Info(Kind kind);

inline constexpr const char* kAccessKeyType = "iam-accesskey";
inline constexpr const char* kSessionType = "iam-session";
inline constexpr const char* kPolicyType = "iam-policy";
inline constexpr const char* kInlineType = "iam-inline";
inline constexpr const char* kAttachmentType = "iam-attachment";
inline constexpr const char* kMembershipType = "iam-membership";
inline constexpr int kMaxAccessKeysPerUser = 2;
inline constexpr int kMaxAttachedPolicies = 10;
inline constexpr int kMaxPolicyVersions = 5;
inline constexpr int kMaxGroupsPerUser = 10;

// Characters of `text` that are not white space (how IAM counts policy sizes).
size_t PolicySize(std::string_view text);
// RFC 3986 percent-encoding (IAM returns policy documents this way).
std::string UrlEncode(std::string_view text);
std::string IamDate(int64_t millis);  // "2024-01-02T03:04:05Z"

Status NoSuchEntity(std::string message);
Status InvalidInput(std::string message);
Status LimitExceeded(std::string message);
Status ValidationError(std::string member, std::string_view value, std::string constraint);
// IAM names: [\w+=,.@-]+ (length is checked by the model decoder).
Status ValidateName(std::string_view member, std::string_view value);
// "/" or "/.../" with printable ASCII between.
Status ValidatePath(std::string_view member, std::string_view value);

// ---- users, groups, roles ----

struct Entity {
  Kind kind = Kind::kUser;
  storage::ResourceRecord record;
  Value body;  // the API shape (User/Group/Role) without Tags

  const std::string& name() const;
  std::string parent_key() const;  // "<noun>/<lower name>"
};

Result<std::optional<Entity>> FindEntity(RequestContext& context, Kind kind, std::string_view name);
// NoSuchEntity "The user with name X cannot be found."
Result<Entity> GetEntity(RequestContext& context, Kind kind, std::string_view name);
// Every entity of the kind in the caller's account, ordered by lower-cased name.
Result<std::vector<Entity>> ListEntities(RequestContext& context, Kind kind);
// Validates name and path, stores the entity with a generated id, applies tags.
// `extra` members are merged into the body (roles: trust policy, duration...).
Result<Entity> CreateEntity(RequestContext& context, Kind kind, std::string_view name,
                            std::string_view path, const Value& extra,
                            const std::vector<storage::Tag>& tags);
Status SaveEntity(RequestContext& context, const Entity& entity);
// Renames a user (and re-keys its keys, inline policies, attachments, memberships).
Status RenameEntity(RequestContext& context, Entity* entity, std::string_view new_name,
                    std::string_view new_path);
std::string EntityArn(std::string_view account, Kind kind, std::string_view path,
                      std::string_view name);
// The body with its tags, as the Get*/Create* outputs show it.
Result<Value> EntityOutput(RequestContext& context, const Entity& entity);

// IAM tag input (Tags list): validated like Redshift tags but answered with
// IAM's codes (InvalidInput, LimitExceeded for more than 50).
Result<std::vector<storage::Tag>> ReadIamTags(const Value* tag_list);
Status ApplyIamTags(RequestContext& context, int64_t row_id, const std::vector<storage::Tag>& tags);

// ---- child rows (inline policies, attachments, memberships) ----

Result<std::vector<storage::ResourceRecord>> Children(RequestContext& context,
                                                      std::string_view type,
                                                      std::string_view parent);
Result<std::vector<storage::ResourceRecord>> AllRows(RequestContext& context,
                                                     std::string_view type);
Status InsertChild(RequestContext& context, std::string_view type, std::string_view identifier,
                   std::string_view parent, const Value& body);

// ---- policies ----

// Parses (and caches by document text) a policy; MalformedPolicyDocument.
Result<authz::PolicyPtr> ParseCached(std::string_view document, authz::PolicyKind kind);

// Inline policy documents of an entity: Put (validated, size-limited), Get, Delete.
Status PutInlinePolicy(RequestContext& context, const Entity& entity, std::string_view policy_name,
                       std::string_view document);

struct ManagedPolicy {
  bool aws_managed = false;
  storage::ResourceRecord record;  // customer managed only
  Value body;  // Policy shape + "Versions" [{VersionId, Document (raw), IsDefaultVersion,
               // CreateDate}]
  const Value* DefaultVersion() const;
};
// By ARN: customer managed policies of the caller's account, or AWS managed
// (arn:aws:iam::aws:policy/...). NoSuchEntity otherwise.
Result<ManagedPolicy> GetManagedPolicy(RequestContext& context, std::string_view arn);
Result<ManagedPolicy> CreateManagedPolicy(RequestContext& context, std::string_view name,
                                          std::string_view path, std::string_view document,
                                          std::string_view description,
                                          const std::vector<storage::Tag>& tags);
// The AWS managed policies rsemu knows (AdministratorAccess, AmazonRedshift*).
std::vector<ManagedPolicy> AwsManagedPolicies();
// Attaches (idempotent; LimitExceeded beyond 10 per entity).
Status AttachPolicy(RequestContext& context, const Entity& entity, std::string_view policy_arn);
// Attachment rows referencing `policy_arn` in the caller's account.
Result<std::vector<storage::ResourceRecord>> AttachmentsOf(RequestContext& context,
                                                           std::string_view policy_arn);

// ---- group membership ----
Status AddUserToGroup(RequestContext& context, const Entity& user, const Entity& group);

// ---- access keys ----

struct AccessKey {
  storage::ResourceRecord record;
  Value
      body;  // UserName, AccessKeyId, Status, SecretAccessKey, CreateDate, Deleted, Root, LastUsed*
  bool deleted() const { return body.GetBool("Deleted"); }
};
// Any account; includes tombstones.
Result<std::optional<AccessKey>> FindAccessKey(RequestContext& context, std::string_view key_id);
// Live keys of a user.
Result<std::vector<AccessKey>> UserAccessKeys(RequestContext& context, const Entity& user);
// A new key for `user` (LimitExceeded beyond 2). `key_id`/`secret` empty: generated.
Result<AccessKey> CreateAccessKey(RequestContext& context, const Entity& user,
                                  std::string_view key_id, std::string_view secret);
// A root key of the caller's account (fixtures; the credentials of strict mode).
Status CreateRootKey(RequestContext& context, std::string_view key_id, std::string_view secret);

// ---- STS sessions ----

struct Session {
  storage::ResourceRecord record;
  Value body;  // AccessKeyId, SecretAccessKey, SessionToken, Expiration (millis), IssuedAt,
               // RoleArn, RoleId, RoleName, RoleKey, SessionName, Account, Tags [{Key,Value}],
               // TransitiveTagKeys, Policy (raw), PolicyArns [...], Chained
};
Result<std::optional<Session>> FindSession(RequestContext& context, std::string_view key_id);
// Stores a new session in `account` (body as above, AccessKeyId set).
Status InsertSession(RequestContext& context, const std::string& account, const std::string& parent,
                     const Value& body);

// The authorization request for `action` on `resource` by the caller, with
// the principal and request context keys of iam-evaluation.md §9.1/§9.2.
authz::AuthzRequest BaseAuthzRequest(const RequestContext& context, std::string_view action,
                                     std::string_view resource);

// Appends the inline and attached (default version) policies of the entity
// whose child rows hang under `parent` ("user/<lowercased name>",
// "group/<key>", "role/<lowercased name>"); attachments whose policy is gone or
// has no default version are skipped.
Status AddEntityPolicies(RequestContext& context, const std::string& parent,
                         std::vector<authz::PolicyRef>* out);
// The policies that apply to `principal` (iam-evaluation.md §5): for a user its
// inline and attached policies and those of its groups; for a role session the
// role's, plus the session policies. Root: empty. For the authorization gate.
Result<authz::PolicySet> LoadPolicySet(RequestContext& context, const Principal& principal);

// ---- handler families (iam.cpp registers these) ----
void RegisterIamPolicyHandlers(Registry* registry);     // iam_policies.cpp
void RegisterIamSimulatorHandlers(Registry* registry);  // iam_simulator.cpp

// ---- pagination (Marker / MaxItems / IsTruncated) ----

// Keeps the items after the input's Marker, at most MaxItems (default 100);
// sets `list_member`, IsTruncated and Marker on `out`. `keys` orders `items`.
Status Paginate(const Value& input, std::vector<std::pair<std::string, Value>> keyed_items,
                std::string_view list_member, Value* out);

}  // namespace rsemu::api::iam
