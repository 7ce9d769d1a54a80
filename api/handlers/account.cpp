// Account handler: DescribeAccountAttributes with the attributes AWS reports for
// a Redshift account (all of them, or only the requested names).
#include <algorithm>

#include "api/handlers/common.h"
#include "api/handlers/handlers.h"
#include "api/registry.h"

namespace rsemu::api::handlers {
namespace {

struct AccountAttribute {
  const char* name;
  const char* value;
};
constexpr AccountAttribute kAttributes[] = {
    {"max-defer-maintenance-duration", "45"},
    {"supported-platforms", "VPC"},
};

Result<Value> DescribeAccountAttributes(RequestContext&, const Value& input) {
  std::vector<std::string> wanted = ReadStringList(input, "AttributeNames");
  Value attributes = Value::List();
  for (const AccountAttribute& attribute : kAttributes) {
    if (!wanted.empty() &&
        std::find(wanted.begin(), wanted.end(), attribute.name) == wanted.end()) {
      continue;
    }
    Value value = Value::Object();
    value.Set("AttributeValue", Value::String(attribute.value));
    Value values = Value::List();
    values.Push(std::move(value));
    Value item = Value::Object();
    item.Set("AttributeName", Value::String(attribute.name));
    item.Set("AttributeValues", std::move(values));
    attributes.Push(std::move(item));
  }
  Value out = Value::Object();
  out.Set("AccountAttributes", std::move(attributes));
  return out;
}

}  // namespace

void RegisterAccountHandlers(Registry* registry) {
  registry->Add("redshift", "DescribeAccountAttributes", DescribeAccountAttributes);
}

}  // namespace rsemu::api::handlers
