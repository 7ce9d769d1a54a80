// IAM policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy and
// GetContextKeysFor{Principal,Custom}Policy. Each action × resource is decided
// by the gate's own DecideCheck for the simulated principal (the source entity,
// not the caller), with the ContextEntries given overriding the keys the gate
// would build. ResourcePolicy, ResourceOwner, ResourceHandlingOption and
// permissions boundaries are accepted and ignored.
#include <rapidjson/reader.h>
#include <rapidjson/stream.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>

#include "api/gate.h"
#include "api/handlers/iam_store.h"
#include "api/pipeline.h"
#include "api/registry.h"

namespace rsemu::api::iam {
namespace {

constexpr std::string_view kInputPrefix = "PolicyInputList.";

// ---- statement positions ----

struct Position {
  int line = 1;
  int column = 1;
};

// Finds the text span of each statement of a policy document: the object under
// the top-level "Statement" key, or each object of its array, in order.
class StatementScanner : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, StatementScanner> {
 public:
  explicit StatementScanner(const rapidjson::StringStream* stream) : stream_(stream) {}

  bool StartObject() {
    bool statement = (stack_.size() == 1 && root_key_ == "Statement") ||
                     (stack_.size() == 2 && stack_[1] == 'a' && statement_array_);
    if (statement) open_ = stream_->Tell() - 1;
    stack_.push_back(statement ? 's' : 'o');
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    if (stack_.empty()) return false;
    if (stack_.back() == 's') spans_.emplace_back(open_, stream_->Tell());
    stack_.pop_back();
    return true;
  }
  bool StartArray() {
    if (stack_.size() == 1) statement_array_ = root_key_ == "Statement";
    stack_.push_back('a');
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    if (stack_.empty()) return false;
    stack_.pop_back();
    return true;
  }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    if (stack_.size() == 1) root_key_.assign(text, length);
    return true;
  }

  // [start, end) byte offsets of each statement: '{' and just after '}'.
  const std::vector<std::pair<size_t, size_t>>& spans() const { return spans_; }

 private:
  const rapidjson::StringStream* stream_;
  std::vector<char> stack_;  // 'o' object, 'a' array, 's' statement object
  std::string root_key_;
  bool statement_array_ = false;
  size_t open_ = 0;
  std::vector<std::pair<size_t, size_t>> spans_;
};

Position PositionAt(std::string_view text, size_t offset) {
  Position position;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

Value PositionValue(const Position& position) {
  Value out = Value::Object();
  out.Set("Line", Value::Int(position.line));
  out.Set("Column", Value::Int(position.column));
  return out;
}

// Start (the statement's '{') and end (just after its '}') of statement `index`.
std::optional<std::pair<Position, Position>> StatementPosition(std::string_view document,
                                                               size_t index) {
  std::string text(document);
  rapidjson::StringStream stream(text.c_str());
  StatementScanner scanner(&stream);
  rapidjson::Reader reader;
  if (reader.Parse(stream, scanner).IsError()) return std::nullopt;
  if (index >= scanner.spans().size()) return std::nullopt;
  auto [start, end] = scanner.spans()[index];
  return std::make_pair(PositionAt(text, start), PositionAt(text, end));
}

// ---- the simulated principal and its policies ----

// Where a policy of the set came from, as MatchedStatements names it, and its text.
struct PolicySource {
  std::string id;    // policy name, or "PolicyInputList.N"
  std::string type;  // user, group, role, aws-managed, user-managed, none
  std::optional<std::string> document;
};

// The document text behind a PolicyRef id of iam::LoadPolicySet ("<noun>/<name>/inline/<P>"
// or a managed policy ARN), or a PolicyInputList entry.
Result<PolicySource> DescribePolicy(RequestContext& context, const std::string& id,
                                    const std::vector<std::string>& inputs) {
  PolicySource source;
  if (id.starts_with(kInputPrefix)) {
    size_t n = std::strtoul(id.c_str() + kInputPrefix.size(), nullptr, 10);
    source.id = id;
    source.type = "none";
    if (n >= 1 && n <= inputs.size()) source.document = inputs[n - 1];
    return source;
  }
  size_t inline_at = id.find("/inline/");
  if (inline_at != std::string::npos) {
    std::string parent = id.substr(0, inline_at);
    source.id = id.substr(inline_at + 8);
    source.type = parent.substr(0, parent.find('/'));
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows,
                           Children(context, kInlineType, parent));
    for (const auto& row : rows) {
      auto body = Value::FromJson(row.body);
      if (body.ok() && body->GetString("PolicyName") == source.id) {
        source.document = body->GetString("PolicyDocument");
      }
    }
    return source;
  }
  source.id = id.substr(id.rfind('/') + 1);
  source.type = id.starts_with("arn:aws:iam::aws:policy/") ? "aws-managed" : "user-managed";
  auto policy = GetManagedPolicy(context, id);
  if (policy.ok() && policy->DefaultVersion() != nullptr) {
    source.document = policy->DefaultVersion()->GetString("Document");
  }
  return source;
}

// The entity a PolicySourceArn (or CallerArn) names: arn:aws:iam::ACCOUNT:user/path/name.
Result<Entity> EntityByArn(RequestContext& context, std::string_view member,
                           const std::string& arn) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    size_t colon = arn.find(':', start);
    if (colon == std::string::npos) break;
    fields.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  std::string resource = arn.substr(std::min(start, arn.size()));
  size_t slash = resource.find('/');
  if (fields.size() != 5 || fields[0] != "arn" || fields[2] != "iam" ||
      slash == std::string::npos) {
    return InvalidInput("Invalid ARN in " + std::string(member) + ": " + arn);
  }
  std::string noun = resource.substr(0, slash);
  std::optional<Kind> kind;
  for (Kind candidate : {Kind::kUser, Kind::kGroup, Kind::kRole}) {
    if (noun == Info(candidate).noun) kind = candidate;
  }
  if (!kind) {
    return InvalidInput(std::string(member) + " must be the ARN of a user, group or role: " + arn);
  }
  std::string name = resource.substr(resource.rfind('/') + 1);
  Status missing = NoSuchEntity("The " + noun + " with ARN " + arn + " cannot be found.");
  if (fields[4] != context.account() || name.empty()) return missing;
  RSEMU_ASSIGN_OR_RETURN(std::optional<Entity> entity, FindEntity(context, *kind, name));
  if (!entity || entity->body.GetString("Arn") != arn) return missing;
  return std::move(*entity);
}

// The principal the gate would see for `entity`: a user with its name and tags,
// a role (as its session would be, without session keys), a group (no user keys).
Result<Principal> PrincipalFor(RequestContext& context, const Entity& entity) {
  Principal principal;
  principal.account = context.account();
  principal.arn = entity.body.GetString("Arn");
  principal.user_id = entity.body.GetString(Info(entity.kind).id_member);
  principal.source_ip = context.principal.source_ip;
  principal.secure_transport = context.principal.secure_transport;
  if (entity.kind == Kind::kUser) {
    principal.type = Principal::Type::kUser;
    principal.username = entity.name();
  } else {
    principal.type = Principal::Type::kAssumedRole;
    if (entity.kind == Kind::kRole) {
      principal.role_arn = principal.arn;
      principal.role_name = entity.name();
    }
  }
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, context.tags->Get(entity.record.id));
  for (auto& tag : tags) principal.tags.emplace_back(std::move(tag.key), std::move(tag.value));
  return principal;
}

// The policies of `entity` as the gate would load them for it.
Result<authz::PolicySet> EntityPolicies(RequestContext& context, const Entity& entity,
                                        const Principal& principal) {
  if (entity.kind == Kind::kUser) return LoadPolicySet(context, principal);
  authz::PolicySet set;
  RSEMU_RETURN_IF_ERROR(AddEntityPolicies(context, entity.parent_key(), &set.identity));
  return set;
}

// PolicyInputList: raw documents (the form decoding already undid the URL
// encoding), parsed as identity policies; MalformedPolicyDocument otherwise.
Result<std::vector<std::string>> ReadInputPolicies(const Value& input,
                                                   std::vector<authz::PolicyRef>* out) {
  std::vector<std::string> documents;
  if (const Value* list = input.Find("PolicyInputList")) {
    for (const Value& item : list->items()) documents.push_back(item.AsString());
  }
  for (size_t i = 0; i < documents.size(); ++i) {
    RSEMU_ASSIGN_OR_RETURN(authz::PolicyPtr document,
                           ParseCached(documents[i], authz::PolicyKind::kIdentity));
    out->push_back({std::string(kInputPrefix) + std::to_string(i + 1), std::move(document)});
  }
  return documents;
}

// ---- simulation input ----

bool ValidContextValue(std::string_view type, const std::string& value) {
  std::string_view base = type.ends_with("List") ? type.substr(0, type.size() - 4) : type;
  if (base == "boolean") return value == "true" || value == "false";
  if (base == "numeric") {
    char* end = nullptr;
    std::strtod(value.c_str(), &end);
    return !value.empty() && end == value.c_str() + value.size();
  }
  return true;  // string, ip, binary, date: the condition operators judge them
}

// ContextEntries → context keys (values passed as strings, whatever their type).
Result<authz::ContextKeys> ReadContextEntries(const Value& input) {
  authz::ContextKeys keys;
  const Value* entries = input.Find("ContextEntries");
  if (entries == nullptr) return keys;
  for (const Value& entry : entries->items()) {
    std::string name = entry.GetString("ContextKeyName");
    std::string type = entry.GetString("ContextKeyType");
    if (name.empty() || name.find(':') == std::string::npos) {
      return InvalidInput("Invalid context key name: '" + name + "'.");
    }
    std::vector<std::string> values;
    if (const Value* list = entry.Find("ContextKeyValues")) {
      for (const Value& value : list->items()) values.push_back(value.AsString());
    }
    if (values.empty()) {
      return InvalidInput("Context key " + name + " must have at least one value.");
    }
    if (!type.empty() && !type.ends_with("List") && values.size() > 1) {
      return InvalidInput("Context key " + name + " of type " + type + " takes a single value.");
    }
    for (const std::string& value : values) {
      if (!ValidContextValue(type, value)) {
        return InvalidInput("Invalid value '" + value + "' for context key " + name + " of type " +
                            type + ".");
      }
    }
    keys.Set(name, std::move(values));
  }
  return keys;
}

Result<std::vector<std::string>> ReadActions(const Value& input) {
  std::vector<std::string> actions;
  if (const Value* list = input.Find("ActionNames")) {
    for (const Value& item : list->items()) {
      const std::string& action = item.AsString();
      size_t colon = action.find(':');
      if (colon == std::string::npos || colon == 0 || colon + 1 == action.size()) {
        return InvalidInput("Invalid action name: " + action);
      }
      actions.push_back(action);
    }
  }
  if (actions.empty()) return InvalidInput("ActionNames must contain at least one action.");
  return actions;
}

Result<std::vector<std::string>> ReadResources(const Value& input) {
  std::vector<std::string> resources;
  if (const Value* list = input.Find("ResourceArns")) {
    for (const Value& item : list->items()) {
      const std::string& arn = item.AsString();
      if (arn != "*" && !arn.starts_with("arn:")) return InvalidInput("Invalid ARN: " + arn);
      resources.push_back(arn);
    }
  }
  if (resources.empty()) resources.push_back("*");
  return resources;
}

const char* SimulatorDecision(authz::Decision decision) {
  switch (decision) {
    case authz::Decision::kAllow:
      return "allowed";
    case authz::Decision::kExplicitDeny:
      return "explicitDeny";
    case authz::Decision::kImplicitDeny:
      return "implicitDeny";
  }
  return "implicitDeny";
}

// Decides every action × resource for `simulated` (a copy of the request's
// context with the simulated principal) and pages the EvaluationResults.
Result<Value> Simulate(RequestContext& simulated, const Value& input,
                       const authz::PolicySet& policies, const std::vector<std::string>& inputs) {
  RSEMU_ASSIGN_OR_RETURN(std::vector<std::string> actions, ReadActions(input));
  RSEMU_ASSIGN_OR_RETURN(std::vector<std::string> resources, ReadResources(input));
  RSEMU_ASSIGN_OR_RETURN(authz::ContextKeys overrides, ReadContextEntries(input));
  CatalogOptions options;
  if (simulated.options != nullptr) options = simulated.options->gate.catalog;
  std::map<std::string, PolicySource> sources;
  std::vector<std::pair<std::string, Value>> results;
  for (const std::string& action : actions) {
    for (const std::string& resource : resources) {
      AuthzCheck check;
      check.action = action;
      check.resource = resource;
      RSEMU_ASSIGN_OR_RETURN(authz::AuthzResult result,
                             DecideCheck(simulated, check, policies, options, &overrides, nullptr));
      Value item = Value::Object();
      item.Set("EvalActionName", Value::String(action));
      item.Set("EvalResourceName", Value::String(resource));
      item.Set("EvalDecision", Value::String(SimulatorDecision(result.decision)));
      Value matched = Value::List();
      for (const authz::MatchedStatement& statement : result.diagnostics.deciding) {
        auto known = sources.find(statement.policy_id);
        if (known == sources.end()) {
          RSEMU_ASSIGN_OR_RETURN(PolicySource source,
                                 DescribePolicy(simulated, statement.policy_id, inputs));
          known = sources.emplace(statement.policy_id, std::move(source)).first;
        }
        Value entry = Value::Object();
        entry.Set("SourcePolicyId", Value::String(known->second.id));
        entry.Set("SourcePolicyType", Value::String(known->second.type));
        if (known->second.document) {
          if (auto span = StatementPosition(*known->second.document, statement.index)) {
            entry.Set("StartPosition", PositionValue(span->first));
            entry.Set("EndPosition", PositionValue(span->second));
          }
        }
        matched.Push(std::move(entry));
      }
      item.Set("MatchedStatements", std::move(matched));
      Value missing = Value::List();
      for (const std::string& key : result.diagnostics.missing_context_keys) {
        missing.Push(Value::String(key));
      }
      item.Set("MissingContextValues", std::move(missing));
      char order[24];
      std::snprintf(order, sizeof(order), "%010zu", results.size());
      results.emplace_back(order, std::move(item));
    }
  }
  Value out = Value::Object();
  RSEMU_RETURN_IF_ERROR(Paginate(input, std::move(results), "EvaluationResults", &out));
  return out;
}

// ---- handlers ----

// The source entity, its principal and its policies plus PolicyInputList.
struct PrincipalSimulation {
  Principal principal;
  authz::PolicySet policies;
  std::vector<std::string> inputs;
};

Result<PrincipalSimulation> LoadPrincipalSimulation(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(
      Entity entity, EntityByArn(context, "PolicySourceArn", input.GetString("PolicySourceArn")));
  PrincipalSimulation out;
  RSEMU_ASSIGN_OR_RETURN(out.principal, PrincipalFor(context, entity));
  RSEMU_ASSIGN_OR_RETURN(out.policies, EntityPolicies(context, entity, out.principal));
  RSEMU_ASSIGN_OR_RETURN(out.inputs, ReadInputPolicies(input, &out.policies.identity));
  return out;
}

Result<Value> SimulatePrincipalPolicy(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(PrincipalSimulation simulation, LoadPrincipalSimulation(context, input));
  RequestContext simulated = context;
  simulated.principal = std::move(simulation.principal);
  return Simulate(simulated, input, simulation.policies, simulation.inputs);
}

Result<Value> SimulateCustomPolicy(RequestContext& context, const Value& input) {
  authz::PolicySet policies;
  RSEMU_ASSIGN_OR_RETURN(std::vector<std::string> inputs,
                         ReadInputPolicies(input, &policies.identity));
  if (inputs.empty()) return InvalidInput("PolicyInputList must contain at least one policy.");
  RequestContext simulated = context;
  if (input.Has("CallerArn")) {
    RSEMU_ASSIGN_OR_RETURN(Entity caller,
                           EntityByArn(context, "CallerArn", input.GetString("CallerArn")));
    if (caller.kind != Kind::kUser) return InvalidInput("CallerArn must be the ARN of a user.");
    RSEMU_ASSIGN_OR_RETURN(simulated.principal, PrincipalFor(context, caller));
  } else if (simulated.principal.type == Principal::Type::kRoot) {
    // Only the documents given decide: the root user's blanket allow does not apply.
    simulated.principal.type = Principal::Type::kUser;
  }
  return Simulate(simulated, input, policies, inputs);
}

// The keys `policies` reference, spelt as the first condition naming each does.
Value ContextKeyNames(const std::vector<authz::PolicyRef>& policies) {
  std::map<std::string, std::string> spelling;
  for (const authz::PolicyRef& policy : policies) {
    if (policy.document == nullptr) continue;
    for (const authz::Statement& statement : policy.document->statements) {
      for (const authz::Condition& condition : statement.conditions) {
        spelling.emplace(condition.key_lower, condition.key);
      }
    }
  }
  Value names = Value::List();
  for (const std::string& key : authz::ReferencedContextKeys(policies)) {
    auto found = spelling.find(key);
    names.Push(Value::String(found == spelling.end() ? key : found->second));
  }
  Value out = Value::Object();
  out.Set("ContextKeyNames", std::move(names));
  return out;
}

Result<Value> GetContextKeysForPrincipalPolicy(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(PrincipalSimulation simulation, LoadPrincipalSimulation(context, input));
  std::vector<authz::PolicyRef> all = simulation.policies.identity;
  if (simulation.policies.session) {
    all.insert(all.end(), simulation.policies.session->begin(), simulation.policies.session->end());
  }
  return ContextKeyNames(all);
}

Result<Value> GetContextKeysForCustomPolicy(RequestContext&, const Value& input) {
  std::vector<authz::PolicyRef> policies;
  RSEMU_ASSIGN_OR_RETURN(std::vector<std::string> inputs, ReadInputPolicies(input, &policies));
  if (inputs.empty()) return InvalidInput("PolicyInputList must contain at least one policy.");
  return ContextKeyNames(policies);
}

}  // namespace

void RegisterIamSimulatorHandlers(Registry* registry) {
  registry->Add("iam", "SimulatePrincipalPolicy", SimulatePrincipalPolicy);
  registry->Add("iam", "SimulateCustomPolicy", SimulateCustomPolicy);
  registry->Add("iam", "GetContextKeysForPrincipalPolicy", GetContextKeysForPrincipalPolicy);
  registry->Add("iam", "GetContextKeysForCustomPolicy", GetContextKeysForCustomPolicy);
}

}  // namespace rsemu::api::iam
