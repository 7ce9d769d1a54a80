// Parameter group handlers: Create/Describe/Delete/Modify/ResetClusterParameterGroup,
// DescribeClusterParameters and DescribeDefaultClusterParameters. A stored group
// keeps only its user-set values (internal member _Parameters: name → value);
// every other parameter shows its engine default. default.redshift-1.0 exists
// implicitly in every account and cannot be modified, reset or deleted.
#include "api/handlers/common.h"
#include "api/handlers/event_catalog.h"
#include "api/handlers/event_log.h"
#include "api/handlers/handlers.h"
#include "api/handlers/parameter_catalog.h"
#include "api/handlers/resource_family.h"
#include "api/registry.h"

namespace rsemu::api::handlers {
namespace {

constexpr ResourceFamily kFamily = {"parametergroup",
                                    "Parameter group",
                                    "ClusterParameterGroupNotFoundFault",
                                    "ClusterParameterGroupAlreadyExistsFault",
                                    "ClusterParameterGroupQuotaExceededFault",
                                    20};
constexpr const char* kOverrides = "_Parameters";
constexpr size_t kMaxParametersPerCall = 20;
constexpr const char* kUpdatedStatus =
    "Your parameter group has been updated. If you changed only dynamic parameters, associated "
    "clusters are being modified now. If you changed static parameters, all updates, including "
    "dynamic parameters, will be applied when you reboot the associated clusters.";

Value DefaultGroupOutput() {
  Value out = Value::Object();
  out.Set("ParameterGroupName", Value::String(kDefaultParameterGroup));
  out.Set("ParameterGroupFamily", Value::String(kParameterGroupFamily));
  out.Set("Description", Value::String("Default parameter group for redshift-1.0"));
  out.Set("Tags", Value::List());
  return out;
}

std::string GroupName(const Value& input) { return input.GetString("ParameterGroupName"); }

bool ClusterUsesGroup(const Value& cluster, const std::string& name) {
  if (const Value* groups = cluster.Find("ClusterParameterGroups")) {
    for (const Value& group : groups->items()) {
      if (group.GetString("ParameterGroupName") == name) return true;
    }
  }
  return false;
}

Status DefaultGroupIsReadOnly(std::string_view action) {
  return Status::AwsError("InvalidClusterParameterGroupStateFault",
                          "Cannot " + std::string(action) + " the default parameter group " +
                              kDefaultParameterGroup + ".");
}

// A page of the family's parameters (sorted by name) with `overrides`, after
// the marker, filtered by `source` ("" for all). Sets Parameters and Marker on `out`.
Status ParameterPage(const Value& input, const Value& overrides, std::string_view source,
                     Value* out) {
  RSEMU_ASSIGN_OR_RETURN(PageRequest page, ReadPage(input));
  Value parameters = Value::List();
  std::string last;
  bool more = false;
  for (const ParameterSpec& spec : FamilyParameters()) {
    if (page.after && spec.name <= *page.after) continue;
    const Value* set = overrides.Find(spec.name);
    std::string_view item_source = set ? "user" : "engine-default";
    if (!source.empty() && source != item_source) continue;
    if (static_cast<int>(parameters.size()) == page.max_records) {
      more = true;
      break;
    }
    parameters.Push(
        ParameterToValue(spec, set ? set->AsString() : spec.default_value, item_source));
    last = spec.name;
  }
  out->Set("Parameters", std::move(parameters));
  if (more) out->Set("Marker", Value::String(EncodeMarker(last)));
  return Status::Ok();
}

Status RecordGroupEvent(RequestContext& context, const std::string& name, const char* event_id,
                        const std::string& message) {
  return RecordEvent(
      context, {"cluster-parameter-group", name, {"configuration"}, "INFO", message, event_id});
}

// After a change: clusters using the group must reboot to apply static values.
Status MarkClustersPendingReboot(RequestContext& context, const std::string& name) {
  return ForEachCluster(context, [&](LoadedCluster& cluster) {
    if (!ClusterUsesGroup(cluster.body, name)) return Status::Ok();
    for (Value& group : cluster.body["ClusterParameterGroups"].items()) {
      if (group.GetString("ParameterGroupName") == name) {
        group.Set("ParameterApplyStatus", Value::String("pending-reboot"));
      }
    }
    return SaveCluster(context, cluster);
  });
}

// The stored, modifiable group `name` (not the default one).
Result<storage::ResourceRecord> RequireModifiableGroup(RequestContext& context,
                                                       const std::string& name,
                                                       std::string_view action) {
  if (name == kDefaultParameterGroup) return DefaultGroupIsReadOnly(action);
  return RequireResource(context, kFamily, name);
}

Result<Value> UpdatedGroup(RequestContext& context, storage::ResourceRecord* record, Value body,
                           const std::string& name) {
  RSEMU_RETURN_IF_ERROR(SaveResource(context, record, body));
  RSEMU_RETURN_IF_ERROR(MarkClustersPendingReboot(context, name));
  RSEMU_RETURN_IF_ERROR(RecordGroupEvent(context, name, kEventParameterGroupUpdated,
                                         "Cluster parameter group " + name +
                                             " was updated. Changes to static parameters will be " +
                                             "applied when you reboot the associated clusters."));
  Value out = Value::Object();
  out.Set("ParameterGroupName", Value::String(name));
  out.Set("ParameterGroupStatus", Value::String(kUpdatedStatus));
  return out;
}

Result<Value> CreateClusterParameterGroup(RequestContext& context, const Value& input) {
  std::string name = GroupName(input);
  RSEMU_RETURN_IF_ERROR(ValidateName("ParameterGroupName", name, {255, true, true}));
  std::string family = input.GetString("ParameterGroupFamily");
  if (family != kParameterGroupFamily) {
    return InvalidValue("The parameter group family " + family +
                        " is not valid. Valid families: redshift-1.0.");
  }
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, ReadTags(input.Find("Tags")));
  Value body = Value::Object();
  body.Set("ParameterGroupName", Value::String(name));
  body.Set("ParameterGroupFamily", Value::String(family));
  body.Set("Description", Value::String(input.GetString("Description")));
  body.Set(kOverrides, Value::Object());
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record,
                         InsertResource(context, kFamily, name, body, tags));
  RSEMU_RETURN_IF_ERROR(RecordGroupEvent(context, name, kEventParameterGroupCreated,
                                         "Cluster parameter group " + name + " was created."));
  RSEMU_ASSIGN_OR_RETURN(Value group, ResourceOutput(context, record));
  Value out = Value::Object();
  out.Set("ClusterParameterGroup", std::move(group));
  return out;
}

Result<Value> DescribeClusterParameterGroups(RequestContext& context, const Value& input) {
  DescribeSpec spec;
  spec.family = &kFamily;
  spec.name_member = "ParameterGroupName";
  spec.list_member = "ParameterGroups";
  spec.lower_case_names = true;
  spec.implicit.push_back({kDefaultParameterGroup, DefaultGroupOutput()});
  return DescribeResources(context, spec, input);
}

Result<Value> DeleteClusterParameterGroup(RequestContext& context, const Value& input) {
  std::string name = GroupName(input);
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record,
                         RequireModifiableGroup(context, name, "delete"));
  RSEMU_RETURN_IF_ERROR(DeleteUnlessUsed(
      context, record, [&](const Value& cluster) { return ClusterUsesGroup(cluster, name); },
      "InvalidClusterParameterGroupStateFault",
      "The parameter group " + name + " cannot be deleted because it is in use by a cluster."));
  RSEMU_RETURN_IF_ERROR(RecordGroupEvent(context, name, kEventParameterGroupDeleted,
                                         "Cluster parameter group " + name + " was deleted."));
  return Value::Object();
}

Result<Value> DescribeClusterParameters(RequestContext& context, const Value& input) {
  std::string name = GroupName(input);
  std::string source = input.GetString("Source");
  if (!source.empty() && source != "user" && source != "engine-default") {
    return InvalidValue("Source must be user or engine-default, not " + source + ".");
  }
  Value overrides = Value::Object();
  if (name != kDefaultParameterGroup) {
    RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record, RequireResource(context, kFamily, name));
    RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(record.body));
    if (const Value* stored = body.Find(kOverrides)) overrides = *stored;
  }
  Value out = Value::Object();
  RSEMU_RETURN_IF_ERROR(ParameterPage(input, overrides, source, &out));
  return out;
}

Result<Value> DescribeDefaultClusterParameters(RequestContext&, const Value& input) {
  std::string family = input.GetString("ParameterGroupFamily");
  if (family != kParameterGroupFamily) {
    return InvalidValue("The parameter group family " + family +
                        " is not valid. Valid families: redshift-1.0.");
  }
  Value defaults = Value::Object();
  defaults.Set("ParameterGroupFamily", Value::String(family));
  RSEMU_RETURN_IF_ERROR(ParameterPage(input, Value::Object(), "", &defaults));
  Value out = Value::Object();
  out.Set("DefaultClusterParameters", std::move(defaults));
  return out;
}

Result<Value> ModifyClusterParameterGroup(RequestContext& context, const Value& input) {
  std::string name = GroupName(input);
  const Value* parameters = input.Find("Parameters");
  if (parameters == nullptr || parameters->size() == 0) return MissingParameter("Parameters");
  if (parameters->size() > kMaxParametersPerCall) {
    return InvalidValue("At most 20 parameters can be modified in one request.");
  }
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record,
                         RequireModifiableGroup(context, name, "modify"));
  RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(record.body));
  Value& overrides = body[kOverrides];
  if (overrides.is_null()) overrides = Value::Object();
  for (const Value& parameter : parameters->items()) {
    if (!parameter.Has("ParameterName")) return MissingParameter("ParameterName");
    std::string parameter_name = parameter.GetString("ParameterName");
    const ParameterSpec* spec = FindParameter(parameter_name);
    if (spec == nullptr) {
      return InvalidValue("Could not find parameter with name: " + parameter_name + ".");
    }
    if (!parameter.Has("ParameterValue")) return MissingParameter("ParameterValue");
    std::string value = parameter.GetString("ParameterValue");
    RSEMU_RETURN_IF_ERROR(ValidateParameterValue(*spec, value));
    std::string apply_type = parameter.GetString("ApplyType", spec->apply_type);
    bool wlm = parameter_name == "wlm_json_configuration";
    if (apply_type != spec->apply_type && !wlm) {
      return InvalidValue("The parameter " + parameter_name + " can only be applied " +
                          spec->apply_type + ", not " + apply_type + ".");
    }
    if (parameter.Has("DataType") && parameter.GetString("DataType") != spec->data_type) {
      return InvalidValue("The parameter " + parameter_name + " has data type " + spec->data_type +
                          ".");
    }
    overrides.Set(parameter_name, Value::String(value));
  }
  return UpdatedGroup(context, &record, std::move(body), name);
}

Result<Value> ResetClusterParameterGroup(RequestContext& context, const Value& input) {
  std::string name = GroupName(input);
  std::vector<std::string> names;
  if (const Value* parameters = input.Find("Parameters")) {
    for (const Value& parameter : parameters->items()) {
      if (!parameter.Has("ParameterName")) return MissingParameter("ParameterName");
      names.push_back(parameter.GetString("ParameterName"));
    }
  }
  bool reset_all = input.GetBool("ResetAllParameters", names.empty());
  if (reset_all && !names.empty()) {
    return InvalidCombination("Parameters cannot be given when ResetAllParameters is true.");
  }
  if (!reset_all && names.empty()) return MissingParameter("Parameters");
  if (names.size() > kMaxParametersPerCall) {
    return InvalidValue("At most 20 parameters can be reset in one request.");
  }
  for (const std::string& parameter_name : names) {
    if (FindParameter(parameter_name) == nullptr) {
      return InvalidValue("Could not find parameter with name: " + parameter_name + ".");
    }
  }
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record,
                         RequireModifiableGroup(context, name, "reset"));
  RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(record.body));
  Value& overrides = body[kOverrides];
  if (reset_all || overrides.is_null()) {
    overrides = Value::Object();
  } else {
    for (const std::string& parameter_name : names) overrides.Erase(parameter_name);
  }
  return UpdatedGroup(context, &record, std::move(body), name);
}

}  // namespace

void RegisterParameterGroupHandlers(Registry* registry) {
  registry->Add("redshift", "CreateClusterParameterGroup", CreateClusterParameterGroup);
  registry->Add("redshift", "DescribeClusterParameterGroups", DescribeClusterParameterGroups);
  registry->Add("redshift", "DeleteClusterParameterGroup", DeleteClusterParameterGroup);
  registry->Add("redshift", "DescribeClusterParameters", DescribeClusterParameters);
  registry->Add("redshift", "DescribeDefaultClusterParameters", DescribeDefaultClusterParameters);
  registry->Add("redshift", "ModifyClusterParameterGroup", ModifyClusterParameterGroup);
  registry->Add("redshift", "ResetClusterParameterGroup", ResetClusterParameterGroup);
}

}  // namespace rsemu::api::handlers
