// AdminApi: the emulator's own endpoints under /_emulator/ (health, reset, decisions) and
// moto's reset alias /moto-api/reset. JSON in and out; nothing AWS-shaped.
// Thread-safety: as the EmulatorState it is given.
#pragma once

#include <cstdint>
#include <string_view>

#include "api/decision_log.h"
#include "common/http_message.h"
#include "common/status.h"

namespace rsemu::api {

// What the admin endpoints need from the pipeline.
class EmulatorState {
 public:
  virtual ~EmulatorState() = default;
  // Wipes every resource (all accounts, all regions).
  virtual Status Reset() = 0;
  virtual int64_t UptimeMillis() const = 0;
  // The recorded authorization decisions matching `filter`, as JSON.
  virtual std::string DecisionsJson(const DecisionFilter& filter) const = 0;
};

// True when `path` belongs to the admin API.
bool IsAdminPath(std::string_view path);
HttpResponse HandleAdmin(const HttpRequest& request, std::string_view path, EmulatorState& state);

}  // namespace rsemu::api
