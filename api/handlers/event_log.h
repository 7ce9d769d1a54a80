// Event log: the Redshift events that resource lifecycles record (cluster
// created, deleted, rebooted, snapshot taken, …), read back by DescribeEvents.
// Stored as rows of type "event" in the caller's account and region; the
// identifier sorts by time ("<13-digit millis>-<sequence>"), the parent is the
// source identifier. Thread-safety: inside the request's transaction only.
#pragma once

#include <string>
#include <vector>

#include "api/request_context.h"
#include "common/status.h"

namespace rsemu::api::handlers {

inline constexpr const char* kEventType = "event";

struct EventRecord {
  std::string source_type;  // cluster | cluster-snapshot | cluster-parameter-group |
                            // cluster-security-group | scheduled-action
  std::string source_id;
  std::vector<std::string>
      categories;  // e.g. {"management"}, {"monitoring"}, {"configuration"}, {"security"}
  std::string severity = "INFO";  // INFO | ERROR
  std::string message;
  std::string event_id;  // e.g. "REDSHIFT-EVENT-2000"
};

// Appends an event dated now (context.now_millis) for the caller's account and region.
Status RecordEvent(RequestContext& context, const EventRecord& event);

}  // namespace rsemu::api::handlers
