// Handlers for cluster security groups and their ingress rules (not implemented yet: the family
// registers nothing).
#include "api/handlers/handlers.h"

namespace rsemu::api::handlers {

void RegisterSecurityGroupHandlers(Registry*) {}

}  // namespace rsemu::api::handlers
