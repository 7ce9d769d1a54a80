// Handlers for the IAM API (not implemented yet: the family registers nothing).
#include "api/handlers/handlers.h"

namespace rsemu::api::handlers {

void RegisterIamHandlers(Registry*) {}

}  // namespace rsemu::api::handlers
