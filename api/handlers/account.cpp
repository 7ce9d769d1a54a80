// Handlers for DescribeAccountAttributes (not implemented yet: the family registers nothing).
#include "api/handlers/handlers.h"

namespace rsemu::api::handlers {

void RegisterAccountHandlers(Registry*) {}

}  // namespace rsemu::api::handlers
