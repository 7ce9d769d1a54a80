// Handlers for cluster parameter groups and their parameters (not implemented yet: the family
// registers nothing).
#include "api/handlers/handlers.h"

namespace rsemu::api::handlers {

void RegisterParameterGroupHandlers(Registry*) {}

}  // namespace rsemu::api::handlers
