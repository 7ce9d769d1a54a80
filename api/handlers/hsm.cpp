// Handlers for HSM client certificates and HSM configurations (not implemented yet: the family
// registers nothing).
#include "api/handlers/handlers.h"

namespace rsemu::api::handlers {

void RegisterHsmHandlers(Registry*) {}

}  // namespace rsemu::api::handlers
