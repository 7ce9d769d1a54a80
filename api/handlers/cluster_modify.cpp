// ModifyCluster: every modifiable setting of a cluster, validated with
// CreateCluster's rules (cluster_rules / cluster_builder). Settings that AWS
// applies at once change the body immediately and leave the cluster available;
// the others show in PendingModifiedValues while the cluster is `modifying`,
// `renaming` (NewClusterIdentifier) or `resizing` (NodeType, NumberOfNodes,
// ClusterType: a classic resize) and are applied when the transition settles.
#include <array>

#include "api/handlers/cluster_builder.h"
#include "api/handlers/cluster_handlers.h"
#include "api/handlers/cluster_rules.h"
#include "api/handlers/cluster_state.h"
#include "api/handlers/common.h"
#include "api/registry.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {
namespace {

// What a ModifyCluster request changes, collected before the body is touched.
struct Changes {
  Value now = Value::Object();      // members set immediately
  Value later = Value::Object();    // members set when the transition settles
  Value pending = Value::Object();  // PendingModifiedValues members
  bool modifying = false;           // needs a `modifying` transition
  // Configuration/security events: (category, event id, message).
  std::vector<std::array<std::string, 3>> events;
};

// The node type the cluster will have once the request is applied.
Result<const NodeTypeInfo*> TargetNodeType(const Value& body, const Value& input) {
  std::string name = input.GetString("NodeType", body.GetString("NodeType"));
  RSEMU_RETURN_IF_ERROR(ValidateNodeType(name));
  return FindNodeType(name);
}

Status CollectPassword(RequestContext& context, const Value& body, const Value& input,
                       Changes* changes) {
  bool managed = body.Has("MasterPasswordSecretArn");
  const Value* manage = input.Find("ManageMasterPassword");
  bool manage_after = manage ? manage->AsBool() : managed;
  if (input.Has("MasterUserPassword")) {
    if (manage_after) {
      return InvalidCombination(
          "You can't use MasterUserPassword and ManageMasterPassword at the same time.");
    }
    RSEMU_RETURN_IF_ERROR(ValidateMasterPassword(input.GetString("MasterUserPassword")));
    changes->pending.Set("MasterUserPassword", Value::String("****"));
    changes->modifying = true;
    changes->events.push_back({"security", "REDSHIFT-EVENT-3500",
                               "The master credentials for the Amazon Redshift cluster '" +
                                   body.GetString("ClusterIdentifier") + "' were updated."});
  }
  if (input.Has("MasterPasswordSecretKmsKeyId") && !manage_after) {
    return InvalidCombination(
        "MasterPasswordSecretKmsKeyId can only be used when ManageMasterPassword is true.");
  }
  if (manage_after && !managed) {
    changes->now.Set("MasterPasswordSecretArn", Value::String(MasterPasswordSecretArn(
                                                    context, body.GetString("ClusterIdentifier"),
                                                    body.GetString("MasterUsername"))));
    changes->modifying = true;
  }
  if (manage_after && input.Has("MasterPasswordSecretKmsKeyId")) {
    changes->now.Set("MasterPasswordSecretKmsKeyId",
                     Value::String(input.GetString("MasterPasswordSecretKmsKeyId")));
  } else if (manage_after && !managed) {
    changes->now.Set("MasterPasswordSecretKmsKeyId", Value::String("aws/secretsmanager"));
  }
  if (!manage_after && managed) {
    if (!input.Has("MasterUserPassword")) {
      return InvalidCombination(
          "MasterUserPassword is required when ManageMasterPassword is turned off.");
    }
    changes->now.Set("MasterPasswordSecretArn", Value());
    changes->now.Set("MasterPasswordSecretKmsKeyId", Value());
  }
  return Status::Ok();
}

Status CollectGroups(RequestContext& context, const Value& body, const Value& input,
                     Changes* changes) {
  if (input.Has("ClusterParameterGroupName")) {
    std::string group = input.GetString("ClusterParameterGroupName");
    RSEMU_RETURN_IF_ERROR(RequireParameterGroup(context, group));
    const Value* current = body.Find("ClusterParameterGroups");
    bool same = current && current->size() == 1 &&
                current->items()[0].GetString("ParameterGroupName") == group;
    if (!same) {
      changes->now.Set("ClusterParameterGroups", ParameterGroupStatuses(group, "applying"));
      changes->modifying = true;
      changes->events.push_back({"configuration", "REDSHIFT-EVENT-1001",
                                 "Amazon Redshift cluster '" + body.GetString("ClusterIdentifier") +
                                     "' has been modified to use parameter group '" + group +
                                     "'."});
    }
  }
  if (input.Has("ClusterSecurityGroups")) {
    std::vector<std::string> groups = ReadStringList(input, "ClusterSecurityGroups");
    RSEMU_RETURN_IF_ERROR(RequireSecurityGroups(context, groups));
    changes->now.Set("ClusterSecurityGroups", SecurityGroupMemberships(groups));
    changes->modifying = true;
  }
  if (input.Has("VpcSecurityGroupIds")) {
    changes->now.Set(
        "VpcSecurityGroups",
        VpcSecurityGroupMemberships(context, ReadStringList(input, "VpcSecurityGroupIds")));
    changes->modifying = true;
  }
  if (input.Has("HsmClientCertificateIdentifier") || input.Has("HsmConfigurationIdentifier")) {
    RSEMU_RETURN_IF_ERROR(RequireHsm(context, input));
    changes->now.Set("HsmStatus", HsmStatusOf(input, "applying"));
    changes->modifying = true;
  }
  return Status::Ok();
}

// A setting shown in PendingModifiedValues until the transition settles.
void PendingSetting(const Value& body, const Value& input, const char* member, Value value,
                    Changes* changes) {
  if (!input.Has(member)) return;
  const Value* current = body.Find(member);
  if (current != nullptr && *current == value) return;
  changes->pending.Set(member, value);
  changes->later.Set(member, std::move(value));
  changes->modifying = true;
}

Status CollectSettings(RequestContext& context, const Value& body, const Value& input,
                       const NodeTypeInfo& node_type, Changes* changes) {
  if (input.Has("AutomatedSnapshotRetentionPeriod")) {
    int64_t days = input.GetInt("AutomatedSnapshotRetentionPeriod");
    RSEMU_RETURN_IF_ERROR(ValidateAutomatedRetention(node_type, days));
    changes->now.Set("AutomatedSnapshotRetentionPeriod", Value::Int(days));
  }
  if (input.Has("ManualSnapshotRetentionPeriod")) {
    int64_t days = input.GetInt("ManualSnapshotRetentionPeriod");
    RSEMU_RETURN_IF_ERROR(ValidateManualRetention(days));
    changes->now.Set("ManualSnapshotRetentionPeriod", Value::Int(days));
  }
  if (input.Has("PreferredMaintenanceWindow")) {
    RSEMU_ASSIGN_OR_RETURN(std::string window, NormalizeMaintenanceWindow(
                                                   input.GetString("PreferredMaintenanceWindow")));
    changes->now.Set("PreferredMaintenanceWindow", Value::String(window));
    changes->now.Set(
        "NextMaintenanceWindowStartTime",
        Value::String(FormatIso8601Millis(NextWindowStart(window, context.now_millis))));
  }
  if (input.Has("ClusterVersion")) {
    RSEMU_RETURN_IF_ERROR(ValidateClusterVersion(input.GetString("ClusterVersion")));
  }
  if (input.Has("AllowVersionUpgrade"))
    changes->now.Set("AllowVersionUpgrade", Value::Bool(input.GetBool("AllowVersionUpgrade")));
  if (input.Has("MaintenanceTrackName")) {
    RSEMU_RETURN_IF_ERROR(ValidateMaintenanceTrack(input.GetString("MaintenanceTrackName")));
  }
  PendingSetting(body, input, "MaintenanceTrackName",
                 Value::String(input.GetString("MaintenanceTrackName")), changes);
  PendingSetting(body, input, "PubliclyAccessible",
                 Value::Bool(input.GetBool("PubliclyAccessible")), changes);
  PendingSetting(body, input, "EnhancedVpcRouting",
                 Value::Bool(input.GetBool("EnhancedVpcRouting")), changes);
  if (input.Has("ElasticIp")) {
    std::string ip = input.GetString("ElasticIp");
    RSEMU_RETURN_IF_ERROR(ValidateElasticIp(ip));
    bool is_public = input.GetBool("PubliclyAccessible", body.GetBool("PubliclyAccessible"));
    if (!is_public) {
      return InvalidCombination(
          "An Elastic IP can only be associated with a publicly accessible cluster.");
    }
    changes->now.Set("ElasticIpStatus", ElasticIpStatusOf(ip));
    changes->modifying = true;
  }
  RSEMU_RETURN_IF_ERROR(ValidateEncrypted(input));
  if (input.Has("KmsKeyId") && input.GetString("KmsKeyId") != body.GetString("KmsKeyId")) {
    changes->pending.Set("EncryptionType", Value::String("KMS"));
    changes->later.Set("KmsKeyId", Value::String(input.GetString("KmsKeyId")));
    changes->modifying = true;
  }
  bool relocation = body.GetString("AvailabilityZoneRelocationStatus") == "enabled";
  if (input.Has("AvailabilityZoneRelocation")) {
    relocation = input.GetBool("AvailabilityZoneRelocation");
    changes->now.Set("AvailabilityZoneRelocationStatus",
                     Value::String(relocation ? "enabled" : "disabled"));
  }
  if (input.Has("AvailabilityZone") &&
      input.GetString("AvailabilityZone") != body.GetString("AvailabilityZone")) {
    std::string zone = input.GetString("AvailabilityZone");
    RSEMU_RETURN_IF_ERROR(ValidateAvailabilityZone(context.region, zone));
    if (!relocation) {
      return InvalidCombination(
          "Moving the cluster to another availability zone requires AvailabilityZoneRelocation "
          "to be enabled.");
    }
    changes->later.Set("AvailabilityZone", Value::String(zone));
    changes->modifying = true;
  }
  if (input.Has("Port")) {
    int64_t port = input.GetInt("Port");
    RSEMU_RETURN_IF_ERROR(ValidatePort(node_type, port));
    if (port != body.GetInt("_Port", 5439)) {
      changes->later.Set("_Port", Value::Int(port));
      changes->modifying = true;
    }
  }
  if (input.Has("IpAddressType")) {
    std::string type = input.GetString("IpAddressType");
    RSEMU_RETURN_IF_ERROR(ValidateIpAddressType(type));
    if (type != body.GetString("IpAddressType")) {
      changes->later.Set("IpAddressType", Value::String(type));
      changes->modifying = true;
    }
  }
  if (input.Has("MultiAZ")) {
    std::string multi_az = input.GetBool("MultiAZ") ? "Enabled" : "Disabled";
    if (multi_az != body.GetString("MultiAZ")) {
      changes->later.Set("MultiAZ", Value::String(multi_az));
      changes->modifying = true;
    }
  }
  if (input.Has("ExtraComputeForAutomaticOptimization")) {
    changes->now.Set(
        "ExtraComputeForAutomaticOptimization",
        Value::String(input.GetBool("ExtraComputeForAutomaticOptimization") ? "true" : "false"));
  }
  return Status::Ok();
}

Result<Value> ModifyCluster(RequestContext& context, const Value& input) {
  const std::string id = input.GetString("ClusterIdentifier");
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster, RequireCluster(context, id));
  RSEMU_RETURN_IF_ERROR(RequireStatus(cluster, "available"));
  Value& body = cluster.body;
  RSEMU_ASSIGN_OR_RETURN(const NodeTypeInfo* node_type, TargetNodeType(body, input));

  Changes changes;
  RSEMU_RETURN_IF_ERROR(CollectPassword(context, body, input, &changes));
  RSEMU_RETURN_IF_ERROR(CollectGroups(context, body, input, &changes));
  RSEMU_RETURN_IF_ERROR(CollectSettings(context, body, input, *node_type, &changes));
  std::string new_id;
  if (input.Has("NewClusterIdentifier")) {
    new_id = input.GetString("NewClusterIdentifier");
    RSEMU_RETURN_IF_ERROR(ValidateIdentifier("NewClusterIdentifier", new_id, 63));
    if (new_id == id) {
      return InvalidValue("The new cluster identifier " + new_id +
                          " is the same as the current one.");
    }
    changes.pending.Set("ClusterIdentifier", Value::String(new_id));
  }
  bool resize = input.Has("NodeType") || input.Has("NumberOfNodes") || input.Has("ClusterType");

  // Apply: immediate members, then the transition (resizing > renaming > modifying).
  for (size_t i = 0; i < changes.now.keys().size(); ++i) {
    const Value& value = changes.now.items()[i];
    if (value.is_null()) {
      body.Erase(changes.now.keys()[i]);
    } else {
      body.Set(changes.now.keys()[i], value);
    }
  }
  Value& pending = body["PendingModifiedValues"];
  if (!pending.is_object()) pending = Value::Object();
  for (size_t i = 0; i < changes.pending.keys().size(); ++i)
    pending.Set(changes.pending.keys()[i], changes.pending.items()[i]);
  if (changes.modifying || !new_id.empty()) {
    BeginTransition(context, &body, new_id.empty() ? "modifying" : "renaming", "Modifying",
                    kSettleAvailable, changes.later);
  }
  if (resize) {
    RSEMU_ASSIGN_OR_RETURN(bool started, StartResize(context, cluster, input, /*classic=*/true));
    resize = started;
  }

  for (const auto& [category, event_id, message] : changes.events) {
    RSEMU_RETURN_IF_ERROR(RecordClusterEvent(context, id, category, event_id, message));
  }
  if (changes.modifying || resize || !changes.now.keys().empty()) {
    RSEMU_RETURN_IF_ERROR(
        RecordClusterEvent(context, id, "management", "REDSHIFT-EVENT-2002",
                           "Amazon Redshift cluster '" + id + "' has been modified."));
  }
  if (new_id.empty()) return SaveAndAnswer(context, cluster);

  // The response still names the cluster by its old identifier; from now on it
  // answers to the new one.
  RSEMU_ASSIGN_OR_RETURN(Value out, ClusterResult(context, cluster));
  RSEMU_RETURN_IF_ERROR(RenameCluster(context, cluster, new_id));
  RSEMU_RETURN_IF_ERROR(RecordClusterEvent(
      context, new_id, "management", "REDSHIFT-EVENT-2003",
      "Amazon Redshift cluster '" + id + "' has been renamed to '" + new_id + "'."));
  return out;
}

}  // namespace

void RegisterClusterModifyHandlers(Registry* registry) {
  registry->Add("redshift", "ModifyCluster", ModifyCluster);
}

}  // namespace rsemu::api::handlers
