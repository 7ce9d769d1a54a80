// Shared handler helpers: AWS error constructors, Redshift identifier rules,
// pagination (MaxRecords / reusable Marker), tag validation and ARNs.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/value.h"
#include "common/status.h"
#include "storage/resource_store.h"

namespace rsemu::api::handlers {

Status InvalidValue(std::string message);        // InvalidParameterValue
Status InvalidCombination(std::string message);  // InvalidParameterCombination
Status MissingParameter(std::string_view name);  // MissingParameter

// Redshift's identifier rule (clusters, snapshots, groups): 1..max_length
// characters, lower-case letters, digits and hyphens, first a letter, no
// trailing hyphen, no two consecutive hyphens. `parameter` names the member.
Status ValidateIdentifier(std::string_view parameter, std::string_view value, size_t max_length);

// A page request: MaxRecords within [min, max] (default `fallback`) and an
// optional position decoded from Marker.
struct PageRequest {
  int max_records = 100;
  std::optional<std::string> after;  // last identifier of the previous page
};
Result<PageRequest> ReadPage(const Value& input, int min = 20, int max = 100, int fallback = 100);
// The Marker that resumes after `identifier`; stable, reusable, opaque.
std::string EncodeMarker(std::string_view identifier);

// Tags from an input TagList (validated: key 1..128, value 0..256, no "aws:"
// prefix, allowed characters, no duplicate keys) — InvalidTagFault otherwise.
Result<std::vector<storage::Tag>> ReadTags(const Value* tag_list);
// TagKeys / TagValues filters of a Describe* input.
std::vector<std::string> ReadStringList(const Value& input, std::string_view member);
Value TagsToValue(const std::vector<storage::Tag>& tags);
// Sets `tags` on a resource, enforcing the 50-tags-per-resource limit.
Status ApplyTags(storage::TagStore* store, int64_t resource_id,
                 const std::vector<storage::Tag>& tags);

// arn:aws:redshift:REGION:ACCOUNT:TYPE:NAME
std::string RedshiftArn(std::string_view region, std::string_view account, std::string_view type,
                        std::string_view name);

// A stable, short, lower-case alphanumeric string derived from `seed`
// (endpoint labels, VPC ids).
std::string StableToken(std::string_view seed, size_t length, std::string_view alphabet);

}  // namespace rsemu::api::handlers
