// Handlers for CreateTags, DeleteTags, DescribeTags (not implemented yet: the family registers
// nothing).
#include "api/handlers/handlers.h"

namespace rsemu::api::handlers {

void RegisterTagHandlers(Registry*) {}

}  // namespace rsemu::api::handlers
