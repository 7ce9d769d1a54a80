// Event catalog: Redshift's event table (source type, event id, category,
// severity, description) as DescribeEventCategories reports it, and the ids
// the emulator's own lifecycle events use. Thread-safety: immutable data.
#pragma once

#include <span>
#include <string_view>

namespace rsemu::api::handlers {

struct EventSpec {
  const char* source_type;  // cluster | cluster-parameter-group | cluster-security-group |
                            // cluster-snapshot | scheduled-action
  const char* event_id;     // REDSHIFT-EVENT-NNNN
  const char* category;     // configuration | management | monitoring | security | pending
  const char* severity;     // INFO | ERROR
  const char* description;
};

// Every event, grouped by source type in kEventSourceTypes order.
std::span<const EventSpec> EventCatalog();
inline constexpr std::string_view kEventSourceTypes[] = {"cluster", "cluster-parameter-group",
                                                         "cluster-security-group",
                                                         "cluster-snapshot", "scheduled-action"};
bool IsEventSourceType(std::string_view source_type);
// True when some event of `source_type` (any source type when empty) has `category`.
bool IsEventCategory(std::string_view category, std::string_view source_type);

// Ids of the lifecycle events recorded by part 2's families.
inline constexpr const char* kEventParameterGroupCreated = "REDSHIFT-EVENT-1003";
inline constexpr const char* kEventParameterGroupDeleted = "REDSHIFT-EVENT-1004";
inline constexpr const char* kEventParameterGroupUpdated = "REDSHIFT-EVENT-1005";
inline constexpr const char* kEventSecurityGroupCreated = "REDSHIFT-EVENT-4002";
inline constexpr const char* kEventSecurityGroupDeleted = "REDSHIFT-EVENT-4003";
inline constexpr const char* kEventSecurityGroupModified = "REDSHIFT-EVENT-4001";

}  // namespace rsemu::api::handlers
