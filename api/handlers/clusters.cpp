// Cluster handlers: CreateCluster, DescribeClusters, DeleteCluster with
// Redshift's validation, defaults, lifecycle (creating → available, deleting →
// gone, settled lazily on the injected clock) and account/region isolation.
#include <algorithm>

#include "api/handlers/cluster_rules.h"
#include "api/handlers/common.h"
#include "api/handlers/handlers.h"
#include "api/pipeline.h"
#include "api/registry.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {
namespace {

constexpr const char* kClusterType = "cluster";
constexpr const char* kSnapshotType = "snapshot";
constexpr std::string_view kLowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kHex = "0123456789abcdef";
// Internal members of a stored cluster (never encoded: not in the model).
constexpr const char* kSettleAt = "_SettleAt";
constexpr const char* kSettleTo = "_SettleTo";
constexpr const char* kSettleDeleted = "deleted";

Status ClusterNotFound(std::string_view id) {
  return Status::AwsError("ClusterNotFoundFault", "Cluster " + std::string(id) + " not found.");
}

int64_t DelayMillis(const RequestContext& context) {
  return static_cast<int64_t>(context.options->transition_delay_seconds * 1000.0);
}

std::string EndpointAddress(const RequestContext& context, std::string_view id) {
  return std::string(id) + "." + StableToken(context.account() + "/" + context.region, 12, kLowerAlnum) + "." +
         context.region + ".redshift.amazonaws.com";
}

std::string VpcId(const RequestContext& context) {
  return "vpc-" + StableToken(context.account() + "/" + context.region + "/vpc", 17, kHex);
}

Value ClusterNodes(const Value& body) {
  Value nodes = Value::List();
  int64_t count = body.GetInt("NumberOfNodes", 1);
  bool is_public = body.GetBool("PubliclyAccessible");
  auto node = [&](std::string role, int index) {
    Value item = Value::Object();
    item.Set("NodeRole", Value::String(std::move(role)));
    item.Set("PrivateIPAddress", Value::String("10.0.1." + std::to_string(10 + index)));
    if (is_public) item.Set("PublicIPAddress", Value::String("54.0.1." + std::to_string(10 + index)));
    nodes.Push(std::move(item));
  };
  if (count <= 1) {
    node("SHARED", 0);
  } else {
    node("LEADER", 0);
    for (int i = 0; i < count; ++i) node("COMPUTE-" + std::to_string(i), i + 1);
  }
  return nodes;
}

// Moves `body` to its settled state when its transition is due. Returns true
// when the body changed; sets *gone when the cluster finished deleting.
bool Settle(const RequestContext& context, Value* body, bool* gone) {
  *gone = false;
  const Value* settle_at = body->Find(kSettleAt);
  if (settle_at == nullptr || settle_at->AsInt() > context.now_millis) return false;
  std::string target = body->GetString(kSettleTo);
  if (target == kSettleDeleted) {
    *gone = true;
    return true;
  }
  body->Set("ClusterStatus", Value::String("available"));
  body->Set("ClusterAvailabilityStatus", Value::String("Available"));
  body->Set("ModifyStatus", Value());
  Value endpoint = Value::Object();
  endpoint.Set("Address", Value::String(EndpointAddress(context, body->GetString("ClusterIdentifier"))));
  endpoint.Set("Port", Value::Int(body->GetInt("_Port", 5439)));
  body->Set("Endpoint", std::move(endpoint));
  body->Set("PendingModifiedValues", Value::Object());
  if (Value* roles = body->Find("IamRoles")) {
    for (Value& role : roles->items()) role.Set("ApplyStatus", Value::String("in-sync"));
  }
  body->Set("ClusterNodes", ClusterNodes(*body));
  body->Erase(kSettleAt);
  body->Erase(kSettleTo);
  return true;
}

struct LoadedCluster {
  storage::ResourceRecord record;
  Value body;
};

// The cluster `id` of the caller's account and region, settled; nullopt when
// there is none (or it just finished deleting).
Result<std::optional<LoadedCluster>> LoadCluster(RequestContext& context, const storage::ResourceRecord& row) {
  LoadedCluster cluster{row, Value()};
  RSEMU_ASSIGN_OR_RETURN(cluster.body, Value::FromJson(row.body));
  bool gone = false;
  if (Settle(context, &cluster.body, &gone)) {
    if (gone) {
      RSEMU_RETURN_IF_ERROR(context.resources->Delete(row.id));
      return std::optional<LoadedCluster>();
    }
    cluster.record.body = cluster.body.ToJson();
    RSEMU_RETURN_IF_ERROR(context.resources->Update(cluster.record));
  }
  return std::optional<LoadedCluster>(std::move(cluster));
}

Result<std::optional<LoadedCluster>> FindCluster(RequestContext& context, const std::string& id) {
  auto row = context.resources->Get(context.account(), context.region, kClusterType, id);
  if (!row.ok()) {
    if (row.status().IsNotFound()) return std::optional<LoadedCluster>();
    return row.status();
  }
  return LoadCluster(context, *row);
}

Result<Value> ClusterOutput(RequestContext& context, const LoadedCluster& cluster) {
  Value out = cluster.body;
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, context.tags->Get(cluster.record.id));
  out.Set("Tags", TagsToValue(tags));
  return out;
}

// A reference to another resource that must exist in the caller's account.
Status RequireResource(RequestContext& context, const char* type, const std::string& name, const char* error,
                       const std::string& message) {
  auto row = context.resources->Get(context.account(), context.region, type, name);
  if (row.ok()) return Status::Ok();
  if (row.status().IsNotFound()) return Status::AwsError(error, message);
  return row.status();
}

Status ValidateIamRoles(const Value& input) {
  std::vector<std::string> roles = ReadStringList(input, "IamRoles");
  if (roles.size() > 50) return InvalidValue("A cluster can have at most 50 IAM roles.");
  for (const std::string& arn : roles) {
    bool ok = arn.starts_with("arn:aws:iam::") && arn.size() > 25 && arn.find(":role/") == 25;
    for (size_t i = 13; ok && i < 25; ++i) ok = std::isdigit(static_cast<unsigned char>(arn[i]));
    if (!ok) return InvalidValue("The IAM role ARN " + arn + " is not valid.");
  }
  if (const Value* default_role = input.Find("DefaultIamRoleArn")) {
    if (std::find(roles.begin(), roles.end(), default_role->AsString()) == roles.end()) {
      return InvalidValue("The default IAM role " + default_role->AsString() +
                          " must be one of the IAM roles associated with the cluster.");
    }
  }
  return Status::Ok();
}

Result<Value> CreateCluster(RequestContext& context, const Value& input) {
  const std::string id = input.GetString("ClusterIdentifier");
  RSEMU_RETURN_IF_ERROR(ValidateIdentifier("ClusterIdentifier", id, 63));
  const std::string node_type_name = input.GetString("NodeType");
  RSEMU_RETURN_IF_ERROR(ValidateNodeType(node_type_name));
  const NodeTypeInfo& node_type = *FindNodeType(node_type_name);
  RSEMU_ASSIGN_OR_RETURN(int nodes, ResolveNodeCount(node_type, input.GetString("ClusterType"),
                                                    input.Has("NumberOfNodes") ? input.GetInt("NumberOfNodes") : -1));
  RSEMU_RETURN_IF_ERROR(ValidateMasterUsername(input.GetString("MasterUsername")));
  bool manage_password = input.GetBool("ManageMasterPassword");
  if (manage_password && input.Has("MasterUserPassword")) {
    return InvalidCombination("You can't use MasterUserPassword and ManageMasterPassword at the same time.");
  }
  if (!manage_password) {
    if (!input.Has("MasterUserPassword")) return MissingParameter("MasterUserPassword");
    RSEMU_RETURN_IF_ERROR(ValidateMasterPassword(input.GetString("MasterUserPassword")));
  } else if (input.Has("MasterPasswordSecretKmsKeyId") && input.GetString("MasterPasswordSecretKmsKeyId").empty()) {
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
    RSEMU_ASSIGN_OR_RETURN(window, NormalizeMaintenanceWindow(input.GetString("PreferredMaintenanceWindow")));
  }
  std::string zone = input.GetString("AvailabilityZone", context.region + "a");
  if (zone.size() != context.region.size() + 1 || !zone.starts_with(context.region) || zone.back() < 'a' ||
      zone.back() > 'f') {
    return InvalidValue("The availability zone " + zone + " is not in region " + context.region + ".");
  }
  if (input.Has("ClusterVersion") && input.GetString("ClusterVersion") != "1.0") {
    return InvalidValue("The cluster version " + input.GetString("ClusterVersion") + " is not valid: use 1.0.");
  }
  std::string track = input.GetString("MaintenanceTrackName", "current");
  if (track != "current" && track != "trailing") {
    return Status::AwsError("InvalidClusterTrack", "The maintenance track " + track + " is not valid.");
  }
  if (input.Has("Encrypted") && !input.GetBool("Encrypted")) {
    return InvalidValue("Redshift clusters are always encrypted: Encrypted cannot be false.");
  }
  RSEMU_RETURN_IF_ERROR(ValidateIamRoles(input));
  std::string ip_address_type = input.GetString("IpAddressType", "ipv4");
  if (ip_address_type != "ipv4" && ip_address_type != "dualstack") {
    return InvalidValue("IpAddressType must be ipv4 or dualstack.");
  }

  // References to other resources of the caller's account.
  std::string parameter_group = input.GetString("ClusterParameterGroupName", "default.redshift-1.0");
  if (parameter_group != "default.redshift-1.0") {
    RSEMU_RETURN_IF_ERROR(RequireResource(context, "parametergroup", parameter_group,
                                          "ClusterParameterGroupNotFoundFault",
                                          "Parameter group " + parameter_group + " not found."));
  }
  std::string subnet_group = input.GetString("ClusterSubnetGroupName", "default");
  if (subnet_group != "default") {
    RSEMU_RETURN_IF_ERROR(RequireResource(context, "subnetgroup", subnet_group, "ClusterSubnetGroupNotFoundFault",
                                          "Cluster subnet group " + subnet_group + " not found."));
  }
  std::vector<std::string> security_groups = ReadStringList(input, "ClusterSecurityGroups");
  for (const std::string& group : security_groups) {
    if (group == "default") continue;
    RSEMU_RETURN_IF_ERROR(RequireResource(context, "securitygroup", group, "ClusterSecurityGroupNotFoundFault",
                                          "Security group " + group + " not found."));
  }
  if (input.Has("HsmClientCertificateIdentifier")) {
    std::string hsm = input.GetString("HsmClientCertificateIdentifier");
    RSEMU_RETURN_IF_ERROR(RequireResource(context, "hsmclientcertificate", hsm, "HsmClientCertificateNotFoundFault",
                                          "HSM client certificate " + hsm + " not found."));
  }
  if (input.Has("HsmConfigurationIdentifier")) {
    std::string hsm = input.GetString("HsmConfigurationIdentifier");
    RSEMU_RETURN_IF_ERROR(RequireResource(context, "hsmconfiguration", hsm, "HsmConfigurationNotFoundFault",
                                          "HSM configuration " + hsm + " not found."));
  }
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, ReadTags(input.Find("Tags")));
  if (tags.size() > 50) {
    return Status::AwsError("TagLimitExceededFault", "You have exceeded the number of tags allowed (50) for the resource.");
  }
  RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> existing, FindCluster(context, id));
  if (existing) return Status::AwsError("ClusterAlreadyExistsFault", "Cluster already exists");

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
  Value security_group_memberships = Value::List();
  for (const std::string& group : security_groups) {
    Value membership = Value::Object();
    membership.Set("ClusterSecurityGroupName", Value::String(group));
    membership.Set("Status", Value::String("active"));
    security_group_memberships.Push(std::move(membership));
  }
  body.Set("ClusterSecurityGroups", std::move(security_group_memberships));
  Value vpc_groups = Value::List();
  std::vector<std::string> vpc_group_ids = ReadStringList(input, "VpcSecurityGroupIds");
  if (vpc_group_ids.empty()) {
    vpc_group_ids.push_back("sg-" + StableToken(context.account() + "/" + context.region + "/sg", 17, kHex));
  }
  for (const std::string& group : vpc_group_ids) {
    Value membership = Value::Object();
    membership.Set("VpcSecurityGroupId", Value::String(group));
    membership.Set("Status", Value::String("active"));
    vpc_groups.Push(std::move(membership));
  }
  body.Set("VpcSecurityGroups", std::move(vpc_groups));
  Value parameter_group_status = Value::Object();
  parameter_group_status.Set("ParameterGroupName", Value::String(parameter_group));
  parameter_group_status.Set("ParameterApplyStatus", Value::String("in-sync"));
  Value parameter_groups = Value::List();
  parameter_groups.Push(std::move(parameter_group_status));
  body.Set("ClusterParameterGroups", std::move(parameter_groups));
  body.Set("ClusterSubnetGroupName", Value::String(subnet_group));
  body.Set("VpcId", Value::String(VpcId(context)));
  body.Set("AvailabilityZone", Value::String(zone));
  body.Set("PreferredMaintenanceWindow", Value::String(window));
  Value pending = Value::Object();
  if (!manage_password) pending.Set("MasterUserPassword", Value::String("****"));
  body.Set("PendingModifiedValues", std::move(pending));
  body.Set("ClusterVersion", Value::String("1.0"));
  body.Set("AllowVersionUpgrade", Value::Bool(input.GetBool("AllowVersionUpgrade", true)));
  body.Set("NumberOfNodes", Value::Int(nodes));
  body.Set("PubliclyAccessible", Value::Bool(input.GetBool("PubliclyAccessible", false)));
  body.Set("Encrypted", Value::Bool(true));
  body.Set("_Port", Value::Int(port));
  body.Set("ClusterPublicKey", Value::String("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" +
                                              context.ids->FromAlphabet(
                                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 64) +
                                              " Amazon-Redshift\n"));
  body.Set("ClusterRevisionNumber", Value::String("94126"));
  if (input.Has("ElasticIp")) {
    Value elastic_ip = Value::Object();
    elastic_ip.Set("ElasticIp", Value::String(input.GetString("ElasticIp")));
    elastic_ip.Set("Status", Value::String("active"));
    body.Set("ElasticIpStatus", std::move(elastic_ip));
  }
  if (input.Has("HsmClientCertificateIdentifier") || input.Has("HsmConfigurationIdentifier")) {
    Value hsm = Value::Object();
    if (input.Has("HsmClientCertificateIdentifier")) {
      hsm.Set("HsmClientCertificateIdentifier", Value::String(input.GetString("HsmClientCertificateIdentifier")));
    }
    if (input.Has("HsmConfigurationIdentifier")) {
      hsm.Set("HsmConfigurationIdentifier", Value::String(input.GetString("HsmConfigurationIdentifier")));
    }
    hsm.Set("Status", Value::String("active"));
    body.Set("HsmStatus", std::move(hsm));
  }
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
    body.Set("SnapshotScheduleIdentifier", Value::String(input.GetString("SnapshotScheduleIdentifier")));
  }
  body.Set("NextMaintenanceWindowStartTime",
           Value::String(FormatIso8601Millis(NextWindowStart(window, context.now_millis))));
  body.Set("AvailabilityZoneRelocationStatus",
           Value::String(input.GetBool("AvailabilityZoneRelocation") ? "enabled" : "disabled"));
  body.Set("ClusterNamespaceArn", Value::String(RedshiftArn(context.region, context.account(), "namespace",
                                                            context.ids->Uuid())));
  body.Set("TotalStorageCapacityInMegaBytes", Value::Int(node_type.storage_megabytes_per_node * nodes));
  Value aqua = Value::Object();
  aqua.Set("AquaStatus", Value::String("disabled"));
  aqua.Set("AquaConfigurationStatus", Value::String(input.GetString("AquaConfigurationStatus", "auto")));
  body.Set("AquaConfiguration", std::move(aqua));
  if (input.Has("DefaultIamRoleArn")) body.Set("DefaultIamRoleArn", Value::String(input.GetString("DefaultIamRoleArn")));
  if (manage_password) {
    body.Set("MasterPasswordSecretArn",
             Value::String("arn:aws:secretsmanager:" + context.region + ":" + context.account() + ":secret:redshift!" +
                           id + "-" + input.GetString("MasterUsername") + "-" +
                           context.ids->FromAlphabet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 6)));
    body.Set("MasterPasswordSecretKmsKeyId",
             Value::String(input.GetString("MasterPasswordSecretKmsKeyId", "aws/secretsmanager")));
  }
  body.Set("IpAddressType", Value::String(ip_address_type));
  body.Set("MultiAZ", Value::String(input.GetBool("MultiAZ") ? "Enabled" : "Disabled"));
  body.Set(kSettleAt, Value::Int(context.now_millis + DelayMillis(context)));
  body.Set(kSettleTo, Value::String("available"));

  storage::ResourceRecord record;
  record.account = context.account();
  record.region = context.region;
  record.type = kClusterType;
  record.identifier = id;
  record.arn = RedshiftArn(context.region, context.account(), kClusterType, id);
  record.body = body.ToJson();
  record.created_millis = context.now_millis;
  Status inserted = context.resources->Insert(&record);
  if (inserted.IsConflict()) return Status::AwsError("ClusterAlreadyExistsFault", "Cluster already exists");
  RSEMU_RETURN_IF_ERROR(inserted);
  RSEMU_RETURN_IF_ERROR(ApplyTags(context.tags, record.id, tags));

  LoadedCluster created{record, std::move(body)};
  RSEMU_ASSIGN_OR_RETURN(Value cluster, ClusterOutput(context, created));
  Value out = Value::Object();
  out.Set("Cluster", std::move(cluster));
  return out;
}

Result<Value> DescribeClusters(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(PageRequest page, ReadPage(input));
  Value clusters = Value::List();
  Value out = Value::Object();
  if (input.Has("ClusterIdentifier")) {
    if (input.Has("Marker")) {
      return InvalidCombination("A marker cannot be specified when ClusterIdentifier is specified.");
    }
    std::string id = input.GetString("ClusterIdentifier");
    RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> cluster, FindCluster(context, id));
    if (!cluster) return ClusterNotFound(id);
    RSEMU_ASSIGN_OR_RETURN(Value item, ClusterOutput(context, *cluster));
    clusters.Push(std::move(item));
    out.Set("Clusters", std::move(clusters));
    return out;
  }
  storage::ResourceQuery query;
  query.account = context.account();
  query.region = context.region;
  query.type = kClusterType;
  query.tag_keys = ReadStringList(input, "TagKeys");
  query.tag_values = ReadStringList(input, "TagValues");
  query.after_identifier = page.after;
  query.limit = page.max_records + 1;
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows, context.resources->List(query));
  bool more = static_cast<int>(rows.size()) > page.max_records;
  if (more) rows.resize(static_cast<size_t>(page.max_records));
  for (const storage::ResourceRecord& row : rows) {
    RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> cluster, LoadCluster(context, row));
    if (!cluster) continue;
    RSEMU_ASSIGN_OR_RETURN(Value item, ClusterOutput(context, *cluster));
    clusters.Push(std::move(item));
  }
  out.Set("Clusters", std::move(clusters));
  if (more) out.Set("Marker", Value::String(EncodeMarker(rows.back().identifier)));
  return out;
}

// The final snapshot of a cluster being deleted (a manual snapshot).
Status CreateFinalSnapshot(RequestContext& context, const LoadedCluster& cluster, const std::string& snapshot_id,
                           int64_t retention) {
  auto existing = context.resources->Get(context.account(), context.region, kSnapshotType, snapshot_id);
  if (existing.ok()) {
    return Status::AwsError("ClusterSnapshotAlreadyExistsFault",
                            "Cannot create the snapshot because a snapshot with the identifier " + snapshot_id +
                                " already exists.");
  }
  if (!existing.status().IsNotFound()) return existing.status();
  const Value& c = cluster.body;
  const std::string cluster_id = c.GetString("ClusterIdentifier");
  std::string now = FormatIso8601Millis(context.now_millis);
  Value snapshot = Value::Object();
  snapshot.Set("SnapshotIdentifier", Value::String(snapshot_id));
  snapshot.Set("ClusterIdentifier", Value::String(cluster_id));
  snapshot.Set("SnapshotCreateTime", Value::String(now));
  snapshot.Set("Status", Value::String("available"));
  snapshot.Set("Port", Value::Int(c.GetInt("_Port", 5439)));
  snapshot.Set("AvailabilityZone", Value::String(c.GetString("AvailabilityZone")));
  snapshot.Set("ClusterCreateTime", Value::String(c.GetString("ClusterCreateTime")));
  snapshot.Set("MasterUsername", Value::String(c.GetString("MasterUsername")));
  snapshot.Set("ClusterVersion", Value::String(c.GetString("ClusterVersion")));
  snapshot.Set("EngineFullVersion", Value::String("PostgreSQL 8.0.2 on i686-pc-linux-gnu, Redshift 1.0.94126"));
  snapshot.Set("SnapshotType", Value::String("manual"));
  snapshot.Set("NodeType", Value::String(c.GetString("NodeType")));
  snapshot.Set("NumberOfNodes", Value::Int(c.GetInt("NumberOfNodes", 1)));
  snapshot.Set("DBName", Value::String(c.GetString("DBName")));
  snapshot.Set("VpcId", Value::String(c.GetString("VpcId")));
  snapshot.Set("Encrypted", Value::Bool(c.GetBool("Encrypted", true)));
  if (c.Has("KmsKeyId")) snapshot.Set("KmsKeyId", Value::String(c.GetString("KmsKeyId")));
  snapshot.Set("EncryptedWithHSM", Value::Bool(c.Has("HsmStatus")));
  snapshot.Set("AccountsWithRestoreAccess", Value::List());
  snapshot.Set("OwnerAccount", Value::String(context.account()));
  snapshot.Set("TotalBackupSizeInMegaBytes", Value::Double(0));
  snapshot.Set("ActualIncrementalBackupSizeInMegaBytes", Value::Double(0));
  snapshot.Set("BackupProgressInMegaBytes", Value::Double(0));
  snapshot.Set("CurrentBackupRateInMegaBytesPerSecond", Value::Double(0));
  snapshot.Set("EstimatedSecondsToCompletion", Value::Int(0));
  snapshot.Set("ElapsedTimeInSeconds", Value::Int(0));
  snapshot.Set("EnhancedVpcRouting", Value::Bool(c.GetBool("EnhancedVpcRouting")));
  snapshot.Set("MaintenanceTrackName", Value::String(c.GetString("MaintenanceTrackName", "current")));
  snapshot.Set("ManualSnapshotRetentionPeriod", Value::Int(retention));
  snapshot.Set("SnapshotRetentionStartTime", Value::String(now));
  std::string arn = RedshiftArn(context.region, context.account(), kSnapshotType, cluster_id + "/" + snapshot_id);
  snapshot.Set("SnapshotArn", Value::String(arn));

  storage::ResourceRecord record;
  record.account = context.account();
  record.region = context.region;
  record.type = kSnapshotType;
  record.identifier = snapshot_id;
  record.arn = arn;
  record.parent = cluster_id;
  record.body = snapshot.ToJson();
  record.created_millis = context.now_millis;
  return context.resources->Insert(&record);
}

Result<Value> DeleteCluster(RequestContext& context, const Value& input) {
  const std::string id = input.GetString("ClusterIdentifier");
  bool skip = input.GetBool("SkipFinalClusterSnapshot", false);
  bool has_final = input.Has("FinalClusterSnapshotIdentifier");
  if (!skip && !has_final) {
    return InvalidCombination("FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is specified.");
  }
  if (skip && has_final) {
    return InvalidCombination(
        "FinalClusterSnapshotIdentifier cannot be specified when SkipFinalClusterSnapshot is true.");
  }
  std::string final_id = input.GetString("FinalClusterSnapshotIdentifier");
  if (has_final) RSEMU_RETURN_IF_ERROR(ValidateIdentifier("FinalClusterSnapshotIdentifier", final_id, 255));
  int64_t retention = input.GetInt("FinalClusterSnapshotRetentionPeriod", -1);
  RSEMU_RETURN_IF_ERROR(ValidateManualRetention(retention));

  RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> cluster, FindCluster(context, id));
  if (!cluster) return ClusterNotFound(id);
  std::string status = cluster->body.GetString("ClusterStatus");
  if (status == "deleting" || status == "final-snapshot") {
    return Status::AwsError("InvalidClusterStateFault", "Cluster " + id + " is already being deleted.");
  }
  if (status != "available" && status != "paused" && !status.starts_with("incompatible") &&
      status != "hardware-failure" && status != "storage-full") {
    return Status::AwsError("InvalidClusterStateFault", "There is an operation running on the Cluster. Please try again later.");
  }
  if (has_final) RSEMU_RETURN_IF_ERROR(CreateFinalSnapshot(context, *cluster, final_id, retention));

  RSEMU_ASSIGN_OR_RETURN(Value output, ClusterOutput(context, *cluster));
  output.Set("ClusterStatus", Value::String(has_final ? "final-snapshot" : "deleting"));
  output.Set("ClusterAvailabilityStatus", Value::String("Modifying"));
  int64_t delay = DelayMillis(context);
  if (delay <= 0) {
    RSEMU_RETURN_IF_ERROR(context.resources->Delete(cluster->record.id));
  } else {
    Value body = cluster->body;
    body.Set("ClusterStatus", Value::String("deleting"));
    body.Set("ClusterAvailabilityStatus", Value::String("Modifying"));
    body.Set(kSettleAt, Value::Int(context.now_millis + delay));
    body.Set(kSettleTo, Value::String(kSettleDeleted));
    storage::ResourceRecord record = cluster->record;
    record.body = body.ToJson();
    RSEMU_RETURN_IF_ERROR(context.resources->Update(record));
  }
  Value out = Value::Object();
  out.Set("Cluster", std::move(output));
  return out;
}

}  // namespace

void RegisterClusterHandlers(Registry* registry) {
  registry->Add("redshift", "CreateCluster", CreateCluster);
  registry->Add("redshift", "DescribeClusters", DescribeClusters);
  registry->Add("redshift", "DeleteCluster", DeleteCluster);
}

}  // namespace rsemu::api::handlers
