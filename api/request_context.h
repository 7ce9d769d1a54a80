// RequestContext: what the pipeline's stages learn about one request, filled
// stage by stage (ids, service and operation, caller, region, time), plus the
// services a handler may use while it runs inside the request's transaction.
#pragma once

#include <cstdint>
#include <string>

#include "api/model.h"
#include "api/principal.h"
#include "common/http_message.h"
#include "common/ids.h"
#include "storage/database.h"
#include "storage/resource_store.h"

namespace rsemu::api {

struct PipelineOptions;
class PolicySetCache;

struct RequestContext {
  std::string request_id;
  const HttpRequest* http = nullptr;
  const ServiceModel* model = nullptr;
  const Operation* operation = nullptr;
  std::string region;
  Principal principal;
  int64_t now_millis = 0;
  // Set by the authorization gate when a check did not allow: the short reason
  // sent back in the x-rsemu-decision header.
  std::string decision_header;

  // Available to handlers (inside the transaction).
  storage::Database* db = nullptr;
  storage::ResourceStore* resources = nullptr;
  storage::TagStore* tags = nullptr;
  IdGenerator* ids = nullptr;
  const PipelineOptions* options = nullptr;
  PolicySetCache* policy_sets = nullptr;  // may be null: policies are then read afresh

  const std::string& account() const { return principal.account; }
};

}  // namespace rsemu::api
