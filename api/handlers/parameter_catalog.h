// Parameter catalog: the parameters of the redshift-1.0 family with their
// engine defaults, data types, allowed values and apply types, as
// DescribeDefaultClusterParameters reports them, and the rules a new value must
// satisfy (ModifyClusterParameterGroup). Thread-safety: immutable data.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "api/value.h"
#include "common/status.h"

namespace rsemu::api::handlers {

inline constexpr const char* kParameterGroupFamily = "redshift-1.0";
inline constexpr const char* kDefaultParameterGroup = "default.redshift-1.0";

struct ParameterSpec {
  const char* name;
  const char* default_value;
  const char* data_type;       // boolean | integer | string
  const char* allowed_values;  // "" when any value of the type is allowed
  const char* apply_type;      // static | dynamic
  const char* description;
};

// Every parameter of the family, sorted by name.
std::span<const ParameterSpec> FamilyParameters();
const ParameterSpec* FindParameter(std::string_view name);
// InvalidParameterValue unless `value` suits the parameter's data type and
// allowed values (wlm_json_configuration: a JSON array of objects, at most
// 8000 characters).
Status ValidateParameterValue(const ParameterSpec& spec, std::string_view value);
// The model's Parameter structure for `spec` with `value` and `source`.
Value ParameterToValue(const ParameterSpec& spec, std::string_view value, std::string_view source);

}  // namespace rsemu::api::handlers
