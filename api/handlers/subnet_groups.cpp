// Handlers for cluster subnet groups (not implemented yet: the family registers nothing).
#include "api/handlers/handlers.h"

namespace rsemu::api::handlers {

void RegisterSubnetGroupHandlers(Registry*) {}

}  // namespace rsemu::api::handlers
