// Registry: the table of handlers, filled by each handler family.
#include "api/registry.h"

#include "api/handlers/handlers.h"

namespace rsemu::api {

const Registry& Registry::Default() {
  static const Registry* registry = [] {
    auto* built = new Registry();
    handlers::RegisterClusterHandlers(built);
    handlers::RegisterSnapshotHandlers(built);
    handlers::RegisterTagHandlers(built);
    handlers::RegisterParameterGroupHandlers(built);
    handlers::RegisterSecurityGroupHandlers(built);
    handlers::RegisterSubnetGroupHandlers(built);
    handlers::RegisterEventHandlers(built);
    handlers::RegisterHsmHandlers(built);
    handlers::RegisterSnapshotCopyGrantHandlers(built);
    handlers::RegisterAccountHandlers(built);
    handlers::RegisterIamHandlers(built);
    handlers::RegisterStsHandlers(built);
    return built;
  }();
  return *registry;
}

void Registry::Add(std::string_view service, std::string_view operation, Handler handler) {
  std::string key = std::string(service) + ":" + std::string(operation);
  if (handlers_.count(key) != 0) duplicates_.push_back(key);
  handlers_[key] = handler;
}

Handler Registry::Find(std::string_view service, std::string_view operation) const {
  std::string key;
  key.reserve(service.size() + operation.size() + 1);
  key.append(service).append(":").append(operation);
  auto it = handlers_.find(key);
  return it == handlers_.end() ? nullptr : it->second;
}

std::vector<std::string> Registry::Implemented(std::string_view service) const {
  std::vector<std::string> names;
  std::string prefix = std::string(service) + ":";
  for (const auto& [key, handler] : handlers_) {
    if (key.compare(0, prefix.size(), prefix) == 0) names.push_back(key.substr(prefix.size()));
  }
  return names;
}

std::vector<std::string> Registry::Keys() const {
  std::vector<std::string> keys;
  keys.reserve(handlers_.size());
  for (const auto& entry : handlers_) keys.push_back(entry.first);
  return keys;
}

}  // namespace rsemu::api
