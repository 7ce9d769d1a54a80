// Resource families: what the named, account-owned Redshift resources of part 2
// (parameter groups, security groups, subnet groups, event subscriptions, HSM
// certificates and configurations, snapshot copy grants) have in common — name
// rules, lookup with the family's NotFound error, creation with the
// AlreadyExists and quota checks, tags, Describe* with tag filters and
// pagination, and "cannot delete while a cluster uses it".
// Thread-safety: call inside the request's transaction only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/handlers/cluster_state.h"
#include "api/request_context.h"
#include "api/value.h"
#include "common/status.h"
#include "common/text.h"
#include "storage/resource_store.h"

namespace rsemu::api::handlers {

// One resource family: its row/ARN type and its errors.
struct ResourceFamily {
  const char* type;            // row type and ARN resource type, e.g. "parametergroup"
  const char* label;           // for messages, e.g. "Parameter group"
  const char* not_found;       // error code when a named resource is missing
  const char* already_exists;  // error code when the name is taken
  const char* quota_exceeded;  // error code when the account has `quota` already
  int64_t quota;
};

// Name rules. `strict`: first character a letter, no trailing hyphen, no
// "--". `lower_only`: upper-case letters are rejected (else allowed).
struct NameRule {
  size_t max_length;
  bool strict;
  bool lower_only;
};
Status ValidateName(std::string_view member, std::string_view value, const NameRule& rule);

// The family's NotFound error for `name`.
Status ResourceNotFound(const ResourceFamily& family, std::string_view name);
// The caller's resource `name` in the request's region, or nullopt.
Result<std::optional<storage::ResourceRecord>> FindResource(RequestContext& context,
                                                            const ResourceFamily& family,
                                                            const std::string& name);
// The caller's resource `name`, or the family's NotFound error.
Result<storage::ResourceRecord> RequireResource(RequestContext& context,
                                                const ResourceFamily& family,
                                                const std::string& name);
// Stores a new resource `name` with `body` and `tags` under its ARN
// arn:aws:redshift:REGION:ACCOUNT:TYPE:NAME (AlreadyExists / quota errors).
Result<storage::ResourceRecord> InsertResource(RequestContext& context,
                                               const ResourceFamily& family,
                                               const std::string& name, const Value& body,
                                               const std::vector<storage::Tag>& tags,
                                               const std::string& parent = "");
// Rewrites the body of `record`.
Status SaveResource(RequestContext& context, storage::ResourceRecord* record, const Value& body);
// The stored body plus Tags (internal `_` members are left to the encoder).
Result<Value> ResourceOutput(RequestContext& context, const storage::ResourceRecord& record);

// How one row is shown in a Describe* list.
using RenderFn =
    std::function<Result<Value>(RequestContext& context, const storage::ResourceRecord& record)>;
// A resource that exists without a row (e.g. default.redshift-1.0), listed
// unless a stored row has the same name or tag filters are given.
struct ImplicitResource {
  std::string name;
  Value output;
};
struct DescribeSpec {
  const ResourceFamily* family;
  const char* name_member;  // input member naming one resource
  const char* list_member;  // output list member
  bool lower_case_names = false;
  RenderFn render = ResourceOutput;
  std::vector<ImplicitResource> implicit;
};
// Describe*: one named resource (NotFound if absent), or a page of all of the
// caller's resources ordered by name, filtered by TagKeys/TagValues, with
// MaxRecords 20..100 and a reusable Marker.
Result<Value> DescribeResources(RequestContext& context, const DescribeSpec& spec,
                                const Value& input);

// Calls `visit` for each of the caller's clusters in the region (settled).
Status ForEachCluster(RequestContext& context,
                      const std::function<Status(LoadedCluster& cluster)>& visit);
// True when one of the caller's clusters in the region satisfies `uses`.
Result<bool> AnyClusterUses(RequestContext& context,
                            const std::function<bool(const Value& cluster)>& uses);
// Deletes `record` (its tags and, with `children_type`, its child rows of that
// type) unless a cluster uses it: then `state_error` with `message`.
Status DeleteUnlessUsed(RequestContext& context, const storage::ResourceRecord& record,
                        const std::function<bool(const Value& cluster)>& uses,
                        const char* state_error, const std::string& message,
                        const char* children_type = nullptr);

}  // namespace rsemu::api::handlers
