// The handler families: each adds its operations to the registry.
#pragma once

namespace rsemu::api {
class Registry;
}

namespace rsemu::api::handlers {

void RegisterClusterHandlers(Registry* registry);

}  // namespace rsemu::api::handlers
