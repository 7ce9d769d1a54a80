// Parameter catalog: the redshift-1.0 parameter table and value validation.
#include "api/handlers/parameter_catalog.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

#include "api/handlers/common.h"

namespace rsemu::api::handlers {
namespace {

constexpr ParameterSpec kParameters[] = {
    {"auto_analyze", "true", "boolean", "true,false", "static", "Use auto analyze"},
    {"auto_mv", "true", "boolean", "true,false", "static", "Enable automatic materialized views"},
    {"datestyle", "ISO, MDY", "string", "", "static",
     "Sets the display format for date and time values."},
    {"enable_case_sensitive_identifier", "false", "boolean", "true,false", "static",
     "Preserve case sensitivity for database identifiers such as table or column names in "
     "parser"},
    {"enable_user_activity_logging", "false", "boolean", "true,false", "static",
     "parameter for audit logging purpose"},
    {"extra_float_digits", "0", "integer", "-15-2", "static",
     "Sets the number of digits displayed for floating-point values"},
    {"max_concurrency_scaling_clusters", "1", "integer", "0-10", "static",
     "The maximum concurrency scaling clusters can be used."},
    {"max_cursor_result_set_size", "default", "integer", "0-14400000", "static",
     "Sets the max cursor result set size"},
    {"query_group", "default", "string", "", "static",
     "This parameter applies a user-defined label to a group of queries that are run during "
     "the same session.."},
    {"require_ssl", "false", "boolean", "true,false", "static",
     "require ssl for all databaseconnections"},
    {"search_path", "$user, public", "string", "", "static",
     "Sets the schema search order for names that are not schema-qualified."},
    {"statement_timeout", "0", "integer", "0,100-2147483647", "static",
     "Stops any statement that takes over the specified number of milliseconds."},
    {"use_fips_ssl", "false", "boolean", "true,false", "static", "Use fips ssl library"},
    {"wlm_json_configuration", "[{\"auto_wlm\":true}]", "string", "", "static",
     "wlm json configuration"},
};

constexpr size_t kMaxWlmLength = 8000;
constexpr size_t kMaxStringLength = 1024;

std::optional<int64_t> ParseInteger(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

// True when `value` is one of the comma-separated literals or lo-hi ranges.
bool Allowed(std::string_view allowed, std::string_view value, bool integer) {
  std::optional<int64_t> number;
  if (integer) number = ParseInteger(value);
  size_t start = 0;
  while (start <= allowed.size()) {
    size_t comma = allowed.find(',', start);
    std::string_view item = allowed.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    size_t dash = item.find('-', 1);
    if (integer && number && dash != std::string_view::npos) {
      auto lo = ParseInteger(item.substr(0, dash));
      auto hi = ParseInteger(item.substr(dash + 1));
      if (lo && hi && *number >= *lo && *number <= *hi) return true;
    } else if (integer && number) {
      auto literal = ParseInteger(item);
      if (literal && *literal == *number) return true;
    } else if (item == value) {
      return true;
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

Status BadValue(const ParameterSpec& spec, std::string_view value, std::string_view why) {
  return InvalidValue("Could not set parameter " + std::string(spec.name) + " to '" +
                      std::string(value) + "': " + std::string(why));
}

}  // namespace

std::span<const ParameterSpec> FamilyParameters() { return kParameters; }

const ParameterSpec* FindParameter(std::string_view name) {
  for (const ParameterSpec& spec : kParameters) {
    if (name == spec.name) return &spec;
  }
  return nullptr;
}

Status ValidateParameterValue(const ParameterSpec& spec, std::string_view value) {
  std::string_view type = spec.data_type;
  if (type == "boolean") {
    if (!Allowed(spec.allowed_values, value, false)) {
      return BadValue(spec, value, "the value must be true or false.");
    }
    return Status::Ok();
  }
  if (type == "integer") {
    if (value == spec.default_value) return Status::Ok();
    if (!ParseInteger(value)) return BadValue(spec, value, "the value must be an integer.");
    if (!Allowed(spec.allowed_values, value, true)) {
      return BadValue(spec, value,
                      "the value must be within " + std::string(spec.allowed_values) + ".");
    }
    return Status::Ok();
  }
  if (std::string_view(spec.name) == "wlm_json_configuration") {
    if (value.size() > kMaxWlmLength) {
      return BadValue(spec, value, "the value must be at most 8000 characters.");
    }
    auto json = Value::FromJson(value);
    bool ok = json.ok() && json->is_list() && json->size() > 0;
    if (ok) {
      for (const Value& queue : json->items()) ok = ok && queue.is_object();
    }
    if (!ok) return BadValue(spec, value, "the value must be a JSON array of queue objects.");
    return Status::Ok();
  }
  if (value.empty() || value.size() > kMaxStringLength) {
    return BadValue(spec, value, "the value must be 1 to 1024 characters long.");
  }
  if (*spec.allowed_values != '\0' && !Allowed(spec.allowed_values, value, false)) {
    return BadValue(spec, value, "allowed values are " + std::string(spec.allowed_values) + ".");
  }
  return Status::Ok();
}

Value ParameterToValue(const ParameterSpec& spec, std::string_view value, std::string_view source) {
  Value out = Value::Object();
  out.Set("ParameterName", Value::String(spec.name));
  out.Set("ParameterValue", Value::String(std::string(value)));
  out.Set("Description", Value::String(spec.description));
  out.Set("Source", Value::String(std::string(source)));
  out.Set("DataType", Value::String(spec.data_type));
  if (*spec.allowed_values != '\0') out.Set("AllowedValues", Value::String(spec.allowed_values));
  out.Set("ApplyType", Value::String(spec.apply_type));
  out.Set("IsModifiable", Value::Bool(true));
  out.Set("MinimumEngineVersion", Value::String("1.0"));
  return out;
}

}  // namespace rsemu::api::handlers
