// IAM store: the IAM entities as generic resource rows, their validation rules,
// limits and the policy set of a principal (see iam_store.h for the layout).
#include "api/handlers/iam_store.h"

#include <algorithm>
#include <cctype>
#include <list>
#include <mutex>
#include <unordered_map>

#include "api/handlers/common.h"
#include "api/sigv4.h"
#include "common/text.h"
#include "common/time_format.h"

namespace rsemu::api::iam {
namespace {

constexpr size_t kManagedPolicyLimit = 6144;
// The parsed-policy cache (ParseCached) holds at most this many documents and
// at most kPolicyCacheByteLimit bytes of their text, least recently used out
// first. A parsed document takes several times its text in memory (a 131 KB
// document parsed to about 0.9 MB), so the bytes bind long before the count
// when documents are large: 500 distinct 131 KB documents used to add 435 MB.
constexpr size_t kPolicyCacheLimit = 4096;
constexpr size_t kPolicyCacheByteLimit = 16u << 20;
constexpr size_t kPolicyRowCacheLimit = 1024;
constexpr std::string_view kSecretAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

const KindInfo kKinds[] = {
    {"iam-user", "user", "UserName", "UserId", "AIDA", 2048, "User"},
    {"iam-group", "group", "GroupName", "GroupId", "AGPA", 5120, "Group"},
    {"iam-role", "role", "RoleName", "RoleId", "AROA", 10240, "Role"},
};

std::string Capitalized(std::string_view noun) {
  std::string out(noun);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string InternalArn(std::string_view account, std::string_view type,
                        std::string_view identifier) {
  return "rsemu:iam:" + std::string(account) + ":" + std::string(type) + ":" +
         std::string(identifier);
}
std::string AccessKeyRowArn(std::string_view key_id) {
  return "rsemu:iam:accesskey:" + std::string(key_id);
}
std::string SessionRowArn(std::string_view key_id) {
  return "rsemu:sts:session:" + std::string(key_id);
}

Result<Value> ParseBody(const storage::ResourceRecord& record) {
  auto body = Value::FromJson(record.body);
  if (!body.ok()) return Status::Internal("corrupt IAM row " + record.identifier);
  return body;
}

// A row found by its synthetic ARN (access keys, sessions), or nullopt.
Result<std::optional<storage::ResourceRecord>> RowByArn(RequestContext& context,
                                                        const std::string& arn,
                                                        std::string_view type) {
  auto record = context.resources->GetByArn(arn);
  if (!record.ok()) {
    if (record.status().IsNotFound()) return std::optional<storage::ResourceRecord>();
    return record.status();
  }
  if (record->type != type) return std::optional<storage::ResourceRecord>();
  return std::optional<storage::ResourceRecord>(std::move(record).value());
}

Value Version(std::string_view id, std::string_view document, bool is_default, int64_t millis) {
  Value version = Value::Object();
  version.Set("Document", Value::String(std::string(document)));
  version.Set("VersionId", Value::String(std::string(id)));
  version.Set("IsDefaultVersion", Value::Bool(is_default));
  version.Set("CreateDate", Value::String(IamDate(millis)));
  return version;
}

struct AwsPolicySpec {
  const char* name;
  const char* id;
  const char* description;
  const char* document;
};

// The AWS managed policies a Redshift user reaches for, with their statements.
const AwsPolicySpec kAwsPolicies[] = {
    {"AdministratorAccess", "ANPAIWMBCKSKIEE64ZLYK",
     "Provides full access to AWS services and resources.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"},
    {"AmazonRedshiftFullAccess", "ANPAISEKCHH4YDB46B5ZO",
     "Provides full access to Amazon Redshift via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Action":["redshift:*","redshift-serverless:*",)"
     R"("ec2:DescribeAccountAttributes","ec2:DescribeAddresses","ec2:DescribeAvailabilityZones",)"
     R"("ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs",)"
     R"("ec2:DescribeInternetGateways","sns:CreateTopic","sns:Get*","sns:List*",)"
     R"("cloudwatch:Describe*","cloudwatch:Get*","cloudwatch:List*","cloudwatch:PutMetricAlarm",)"
     R"("cloudwatch:EnableAlarmActions","cloudwatch:DisableAlarmActions","tag:GetResources",)"
     R"("tag:UntagResources","tag:GetTagValues","tag:GetTagKeys","tag:TagResources"],)"
     R"("Effect":"Allow","Resource":"*"},{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole",)"
     R"("Resource":"arn:aws:iam::*:role/aws-service-role/redshift.amazonaws.com/)"
     R"(AWSServiceRoleForRedshift","Condition":{"StringLike":{"iam:AWSServiceName":)"
     R"("redshift.amazonaws.com"}}},{"Sid":"DataAPIPermissions","Action":[)"
     R"("redshift-data:ExecuteStatement","redshift-data:CancelStatement",)"
     R"("redshift-data:ListStatements","redshift-data:GetStatementResult",)"
     R"("redshift-data:DescribeStatement","redshift-data:ListDatabases",)"
     R"("redshift-data:ListSchemas","redshift-data:ListTables","redshift-data:DescribeTable"],)"
     R"("Effect":"Allow","Resource":"*"}]})"},
    {"AmazonRedshiftReadOnlyAccess", "ANPAIGD46KSON64QBSEZM",
     "Provides read only access to Amazon Redshift via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Action":["redshift:Describe*",)"
     R"("redshift:ViewQueriesInConsole","ec2:DescribeAccountAttributes",)"
     R"("ec2:DescribeAddresses","ec2:DescribeAvailabilityZones","ec2:DescribeSecurityGroups",)"
     R"("ec2:DescribeSubnets","ec2:DescribeVpcs","ec2:DescribeInternetGateways","sns:Get*",)"
     R"("sns:List*","cloudwatch:Describe*","cloudwatch:List*","cloudwatch:GetMetricData"],)"
     R"("Effect":"Allow","Resource":"*"}]})"},
};

constexpr int64_t kAwsPolicyCreated = 1423248000000;  // 2015-02-06

// Re-keys a user's child rows after a rename: identifiers and parents that
// start with the old "<noun>/<name>" take the new one, and UserName follows.
Status RekeyChildren(RequestContext& context, const std::string& old_parent,
                     const std::string& new_parent, const std::string& new_name) {
  for (const char* type : {kInlineType, kAttachmentType, kMembershipType, kAccessKeyType}) {
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows,
                           Children(context, type, old_parent));
    for (storage::ResourceRecord& row : rows) {
      if (row.identifier.starts_with(old_parent + "/")) {
        row.identifier = new_parent + row.identifier.substr(old_parent.size());
        row.arn = InternalArn(row.account, row.type, row.identifier);
      }
      row.parent = new_parent;
      RSEMU_ASSIGN_OR_RETURN(Value body, ParseBody(row));
      if (body.Has("UserName")) body.Set("UserName", Value::String(new_name));
      row.body = body.ToJson();
      RSEMU_RETURN_IF_ERROR(context.resources->Update(row));
    }
  }
  return Status::Ok();
}

// Identity policies (inline + attached) of the entity with row key `parent`.
// The parsed default version of the managed policy `arn`, or null when it does
// not exist (for the caller) or has no default version. Customer managed
// policies are cached by their stored row text: a policy's row is parsed once,
// not on every request of every principal it is attached to, and any change to
// the row (a new default version, a deletion) misses the cache.
Result<authz::PolicyPtr> DefaultDocument(RequestContext& context, std::string_view arn) {
  static std::mutex mutex;
  static std::unordered_map<std::string, authz::PolicyPtr> cache;  // GUARDED_BY(mutex)
  if (arn.starts_with("arn:aws:iam::") && !arn.starts_with("arn:aws:iam::aws:policy/")) {
    auto record = context.resources->GetByArn(std::string(arn));
    if (!record.ok() || record->type != kPolicyType || record->account != context.account()) {
      return authz::PolicyPtr();
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (auto it = cache.find(record->body); it != cache.end()) return it->second;
    }
    auto body = ParseBody(*record);
    if (!body.ok()) return authz::PolicyPtr();
    ManagedPolicy policy;
    policy.body = std::move(body).value();
    const Value* version = policy.DefaultVersion();
    if (version == nullptr) return authz::PolicyPtr();
    RSEMU_ASSIGN_OR_RETURN(authz::PolicyPtr document, ParseCached(version->GetString("Document"),
                                                                  authz::PolicyKind::kIdentity));
    std::lock_guard<std::mutex> lock(mutex);
    if (cache.size() >= kPolicyRowCacheLimit) cache.clear();
    cache.emplace(std::move(record->body), document);
    return document;
  }
  auto policy = GetManagedPolicy(context, arn);
  if (!policy.ok()) return authz::PolicyPtr();
  const Value* version = policy->DefaultVersion();
  if (version == nullptr) return authz::PolicyPtr();
  return ParseCached(version->GetString("Document"), authz::PolicyKind::kIdentity);
}

}  // namespace

Status AddEntityPolicies(RequestContext& context, const std::string& parent,
                         std::vector<authz::PolicyRef>* out) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> inline_rows,
                         Children(context, kInlineType, parent));
  for (const auto& row : inline_rows) {
    RSEMU_ASSIGN_OR_RETURN(Value body, ParseBody(row));
    RSEMU_ASSIGN_OR_RETURN(authz::PolicyPtr document, ParseCached(body.GetString("PolicyDocument"),
                                                                  authz::PolicyKind::kIdentity));
    out->push_back({parent + "/inline/" + body.GetString("PolicyName"), std::move(document)});
  }
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> attached,
                         Children(context, kAttachmentType, parent));
  for (const auto& row : attached) {
    RSEMU_ASSIGN_OR_RETURN(Value body, ParseBody(row));
    std::string arn = body.GetString("PolicyArn");
    RSEMU_ASSIGN_OR_RETURN(authz::PolicyPtr document, DefaultDocument(context, arn));
    if (document == nullptr) continue;  // deleted meanwhile, or no default version
    out->push_back({std::move(arn), std::move(document)});
  }
  return Status::Ok();
}

const KindInfo& Info(Kind kind) { return kKinds[static_cast<int>(kind)]; }

size_t PolicySize(std::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](unsigned char ch) { return !std::isspace(ch); }));
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3 / 2);
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back('%');
      out.push_back(kHex[ch >> 4]);
      out.push_back(kHex[ch & 15]);
    }
  }
  return out;
}

std::string IamDate(int64_t millis) { return FormatIso8601Seconds(millis); }

Status NoSuchEntity(std::string message) {
  return Status::AwsError("NoSuchEntity", std::move(message));
}
Status InvalidInput(std::string message) {
  return Status::AwsError("InvalidInput", std::move(message));
}
Status LimitExceeded(std::string message) {
  return Status::AwsError("LimitExceeded", std::move(message));
}

Status ValidationError(std::string member, std::string_view value, std::string constraint) {
  if (!member.empty()) member[0] = static_cast<char>(std::tolower(member[0]));
  return Status::AwsError("ValidationError", "1 validation error detected: Value '" +
                                                 std::string(value) + "' at '" + member +
                                                 "' failed to satisfy constraint: " + constraint);
}

Status ValidateName(std::string_view member, std::string_view value) {
  bool ok = !value.empty() && std::all_of(value.begin(), value.end(), [](unsigned char ch) {
    return std::isalnum(ch) ||
           std::string_view("_+=,.@-").find(static_cast<char>(ch)) != std::string_view::npos;
  });
  if (ok) return Status::Ok();
  return ValidationError(std::string(member), value,
                         "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
}

Status ValidatePath(std::string_view member, std::string_view value) {
  bool ok = !value.empty() && value.front() == '/' && value.back() == '/' &&
            std::all_of(value.begin(), value.end(),
                        [](unsigned char ch) { return ch >= 0x21 && ch <= 0x7E; });
  if (ok) return Status::Ok();
  return ValidationError(
      std::string(member), value,
      "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007F]+"
      "\\u002F)");
}

// ---- entities ----

const std::string& Entity::name() const {
  static const std::string kEmpty;
  const Value* name = body.Find(Info(kind).name_member);
  return name ? name->AsString() : kEmpty;
}

std::string Entity::parent_key() const {
  return std::string(Info(kind).noun) + "/" + AsciiLowercase(name());
}

std::string EntityArn(std::string_view account, Kind kind, std::string_view path,
                      std::string_view name) {
  return "arn:aws:iam::" + std::string(account) + ":" + Info(kind).noun + std::string(path) +
         std::string(name);
}

Result<std::optional<Entity>> FindEntity(RequestContext& context, Kind kind,
                                         std::string_view name) {
  auto record =
      context.resources->Get(context.account(), "", Info(kind).type, AsciiLowercase(name));
  if (!record.ok()) {
    if (record.status().IsNotFound()) return std::optional<Entity>();
    return record.status();
  }
  Entity entity;
  entity.kind = kind;
  RSEMU_ASSIGN_OR_RETURN(entity.body, ParseBody(*record));
  entity.record = std::move(record).value();
  return std::optional<Entity>(std::move(entity));
}

Result<Entity> GetEntity(RequestContext& context, Kind kind, std::string_view name) {
  RSEMU_ASSIGN_OR_RETURN(std::optional<Entity> entity, FindEntity(context, kind, name));
  if (!entity) {
    return NoSuchEntity("The " + std::string(Info(kind).noun) + " with name " + std::string(name) +
                        " cannot be found.");
  }
  return std::move(*entity);
}

Result<std::vector<Entity>> ListEntities(RequestContext& context, Kind kind) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows,
                         AllRows(context, Info(kind).type));
  std::vector<Entity> out;
  for (auto& row : rows) {
    Entity entity;
    entity.kind = kind;
    RSEMU_ASSIGN_OR_RETURN(entity.body, ParseBody(row));
    entity.record = std::move(row);
    out.push_back(std::move(entity));
  }
  return out;
}

Result<Entity> CreateEntity(RequestContext& context, Kind kind, std::string_view name,
                            std::string_view path, const Value& extra,
                            const std::vector<storage::Tag>& tags) {
  const KindInfo& info = Info(kind);
  RSEMU_RETURN_IF_ERROR(ValidateName(info.name_member, name));
  RSEMU_RETURN_IF_ERROR(ValidatePath("Path", path));
  RSEMU_ASSIGN_OR_RETURN(std::optional<Entity> existing, FindEntity(context, kind, name));
  Status exists =
      Status::AwsError("EntityAlreadyExists", Capitalized(info.noun) + " with name " +
                                                  std::string(name) + " already exists.");
  if (existing) return exists;
  Entity entity;
  entity.kind = kind;
  entity.body = Value::Object();
  entity.body.Set("Path", Value::String(std::string(path)));
  entity.body.Set(info.name_member, Value::String(std::string(name)));
  entity.body.Set(info.id_member, Value::String(context.ids->UpperAlnum(info.id_prefix, 21)));
  std::string arn = EntityArn(context.account(), kind, path, name);
  entity.body.Set("Arn", Value::String(arn));
  entity.body.Set("CreateDate", Value::String(IamDate(context.now_millis)));
  for (size_t i = 0; i < extra.keys().size(); ++i) {
    entity.body.Set(extra.keys()[i], extra.items()[i]);
  }
  entity.record.account = context.account();
  entity.record.region = "";
  entity.record.type = info.type;
  entity.record.identifier = AsciiLowercase(name);
  entity.record.arn = arn;
  entity.record.body = entity.body.ToJson();
  entity.record.created_millis = context.now_millis;
  Status inserted = context.resources->Insert(&entity.record);
  if (inserted.IsConflict()) return exists;
  RSEMU_RETURN_IF_ERROR(inserted);
  RSEMU_RETURN_IF_ERROR(ApplyIamTags(context, entity.record.id, tags));
  return entity;
}

Status SaveEntity(RequestContext& context, const Entity& entity) {
  storage::ResourceRecord record = entity.record;
  record.body = entity.body.ToJson();
  return context.resources->Update(record);
}

Status RenameEntity(RequestContext& context, Entity* entity, std::string_view new_name,
                    std::string_view new_path) {
  const KindInfo& info = Info(entity->kind);
  RSEMU_RETURN_IF_ERROR(ValidateName("New" + std::string(info.name_member), new_name));
  RSEMU_RETURN_IF_ERROR(ValidatePath("NewPath", new_path));
  std::string old_parent = entity->parent_key();
  if (AsciiLowercase(new_name) != entity->record.identifier) {
    RSEMU_ASSIGN_OR_RETURN(std::optional<Entity> clash,
                           FindEntity(context, entity->kind, new_name));
    if (clash) {
      return Status::AwsError(
          "EntityAlreadyExists",
          Capitalized(info.noun) + " with name " + std::string(new_name) + " already exists.");
    }
  }
  std::string arn = EntityArn(context.account(), entity->kind, new_path, new_name);
  entity->body.Set(info.name_member, Value::String(std::string(new_name)));
  entity->body.Set("Path", Value::String(std::string(new_path)));
  entity->body.Set("Arn", Value::String(arn));
  entity->record.identifier = AsciiLowercase(new_name);
  entity->record.arn = arn;
  RSEMU_RETURN_IF_ERROR(SaveEntity(context, *entity));
  if (old_parent == entity->parent_key()) return Status::Ok();
  return RekeyChildren(context, old_parent, entity->parent_key(), std::string(new_name));
}

Result<Value> EntityOutput(RequestContext& context, const Entity& entity) {
  Value out = entity.body;
  if (const Value* trust = out.Find("AssumeRolePolicyDocument")) {
    out.Set("AssumeRolePolicyDocument", Value::String(UrlEncode(trust->AsString())));
  }
  if (entity.kind != Kind::kGroup) {
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, context.tags->Get(entity.record.id));
    if (!tags.empty()) out.Set("Tags", handlers::TagsToValue(tags));
  }
  return out;
}

Result<std::vector<storage::Tag>> ReadIamTags(const Value* tag_list) {
  auto tags = handlers::ReadTags(tag_list);
  if (!tags.ok()) return InvalidInput(tags.status().message());
  if (tags->size() > 50) {
    return LimitExceeded("The number of tags has reached the maximum limit (50).");
  }
  return tags;
}

Status ApplyIamTags(RequestContext& context, int64_t row_id,
                    const std::vector<storage::Tag>& tags) {
  Status applied = handlers::ApplyTags(context.tags, row_id, tags);
  if (applied.IsAwsError()) {
    return LimitExceeded("The number of tags has reached the maximum limit (50).");
  }
  return applied;
}

// ---- child rows ----

Result<std::vector<storage::ResourceRecord>> Children(RequestContext& context,
                                                      std::string_view type,
                                                      std::string_view parent) {
  storage::ResourceQuery query;
  query.account = context.account();
  query.region = "";
  query.type = std::string(type);
  query.parent = std::string(parent);
  if (query.parent.empty()) return std::vector<storage::ResourceRecord>();
  return context.resources->List(query);
}

Result<std::vector<storage::ResourceRecord>> AllRows(RequestContext& context,
                                                     std::string_view type) {
  storage::ResourceQuery query;
  query.account = context.account();
  query.region = "";
  query.type = std::string(type);
  return context.resources->List(query);
}

Status InsertChild(RequestContext& context, std::string_view type, std::string_view identifier,
                   std::string_view parent, const Value& body) {
  storage::ResourceRecord record;
  record.account = context.account();
  record.type = std::string(type);
  record.identifier = std::string(identifier);
  record.arn = InternalArn(context.account(), type, identifier);
  record.parent = std::string(parent);
  record.body = body.ToJson();
  record.created_millis = context.now_millis;
  return context.resources->Insert(&record);
}

// ---- policies ----

namespace {

// ParseCached's cache: parsed documents keyed by kind and text, least recently
// used first out, bounded by kPolicyCacheLimit entries and kPolicyCacheByteLimit
// bytes (EntryBytes). Thread-safety: internally locked.
class PolicyParseCache {
 public:
  // The cached parse of `key`, marked as just used; null when not cached.
  authz::PolicyPtr Find(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);
    return it->second->policy;
  }
  // Caches `parsed` under `key` (unless another thread did first: then that
  // parse is returned) and evicts down to the bounds. A document bigger than
  // the whole byte budget is returned without being cached.
  authz::PolicyPtr Insert(std::string key, authz::PolicyPtr parsed) {
    size_t bytes = EntryBytes(key);
    if (bytes > kPolicyCacheByteLimit) return parsed;
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) return it->second->policy;
    entries_.push_front(Entry{std::move(key), parsed});
    index_.emplace(entries_.front().key, entries_.begin());
    bytes_ += bytes;
    while (entries_.size() > kPolicyCacheLimit || bytes_ > kPolicyCacheByteLimit) {
      bytes_ -= EntryBytes(entries_.back().key);
      index_.erase(entries_.back().key);
      entries_.pop_back();
    }
    return parsed;
  }
  std::pair<size_t, size_t> Usage() {
    std::lock_guard<std::mutex> lock(mutex_);
    return {entries_.size(), bytes_};
  }

 private:
  struct Entry {
    std::string key;
    authz::PolicyPtr policy;
  };
  // The text plus the bookkeeping of one entry (list node and index slot).
  static size_t EntryBytes(const std::string& key) { return key.size() + sizeof(Entry) + 64; }

  std::mutex mutex_;
  std::list<Entry> entries_;  // GUARDED_BY(mutex_): most recently used first
  // GUARDED_BY(mutex_): views of the keys in entries_ (list nodes never move)
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;  // GUARDED_BY(mutex_): EntryBytes of entries_
};

PolicyParseCache& PolicyCache() {
  static PolicyParseCache cache;
  return cache;
}

}  // namespace

// Entries and bytes (text plus bookkeeping) held by ParseCached's cache; for
// tests, which declare it themselves.
std::pair<size_t, size_t> PolicyParseCacheUsage() { return PolicyCache().Usage(); }

Result<authz::PolicyPtr> ParseCached(std::string_view document, authz::PolicyKind kind) {
  // Keyed by the document text itself: hashing it for the map costs far less
  // than a SHA-256 per lookup (and policies are looked up on every request).
  std::string key;
  key.reserve(document.size() + 1);
  key.push_back(static_cast<char>('0' + static_cast<int>(kind)));
  key.append(document);
  if (authz::PolicyPtr cached = PolicyCache().Find(key)) return cached;
  RSEMU_ASSIGN_OR_RETURN(authz::PolicyPtr parsed, authz::ParsePolicy(document, kind));
  return PolicyCache().Insert(std::move(key), std::move(parsed));
}

Status PutInlinePolicy(RequestContext& context, const Entity& entity, std::string_view policy_name,
                       std::string_view document) {
  const KindInfo& info = Info(entity.kind);
  RSEMU_RETURN_IF_ERROR(ValidateName("PolicyName", policy_name));
  RSEMU_ASSIGN_OR_RETURN(authz::PolicyPtr parsed,
                         ParseCached(document, authz::PolicyKind::kIdentity));
  (void)parsed;
  std::string parent = entity.parent_key();
  std::string identifier = parent + "/" + std::string(policy_name);
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> existing,
                         Children(context, kInlineType, parent));
  size_t total = PolicySize(document);
  const storage::ResourceRecord* same = nullptr;
  for (const auto& row : existing) {
    if (row.identifier == identifier) {
      same = &row;
      continue;
    }
    RSEMU_ASSIGN_OR_RETURN(Value body, ParseBody(row));
    total += PolicySize(body.GetString("PolicyDocument"));
  }
  if (total > info.inline_limit) {
    return LimitExceeded("Maximum policy size of " + std::to_string(info.inline_limit) +
                         " bytes exceeded for " + info.noun + " " + entity.name());
  }
  Value body = Value::Object();
  body.Set("PolicyName", Value::String(std::string(policy_name)));
  body.Set("PolicyDocument", Value::String(std::string(document)));
  if (same != nullptr) {
    storage::ResourceRecord record = *same;
    record.body = body.ToJson();
    return context.resources->Update(record);
  }
  return InsertChild(context, kInlineType, identifier, parent, body);
}

const Value* ManagedPolicy::DefaultVersion() const {
  const Value* versions = body.Find("Versions");
  if (versions == nullptr) return nullptr;
  for (const Value& version : versions->items()) {
    if (version.GetBool("IsDefaultVersion")) return &version;
  }
  return nullptr;
}

std::vector<ManagedPolicy> AwsManagedPolicies() {
  static const std::vector<ManagedPolicy> policies = [] {
    std::vector<ManagedPolicy> out;
    for (const AwsPolicySpec& spec : kAwsPolicies) {
      ManagedPolicy policy;
      policy.aws_managed = true;
      Value& body = policy.body = Value::Object();
      body.Set("PolicyName", Value::String(spec.name));
      body.Set("PolicyId", Value::String(spec.id));
      body.Set("Arn", Value::String(std::string("arn:aws:iam::aws:policy/") + spec.name));
      body.Set("Path", Value::String("/"));
      body.Set("DefaultVersionId", Value::String("v1"));
      body.Set("PermissionsBoundaryUsageCount", Value::Int(0));
      body.Set("IsAttachable", Value::Bool(true));
      body.Set("Description", Value::String(spec.description));
      body.Set("CreateDate", Value::String(IamDate(kAwsPolicyCreated)));
      body.Set("UpdateDate", Value::String(IamDate(kAwsPolicyCreated)));
      Value versions = Value::List();
      versions.Push(Version("v1", spec.document, true, kAwsPolicyCreated));
      body.Set("Versions", std::move(versions));
      out.push_back(std::move(policy));
    }
    return out;
  }();
  return policies;
}

Result<ManagedPolicy> GetManagedPolicy(RequestContext& context, std::string_view arn) {
  if (!arn.starts_with("arn:aws:iam::")) {
    return InvalidInput("ARN " + std::string(arn) + " is not valid.");
  }
  Status missing =
      NoSuchEntity("Policy " + std::string(arn) + " does not exist or is not attachable.");
  if (arn.starts_with("arn:aws:iam::aws:policy/")) {
    for (ManagedPolicy& policy : AwsManagedPolicies()) {
      if (policy.body.GetString("Arn") == arn) return policy;
    }
    return missing;
  }
  auto record = context.resources->GetByArn(std::string(arn));
  if (!record.ok()) return record.status().IsNotFound() ? missing : record.status();
  if (record->type != kPolicyType || record->account != context.account()) return missing;
  ManagedPolicy policy;
  RSEMU_ASSIGN_OR_RETURN(policy.body, ParseBody(*record));
  policy.record = std::move(record).value();
  return policy;
}

Result<ManagedPolicy> CreateManagedPolicy(RequestContext& context, std::string_view name,
                                          std::string_view path, std::string_view document,
                                          std::string_view description,
                                          const std::vector<storage::Tag>& tags) {
  RSEMU_RETURN_IF_ERROR(ValidateName("PolicyName", name));
  RSEMU_RETURN_IF_ERROR(ValidatePath("Path", path));
  RSEMU_ASSIGN_OR_RETURN(authz::PolicyPtr parsed,
                         ParseCached(document, authz::PolicyKind::kIdentity));
  (void)parsed;
  if (PolicySize(document) > kManagedPolicyLimit) {
    return LimitExceeded("Cannot exceed quota for PolicySize: " +
                         std::to_string(kManagedPolicyLimit));
  }
  Status exists = Status::AwsError(
      "EntityAlreadyExists",
      "A policy called " + std::string(name) + " already exists. Duplicate names are not allowed.");
  auto existing = context.resources->Get(context.account(), "", kPolicyType, AsciiLowercase(name));
  if (existing.ok()) return exists;
  if (!existing.status().IsNotFound()) return existing.status();
  ManagedPolicy policy;
  Value& body = policy.body = Value::Object();
  std::string arn =
      "arn:aws:iam::" + context.account() + ":policy" + std::string(path) + std::string(name);
  body.Set("PolicyName", Value::String(std::string(name)));
  body.Set("PolicyId", Value::String(context.ids->UpperAlnum("ANPA", 21)));
  body.Set("Arn", Value::String(arn));
  body.Set("Path", Value::String(std::string(path)));
  body.Set("DefaultVersionId", Value::String("v1"));
  body.Set("PermissionsBoundaryUsageCount", Value::Int(0));
  body.Set("IsAttachable", Value::Bool(true));
  if (!description.empty()) body.Set("Description", Value::String(std::string(description)));
  body.Set("CreateDate", Value::String(IamDate(context.now_millis)));
  body.Set("UpdateDate", Value::String(IamDate(context.now_millis)));
  body.Set("NextVersion", Value::Int(2));
  Value versions = Value::List();
  versions.Push(Version("v1", document, true, context.now_millis));
  body.Set("Versions", std::move(versions));
  storage::ResourceRecord& record = policy.record;
  record.account = context.account();
  record.type = kPolicyType;
  record.identifier = AsciiLowercase(name);
  record.arn = arn;
  record.body = body.ToJson();
  record.created_millis = context.now_millis;
  Status inserted = context.resources->Insert(&record);
  if (inserted.IsConflict()) return exists;
  RSEMU_RETURN_IF_ERROR(inserted);
  RSEMU_RETURN_IF_ERROR(ApplyIamTags(context, record.id, tags));
  return policy;
}

Status AttachPolicy(RequestContext& context, const Entity& entity, std::string_view policy_arn) {
  RSEMU_ASSIGN_OR_RETURN(ManagedPolicy policy, GetManagedPolicy(context, policy_arn));
  std::string parent = entity.parent_key();
  std::string identifier = parent + "/" + std::string(policy_arn);
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> attached,
                         Children(context, kAttachmentType, parent));
  for (const auto& row : attached) {
    if (row.identifier == identifier) return Status::Ok();
  }
  if (attached.size() >= static_cast<size_t>(kMaxAttachedPolicies)) {
    return LimitExceeded("Cannot exceed quota for PoliciesPer" +
                         std::string(Info(entity.kind).quota_suffix) + ": " +
                         std::to_string(kMaxAttachedPolicies));
  }
  Value body = Value::Object();
  body.Set("PolicyName", Value::String(policy.body.GetString("PolicyName")));
  body.Set("PolicyArn", Value::String(std::string(policy_arn)));
  return InsertChild(context, kAttachmentType, identifier, parent, body);
}

Result<std::vector<storage::ResourceRecord>> AttachmentsOf(RequestContext& context,
                                                           std::string_view policy_arn) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows,
                         AllRows(context, kAttachmentType));
  std::vector<storage::ResourceRecord> out;
  std::string suffix = "/" + std::string(policy_arn);
  for (auto& row : rows) {
    if (row.identifier == row.parent + suffix) out.push_back(std::move(row));
  }
  return out;
}

// ---- memberships ----

Status AddUserToGroup(RequestContext& context, const Entity& user, const Entity& group) {
  std::string parent = user.parent_key();
  std::string identifier = parent + "/" + group.record.identifier;
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> groups,
                         Children(context, kMembershipType, parent));
  for (const auto& row : groups) {
    if (row.identifier == identifier) return Status::Ok();
  }
  if (groups.size() >= static_cast<size_t>(kMaxGroupsPerUser)) {
    return LimitExceeded("Cannot exceed quota for GroupsPerUser: " +
                         std::to_string(kMaxGroupsPerUser));
  }
  Value body = Value::Object();
  body.Set("UserName", Value::String(user.name()));
  body.Set("GroupKey", Value::String(group.record.identifier));
  return InsertChild(context, kMembershipType, identifier, parent, body);
}

// ---- access keys ----

Result<std::optional<AccessKey>> FindAccessKey(RequestContext& context, std::string_view key_id) {
  RSEMU_ASSIGN_OR_RETURN(std::optional<storage::ResourceRecord> row,
                         RowByArn(context, AccessKeyRowArn(key_id), kAccessKeyType));
  if (!row) return std::optional<AccessKey>();
  AccessKey key;
  RSEMU_ASSIGN_OR_RETURN(key.body, ParseBody(*row));
  key.record = std::move(*row);
  return std::optional<AccessKey>(std::move(key));
}

Result<std::vector<AccessKey>> UserAccessKeys(RequestContext& context, const Entity& user) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows,
                         Children(context, kAccessKeyType, user.parent_key()));
  std::vector<AccessKey> out;
  for (auto& row : rows) {
    AccessKey key;
    RSEMU_ASSIGN_OR_RETURN(key.body, ParseBody(row));
    if (key.deleted()) continue;
    key.record = std::move(row);
    out.push_back(std::move(key));
  }
  return out;
}

namespace {

Result<AccessKey> InsertAccessKey(RequestContext& context, std::string_view parent,
                                  std::string_view user_name, std::string_view user_id,
                                  std::string_view key_id, std::string_view secret) {
  AccessKey key;
  std::string id = key_id.empty() ? context.ids->UpperAlnum("AKIA", 20) : std::string(key_id);
  RSEMU_ASSIGN_OR_RETURN(std::optional<AccessKey> taken, FindAccessKey(context, id));
  if (taken) return InvalidInput("The access key " + id + " already exists.");
  key.body = Value::Object();
  if (!user_name.empty()) key.body.Set("UserName", Value::String(std::string(user_name)));
  if (!user_id.empty()) key.body.Set("UserId", Value::String(std::string(user_id)));
  key.body.Set("AccessKeyId", Value::String(id));
  key.body.Set("Status", Value::String("Active"));
  key.body.Set("SecretAccessKey",
               Value::String(secret.empty() ? context.ids->FromAlphabet(kSecretAlphabet, 40)
                                            : std::string(secret)));
  key.body.Set("CreateDate", Value::String(IamDate(context.now_millis)));
  if (user_name.empty()) key.body.Set("Root", Value::Bool(true));
  key.record.account = context.account();
  key.record.type = kAccessKeyType;
  key.record.identifier = id;
  key.record.arn = AccessKeyRowArn(id);
  key.record.parent = std::string(parent);
  key.record.body = key.body.ToJson();
  key.record.created_millis = context.now_millis;
  RSEMU_RETURN_IF_ERROR(context.resources->Insert(&key.record));
  return key;
}

}  // namespace

Result<AccessKey> CreateAccessKey(RequestContext& context, const Entity& user,
                                  std::string_view key_id, std::string_view secret) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<AccessKey> keys, UserAccessKeys(context, user));
  if (keys.size() >= static_cast<size_t>(kMaxAccessKeysPerUser)) {
    return LimitExceeded("Cannot exceed quota for AccessKeysPerUser: " +
                         std::to_string(kMaxAccessKeysPerUser));
  }
  return InsertAccessKey(context, user.parent_key(), user.name(), user.body.GetString("UserId"),
                         key_id, secret);
}

Status CreateRootKey(RequestContext& context, std::string_view key_id, std::string_view secret) {
  return InsertAccessKey(context, "root", "", "", key_id, secret).status();
}

// ---- sessions ----

Result<std::optional<Session>> FindSession(RequestContext& context, std::string_view key_id) {
  RSEMU_ASSIGN_OR_RETURN(std::optional<storage::ResourceRecord> row,
                         RowByArn(context, SessionRowArn(key_id), kSessionType));
  if (!row) return std::optional<Session>();
  Session session;
  RSEMU_ASSIGN_OR_RETURN(session.body, ParseBody(*row));
  session.record = std::move(*row);
  return std::optional<Session>(std::move(session));
}

Status InsertSession(RequestContext& context, const std::string& account, const std::string& parent,
                     const Value& body) {
  storage::ResourceRecord record;
  record.account = account;
  record.type = kSessionType;
  record.identifier = body.GetString("AccessKeyId");
  record.arn = SessionRowArn(record.identifier);
  record.parent = parent;
  record.body = body.ToJson();
  record.created_millis = context.now_millis;
  return context.resources->Insert(&record);
}

authz::AuthzRequest BaseAuthzRequest(const RequestContext& context, std::string_view action,
                                     std::string_view resource) {
  const Principal& principal = context.principal;
  authz::AuthzRequest request;
  request.action = std::string(action);
  request.resource = std::string(resource);
  request.principal_arn = principal.arn;
  request.principal_account = principal.account;
  request.principal_is_root = principal.type == Principal::Type::kRoot;
  authz::ContextKeys& keys = request.context;
  keys.Set("aws:PrincipalArn", principal.principal_arn());
  keys.Set("aws:PrincipalAccount", principal.account);
  keys.Set("aws:PrincipalType", std::string(principal.type_name()));
  keys.Set("aws:userid", principal.user_id);
  if (principal.type == Principal::Type::kUser) keys.Set("aws:username", principal.username);
  for (const auto& [key, value] : principal.tags) keys.Set("aws:PrincipalTag/" + key, value);
  if (principal.session_issued_millis > 0) {
    keys.Set("aws:TokenIssueTime", FormatIso8601Seconds(principal.session_issued_millis));
    keys.Set("aws:MultiFactorAuthPresent", std::string(principal.mfa_present ? "true" : "false"));
  }
  keys.Set("aws:CurrentTime", FormatIso8601Seconds(context.now_millis));
  keys.Set("aws:EpochTime", std::to_string(context.now_millis / 1000));
  keys.Set("aws:RequestedRegion",
           context.region.empty() ? std::string("us-east-1") : context.region);
  keys.Set("aws:SecureTransport", std::string(principal.secure_transport ? "true" : "false"));
  if (!principal.source_ip.empty()) keys.Set("aws:SourceIp", principal.source_ip);
  if (context.http != nullptr) {
    std::string_view agent = context.http->Header("user-agent");
    if (!agent.empty()) keys.Set("aws:UserAgent", std::string(agent));
  }
  keys.Set("aws:ViaAWSService", std::string("false"));
  return request;
}

Result<authz::PolicySet> LoadPolicySet(RequestContext& context, const Principal& principal) {
  authz::PolicySet set;
  if (principal.type == Principal::Type::kRoot) return set;
  if (principal.type == Principal::Type::kUser) {
    std::string parent = "user/" + AsciiLowercase(principal.username);
    RSEMU_RETURN_IF_ERROR(AddEntityPolicies(context, parent, &set.identity));
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> groups,
                           Children(context, kMembershipType, parent));
    for (const auto& row : groups) {
      RSEMU_ASSIGN_OR_RETURN(Value body, ParseBody(row));
      RSEMU_RETURN_IF_ERROR(
          AddEntityPolicies(context, "group/" + body.GetString("GroupKey"), &set.identity));
    }
    return set;
  }
  RSEMU_ASSIGN_OR_RETURN(std::optional<Session> session,
                         FindSession(context, principal.access_key_id));
  if (!session) return set;
  RSEMU_RETURN_IF_ERROR(AddEntityPolicies(
      context, "role/" + AsciiLowercase(session->body.GetString("RoleName")), &set.identity));
  const Value* arns = session->body.Find("PolicyArns");
  bool has_inline = session->body.Has("Policy");
  if (has_inline || (arns != nullptr && arns->size() > 0)) {
    std::vector<authz::PolicyRef> session_policies;
    if (has_inline) {
      RSEMU_ASSIGN_OR_RETURN(
          authz::PolicyPtr document,
          ParseCached(session->body.GetString("Policy"), authz::PolicyKind::kIdentity));
      session_policies.push_back({principal.arn + "/session-policy", std::move(document)});
    }
    if (arns != nullptr) {
      for (const Value& arn : arns->items()) {
        auto policy = GetManagedPolicy(context, arn.AsString());
        if (!policy.ok() || policy->DefaultVersion() == nullptr) continue;
        RSEMU_ASSIGN_OR_RETURN(authz::PolicyPtr document,
                               ParseCached(policy->DefaultVersion()->GetString("Document"),
                                           authz::PolicyKind::kIdentity));
        session_policies.push_back({arn.AsString(), std::move(document)});
      }
    }
    set.session = std::move(session_policies);
  }
  return set;
}

// ---- pagination ----

Status Paginate(const Value& input, std::vector<std::pair<std::string, Value>> keyed_items,
                std::string_view list_member, Value* out) {
  Value page_input = Value::Object();
  if (const Value* marker = input.Find("Marker")) page_input.Set("Marker", *marker);
  page_input.Set("MaxRecords", Value::Int(input.GetInt("MaxItems", 100)));
  auto page = handlers::ReadPage(page_input, 1, 1000, 100);
  if (!page.ok()) return InvalidInput("Invalid Marker.");
  std::stable_sort(keyed_items.begin(), keyed_items.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Value list = Value::List();
  std::string last;
  bool truncated = false;
  for (auto& [key, item] : keyed_items) {
    if (page->after && key <= *page->after) continue;
    if (static_cast<int>(list.size()) == page->max_records) {
      truncated = true;
      break;
    }
    last = key;
    list.Push(std::move(item));
  }
  out->Set(list_member, std::move(list));
  out->Set("IsTruncated", Value::Bool(truncated));
  if (truncated) out->Set("Marker", Value::String(handlers::EncodeMarker(last)));
  return Status::Ok();
}

}  // namespace rsemu::api::iam
