// Handlers for snapshots, cross-account snapshot access, restore (not implemented yet: the family
// registers nothing).
#include "api/handlers/handlers.h"

namespace rsemu::api::handlers {

void RegisterSnapshotHandlers(Registry*) {}

}  // namespace rsemu::api::handlers
