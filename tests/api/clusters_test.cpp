// In-process tests of the cluster operations beyond create/describe/delete
// (ModifyCluster, lifecycle, resize, IAM roles, maintenance, logging, snapshot
// copy, credentials, catalogs, node quota) through Pipeline::Handle, with a
// FixedClock and both an immediate and a 2 s transition delay.
#include <doctest/doctest.h>

#include <regex>

#include "api/pipeline.h"
#include "common/clock.h"

namespace rsemu::api {
namespace {

constexpr int64_t kStart = 1764316800000;  // 2025-11-28T08:00:00Z (a Friday)

struct Cluster {
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(kStart);
  std::unique_ptr<Pipeline> pipeline;

  explicit Cluster(double delay_seconds = 0) {
    PipelineOptions options;
    options.seed = 11;
    options.transition_delay_seconds = delay_seconds;
    auto created = Pipeline::Create(options, clock);
    REQUIRE(created.ok());
    pipeline = std::move(created).value();
  }

  HttpResponse Post(const std::string& body, const std::string& access_key = "") {
    HttpRequest request;
    request.method = "POST";
    request.target = "/";
    request.headers.emplace_back("content-type",
                                 "application/x-www-form-urlencoded; charset=utf-8");
    if (!access_key.empty()) {
      request.headers.emplace_back("x-amz-date", "20251128T080000Z");
      request.headers.emplace_back("authorization",
                                   "AWS4-HMAC-SHA256 Credential=" + access_key +
                                       "/20251128/us-east-1/redshift/aws4_request, "
                                       "SignedHeaders=content-type;host;x-amz-date, Signature=" +
                                       std::string(64, 'a'));
    }
    request.body = "Version=2012-12-01&" + body;
    return pipeline->Handle(request);
  }

  // An action on cluster `id` with extra form members.
  HttpResponse Act(const std::string& action, const std::string& id,
                   const std::string& extra = "") {
    return Post("Action=" + action + "&ClusterIdentifier=" + id + extra);
  }

  HttpResponse Create(const std::string& id, const std::string& extra = "",
                      const std::string& key = "") {
    return Post("Action=CreateCluster&ClusterIdentifier=" + id +
                    "&NodeType=ra3.xlplus&MasterUsername=awsuser&MasterUserPassword=Passw0rd1" +
                    extra,
                key);
  }

  std::string Describe(const std::string& id) {
    return Post("Action=DescribeClusters&ClusterIdentifier=" + id).body;
  }
};

std::string Code(const HttpResponse& response) {
  std::smatch match;
  return std::regex_search(response.body, match, std::regex("<Code>([^<]*)</Code>"))
             ? match[1].str()
             : "";
}

std::string Field(const std::string& body, const std::string& name) {
  std::smatch match;
  return std::regex_search(body, match, std::regex("<" + name + ">([^<]*)</" + name + ">"))
             ? match[1].str()
             : "";
}

bool Has(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

int Count(const std::string& text, const std::string& needle) {
  int count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

}  // namespace

TEST_CASE("ModifyCluster applies settings, validates them like CreateCluster, and settles") {
  Cluster h;
  REQUIRE(h.Create("mod").status == 200);
  HttpResponse response =
      h.Act("ModifyCluster", "mod",
            "&AutomatedSnapshotRetentionPeriod=7&ManualSnapshotRetentionPeriod=30"
            "&PreferredMaintenanceWindow=Sun:23:15-Mon:01:15"
            "&AllowVersionUpgrade=false");
  REQUIRE(response.status == 200);
  CHECK(Field(response.body, "ClusterStatus") == "available");  // applied at once
  CHECK(Field(response.body, "AutomatedSnapshotRetentionPeriod") == "7");
  CHECK(Field(response.body, "ManualSnapshotRetentionPeriod") == "30");
  CHECK(Field(response.body, "PreferredMaintenanceWindow") == "sun:23:15-mon:01:15");
  CHECK(Field(response.body, "NextMaintenanceWindowStartTime") == "2025-11-30T23:15:00.000Z");
  CHECK(Field(response.body, "AllowVersionUpgrade") == "false");

  response = h.Act("ModifyCluster", "mod", "&MasterUserPassword=NewPassw0rd&Port=5440");
  CHECK(Field(response.body, "ClusterStatus") == "modifying");
  CHECK(Has(response.body, "<PendingModifiedValues><MasterUserPassword>****</MasterUserPassword>"));
  std::string described = h.Describe("mod");
  CHECK(Field(described, "ClusterStatus") == "available");
  CHECK(Has(described, "<PendingModifiedValues></PendingModifiedValues>"));
  CHECK(Has(described, "<Port>5440</Port>"));

  // Pending settings show while modifying, then apply.
  response = h.Act("ModifyCluster", "mod",
                   "&PubliclyAccessible=true&EnhancedVpcRouting=true&MaintenanceTrackName=trailing"
                   "&KmsKeyId=arn:aws:kms:us-east-1:123456789012:key/abc"
                   "&AvailabilityZoneRelocation=true&AvailabilityZone=us-east-1c"
                   "&IpAddressType=dualstack&MultiAZ=true&ElasticIp=52.1.2.3"
                   "&VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-0aaa"
                   "&ExtraComputeForAutomaticOptimization=true");
  REQUIRE(response.status == 200);
  std::string pending = response.body.substr(response.body.find("<PendingModifiedValues>"));
  for (const char* member : {"<PubliclyAccessible>true</PubliclyAccessible>",
                             "<EnhancedVpcRouting>true</EnhancedVpcRouting>",
                             "<MaintenanceTrackName>trailing</MaintenanceTrackName>"}) {
    CHECK(Has(pending.substr(0, pending.find("</PendingModifiedValues>")), member));
  }
  CHECK(Has(response.body, "<EncryptionType>KMS</EncryptionType>"));
  described = h.Describe("mod");
  CHECK(Field(described, "PubliclyAccessible") == "true");
  CHECK(Field(described, "MaintenanceTrackName") == "trailing");
  CHECK(Field(described, "AvailabilityZone") == "us-east-1c");
  CHECK(Field(described, "AvailabilityZoneRelocationStatus") == "enabled");
  CHECK(Field(described, "IpAddressType") == "dualstack");
  CHECK(Field(described, "MultiAZ") == "Enabled");
  CHECK(Field(described, "KmsKeyId") == "arn:aws:kms:us-east-1:123456789012:key/abc");
  CHECK(Has(described, "<ElasticIpStatus><ElasticIp>52.1.2.3</ElasticIp>"));
  CHECK(Has(described, "<VpcSecurityGroupId>sg-0aaa</VpcSecurityGroupId>"));
  CHECK(Has(described, "<PublicIPAddress>"));
  CHECK(!Has(described, "_Apply"));

  struct Case {
    std::string extra, code;
  };
  std::vector<Case> cases = {
      {"&Port=80", "InvalidParameterValue"},
      {"&NodeType=ds2.xlarge", "InvalidParameterValue"},
      {"&NumberOfNodes=0", "InvalidParameterValue"},
      {"&ClusterType=single-node&NumberOfNodes=3", "InvalidParameterCombination"},
      {"&NumberOfNodes=40", "NumberOfNodesPerClusterLimitExceeded"},
      {"&AutomatedSnapshotRetentionPeriod=0", "InvalidParameterValue"},  // ra3
      {"&AutomatedSnapshotRetentionPeriod=36", "InvalidRetentionPeriodFault"},
      {"&ManualSnapshotRetentionPeriod=0", "InvalidRetentionPeriodFault"},
      {"&PreferredMaintenanceWindow=sat:03:30-sat:03:45", "InvalidParameterValue"},
      {"&MasterUserPassword=weak", "InvalidParameterValue"},
      {"&MasterUserPassword=Passw0rd1&ManageMasterPassword=true", "InvalidParameterCombination"},
      {"&ClusterVersion=2.0", "InvalidParameterValue"},
      {"&MaintenanceTrackName=preview", "InvalidClusterTrack"},
      {"&Encrypted=false", "InvalidParameterValue"},
      {"&AvailabilityZone=eu-west-1a", "InvalidParameterValue"},
      {"&IpAddressType=ipv9", "InvalidParameterValue"},
      {"&ElasticIp=999.1.1.1", "InvalidElasticIpFault"},
      {"&ClusterParameterGroupName=missing-pg", "ClusterParameterGroupNotFound"},
      {"&ClusterSecurityGroups.ClusterSecurityGroupName.1=nope", "ClusterSecurityGroupNotFound"},
      {"&HsmClientCertificateIdentifier=nope", "HsmClientCertificateNotFoundFault"},
      {"&NewClusterIdentifier=Bad_Name", "InvalidParameterValue"},
      {"&NewClusterIdentifier=mod", "InvalidParameterValue"},
      {"&MasterPasswordSecretKmsKeyId=k", "InvalidParameterCombination"},
  };
  std::string before = h.Describe("mod");
  for (const Case& c : cases) {
    CAPTURE(c.extra);
    HttpResponse rejected = h.Act("ModifyCluster", "mod", c.extra + "&MultiAZ=false");
    CHECK(Code(rejected) == c.code);
  }
  auto without_request_id = [](std::string body) {
    return body.substr(0, body.find("<ResponseMetadata>"));
  };
  CHECK(without_request_id(h.Describe("mod")) == without_request_id(before));  // nothing changed
  CHECK(Code(h.Act("ModifyCluster", "nope", "&AllowVersionUpgrade=true")) == "ClusterNotFound");
  CHECK(Code(h.Post("Action=ModifyCluster")) == "MissingParameter");

  // ManageMasterPassword on and off.
  response = h.Act("ModifyCluster", "mod", "&ManageMasterPassword=true");
  CHECK(Has(response.body, "<MasterPasswordSecretArn>arn:aws:secretsmanager:us-east-1:"));
  CHECK(Field(response.body, "MasterPasswordSecretKmsKeyId") == "aws/secretsmanager");
  CHECK(Code(h.Act("ModifyCluster", "mod", "&ManageMasterPassword=false")) ==
        "InvalidParameterCombination");
  response =
      h.Act("ModifyCluster", "mod", "&ManageMasterPassword=false&MasterUserPassword=Xyz12345");
  CHECK(response.status == 200);
  CHECK(!Has(h.Describe("mod"), "MasterPasswordSecretArn"));
}

TEST_CASE("a new parameter group is applying, then pending-reboot until RebootCluster") {
  Cluster h;
  REQUIRE(h.Create("pg").status == 200);
  REQUIRE(h.Post("Action=CreateClusterParameterGroup&ParameterGroupName=custom&"
                 "ParameterGroupFamily=redshift-1.0&Description=d")
              .status == 200);
  HttpResponse response = h.Act("ModifyCluster", "pg", "&ClusterParameterGroupName=custom");
  REQUIRE(response.status == 200);
  CHECK(Field(response.body, "ParameterApplyStatus") == "applying");
  CHECK(Field(response.body, "ClusterStatus") == "modifying");
  CHECK(Field(h.Describe("pg"), "ParameterApplyStatus") == "pending-reboot");
  response = h.Act("RebootCluster", "pg");
  CHECK(Field(response.body, "ClusterStatus") == "rebooting");
  CHECK(Field(response.body, "ClusterAvailabilityStatus") == "Modifying");
  std::string described = h.Describe("pg");
  CHECK(Field(described, "ClusterStatus") == "available");
  CHECK(Field(described, "ParameterApplyStatus") == "in-sync");
  CHECK(Field(described, "ParameterGroupName") == "custom");
  CHECK(Code(h.Act("RebootCluster", "nope")) == "ClusterNotFound");
}

TEST_CASE("renaming moves the cluster, its tags and its snapshots to the new identifier") {
  Cluster h;
  REQUIRE(h.Create("old-name", "&Tags.Tag.1.Key=env&Tags.Tag.1.Value=dev").status == 200);
  REQUIRE(h.Create("taken").status == 200);
  REQUIRE(h.Post("Action=CreateClusterSnapshot&ClusterIdentifier=old-name&"
                 "SnapshotIdentifier=snap-1")
              .status == 200);
  CHECK(Code(h.Act("ModifyCluster", "old-name", "&NewClusterIdentifier=taken")) ==
        "ClusterAlreadyExists");
  HttpResponse response = h.Act("ModifyCluster", "old-name", "&NewClusterIdentifier=new-name");
  REQUIRE(response.status == 200);
  CHECK(Field(response.body, "ClusterStatus") == "renaming");
  CHECK(Has(response.body, "<ClusterIdentifier>old-name</ClusterIdentifier>"));
  CHECK(
      Has(response.body, "<PendingModifiedValues><ClusterIdentifier>new-name</ClusterIdentifier>"));
  CHECK(Code(h.Post("Action=DescribeClusters&ClusterIdentifier=old-name")) == "ClusterNotFound");
  std::string described = h.Describe("new-name");
  CHECK(Field(described, "ClusterStatus") == "available");
  CHECK(Has(described, "<Address>new-name."));
  CHECK(Has(described, "<Tags><Tag><Key>env</Key><Value>dev</Value></Tag></Tags>"));
  CHECK(h.Create("old-name").status == 200);  // the old name is free
  std::string listed = h.Post("Action=DescribeClusterSnapshots&SnapshotIdentifier=snap-1").body;
  CHECK(Field(listed, "ClusterIdentifier") == "new-name");
}

TEST_CASE("with a delay every transition is observable and blocks other operations") {
  Cluster h(2.0);
  REQUIRE(h.Create("slow").status == 200);
  CHECK(Code(h.Act("ModifyCluster", "slow", "&AllowVersionUpgrade=false")) ==
        "InvalidClusterState");
  CHECK(Code(h.Act("RebootCluster", "slow")) == "InvalidClusterState");
  h.clock->Advance(2000);
  CHECK(Field(h.Describe("slow"), "ClusterStatus") == "available");

  struct Step {
    std::string action, extra, during, after;
  };
  std::vector<Step> steps = {
      {"ModifyCluster", "&MasterUserPassword=Passw0rd2", "modifying", "available"},
      {"RebootCluster", "", "rebooting", "available"},
      {"RotateEncryptionKey", "", "rotating-keys", "available"},
      {"PauseCluster", "", "pausing", "paused"},
      {"ResumeCluster", "", "resuming", "available"},
      {"ResizeCluster", "&NumberOfNodes=4", "resizing", "available"},
      {"ModifyClusterDbRevision", "&RevisionTarget=95135", "modifying", "available"},
  };
  for (const Step& step : steps) {
    CAPTURE(step.action);
    HttpResponse response = h.Act(step.action, "slow", step.extra);
    REQUIRE(response.status == 200);
    CHECK(Field(response.body, "ClusterStatus") == step.during);
    CHECK(Field(h.Describe("slow"), "ClusterStatus") == step.during);
    CHECK(Code(h.Act("ModifyCluster", "slow", "&AllowVersionUpgrade=false")) ==
          "InvalidClusterState");
    CHECK(Code(h.Act("DeleteCluster", "slow", "&SkipFinalClusterSnapshot=true")) ==
          "InvalidClusterState");
    h.clock->Advance(1999);
    CHECK(Field(h.Describe("slow"), "ClusterStatus") == step.during);
    h.clock->Advance(1);
    CHECK(Field(h.Describe("slow"), "ClusterStatus") == step.after);
  }
  std::string described = h.Describe("slow");
  CHECK(Field(described, "NumberOfNodes") == "4");
  CHECK(Field(described, "ClusterRevisionNumber") == "95135");
  CHECK(Count(described, "<NodeRole>COMPUTE-") == 4);
  CHECK(Code(h.Act("ModifyClusterDbRevision", "slow", "&RevisionTarget=95135")) ==
        "ClusterOnLatestRevision");

  // Deleting from paused; the final snapshot state shows first.
  REQUIRE(h.Act("PauseCluster", "slow").status == 200);
  h.clock->Advance(2000);
  CHECK(Field(h.Describe("slow"), "ClusterAvailabilityStatus") == "Unavailable");
  HttpResponse deleted = h.Act("DeleteCluster", "slow", "&SkipFinalClusterSnapshot=true");
  CHECK(Field(deleted.body, "ClusterStatus") == "deleting");
  CHECK(Code(h.Act("ResumeCluster", "slow")) == "InvalidClusterState");
  h.clock->Advance(2000);
  CHECK(Code(h.Post("Action=DescribeClusters&ClusterIdentifier=slow")) == "ClusterNotFound");
}

TEST_CASE("pause and resume check the cluster's state") {
  Cluster h;
  REQUIRE(h.Create("p").status == 200);
  CHECK(Code(h.Act("ResumeCluster", "p")) == "InvalidClusterState");
  HttpResponse paused = h.Act("PauseCluster", "p");
  CHECK(Field(paused.body, "ClusterStatus") == "pausing");
  CHECK(Field(h.Describe("p"), "ClusterStatus") == "paused");
  CHECK(Code(h.Act("PauseCluster", "p")) == "InvalidClusterState");
  CHECK(Code(h.Act("RebootCluster", "p")) == "InvalidClusterState");
  CHECK(Code(h.Act("ResizeCluster", "p", "&NumberOfNodes=2")) == "InvalidClusterState");
  CHECK(Field(h.Act("ResumeCluster", "p").body, "ClusterStatus") == "resuming");
  CHECK(Field(h.Describe("p"), "ClusterAvailabilityStatus") == "Available");
  CHECK(Code(h.Act("PauseCluster", "nope")) == "ClusterNotFound");
  CHECK(Code(h.Act("ResumeCluster", "nope")) == "ClusterNotFound");
}

TEST_CASE("resize: elastic and classic, DescribeResize, CancelResize") {
  Cluster h(2.0);
  REQUIRE(h.Create("rs", "&NumberOfNodes=2").status == 200);
  CHECK(Code(h.Act("DescribeResize", "rs")) == "ResizeNotFound");
  CHECK(Code(h.Act("DescribeResize", "nope")) == "ClusterNotFound");
  h.clock->Advance(2000);
  CHECK(Code(h.Act("ResizeCluster", "rs", "&NumberOfNodes=2")) == "InvalidParameterValue");
  CHECK(Code(h.Act("ResizeCluster", "rs")) == "MissingParameter");
  CHECK(Code(h.Act("ResizeCluster", "rs", "&NodeType=ra3.huge")) == "InvalidParameterValue");
  CHECK(Code(h.Act("ResizeCluster", "rs", "&NodeType=ra3.4xlarge&NumberOfNodes=99")) ==
        "NumberOfNodesPerClusterLimitExceeded");
  CHECK(Code(h.Act("ResizeCluster", "rs", "&NumberOfNodes=4&ReservedNodeId=r-1")) ==
        "ReservedNodeNotFound");

  HttpResponse elastic = h.Act("ResizeCluster", "rs", "&NumberOfNodes=4");
  REQUIRE(elastic.status == 200);
  CHECK(Has(elastic.body,
            "<ResizeInfo><ResizeType>ElasticResize</ResizeType>"
            "<AllowCancelResize>false</AllowCancelResize></ResizeInfo>"));
  CHECK(Has(elastic.body, "<PendingModifiedValues><NumberOfNodes>4</NumberOfNodes>"));
  std::string progress = h.Act("DescribeResize", "rs").body;
  CHECK(Field(progress, "Status") == "IN_PROGRESS");
  CHECK(Field(progress, "TargetNumberOfNodes") == "4");
  CHECK(Field(progress, "ResizeType") == "ElasticResize");
  CHECK(Code(h.Act("CancelResize", "rs")) == "UnsupportedOperation");
  h.clock->Advance(1000);
  CHECK(Field(h.Act("DescribeResize", "rs").body, "ElapsedTimeInSeconds") == "1");
  h.clock->Advance(1000);
  progress = h.Act("DescribeResize", "rs").body;
  CHECK(Field(progress, "Status") == "SUCCEEDED");
  CHECK(Field(progress, "DataTransferProgressPercent") == "100.0");
  std::string described = h.Describe("rs");
  CHECK(Field(described, "NumberOfNodes") == "4");
  CHECK(!Has(described, "<ResizeInfo>"));
  CHECK(Code(h.Act("CancelResize", "rs")) == "ResizeNotFound");

  // A classic resize (ModifyCluster NodeType) can be cancelled.
  HttpResponse classic = h.Act("ModifyCluster", "rs", "&NodeType=ra3.4xlarge&NumberOfNodes=2");
  REQUIRE(classic.status == 200);
  CHECK(Field(classic.body, "ClusterStatus") == "resizing");
  CHECK(Field(classic.body, "ResizeType") == "ClassicResize");
  HttpResponse cancelled = h.Act("CancelResize", "rs");
  REQUIRE(cancelled.status == 200);
  CHECK(Field(cancelled.body, "Status") == "CANCELLING");
  CHECK(Field(h.Describe("rs"), "ClusterStatus") == "cancelling-resize");
  h.clock->Advance(2000);
  described = h.Describe("rs");
  CHECK(Field(described, "NodeType") == "ra3.xlplus");
  CHECK(Field(described, "NumberOfNodes") == "4");
  CHECK(Field(h.Act("DescribeResize", "rs").body, "Status") == "FAILED");
}

TEST_CASE("ModifyClusterIamRoles adds, removes and sets the default role") {
  Cluster h(2.0);
  const std::string a = "arn:aws:iam::123456789012:role/A";
  const std::string b = "arn:aws:iam::123456789012:role/B";
  REQUIRE(h.Create("iam", "&IamRoles.IamRoleArn.1=" + a + "&DefaultIamRoleArn=" + a).status == 200);
  h.clock->Advance(2000);
  CHECK(Code(h.Act("ModifyClusterIamRoles", "iam", "&AddIamRoles.IamRoleArn.1=" + a)) ==
        "InvalidParameterValue");
  CHECK(Code(h.Act("ModifyClusterIamRoles", "iam", "&RemoveIamRoles.IamRoleArn.1=" + b)) ==
        "InvalidParameterValue");
  CHECK(Code(h.Act("ModifyClusterIamRoles", "iam", "&AddIamRoles.IamRoleArn.1=bad")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Act("ModifyClusterIamRoles", "iam",
                   "&AddIamRoles.IamRoleArn.1=" + b + "&RemoveIamRoles.IamRoleArn.1=" + b)) ==
        "InvalidParameterCombination");
  CHECK(Code(h.Act("ModifyClusterIamRoles", "iam", "&DefaultIamRoleArn=" + b)) ==
        "InvalidParameterValue");
  CHECK(Code(h.Act("ModifyClusterIamRoles", "nope", "&AddIamRoles.IamRoleArn.1=" + b)) ==
        "ClusterNotFound");
  std::string many;
  for (int i = 1; i <= 50; ++i)
    many += "&AddIamRoles.IamRoleArn." + std::to_string(i) + "=" + b + std::to_string(i);
  CHECK(Code(h.Act("ModifyClusterIamRoles", "iam", many)) == "InvalidParameterValue");

  HttpResponse response =
      h.Act("ModifyClusterIamRoles", "iam",
            "&AddIamRoles.IamRoleArn.1=" + b + "&RemoveIamRoles.IamRoleArn.1=" + a +
                "&DefaultIamRoleArn=" + b);
  REQUIRE(response.status == 200);
  CHECK(Field(response.body, "ClusterStatus") == "available");
  CHECK(Has(response.body, "<IamRoleArn>" + a + "</IamRoleArn><ApplyStatus>removing"));
  CHECK(Has(response.body, "<IamRoleArn>" + b + "</IamRoleArn><ApplyStatus>adding"));
  CHECK(Field(response.body, "DefaultIamRoleArn") == b);
  h.clock->Advance(2000);
  std::string described = h.Describe("iam");
  CHECK(Has(described, "<IamRoles><ClusterIamRole><IamRoleArn>" + b +
                           "</IamRoleArn><ApplyStatus>in-sync</ApplyStatus></ClusterIamRole>"
                           "</IamRoles>"));
  // Removing the default role clears the default.
  REQUIRE(h.Act("ModifyClusterIamRoles", "iam", "&RemoveIamRoles.IamRoleArn.1=" + b).status == 200);
  CHECK(!Has(h.Describe("iam"), "DefaultIamRoleArn"));
}

TEST_CASE("ModifyClusterMaintenance defers maintenance within 60 days") {
  Cluster h;
  REQUIRE(h.Create("mnt", "&PreferredMaintenanceWindow=sat:03:30-sat:04:00").status == 200);
  CHECK(Code(h.Act("ModifyClusterMaintenance", "mnt", "&DeferMaintenance=true")) ==
        "InvalidParameterCombination");
  CHECK(Code(h.Act("ModifyClusterMaintenance", "mnt",
                   "&DeferMaintenance=true&DeferMaintenanceDuration=61")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Act("ModifyClusterMaintenance", "mnt",
                   "&DeferMaintenance=true&DeferMaintenanceDuration=3&"
                   "DeferMaintenanceEndTime=2025-12-10T00:00:00Z")) ==
        "InvalidParameterCombination");
  CHECK(Code(h.Act("ModifyClusterMaintenance", "mnt",
                   "&DeferMaintenance=true&DeferMaintenanceStartTime=2025-12-10T00:00:00Z&"
                   "DeferMaintenanceEndTime=2025-12-01T00:00:00Z")) == "InvalidParameterValue");
  CHECK(Code(h.Act("ModifyClusterMaintenance", "mnt",
                   "&DeferMaintenance=true&DeferMaintenanceStartTime=2025-12-01T00:00:00Z&"
                   "DeferMaintenanceEndTime=2026-03-01T00:00:00Z")) == "InvalidParameterValue");
  CHECK(Code(h.Act("ModifyClusterMaintenance", "nope", "&DeferMaintenance=true")) ==
        "ClusterNotFound");
  HttpResponse response = h.Act("ModifyClusterMaintenance", "mnt",
                                "&DeferMaintenance=true&DeferMaintenanceIdentifier=my-defer&"
                                "DeferMaintenanceStartTime=2025-11-29T00:00:00Z&"
                                "DeferMaintenanceDuration=14");
  REQUIRE(response.status == 200);
  CHECK(Has(response.body,
            "<DeferredMaintenanceWindows><DeferredMaintenanceWindow><DeferMaintenanceIdentifier>"
            "my-defer</DeferMaintenanceIdentifier><DeferMaintenanceStartTime>2025-11-29T00:00:00."
            "000Z</DeferMaintenanceStartTime><DeferMaintenanceEndTime>2025-12-13T00:00:00.000Z<"));
  CHECK(Field(response.body, "NextMaintenanceWindowStartTime") == "2025-12-13T03:30:00.000Z");
  CHECK(Code(h.Act("ModifyClusterMaintenance", "mnt",
                   "&DeferMaintenance=false&DeferMaintenanceIdentifier=other")) ==
        "InvalidParameterValue");
  response = h.Act("ModifyClusterMaintenance", "mnt", "&DeferMaintenance=false");
  CHECK(Has(response.body, "<DeferredMaintenanceWindows></DeferredMaintenanceWindows>"));
  CHECK(Field(response.body, "NextMaintenanceWindowStartTime") == "2025-11-29T03:30:00.000Z");
}

TEST_CASE("audit logging to S3 or CloudWatch") {
  Cluster h;
  REQUIRE(h.Create("log").status == 200);
  CHECK(Field(h.Act("DescribeLoggingStatus", "log").body, "LoggingEnabled") == "false");
  CHECK(Code(h.Act("EnableLogging", "log")) == "MissingParameter");
  CHECK(Code(h.Act("EnableLogging", "log", "&BucketName=Bad_Bucket")) ==
        "InvalidS3BucketNameFault");
  CHECK(Code(h.Act("EnableLogging", "log", "&BucketName=my-logs&S3KeyPrefix=a%20b")) ==
        "InvalidS3KeyPrefixFault");
  CHECK(Code(h.Act("EnableLogging", "log", "&BucketName=my-logs&LogExports.member.1=bogus")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Act("EnableLogging", "log", "&LogDestinationType=cloudwatch")) ==
        "MissingParameter");
  CHECK(Code(h.Act(
            "EnableLogging", "log",
            "&LogDestinationType=cloudwatch&BucketName=my-logs&LogExports.member.1=userlog")) ==
        "InvalidParameterCombination");
  CHECK(Code(h.Act("EnableLogging", "nope", "&BucketName=my-logs")) == "ClusterNotFound");

  HttpResponse s3 = h.Act("EnableLogging", "log", "&BucketName=my-logs&S3KeyPrefix=audit/");
  REQUIRE(s3.status == 200);
  CHECK(Field(s3.body, "LoggingEnabled") == "true");
  CHECK(Field(s3.body, "BucketName") == "my-logs");
  CHECK(Field(s3.body, "S3KeyPrefix") == "audit/");
  CHECK(Field(s3.body, "LogDestinationType") == "s3");
  CHECK(Count(s3.body, "<member>") == 3);
  std::string status = h.Act("DescribeLoggingStatus", "log").body;
  CHECK(Field(status, "BucketName") == "my-logs");

  HttpResponse cloudwatch =
      h.Act("EnableLogging", "log",
            "&LogDestinationType=cloudwatch&LogExports.member.1=connectionlog&"
            "LogExports.member.2=userlog");
  CHECK(Field(cloudwatch.body, "LogDestinationType") == "cloudwatch");
  CHECK(!Has(cloudwatch.body, "BucketName"));
  CHECK(Count(cloudwatch.body, "<member>") == 2);
  HttpResponse disabled = h.Act("DisableLogging", "log");
  CHECK(Field(disabled.body, "LoggingEnabled") == "false");
  CHECK(Field(h.Act("DescribeLoggingStatus", "log").body, "LoggingEnabled") == "false");
  CHECK(Code(h.Act("DescribeLoggingStatus", "nope")) == "ClusterNotFound");
}

TEST_CASE("cross-region snapshot copy") {
  Cluster h;
  REQUIRE(h.Create("copy").status == 200);
  CHECK(Code(h.Act("DisableSnapshotCopy", "copy")) == "SnapshotCopyAlreadyDisabledFault");
  CHECK(Code(h.Act("ModifySnapshotCopyRetentionPeriod", "copy", "&RetentionPeriod=5")) ==
        "SnapshotCopyDisabledFault");
  CHECK(Code(h.Act("EnableSnapshotCopy", "copy", "&DestinationRegion=mars-1")) ==
        "UnknownSnapshotCopyRegionFault");
  CHECK(Code(h.Act("EnableSnapshotCopy", "copy", "&DestinationRegion=us-east-1")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Act("EnableSnapshotCopy", "copy",
                   "&DestinationRegion=us-west-2&RetentionPeriod=36")) ==
        "InvalidRetentionPeriodFault");
  CHECK(Code(h.Act("EnableSnapshotCopy", "copy",
                   "&DestinationRegion=us-west-2&ManualSnapshotRetentionPeriod=0")) ==
        "InvalidRetentionPeriodFault");
  CHECK(Code(h.Act("EnableSnapshotCopy", "copy",
                   "&DestinationRegion=us-west-2&SnapshotCopyGrantName=missing")) ==
        "SnapshotCopyGrantNotFoundFault");
  CHECK(Code(h.Act("EnableSnapshotCopy", "nope", "&DestinationRegion=us-west-2")) ==
        "ClusterNotFound");
  HttpResponse enabled = h.Act("EnableSnapshotCopy", "copy", "&DestinationRegion=us-west-2");
  REQUIRE(enabled.status == 200);
  CHECK(Has(enabled.body,
            "<ClusterSnapshotCopyStatus><DestinationRegion>us-west-2</"
            "DestinationRegion><RetentionPeriod>7</RetentionPeriod>"
            "<ManualSnapshotRetentionPeriod>-1</ManualSnapshotRetentionPeriod>"));
  CHECK(Code(h.Act("EnableSnapshotCopy", "copy", "&DestinationRegion=us-west-1")) ==
        "SnapshotCopyAlreadyEnabledFault");
  CHECK(Code(h.Act("ModifySnapshotCopyRetentionPeriod", "copy", "&RetentionPeriod=0")) ==
        "InvalidRetentionPeriodFault");
  HttpResponse modified = h.Act("ModifySnapshotCopyRetentionPeriod", "copy", "&RetentionPeriod=14");
  CHECK(Field(modified.body, "RetentionPeriod") == "14");
  modified = h.Act("ModifySnapshotCopyRetentionPeriod", "copy", "&RetentionPeriod=-1&Manual=true");
  CHECK(Field(modified.body, "ManualSnapshotRetentionPeriod") == "-1");
  CHECK(Code(h.Act("ModifySnapshotCopyRetentionPeriod", "copy",
                   "&RetentionPeriod=0&Manual=true")) == "InvalidRetentionPeriodFault");
  HttpResponse disabled = h.Act("DisableSnapshotCopy", "copy");
  CHECK(disabled.status == 200);
  CHECK(!Has(disabled.body, "ClusterSnapshotCopyStatus"));
}

TEST_CASE("GetClusterCredentials and GetClusterCredentialsWithIAM") {
  Cluster h;
  REQUIRE(h.Create("cred").status == 200);
  HttpResponse response = h.Post(
      "Action=GetClusterCredentials&ClusterIdentifier=cred&DbUser=alice&DbName=dev&"
      "DurationSeconds=1800&DbGroups.DbGroup.1=analysts");
  REQUIRE(response.status == 200);
  CHECK(Field(response.body, "DbUser") == "IAM:alice");
  CHECK(Field(response.body, "DbPassword").size() >= 40);
  CHECK(Field(response.body, "Expiration") == "2025-11-28T08:30:00.000Z");
  response =
      h.Post("Action=GetClusterCredentials&ClusterIdentifier=cred&DbUser=bob&AutoCreate=true");
  CHECK(Field(response.body, "DbUser") == "IAMA:bob");
  CHECK(Field(response.body, "Expiration") == "2025-11-28T08:15:00.000Z");
  CHECK(Code(h.Post("Action=GetClusterCredentials&ClusterIdentifier=cred&DbUser=alice&"
                    "DurationSeconds=899")) == "InvalidParameterValue");
  CHECK(Code(h.Post("Action=GetClusterCredentials&ClusterIdentifier=cred&DbUser=alice&"
                    "DurationSeconds=3601")) == "InvalidParameterValue");
  CHECK(Code(h.Post("Action=GetClusterCredentials&ClusterIdentifier=cred&DbUser=1abc")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Post("Action=GetClusterCredentials&ClusterIdentifier=cred&DbUser=public")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Post("Action=GetClusterCredentials&ClusterIdentifier=cred&DbUser=a&"
                    "DbGroups.DbGroup.1=Upper")) == "InvalidParameterValue");
  CHECK(Code(h.Post("Action=GetClusterCredentials&ClusterIdentifier=nope&DbUser=alice")) ==
        "ClusterNotFound");
  CHECK(Code(h.Post("Action=GetClusterCredentials&DbUser=alice")) == "MissingParameter");
  CHECK(Code(h.Post("Action=GetClusterCredentials&ClusterIdentifier=cred")) == "MissingParameter");
  response = h.Post("Action=GetClusterCredentialsWithIAM&ClusterIdentifier=cred");
  REQUIRE(response.status == 200);
  CHECK(Field(response.body, "DbUser").starts_with("IAM"));
  CHECK(Field(response.body, "NextRefreshTime") == "2025-11-28T08:15:00.000Z");
  CHECK(Code(h.Post("Action=GetClusterCredentialsWithIAM&ClusterIdentifier=cred&"
                    "DurationSeconds=10")) == "InvalidParameterValue");
}

TEST_CASE("catalogs: versions, orderable options, tracks, database revisions") {
  Cluster h;
  std::string versions = h.Post("Action=DescribeClusterVersions").body;
  CHECK(Has(versions,
            "<ClusterVersions><ClusterVersion><ClusterVersion>1.0</ClusterVersion>"
            "<ClusterParameterGroupFamily>redshift-1.0</ClusterParameterGroupFamily>"));
  CHECK(Count(h.Post("Action=DescribeClusterVersions&ClusterVersion=2.0").body,
              "<ClusterVersion>") == 0);
  CHECK(Code(h.Post("Action=DescribeClusterVersions&MaxRecords=5")) == "InvalidParameterValue");

  std::string options = h.Post("Action=DescribeOrderableClusterOptions").body;
  CHECK(Count(options, "<OrderableClusterOption>") == 12);  // 8 types, 4 with single-node
  CHECK(Count(options, "<Name>us-east-1f</Name>") == 12);
  CHECK(!Has(options, "<Marker>"));
  std::string ra3 = h.Post("Action=DescribeOrderableClusterOptions&NodeType=ra3.4xlarge").body;
  CHECK(Count(ra3, "<OrderableClusterOption>") == 1);
  CHECK(Field(ra3, "ClusterType") == "multi-node");
  std::string page = h.Post("Action=DescribeOrderableClusterOptions&MaxRecords=20").body;
  CHECK(Count(page, "<OrderableClusterOption>") == 12);
  HttpRequest west;
  west.method = "POST";
  west.target = "/";
  west.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  west.headers.emplace_back("x-amz-date", "20251128T080000Z");
  west.headers.emplace_back(
      "authorization",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20251128/eu-west-1/redshift/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date, Signature=" +
          std::string(64, 'a'));
  west.body = "Action=DescribeOrderableClusterOptions&NodeType=dc2.large";
  std::string eu = h.pipeline->Handle(west).body;
  CHECK(Count(eu, "<Name>eu-west-1") == 6);  // 2 cluster types × 3 zones
  CHECK(!Has(eu, "us-east-1"));

  std::string tracks = h.Post("Action=DescribeClusterTracks").body;
  CHECK(Count(tracks, "<MaintenanceTrack>") == 2);
  CHECK(Has(tracks, "<UpdateTargets><UpdateTarget><MaintenanceTrackName>trailing"));
  CHECK(Count(h.Post("Action=DescribeClusterTracks&MaintenanceTrackName=trailing").body,
              "<MaintenanceTrack>") == 1);
  CHECK(Code(h.Post("Action=DescribeClusterTracks&MaintenanceTrackName=beta")) ==
        "InvalidClusterTrack");

  REQUIRE(h.Create("rev-a").status == 200);
  REQUIRE(h.Create("rev-b").status == 200);
  std::string revisions = h.Post("Action=DescribeClusterDbRevisions").body;
  CHECK(Count(revisions, "<ClusterDbRevision>") == 2);
  CHECK(Has(revisions, "<CurrentDatabaseRevision>94126</CurrentDatabaseRevision>"));
  CHECK(Has(revisions, "<RevisionTargets><RevisionTarget><DatabaseRevision>95135"));
  CHECK(Code(h.Post("Action=DescribeClusterDbRevisions&ClusterIdentifier=nope")) ==
        "ClusterNotFound");
  CHECK(Code(h.Act("ModifyClusterDbRevision", "rev-a", "&RevisionTarget=1")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Act("ModifyClusterDbRevision", "nope", "&RevisionTarget=95135")) ==
        "ClusterNotFound");
  REQUIRE(h.Act("ModifyClusterDbRevision", "rev-a", "&RevisionTarget=95135").status == 200);
  std::string one = h.Post("Action=DescribeClusterDbRevisions&ClusterIdentifier=rev-a").body;
  CHECK(Has(one, "<CurrentDatabaseRevision>95135</CurrentDatabaseRevision>"));
  CHECK(Has(one, "<RevisionTargets></RevisionTargets>"));
  CHECK(Code(h.Act("ModifyClusterDbRevision", "rev-a", "&RevisionTarget=95135")) ==
        "ClusterOnLatestRevision");
}

TEST_CASE("the node quota is 200 nodes per account and region, released on delete") {
  Cluster h;
  for (int i = 0; i < 6; ++i) {
    REQUIRE(h.Create("q" + std::to_string(i), "&NumberOfNodes=32").status == 200);
  }
  // 192 nodes used: 8 more fit, 9 do not.
  CHECK(Code(h.Create("too-many", "&NumberOfNodes=9")) == "NumberOfNodesQuotaExceeded");
  CHECK(Code(h.Act("ResizeCluster", "q0", "&NodeType=ra3.16xlarge&NumberOfNodes=41")) ==
        "NumberOfNodesQuotaExceeded");
  CHECK(Code(h.Act("ModifyCluster", "q0", "&NodeType=ra3.16xlarge&NumberOfNodes=41")) ==
        "NumberOfNodesQuotaExceeded");
  // Another account and another region have their own quota.
  CHECK(h.Create("elsewhere", "&NumberOfNodes=32", "111111111111").status == 200);
  REQUIRE(h.Create("fits", "&NumberOfNodes=8").status == 200);
  CHECK(Code(h.Create("one-more")) == "NumberOfNodesQuotaExceeded");
  REQUIRE(h.Act("DeleteCluster", "fits", "&SkipFinalClusterSnapshot=true").status == 200);
  CHECK(h.Create("one-more").status == 200);
  // A failed create does not leak nodes; a shrink frees them.
  REQUIRE(h.Act("ResizeCluster", "q1", "&NumberOfNodes=2").status == 200);
  CHECK(h.Create("after-shrink", "&NumberOfNodes=30").status == 200);
}

}  // namespace rsemu::api
