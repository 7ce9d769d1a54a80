// Handlers for snapshot copy grants (not implemented yet: the family registers nothing).
#include "api/handlers/handlers.h"

namespace rsemu::api::handlers {

void RegisterSnapshotCopyGrantHandlers(Registry*) {}

}  // namespace rsemu::api::handlers
