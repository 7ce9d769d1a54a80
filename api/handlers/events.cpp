// Handlers for event subscriptions, event categories and DescribeEvents (not implemented yet: the
// family registers nothing).
#include "api/handlers/handlers.h"

namespace rsemu::api::handlers {

void RegisterEventHandlers(Registry*) {}

}  // namespace rsemu::api::handlers
