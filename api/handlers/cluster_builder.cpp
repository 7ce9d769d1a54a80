// Cluster builder: CreateCluster's validation and the body of a new cluster, shared
// with RestoreFromClusterSnapshot.
#include "api/handlers/cluster_builder.h"

#include <algorithm>

#include "api/handlers/cluster_rules.h"
#include "api/handlers/cluster_state.h"
#include "api/handlers/common.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {
namespace {

// A reference to another resource that must exist in the caller's account.
Status RequireResource(RequestContext& context, const char* type, const std::string& name,
                       const char* error, const std::string& message) {
  auto row = context.resources->Get(context.account(), context.region, type, name);
  if (row.ok()) return Status::Ok();
  if (row.status().IsNotFound()) return Status::AwsError(error, message);
  return row.status();
}

}  // namespace

Status ValidateEncrypted(const Value& input) {
  if (input.Has("Encrypted") && !input.GetBool("Encrypted")) {
    return InvalidValue("Redshift clusters are always encrypted: Encrypted cannot be false.");
  }
  return Status::Ok();
}

Status ValidateIamRoles(const std::vector<std::string>& roles, const Value* default_role) {
  if (roles.size() > kMaxIamRolesPerCluster) {
    return InvalidValue("A cluster can have at most " + std::to_string(kMaxIamRolesPerCluster) +
                        " IAM roles.");
  }
  for (const std::string& arn : roles) RSEMU_RETURN_IF_ERROR(ValidateIamRoleArn(arn));
  if (default_role != nullptr &&
      std::find(roles.begin(), roles.end(), default_role->AsString()) == roles.end()) {
    return InvalidValue("The default IAM role " + default_role->AsString() +
                        " must be one of the IAM roles associated with the cluster.");
  }
  return Status::Ok();
}

Status RequireParameterGroup(RequestContext& context, const std::string& name) {
  if (name == kDefaultParameterGroup) return Status::Ok();
  return RequireResource(context, "parametergroup", name, "ClusterParameterGroupNotFoundFault",
                         "Parameter group " + name + " not found.");
}

Status RequireSecurityGroups(RequestContext& context, const std::vector<std::string>& groups) {
  for (const std::string& group : groups) {
    if (group == "default") continue;
    RSEMU_RETURN_IF_ERROR(RequireResource(context, "securitygroup", group,
                                          "ClusterSecurityGroupNotFoundFault",
                                          "Security group " + group + " not found."));
  }
  return Status::Ok();
}

Status RequireHsm(RequestContext& context, const Value& input) {
  if (input.Has("HsmClientCertificateIdentifier")) {
    std::string hsm = input.GetString("HsmClientCertificateIdentifier");
    RSEMU_RETURN_IF_ERROR(RequireResource(context, "hsmclientcertificate", hsm,
                                          "HsmClientCertificateNotFoundFault",
                                          "HSM client certificate " + hsm + " not found."));
  }
  if (input.Has("HsmConfigurationIdentifier")) {
    std::string hsm = input.GetString("HsmConfigurationIdentifier");
    RSEMU_RETURN_IF_ERROR(RequireResource(context, "hsmconfiguration", hsm,
                                          "HsmConfigurationNotFoundFault",
                                          "HSM configuration " + hsm + " not found."));
  }
  return Status::Ok();
}

Value SecurityGroupMemberships(const std::vector<std::string>& groups) {
  Value memberships = Value::List();
  for (const std::string& group : groups) {
    Value membership = Value::Object();
    membership.Set("ClusterSecurityGroupName", Value::String(group));
    membership.Set("Status", Value::String("active"));
    memberships.Push(std::move(membership));
  }
  return memberships;
}

Value VpcSecurityGroupMemberships(const RequestContext& context, std::vector<std::string> ids) {
  if (ids.empty()) ids.push_back(DefaultVpcSecurityGroupId(context));
  Value memberships = Value::List();
  for (const std::string& group : ids) {
    Value membership = Value::Object();
    membership.Set("VpcSecurityGroupId", Value::String(group));
    membership.Set("Status", Value::String("active"));
    memberships.Push(std::move(membership));
  }
  return memberships;
}

Value ParameterGroupStatuses(const std::string& name, std::string_view apply_status) {
  Value status = Value::Object();
  status.Set("ParameterGroupName", Value::String(name));
  status.Set("ParameterApplyStatus", Value::String(std::string(apply_status)));
  Value groups = Value::List();
  groups.Push(std::move(status));
  return groups;
}

Value HsmStatusOf(const Value& input, std::string_view status) {
  Value hsm = Value::Object();
  for (const char* member : {"HsmClientCertificateIdentifier", "HsmConfigurationIdentifier"}) {
    if (input.Has(member)) hsm.Set(member, Value::String(input.GetString(member)));
  }
  hsm.Set("Status", Value::String(std::string(status)));
  return hsm;
}

Value ElasticIpStatusOf(const std::string& ip) {
  Value elastic_ip = Value::Object();
  elastic_ip.Set("ElasticIp", Value::String(ip));
  elastic_ip.Set("Status", Value::String("active"));
  return elastic_ip;
}

Status ValidateElasticIp(const std::string& ip) {
  int parts = 0;
  size_t at = 0;
  bool ok = !ip.empty();
  while (ok && at <= ip.size()) {
    size_t dot = ip.find('.', at);
    std::string part = ip.substr(at, dot == std::string::npos ? std::string::npos : dot - at);
    ok = !part.empty() && part.size() <= 3 &&
         part.find_first_not_of("0123456789") == std::string::npos && std::stoi(part) <= 255;
    ++parts;
    if (dot == std::string::npos) break;
    at = dot + 1;
  }
  if (ok && parts == 4) return Status::Ok();
  return Status::AwsError("InvalidElasticIpFault", "The Elastic IP " + ip + " is not valid.");
}

std::string MasterPasswordSecretArn(RequestContext& context, const std::string& cluster_id,
                                    const std::string& master_username) {
  return "arn:aws:secretsmanager:" + context.region + ":" + context.account() +
         ":secret:redshift!" + cluster_id + "-" + master_username + "-" +
         context.ids->FromAlphabet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                                   6);
}

Result<NewCluster> PrepareNewCluster(RequestContext& context, const Value& input,
                                     ClusterSource source) {
  const std::string id = input.GetString("ClusterIdentifier");
  RSEMU_RETURN_IF_ERROR(ValidateIdentifier("ClusterIdentifier", id, 63));
  const std::string node_type_name = input.GetString("NodeType");
  RSEMU_RETURN_IF_ERROR(ValidateNodeType(node_type_name));
  const NodeTypeInfo& node_type = *FindNodeType(node_type_name);
  RSEMU_ASSIGN_OR_RETURN(
      int nodes, ResolveNodeCount(node_type, input.GetString("ClusterType"),
                                  input.Has("NumberOfNodes") ? input.GetInt("NumberOfNodes") : -1));
  RSEMU_RETURN_IF_ERROR(ValidateMasterUsername(input.GetString("MasterUsername")));
  bool manage_password = input.GetBool("ManageMasterPassword");
  if (manage_password && input.Has("MasterUserPassword")) {
    return InvalidCombination(
        "You can't use MasterUserPassword and ManageMasterPassword at the same time.");
  }
  if (!manage_password && source == ClusterSource::kCreate) {
    if (!input.Has("MasterUserPassword")) return MissingParameter("MasterUserPassword");
    RSEMU_RETURN_IF_ERROR(ValidateMasterPassword(input.GetString("MasterUserPassword")));
  } else if (input.Has("MasterPasswordSecretKmsKeyId") &&
             input.GetString("MasterPasswordSecretKmsKeyId").empty()) {
    return InvalidValue("MasterPasswordSecretKmsKeyId must not be empty.");
  }
  std::string db_name = input.GetString("DBName", "dev");
  RSEMU_RETURN_IF_ERROR(ValidateDbName(db_name));
  int64_t port = input.GetInt("Port", 5439);
  RSEMU_RETURN_IF_ERROR(ValidatePort(node_type, port));
  int64_t automated_retention = input.GetInt("AutomatedSnapshotRetentionPeriod", 1);
  RSEMU_RETURN_IF_ERROR(ValidateAutomatedRetention(node_type, automated_retention));
  int64_t manual_retention = input.GetInt("ManualSnapshotRetentionPeriod", -1);
  RSEMU_RETURN_IF_ERROR(ValidateManualRetention(manual_retention));
  std::string window = "sat:03:30-sat:04:00";
  if (input.Has("PreferredMaintenanceWindow")) {
    RSEMU_ASSIGN_OR_RETURN(
        window, NormalizeMaintenanceWindow(input.GetString("PreferredMaintenanceWindow")));
  }
  std::string zone = input.GetString("AvailabilityZone", context.region + "a");
  RSEMU_RETURN_IF_ERROR(ValidateAvailabilityZone(context.region, zone));
  if (input.Has("ClusterVersion"))
    RSEMU_RETURN_IF_ERROR(ValidateClusterVersion(input.GetString("ClusterVersion")));
  std::string track = input.GetString("MaintenanceTrackName", "current");
  RSEMU_RETURN_IF_ERROR(ValidateMaintenanceTrack(track));
  RSEMU_RETURN_IF_ERROR(ValidateEncrypted(input));
  RSEMU_RETURN_IF_ERROR(
      ValidateIamRoles(ReadStringList(input, "IamRoles"), input.Find("DefaultIamRoleArn")));
  std::string ip_address_type = input.GetString("IpAddressType", "ipv4");
  RSEMU_RETURN_IF_ERROR(ValidateIpAddressType(ip_address_type));
  if (input.Has("ElasticIp"))
    RSEMU_RETURN_IF_ERROR(ValidateElasticIp(input.GetString("ElasticIp")));

  // References to other resources of the caller's account.
  std::string parameter_group =
      input.GetString("ClusterParameterGroupName", kDefaultParameterGroup);
  RSEMU_RETURN_IF_ERROR(RequireParameterGroup(context, parameter_group));
  std::string subnet_group = input.GetString("ClusterSubnetGroupName", "default");
  if (subnet_group != "default") {
    RSEMU_RETURN_IF_ERROR(RequireResource(context, "subnetgroup", subnet_group,
                                          "ClusterSubnetGroupNotFoundFault",
                                          "Cluster subnet group " + subnet_group + " not found."));
  }
  std::vector<std::string> security_groups = ReadStringList(input, "ClusterSecurityGroups");
  RSEMU_RETURN_IF_ERROR(RequireSecurityGroups(context, security_groups));
  RSEMU_RETURN_IF_ERROR(RequireHsm(context, input));
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, ReadTags(input.Find("Tags")));
  if (tags.size() > 50) {
    return Status::AwsError("TagLimitExceededFault",
                            "You have exceeded the number of tags allowed (50) for the resource.");
  }
  // The new cluster, in its "creating" state.
  Value body = Value::Object();
  body.Set("ClusterIdentifier", Value::String(id));
  body.Set("NodeType", Value::String(node_type_name));
  body.Set("ClusterStatus", Value::String("creating"));
  body.Set("ClusterAvailabilityStatus", Value::String("Modifying"));
  body.Set("MasterUsername", Value::String(input.GetString("MasterUsername")));
  body.Set("DBName", Value::String(db_name));
  body.Set("ClusterCreateTime", Value::String(FormatIso8601Millis(context.now_millis)));
  body.Set("AutomatedSnapshotRetentionPeriod", Value::Int(automated_retention));
  body.Set("ManualSnapshotRetentionPeriod", Value::Int(manual_retention));
  body.Set("ClusterSecurityGroups", SecurityGroupMemberships(security_groups));
  body.Set("VpcSecurityGroups",
           VpcSecurityGroupMemberships(context, ReadStringList(input, "VpcSecurityGroupIds")));
  body.Set("ClusterParameterGroups", ParameterGroupStatuses(parameter_group, "in-sync"));
  body.Set("ClusterSubnetGroupName", Value::String(subnet_group));
  body.Set("VpcId", Value::String(VpcId(context)));
  body.Set("AvailabilityZone", Value::String(zone));
  body.Set("PreferredMaintenanceWindow", Value::String(window));
  Value pending = Value::Object();
  if (input.Has("MasterUserPassword")) pending.Set("MasterUserPassword", Value::String("****"));
  body.Set("PendingModifiedValues", std::move(pending));
  body.Set("ClusterVersion", Value::String("1.0"));
  body.Set("AllowVersionUpgrade", Value::Bool(input.GetBool("AllowVersionUpgrade", true)));
  body.Set("NumberOfNodes", Value::Int(nodes));
  body.Set("PubliclyAccessible", Value::Bool(input.GetBool("PubliclyAccessible", false)));
  body.Set("Encrypted", Value::Bool(true));
  body.Set("_Port", Value::Int(port));
  body.Set(
      "ClusterPublicKey",
      Value::String("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" +
                    context.ids->FromAlphabet(
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 64) +
                    " Amazon-Redshift\n"));
  body.Set("ClusterRevisionNumber", Value::String(std::string(kCurrentDbRevision)));
  if (input.Has("ElasticIp"))
    body.Set("ElasticIpStatus", ElasticIpStatusOf(input.GetString("ElasticIp")));
  if (input.Has("HsmClientCertificateIdentifier") || input.Has("HsmConfigurationIdentifier"))
    body.Set("HsmStatus", HsmStatusOf(input, "active"));
  if (input.Has("KmsKeyId")) body.Set("KmsKeyId", Value::String(input.GetString("KmsKeyId")));
  body.Set("EnhancedVpcRouting", Value::Bool(input.GetBool("EnhancedVpcRouting", false)));
  Value roles = Value::List();
  for (const std::string& arn : ReadStringList(input, "IamRoles")) {
    Value role = Value::Object();
    role.Set("IamRoleArn", Value::String(arn));
    role.Set("ApplyStatus", Value::String("adding"));
    roles.Push(std::move(role));
  }
  body.Set("IamRoles", std::move(roles));
  body.Set("MaintenanceTrackName", Value::String(track));
  body.Set("DeferredMaintenanceWindows", Value::List());
  if (input.Has("SnapshotScheduleIdentifier")) {
    body.Set("SnapshotScheduleIdentifier",
             Value::String(input.GetString("SnapshotScheduleIdentifier")));
  }
  body.Set("NextMaintenanceWindowStartTime",
           Value::String(FormatIso8601Millis(NextWindowStart(window, context.now_millis))));
  body.Set("AvailabilityZoneRelocationStatus",
           Value::String(input.GetBool("AvailabilityZoneRelocation") ? "enabled" : "disabled"));
  body.Set("ClusterNamespaceArn", Value::String(RedshiftArn(context.region, context.account(),
                                                            "namespace", context.ids->Uuid())));
  body.Set("TotalStorageCapacityInMegaBytes",
           Value::Int(node_type.storage_megabytes_per_node * nodes));
  Value aqua = Value::Object();
  aqua.Set("AquaStatus", Value::String("disabled"));
  aqua.Set("AquaConfigurationStatus",
           Value::String(input.GetString("AquaConfigurationStatus", "auto")));
  body.Set("AquaConfiguration", std::move(aqua));
  if (input.Has("DefaultIamRoleArn"))
    body.Set("DefaultIamRoleArn", Value::String(input.GetString("DefaultIamRoleArn")));
  if (manage_password) {
    body.Set("MasterPasswordSecretArn", Value::String(MasterPasswordSecretArn(
                                            context, id, input.GetString("MasterUsername"))));
    body.Set("MasterPasswordSecretKmsKeyId",
             Value::String(input.GetString("MasterPasswordSecretKmsKeyId", "aws/secretsmanager")));
  }
  body.Set("IpAddressType", Value::String(ip_address_type));
  body.Set("MultiAZ", Value::String(input.GetBool("MultiAZ") ? "Enabled" : "Disabled"));
  if (input.Has("ExtraComputeForAutomaticOptimization")) {
    body.Set(
        "ExtraComputeForAutomaticOptimization",
        Value::String(input.GetBool("ExtraComputeForAutomaticOptimization") ? "true" : "false"));
  }
  body.Set(kSettleAt, Value::Int(context.now_millis + DelayMillis(context)));
  body.Set(kSettleTo, Value::String("available"));

  NewCluster cluster;
  cluster.identifier = id;
  cluster.body = std::move(body);
  cluster.tags = std::move(tags);
  return cluster;
}

Result<LoadedCluster> InsertNewCluster(RequestContext& context, NewCluster& cluster) {
  const std::string& id = cluster.identifier;
  RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> existing, FindCluster(context, id));
  if (existing) return Status::AwsError("ClusterAlreadyExistsFault", "Cluster already exists");
  RSEMU_RETURN_IF_ERROR(AdjustNodeCount(context, cluster.body.GetInt("NumberOfNodes", 1)));
  Value& body = cluster.body;
  const std::vector<storage::Tag>& tags = cluster.tags;
  storage::ResourceRecord record;
  record.account = context.account();
  record.region = context.region;
  record.type = kClusterType;
  record.identifier = id;
  record.arn = RedshiftArn(context.region, context.account(), kClusterType, id);
  record.created_millis = context.now_millis;
  // With a zero transition delay the creation is due at once: the row stores
  // the settled cluster (as the next read would have made it, with a parse
  // and a rewrite), while the answer still shows it "creating".
  std::optional<Value> settled = SettledCopy(context, body);
  record.body = (settled ? *settled : body).ToJson();
  Status inserted = context.resources->Insert(&record);
  if (inserted.IsConflict())
    return Status::AwsError("ClusterAlreadyExistsFault", "Cluster already exists");
  RSEMU_RETURN_IF_ERROR(inserted);
  RSEMU_RETURN_IF_ERROR(ApplyTags(context.tags, record.id, tags));

  return LoadedCluster{std::move(record), std::move(body)};
}

}  // namespace rsemu::api::handlers
