// Handlers for the STS API (not implemented yet: the family registers nothing).
#include "api/handlers/handlers.h"

namespace rsemu::api::handlers {

void RegisterStsHandlers(Registry*) {}

}  // namespace rsemu::api::handlers
