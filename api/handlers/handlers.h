// The handler families: each adds its operations to the registry (registry.cpp
// calls every function below once). One file per family under api/handlers/.
#pragma once

namespace rsemu::api {
class Registry;
}

namespace rsemu::api::handlers {

void RegisterClusterHandlers(Registry* registry);            // clusters.cpp
void RegisterSnapshotHandlers(Registry* registry);           // snapshots.cpp
void RegisterTagHandlers(Registry* registry);                // tags.cpp
void RegisterParameterGroupHandlers(Registry* registry);     // parameter_groups.cpp
void RegisterSecurityGroupHandlers(Registry* registry);      // security_groups.cpp
void RegisterSubnetGroupHandlers(Registry* registry);        // subnet_groups.cpp
void RegisterEventHandlers(Registry* registry);              // events.cpp
void RegisterHsmHandlers(Registry* registry);                // hsm.cpp
void RegisterSnapshotCopyGrantHandlers(Registry* registry);  // snapshot_copy_grants.cpp
void RegisterAccountHandlers(Registry* registry);            // account.cpp
void RegisterIamHandlers(Registry* registry);                // iam_*.cpp
void RegisterStsHandlers(Registry* registry);                // sts.cpp

}  // namespace rsemu::api::handlers
