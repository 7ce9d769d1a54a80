// Cluster settings outside ModifyCluster: audit logging (EnableLogging,
// DisableLogging, DescribeLoggingStatus; S3 or CloudWatch destinations), cross-
// region snapshot copy (EnableSnapshotCopy, DisableSnapshotCopy,
// ModifySnapshotCopyRetentionPeriod) and temporary database credentials
// (GetClusterCredentials, GetClusterCredentialsWithIAM).
#include <set>

#include "api/handlers/cluster_handlers.h"
#include "api/handlers/cluster_rules.h"
#include "api/handlers/cluster_state.h"
#include "api/handlers/common.h"
#include "api/registry.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {
namespace {

constexpr std::string_view kLogTypes[] = {"connectionlog", "userlog", "useractivitylog"};

// A cluster that is not in the middle of a transition (available or paused).
Result<LoadedCluster> SettledCluster(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster,
                         RequireCluster(context, input.GetString("ClusterIdentifier")));
  if (IsTransitional(cluster.body.GetString("ClusterStatus")))
    RSEMU_RETURN_IF_ERROR(RequireStatus(cluster, "available"));
  return cluster;
}

Status ValidateBucketName(const std::string& name) {
  bool ok =
      name.size() >= 3 && name.size() <= 63 && std::isalnum(static_cast<unsigned char>(name[0])) &&
      std::isalnum(static_cast<unsigned char>(name.back())) && name.find("..") == std::string::npos;
  for (char ch : name) {
    ok = ok && (std::islower(static_cast<unsigned char>(ch)) ||
                std::isdigit(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-');
  }
  if (ok) return Status::Ok();
  return Status::AwsError("InvalidS3BucketNameFault",
                          "The S3 bucket name " + name + " is not valid.");
}

Status ValidateKeyPrefix(const std::string& prefix) {
  bool ok = prefix.size() <= 512;
  for (char ch : prefix) {
    unsigned char c = static_cast<unsigned char>(ch);
    ok = ok && c > 0x20 && c != 0x7f && std::string_view("\\\"'").find(ch) == std::string::npos;
  }
  if (ok) return Status::Ok();
  return Status::AwsError("InvalidS3KeyPrefixFault",
                          "The S3 key prefix " + prefix + " is not valid.");
}

Result<Value> ReadLogExports(const Value& input) {
  Value exports = Value::List();
  std::set<std::string> seen;
  for (const std::string& type : ReadStringList(input, "LogExports")) {
    bool known = false;
    for (std::string_view log_type : kLogTypes) known = known || log_type == type;
    if (!known) {
      return InvalidValue("The log type " + type +
                          " is not valid: use connectionlog, userlog or useractivitylog.");
    }
    if (!seen.insert(type).second) return InvalidValue("The log type " + type + " is repeated.");
    exports.Push(Value::String(type));
  }
  return exports;
}

// The LoggingStatus of a cluster (LoggingEnabled false when never enabled).
Value LoggingStatus(const Value& body) {
  const Value* logging = body.Find(kLogging);
  if (logging == nullptr) {
    Value out = Value::Object();
    out.Set("LoggingEnabled", Value::Bool(false));
    return out;
  }
  return *logging;
}

Result<Value> EnableLogging(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster, SettledCluster(context, input));
  std::string destination = input.GetString("LogDestinationType", "s3");
  RSEMU_ASSIGN_OR_RETURN(Value exports, ReadLogExports(input));
  Value logging = Value::Object();
  logging.Set("LoggingEnabled", Value::Bool(true));
  if (destination == "s3") {
    if (!input.Has("BucketName")) return MissingParameter("BucketName");
    std::string bucket = input.GetString("BucketName");
    RSEMU_RETURN_IF_ERROR(ValidateBucketName(bucket));
    logging.Set("BucketName", Value::String(bucket));
    if (input.Has("S3KeyPrefix")) {
      RSEMU_RETURN_IF_ERROR(ValidateKeyPrefix(input.GetString("S3KeyPrefix")));
      logging.Set("S3KeyPrefix", Value::String(input.GetString("S3KeyPrefix")));
    }
    if (exports.size() == 0) {
      for (std::string_view type : kLogTypes) exports.Push(Value::String(std::string(type)));
    }
  } else {
    if (input.Has("BucketName") || input.Has("S3KeyPrefix")) {
      return InvalidCombination(
          "BucketName and S3KeyPrefix cannot be used with LogDestinationType cloudwatch.");
    }
    if (exports.size() == 0) return MissingParameter("LogExports");
  }
  logging.Set("LastSuccessfulDeliveryTime", Value::String(FormatIso8601Millis(context.now_millis)));
  logging.Set("LogDestinationType", Value::String(destination));
  logging.Set("LogExports", std::move(exports));
  cluster.body.Set(kLogging, logging);
  RSEMU_RETURN_IF_ERROR(SaveCluster(context, cluster));
  RSEMU_RETURN_IF_ERROR(RecordClusterEvent(
      context, cluster.record.identifier, "monitoring", "REDSHIFT-EVENT-3513",
      "Audit logging to " + destination + " has been enabled for Amazon Redshift cluster '" +
          cluster.record.identifier + "'."));
  return logging;
}

Result<Value> DisableLogging(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster, SettledCluster(context, input));
  Value out = Value::Object();
  out.Set("LoggingEnabled", Value::Bool(false));
  if (const Value* logging = cluster.body.Find(kLogging)) {
    if (logging->Has("LastSuccessfulDeliveryTime"))
      out.Set("LastSuccessfulDeliveryTime", *logging->Find("LastSuccessfulDeliveryTime"));
    if (logging->GetBool("LoggingEnabled")) {
      RSEMU_RETURN_IF_ERROR(RecordClusterEvent(
          context, cluster.record.identifier, "monitoring", "REDSHIFT-EVENT-3514",
          "Audit logging has been disabled for Amazon Redshift cluster '" +
              cluster.record.identifier + "'."));
    }
  }
  cluster.body.Set(kLogging, out);
  RSEMU_RETURN_IF_ERROR(SaveCluster(context, cluster));
  return out;
}

Result<Value> DescribeLoggingStatus(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster,
                         RequireCluster(context, input.GetString("ClusterIdentifier")));
  return LoggingStatus(cluster.body);
}

Status ValidateCopyRetention(int64_t days) {
  if (days >= 1 && days <= 35) return Status::Ok();
  return Status::AwsError("InvalidRetentionPeriodFault",
                          "The retention period for copied automated snapshots must be between 1 "
                          "and 35 days, but was " +
                              std::to_string(days) + ".");
}

// A snapshot copy grant `name` of the caller, looked up in the destination
// region (where AWS keeps it) and in the request's region.
Status RequireSnapshotCopyGrant(RequestContext& context, const std::string& destination,
                                const std::string& name) {
  for (const std::string& region : {destination, context.region}) {
    auto row = context.resources->Get(context.account(), region, "snapshotcopygrant", name);
    if (row.ok()) return Status::Ok();
    if (!row.status().IsNotFound()) return row.status();
  }
  return Status::AwsError("SnapshotCopyGrantNotFoundFault",
                          "Snapshot copy grant " + name + " not found.");
}

Result<Value> EnableSnapshotCopy(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster,
                         RequireCluster(context, input.GetString("ClusterIdentifier")));
  RSEMU_RETURN_IF_ERROR(RequireStatus(cluster, "available"));
  if (cluster.body.Has("ClusterSnapshotCopyStatus")) {
    return Status::AwsError(
        "SnapshotCopyAlreadyEnabledFault",
        "Snapshot copy is already enabled on cluster " + cluster.record.identifier + ".");
  }
  std::string destination = input.GetString("DestinationRegion");
  if (!IsKnownRegion(destination)) {
    return Status::AwsError("UnknownSnapshotCopyRegionFault",
                            "The region " + destination + " is unknown.");
  }
  if (destination == context.region) {
    return InvalidValue("The destination region must be different from the cluster's region " +
                        context.region + ".");
  }
  int64_t retention = input.GetInt("RetentionPeriod", 7);
  RSEMU_RETURN_IF_ERROR(ValidateCopyRetention(retention));
  int64_t manual = input.GetInt("ManualSnapshotRetentionPeriod", -1);
  RSEMU_RETURN_IF_ERROR(ValidateManualRetention(manual));
  Value status = Value::Object();
  status.Set("DestinationRegion", Value::String(destination));
  status.Set("RetentionPeriod", Value::Int(retention));
  status.Set("ManualSnapshotRetentionPeriod", Value::Int(manual));
  if (input.Has("SnapshotCopyGrantName")) {
    std::string grant = input.GetString("SnapshotCopyGrantName");
    RSEMU_RETURN_IF_ERROR(RequireSnapshotCopyGrant(context, destination, grant));
    status.Set("SnapshotCopyGrantName", Value::String(grant));
  }
  cluster.body.Set("ClusterSnapshotCopyStatus", std::move(status));
  RSEMU_RETURN_IF_ERROR(
      RecordClusterEvent(context, cluster.record.identifier, "management", "REDSHIFT-EVENT-3510",
                         "Cross-region snapshot copy to " + destination +
                             " has been enabled for cluster '" + cluster.record.identifier + "'."));
  return SaveAndAnswer(context, cluster);
}

Result<Value> DisableSnapshotCopy(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster,
                         RequireCluster(context, input.GetString("ClusterIdentifier")));
  if (!cluster.body.Has("ClusterSnapshotCopyStatus")) {
    return Status::AwsError(
        "SnapshotCopyAlreadyDisabledFault",
        "Snapshot copy is already disabled on cluster " + cluster.record.identifier + ".");
  }
  RSEMU_RETURN_IF_ERROR(RequireStatus(cluster, "available"));
  cluster.body.Erase("ClusterSnapshotCopyStatus");
  RSEMU_RETURN_IF_ERROR(
      RecordClusterEvent(context, cluster.record.identifier, "management", "REDSHIFT-EVENT-3511",
                         "Cross-region snapshot copy has been disabled for cluster '" +
                             cluster.record.identifier + "'."));
  return SaveAndAnswer(context, cluster);
}

Result<Value> ModifySnapshotCopyRetentionPeriod(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster,
                         RequireCluster(context, input.GetString("ClusterIdentifier")));
  Value* status = cluster.body.Find("ClusterSnapshotCopyStatus");
  if (status == nullptr) {
    return Status::AwsError(
        "SnapshotCopyDisabledFault",
        "Snapshot copy is not enabled on cluster " + cluster.record.identifier + ".");
  }
  RSEMU_RETURN_IF_ERROR(RequireStatus(cluster, "available"));
  int64_t days = input.GetInt("RetentionPeriod");
  if (input.GetBool("Manual")) {
    RSEMU_RETURN_IF_ERROR(ValidateManualRetention(days));
    status->Set("ManualSnapshotRetentionPeriod", Value::Int(days));
  } else {
    RSEMU_RETURN_IF_ERROR(ValidateCopyRetention(days));
    status->Set("RetentionPeriod", Value::Int(days));
  }
  return SaveAndAnswer(context, cluster);
}

Result<int64_t> ReadDuration(const Value& input) {
  int64_t seconds = input.GetInt("DurationSeconds", 900);
  if (seconds < 900 || seconds > 3600) {
    return InvalidValue("DurationSeconds must be between 900 and 3600, but was " +
                        std::to_string(seconds) + ".");
  }
  return seconds;
}

// The cluster the credentials are for (ClusterIdentifier, or a custom domain
// name, which no cluster of the emulator has).
Result<LoadedCluster> CredentialsCluster(RequestContext& context, const Value& input) {
  if (!input.Has("ClusterIdentifier")) {
    if (input.Has("CustomDomainName")) {
      return Status::AwsError(
          "ClusterNotFoundFault",
          "No cluster has the custom domain name " + input.GetString("CustomDomainName") + ".");
    }
    return MissingParameter("ClusterIdentifier");
  }
  return RequireCluster(context, input.GetString("ClusterIdentifier"));
}

std::string TemporaryPassword(RequestContext& context) {
  return context.ids->FromAlphabet(
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 86) +
         "==";
}

Result<Value> GetClusterCredentials(RequestContext& context, const Value& input) {
  std::string user = input.GetString("DbUser");
  RSEMU_RETURN_IF_ERROR(ValidateDatabaseUserName("DbUser", user, /*lower_only=*/false));
  if (input.Has("DbName")) {
    RSEMU_RETURN_IF_ERROR(
        ValidateDatabaseUserName("DbName", input.GetString("DbName"), /*lower_only=*/false));
  }
  for (const std::string& group : ReadStringList(input, "DbGroups"))
    RSEMU_RETURN_IF_ERROR(ValidateDatabaseUserName("DbGroups", group, /*lower_only=*/true));
  RSEMU_ASSIGN_OR_RETURN(int64_t seconds, ReadDuration(input));
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster, CredentialsCluster(context, input));
  (void)cluster;
  Value out = Value::Object();
  // AWS marks users it may create (AutoCreate) with "IAMA:", others with "IAM:".
  out.Set("DbUser", Value::String((input.GetBool("AutoCreate") ? "IAMA:" : "IAM:") + user));
  out.Set("DbPassword", Value::String(TemporaryPassword(context)));
  out.Set("Expiration", Value::String(FormatIso8601Millis(context.now_millis + seconds * 1000)));
  return out;
}

Result<Value> GetClusterCredentialsWithIAM(RequestContext& context, const Value& input) {
  if (input.Has("DbName")) {
    RSEMU_RETURN_IF_ERROR(
        ValidateDatabaseUserName("DbName", input.GetString("DbName"), /*lower_only=*/false));
  }
  RSEMU_ASSIGN_OR_RETURN(int64_t seconds, ReadDuration(input));
  RSEMU_ASSIGN_OR_RETURN(LoadedCluster cluster, CredentialsCluster(context, input));
  (void)cluster;
  // The database user is named after the caller: IAM:<user> or IAMR:<role>.
  const std::string& arn = context.principal.arn;
  std::string user = "IAM:root";
  if (context.principal.type == Principal::Type::kUser) {
    user = "IAM:" + arn.substr(arn.rfind('/') + 1);
  } else if (context.principal.type == Principal::Type::kAssumedRole) {
    std::string rest = arn.substr(arn.find(":assumed-role/") + 14);
    user = "IAMR:" + rest.substr(0, rest.find('/'));
  }
  int64_t expiration = context.now_millis + seconds * 1000;
  Value out = Value::Object();
  out.Set("DbUser", Value::String(user));
  out.Set("DbPassword", Value::String(TemporaryPassword(context)));
  out.Set("Expiration", Value::String(FormatIso8601Millis(expiration)));
  out.Set("NextRefreshTime", Value::String(FormatIso8601Millis(expiration)));
  return out;
}

}  // namespace

void RegisterClusterLoggingHandlers(Registry* registry) {
  registry->Add("redshift", "EnableLogging", EnableLogging);
  registry->Add("redshift", "DisableLogging", DisableLogging);
  registry->Add("redshift", "DescribeLoggingStatus", DescribeLoggingStatus);
  registry->Add("redshift", "EnableSnapshotCopy", EnableSnapshotCopy);
  registry->Add("redshift", "DisableSnapshotCopy", DisableSnapshotCopy);
  registry->Add("redshift", "ModifySnapshotCopyRetentionPeriod", ModifySnapshotCopyRetentionPeriod);
  registry->Add("redshift", "GetClusterCredentials", GetClusterCredentials);
  registry->Add("redshift", "GetClusterCredentialsWithIAM", GetClusterCredentialsWithIAM);
}

}  // namespace rsemu::api::handlers
