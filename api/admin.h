// AdminApi: the emulator's own endpoints under /_emulator/ (health, reset, decisions) and
// moto's reset alias /moto-api/reset. JSON in and out; nothing AWS-shaped.
//
// GET /_emulator/health    {"status":"ok","version","uptime_seconds","operations"}
// POST /_emulator/reset    wipes every resource and the decision log (also /moto-api/reset)
// GET /_emulator/decisions one page of the recorded authorization decisions:
//   {"decisions":[{"seq","time","request_id","principal","action","resource",
//   "decision","mode","enforced","deciding_statements","failed_conditions",
//   "missing_context_keys","context_keys","touched"}...],"more":bool,"next_after":N,
//   "next_before":N}
//   oldest first. Query parameters, all optional:
//     principal=ARN   only this principal's decisions
//     decision=Allow|ExplicitDeny|ImplicitDeny|Deny (Deny = either denial)
//     since=TIME      ISO-8601 or epoch seconds; decisions at or after it
//     limit=N         records per page, 1..1000 (default and cap 1000; larger is clipped)
//     before=SEQ      the newest matching decisions older than record SEQ (page back with
//                     before=next_before)
//     after=SEQ       the oldest matching decisions newer than record SEQ (page forward, or
//                     tail the log, with after=next_after); `after` wins over `before`
//   Without a cursor the page is the newest matching decisions. "more" says whether
//   matching decisions lie beyond the page in the direction read. A page also stops at
//   about 4 MiB of records (at least one), and each record's strings are clipped to
//   DecisionLog's bounds with a "…(+N bytes)" marker, so a response stays a few MiB.
//   The page is copied under the log's lock and rendered after it is released.
//
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
