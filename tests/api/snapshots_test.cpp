// In-process tests of the snapshot family through Pipeline::Handle (fixed
// clock, seeded ids): create/describe/delete/copy/modify, the batch variants,
// restore, cross-account restore access, and the automated-snapshot functions
// the cluster handlers call.
#include <doctest/doctest.h>

#include "api/handlers/cluster_builder.h"
#include "api/handlers/snapshot_state.h"
#include "api/pipeline.h"
#include "common/ids.h"
#include "storage/schema.h"
#include "tests/api/snapshot_test_harness.h"

namespace rsemu::api {
namespace {

using testing::Code;
using testing::Count;
using testing::Encode;
using testing::First;
using testing::Harness;
using testing::Has;
using testing::kAccountB;
using testing::kAccountC;

const std::string kArnPrefix = "arn:aws:redshift:us-east-1:123456789012:snapshot:";

}  // namespace

TEST_CASE("CreateClusterSnapshot creates a manual snapshot that settles to available") {
  Harness h;
  REQUIRE(h.CreateCluster("c1", "&NumberOfNodes=2").status == 200);
  HttpResponse created = h.CreateSnapshot(
      "c1", "s1", "&ManualSnapshotRetentionPeriod=7&Tags.Tag.1.Key=env&Tags.Tag.1.Value=dev");
  REQUIRE(created.status == 200);
  CHECK(Has(created, "<CreateClusterSnapshotResult><Snapshot>"));
  CHECK(Has(created, "<Status>creating</Status>"));
  CHECK(Has(created, "<TotalBackupSizeInMegaBytes>-1"));
  CHECK(Has(created, "<EstimatedSecondsToCompletion>-1</EstimatedSecondsToCompletion>"));
  CHECK(Has(created, "<SnapshotType>manual</SnapshotType>"));
  CHECK(Has(created, "<OwnerAccount>123456789012</OwnerAccount>"));
  CHECK(Has(created, "<NumberOfNodes>2</NumberOfNodes>"));
  CHECK(Has(created, "<ManualSnapshotRetentionPeriod>7</ManualSnapshotRetentionPeriod>"));
  CHECK(Has(created, "<ManualSnapshotRemainingDays>7</ManualSnapshotRemainingDays>"));
  CHECK(Has(created, "<SnapshotArn>" + kArnPrefix + "c1/s1</SnapshotArn>"));
  CHECK(Has(created, "<Tags><Tag><Key>env</Key><Value>dev</Value></Tag></Tags>"));
  CHECK(Has(created, "<RestorableNodeTypes><NodeType>dc2.large</NodeType>"));
  CHECK(Has(created, "<SnapshotCreateTime>2025-11-28T08:00:00.000Z</SnapshotCreateTime>"));
  CHECK_FALSE(Has(created, "_Settle"));

  HttpResponse described = h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=s1");
  REQUIRE(described.status == 200);
  CHECK(Has(described, "<Status>available</Status>"));
  CHECK(Has(described, "<TotalBackupSizeInMegaBytes>40"));
  CHECK(Has(described, "<EstimatedSecondsToCompletion>0</EstimatedSecondsToCompletion>"));
  CHECK(Has(described, "<AccountsWithRestoreAccess></AccountsWithRestoreAccess>"));
  // The default retention is the cluster's (-1: forever).
  HttpResponse forever = h.CreateSnapshot("c1", "s2");
  CHECK(Has(forever, "<ManualSnapshotRetentionPeriod>-1</ManualSnapshotRetentionPeriod>"));
  CHECK(Has(forever, "<ManualSnapshotRemainingDays>-1</ManualSnapshotRemainingDays>"));
}

TEST_CASE("CreateClusterSnapshot rejects bad input and changes nothing") {
  Harness h;
  REQUIRE(h.CreateCluster("c1").status == 200);
  REQUIRE(h.CreateSnapshot("c1", "taken").status == 200);
  struct Case {
    std::string cluster, id, extra, code;
    int status;
  };
  std::vector<Case> cases = {
      {"c1", "Bad_Id", "", "InvalidParameterValue", 400},
      {"c1", "a--b", "", "InvalidParameterValue", 400},
      {"c1", "ends-", "", "InvalidParameterValue", 400},
      {"c1", std::string(256, 'a'), "", "InvalidParameterValue", 400},
      {"nope", "s", "", "ClusterNotFound", 404},
      {"c1", "taken", "", "ClusterSnapshotAlreadyExists", 400},
      {"c1", "s", "&ManualSnapshotRetentionPeriod=0", "InvalidRetentionPeriodFault", 400},
      {"c1", "s", "&ManualSnapshotRetentionPeriod=3654", "InvalidRetentionPeriodFault", 400},
      {"c1", "s", "&Tags.Tag.1.Key=aws:x&Tags.Tag.1.Value=v", "InvalidTagFault", 400},
  };
  for (const Case& c : cases) {
    CAPTURE(c.id);
    CAPTURE(c.extra);
    HttpResponse response = h.CreateSnapshot(c.cluster, c.id, c.extra);
    CHECK(response.status == c.status);
    CHECK(Code(response) == c.code);
  }
  std::string many;
  for (int i = 1; i <= 51; ++i) {
    many += "&Tags.Tag." + std::to_string(i) + ".Key=k" + std::to_string(i) + "&Tags.Tag." +
            std::to_string(i) + ".Value=v";
  }
  CHECK(Code(h.CreateSnapshot("c1", "s", many)) == "TagLimitExceededFault");
  CHECK(Code(h.Call("CreateClusterSnapshot", "ClusterIdentifier=c1")) == "MissingParameter");
  // Nothing half-written: "s" does not exist.
  CHECK(Code(h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=s")) ==
        "ClusterSnapshotNotFound");
  // The manual-snapshot quota (20 per account and region).
  for (int i = 0; i < 19; ++i)
    REQUIRE(h.CreateSnapshot("c1", "q" + std::to_string(i)).status == 200);
  CHECK(Code(h.CreateSnapshot("c1", "one-too-many")) == "ClusterSnapshotQuotaExceeded");
}

TEST_CASE("with a transition delay snapshots are creating until the clock moves") {
  Harness h(2.0);
  REQUIRE(h.CreateCluster("slow").status == 200);
  CHECK(Code(h.CreateSnapshot("slow", "early")) == "InvalidClusterState");
  h.clock->Advance(2000);
  REQUIRE(h.CreateSnapshot("slow", "snap").status == 200);
  CHECK(Has(h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=snap"),
            "<Status>creating</Status>"));
  CHECK(Code(h.Call("DeleteClusterSnapshot", "SnapshotIdentifier=snap")) ==
        "InvalidClusterSnapshotState");
  CHECK(Code(h.Call("AuthorizeSnapshotAccess",
                    "SnapshotIdentifier=snap&AccountWithRestoreAccess=111111111111")) ==
        "InvalidClusterSnapshotState");
  CHECK(Code(h.Call("RestoreFromClusterSnapshot", "ClusterIdentifier=r&SnapshotIdentifier=snap")) ==
        "InvalidClusterSnapshotState");
  h.clock->Advance(2000);
  HttpResponse settled = h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=snap");
  CHECK(Has(settled, "<Status>available</Status>"));
  CHECK(Has(settled, "<ElapsedTimeInSeconds>2</ElapsedTimeInSeconds>"));
  CHECK(h.Call("DeleteClusterSnapshot", "SnapshotIdentifier=snap").status == 200);
}

TEST_CASE("DescribeClusterSnapshots filters, sorts and pages with reusable markers") {
  Harness h;
  REQUIRE(h.CreateCluster("alpha").status == 200);
  REQUIRE(h.CreateCluster("beta").status == 200);
  REQUIRE(h.CreateSnapshot("alpha", "a1", "&Tags.Tag.1.Key=env&Tags.Tag.1.Value=prod").status ==
          200);
  h.clock->Advance(60000);
  REQUIRE(h.CreateSnapshot("alpha", "a2", "&Tags.Tag.1.Key=team&Tags.Tag.1.Value=dev").status ==
          200);
  h.clock->Advance(60000);
  REQUIRE(h.CreateSnapshot("beta", "b1").status == 200);
  // A restore adds an automated snapshot of the new cluster.
  REQUIRE(h.Call("RestoreFromClusterSnapshot", "ClusterIdentifier=gamma&SnapshotIdentifier=b1")
              .status == 200);

  auto ids = [&](const std::string& params) {
    return testing::All(h.Call("DescribeClusterSnapshots", params), "SnapshotIdentifier");
  };
  using List = std::vector<std::string>;
  CHECK(ids("") == List{"a1", "a2", "b1", "rs:gamma-2025-11-28-08-02-00"});
  CHECK(ids("ClusterIdentifier=alpha") == List{"a1", "a2"});
  CHECK(ids("SnapshotType=automated") == List{"rs:gamma-2025-11-28-08-02-00"});
  CHECK(ids("SnapshotType=manual&ClusterIdentifier=gamma").empty());
  CHECK(ids("SnapshotArn=" + Encode(kArnPrefix + "beta/b1")) == List{"b1"});
  CHECK(ids("StartTime=2025-11-28T08:01:00Z") == List{"a2", "b1", "rs:gamma-2025-11-28-08-02-00"});
  CHECK(ids("EndTime=2025-11-28T08:01:00Z") == List{"a1", "a2"});
  CHECK(ids("TagKeys.TagKey.1=env&TagKeys.TagKey.2=team") == List{"a1", "a2"});
  CHECK(ids("TagValues.TagValue.1=dev") == List{"a2"});
  CHECK(ids("TagKeys.TagKey.1=env&TagValues.TagValue.1=dev").empty());
  CHECK(ids("ClusterExists=true&ClusterIdentifier=alpha") == List{"a1", "a2"});
  CHECK(ids("OwnerAccount=123456789012&ClusterIdentifier=beta") == List{"b1"});
  CHECK(ids("SortingEntities.SnapshotSortingEntity.1.Attribute=CREATE_TIME&"
            "SortingEntities.SnapshotSortingEntity.1.SortOrder=DESC") ==
        List{"b1", "rs:gamma-2025-11-28-08-02-00", "a2", "a1"});  // ties by identifier
  CHECK(ids("SortingEntities.SnapshotSortingEntity.1.Attribute=SOURCE_TYPE") ==
        List{"rs:gamma-2025-11-28-08-02-00", "a1", "a2", "b1"});
  // Orphaned snapshots: delete alpha; its manual snapshots survive.
  REQUIRE(h.Call("DeleteCluster", "ClusterIdentifier=alpha&SkipFinalClusterSnapshot=true").status ==
          200);
  CHECK(ids("ClusterExists=false") == List{"a1", "a2"});
  CHECK(ids("ClusterExists=false&ClusterIdentifier=beta").empty());

  CHECK(Code(h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=nope")) ==
        "ClusterSnapshotNotFound");
  CHECK(h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=nope").status == 404);
  CHECK(Code(h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=a1&ClusterIdentifier=beta")) ==
        "ClusterSnapshotNotFound");
  CHECK(Code(h.Call("DescribeClusterSnapshots", "SnapshotArn=arn:aws:redshift:x")) ==
        "ClusterSnapshotNotFound");
  CHECK(Code(h.Call("DescribeClusterSnapshots", "ClusterExists=true")) ==
        "InvalidParameterCombination");
  CHECK(Code(h.Call("DescribeClusterSnapshots", "ClusterExists=true&ClusterIdentifier=alpha")) ==
        "ClusterNotFound");
  CHECK(Code(h.Call("DescribeClusterSnapshots", "SnapshotType=weekly")) == "InvalidParameterValue");
  CHECK(Code(h.Call("DescribeClusterSnapshots", "MaxRecords=19")) == "InvalidParameterValue");
  CHECK(Code(h.Call("DescribeClusterSnapshots", "Marker=bm90LWEtbWFya2Vy")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Call("DescribeClusterSnapshots",
                    "StartTime=2025-11-28T09:00:00Z&EndTime=2025-11-28T08:00:00Z")) ==
        "InvalidParameterValue");
}

TEST_CASE("DescribeClusterSnapshots pages of 20 with markers that can be reused") {
  Harness h;
  REQUIRE(h.CreateCluster("c").status == 200);
  for (int i = 0; i < 20; ++i)
    REQUIRE(h.CreateSnapshot("c", "m" + std::to_string(100 + i)).status == 200);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(h.Call("RestoreFromClusterSnapshot",
                   "ClusterIdentifier=r" + std::to_string(i) + "&SnapshotIdentifier=m100")
                .status == 200);
  }
  std::vector<int> pages;
  std::vector<std::string> seen;
  std::string marker, first_marker;
  do {
    HttpResponse page =
        h.Call("DescribeClusterSnapshots",
               "MaxRecords=20" + (marker.empty() ? "" : "&Marker=" + Encode(marker)));
    REQUIRE(page.status == 200);
    pages.push_back(Count(page.body, "<Snapshot>"));
    for (const std::string& id : testing::All(page, "SnapshotIdentifier")) seen.push_back(id);
    marker = First(page, "Marker");
    if (first_marker.empty()) first_marker = marker;
  } while (!marker.empty());
  CHECK(pages == std::vector<int>{20, 5});
  CHECK(seen.size() == 25);
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  // The first marker still works after the last page was read, and after a
  // listed snapshot is deleted.
  REQUIRE(h.Call("DeleteClusterSnapshot", "SnapshotIdentifier=m119").status == 200);
  HttpResponse again =
      h.Call("DescribeClusterSnapshots", "MaxRecords=20&Marker=" + Encode(first_marker));
  CHECK(Count(again.body, "<Snapshot>") == 5);
  CHECK_FALSE(Has(again, "<Marker>"));
  // A marker from another sort order is rejected.
  CHECK(Code(h.Call("DescribeClusterSnapshots",
                    "SortingEntities.SnapshotSortingEntity.1.Attribute=TOTAL_SIZE&Marker=" +
                        Encode(first_marker))) == "InvalidParameterValue");
}

TEST_CASE("DeleteClusterSnapshot and BatchDeleteClusterSnapshots") {
  Harness h;
  REQUIRE(h.CreateCluster("c").status == 200);
  REQUIRE(h.CreateSnapshot("c", "s1").status == 200);
  REQUIRE(h.CreateSnapshot("c", "s2").status == 200);
  REQUIRE(h.CreateSnapshot("c", "s3").status == 200);
  REQUIRE(
      h.Call("RestoreFromClusterSnapshot", "ClusterIdentifier=r&SnapshotIdentifier=s1").status ==
      200);
  const std::string automated = "rs:r-2025-11-28-08-00-00";

  HttpResponse deleted = h.Call("DeleteClusterSnapshot", "SnapshotIdentifier=s1");
  REQUIRE(deleted.status == 200);
  CHECK(Has(deleted, "<DeleteClusterSnapshotResult><Snapshot>"));
  CHECK(Has(deleted, "<Status>deleted</Status>"));
  CHECK(Code(h.Call("DeleteClusterSnapshot", "SnapshotIdentifier=s1")) ==
        "ClusterSnapshotNotFound");
  CHECK(
      Code(h.Call("DeleteClusterSnapshot", "SnapshotIdentifier=s2&SnapshotClusterIdentifier=x")) ==
      "ClusterSnapshotNotFound");
  CHECK(Code(h.Call("DeleteClusterSnapshot", "SnapshotIdentifier=" + Encode(automated))) ==
        "InvalidClusterSnapshotState");
  CHECK(Code(h.Call("DeleteClusterSnapshot", "SnapshotIdentifier=s2", kAccountB)) ==
        "ClusterSnapshotNotFound");

  HttpResponse batch =
      h.Call("BatchDeleteClusterSnapshots",
             "Identifiers.DeleteClusterSnapshotMessage.1.SnapshotIdentifier=s2&"
             "Identifiers.DeleteClusterSnapshotMessage.2.SnapshotIdentifier=missing&"
             "Identifiers.DeleteClusterSnapshotMessage.3.SnapshotIdentifier=" +
                 Encode(automated) +
                 "&Identifiers.DeleteClusterSnapshotMessage.4.SnapshotIdentifier=s3&"
                 "Identifiers.DeleteClusterSnapshotMessage.4.SnapshotClusterIdentifier=c");
  REQUIRE(batch.status == 200);
  CHECK(Has(batch, "<Resources><String>s2</String><String>s3</String></Resources>"));
  CHECK(testing::All(batch, "FailureCode") ==
        std::vector<std::string>{"ClusterSnapshotNotFound", "InvalidClusterSnapshotState"});
  CHECK(Count(batch.body, "<FailureReason>") == 2);
  CHECK(testing::All(h.Call("DescribeClusterSnapshots"), "SnapshotIdentifier") ==
        std::vector<std::string>{automated});
  std::string too_many;
  for (int i = 1; i <= 101; ++i) {
    too_many += (i > 1 ? "&" : "") + std::string("Identifiers.DeleteClusterSnapshotMessage.") +
                std::to_string(i) + ".SnapshotIdentifier=x" + std::to_string(i);
  }
  CHECK(Code(h.Call("BatchDeleteClusterSnapshots", too_many)) == "BatchDeleteRequestSizeExceeded");
}

TEST_CASE("CopyClusterSnapshot copies an automated snapshot into a manual one") {
  Harness h;
  REQUIRE(h.CreateCluster("c").status == 200);
  REQUIRE(h.CreateSnapshot("c", "manual1").status == 200);
  REQUIRE(h.Call("RestoreFromClusterSnapshot", "ClusterIdentifier=r&SnapshotIdentifier=manual1")
              .status == 200);
  const std::string automated = Encode("rs:r-2025-11-28-08-00-00");
  HttpResponse copied = h.Call("CopyClusterSnapshot", "SourceSnapshotIdentifier=" + automated +
                                                          "&TargetSnapshotIdentifier=kept&"
                                                          "ManualSnapshotRetentionPeriod=30");
  REQUIRE(copied.status == 200);
  CHECK(Has(copied, "<CopyClusterSnapshotResult><Snapshot>"));
  CHECK(Has(copied, "<SnapshotIdentifier>kept</SnapshotIdentifier>"));
  CHECK(Has(copied, "<Status>creating</Status>"));
  CHECK(Has(copied, "<SnapshotType>manual</SnapshotType>"));
  CHECK(Has(copied, "<ClusterIdentifier>r</ClusterIdentifier>"));
  CHECK(Has(copied, "<SnapshotArn>" + kArnPrefix + "r/kept</SnapshotArn>"));
  CHECK(Has(copied, "<ManualSnapshotRetentionPeriod>30</ManualSnapshotRetentionPeriod>"));
  CHECK(Has(h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=kept"),
            "<Status>available</Status>"));

  CHECK(Code(h.Call("CopyClusterSnapshot",
                    "SourceSnapshotIdentifier=" + automated + "&TargetSnapshotIdentifier=kept")) ==
        "ClusterSnapshotAlreadyExists");
  CHECK(Code(h.Call("CopyClusterSnapshot",
                    "SourceSnapshotIdentifier=manual1&TargetSnapshotIdentifier=x")) ==
        "InvalidClusterSnapshotState");
  CHECK(Code(h.Call("CopyClusterSnapshot",
                    "SourceSnapshotIdentifier=missing&TargetSnapshotIdentifier=x")) ==
        "ClusterSnapshotNotFound");
  CHECK(Code(h.Call("CopyClusterSnapshot", "SourceSnapshotIdentifier=" + automated +
                                               "&SourceSnapshotClusterIdentifier=c&"
                                               "TargetSnapshotIdentifier=x")) ==
        "ClusterSnapshotNotFound");
  CHECK(Code(h.Call("CopyClusterSnapshot", "SourceSnapshotIdentifier=" + automated +
                                               "&TargetSnapshotIdentifier=Bad--Id")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Call("CopyClusterSnapshot", "SourceSnapshotIdentifier=" + automated +
                                               "&TargetSnapshotIdentifier=x&"
                                               "ManualSnapshotRetentionPeriod=-2")) ==
        "InvalidRetentionPeriodFault");
}

TEST_CASE("ModifyClusterSnapshot and BatchModifyClusterSnapshots change the retention") {
  Harness h;
  REQUIRE(h.CreateCluster("c").status == 200);
  REQUIRE(h.CreateSnapshot("c", "s1").status == 200);
  REQUIRE(h.CreateSnapshot("c", "s2").status == 200);
  REQUIRE(
      h.Call("RestoreFromClusterSnapshot", "ClusterIdentifier=r&SnapshotIdentifier=s1").status ==
      200);
  HttpResponse modified =
      h.Call("ModifyClusterSnapshot", "SnapshotIdentifier=s1&ManualSnapshotRetentionPeriod=10");
  REQUIRE(modified.status == 200);
  CHECK(Has(modified, "<ModifyClusterSnapshotResult><Snapshot>"));
  CHECK(Has(modified, "<ManualSnapshotRetentionPeriod>10</ManualSnapshotRetentionPeriod>"));
  CHECK(Has(modified, "<ManualSnapshotRemainingDays>10</ManualSnapshotRemainingDays>"));
  CHECK(Code(h.Call("ModifyClusterSnapshot",
                    "SnapshotIdentifier=s1&ManualSnapshotRetentionPeriod=0")) ==
        "InvalidRetentionPeriodFault");
  CHECK(Code(h.Call("ModifyClusterSnapshot", "SnapshotIdentifier=nope")) ==
        "ClusterSnapshotNotFound");
  CHECK(Code(h.Call("ModifyClusterSnapshot",
                    "SnapshotIdentifier=" + Encode("rs:r-2025-11-28-08-00-00") +
                        "&ManualSnapshotRetentionPeriod=5")) == "InvalidClusterSnapshotState");

  // Three days later a 1-day retention has already passed: Force deletes.
  h.clock->Advance(3LL * 24 * 3600 * 1000);
  CHECK(Has(h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=s1"),
            "<ManualSnapshotRemainingDays>7</ManualSnapshotRemainingDays>"));
  CHECK(Code(h.Call("ModifyClusterSnapshot",
                    "SnapshotIdentifier=s1&ManualSnapshotRetentionPeriod=1")) ==
        "InvalidRetentionPeriodFault");
  HttpResponse forced = h.Call("ModifyClusterSnapshot",
                               "SnapshotIdentifier=s1&ManualSnapshotRetentionPeriod=1&Force=true");
  REQUIRE(forced.status == 200);
  CHECK(Has(forced, "<Status>deleted</Status>"));
  CHECK(Code(h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=s1")) ==
        "ClusterSnapshotNotFound");

  HttpResponse batch = h.Call("BatchModifyClusterSnapshots",
                              "SnapshotIdentifierList.String.1=s2&"
                              "SnapshotIdentifierList.String.2=gone&"
                              "ManualSnapshotRetentionPeriod=90");
  REQUIRE(batch.status == 200);
  CHECK(Has(batch, "<Resources><String>s2</String></Resources>"));
  CHECK(Has(batch, "<SnapshotIdentifier>gone</SnapshotIdentifier>"));
  CHECK(Has(batch, "<FailureCode>ClusterSnapshotNotFound</FailureCode>"));
  CHECK(Has(h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=s2"),
            "<ManualSnapshotRetentionPeriod>90</ManualSnapshotRetentionPeriod>"));
  CHECK(Code(h.Call("BatchModifyClusterSnapshots",
                    "SnapshotIdentifierList.String.1=s2&ManualSnapshotRetentionPeriod=5000")) ==
        "InvalidRetentionPeriodFault");
  std::string too_many;
  for (int i = 1; i <= 101; ++i) {
    too_many += (i > 1 ? "&" : "") + std::string("SnapshotIdentifierList.String.") +
                std::to_string(i) + "=x" + std::to_string(i);
  }
  CHECK(Code(h.Call("BatchModifyClusterSnapshots", too_many)) ==
        "BatchModifyClusterSnapshotsLimitExceededFault");
}

TEST_CASE("RestoreFromClusterSnapshot builds a cluster from the snapshot plus overrides") {
  Harness h;
  REQUIRE(h.CreateCluster("src", "&NumberOfNodes=2&DBName=sales&Port=5500").status == 200);
  REQUIRE(h.CreateSnapshot("src", "snap").status == 200);

  HttpResponse restored = h.Call("RestoreFromClusterSnapshot",
                                 "ClusterIdentifier=copy&SnapshotIdentifier=SNAP&"
                                 "PubliclyAccessible=true");
  REQUIRE(restored.status == 200);
  CHECK(Has(restored, "<RestoreFromClusterSnapshotResult><Cluster>"));
  CHECK(Has(restored, "<ClusterStatus>creating</ClusterStatus>"));
  CHECK(Has(restored, "<RestoreStatus><Status>starting</Status>"));
  CHECK(Has(restored, "<NumberOfNodes>2</NumberOfNodes>"));
  CHECK(Has(restored, "<DBName>sales</DBName>"));
  CHECK(Has(restored, "<MasterUsername>awsuser</MasterUsername>"));
  CHECK(Has(restored, "<PubliclyAccessible>true</PubliclyAccessible>"));
  CHECK_FALSE(Has(restored, "<MasterUserPassword>"));
  HttpResponse described = h.Call("DescribeClusters", "ClusterIdentifier=copy");
  CHECK(Has(described, "<ClusterStatus>available</ClusterStatus>"));
  CHECK(Has(described, "<RestoreStatus><Status>completed</Status>"));
  CHECK(Has(described, "<Port>5500</Port>"));
  // The restored cluster got its automated snapshot.
  CHECK(testing::All(h.Call("DescribeClusterSnapshots", "ClusterIdentifier=copy"),
                     "SnapshotIdentifier") ==
        std::vector<std::string>{"rs:copy-2025-11-28-08-00-00"});

  // By ARN, into another node type family member.
  HttpResponse by_arn =
      h.Call("RestoreFromClusterSnapshot",
             "ClusterIdentifier=bigger&SnapshotArn=" + Encode(kArnPrefix + "src/snap") +
                 "&NodeType=ra3.xlplus&Port=5439&SnapshotClusterIdentifier=src");
  REQUIRE(by_arn.status == 200);
  CHECK(Has(by_arn, "<NodeType>ra3.xlplus</NodeType>"));

  struct Case {
    std::string params, code;
    int status;
  };
  std::vector<Case> cases = {
      {"ClusterIdentifier=copy&SnapshotIdentifier=snap", "ClusterAlreadyExists", 400},
      {"ClusterIdentifier=x&SnapshotIdentifier=missing", "ClusterSnapshotNotFound", 404},
      {"ClusterIdentifier=x&SnapshotIdentifier=snap&SnapshotClusterIdentifier=other",
       "ClusterSnapshotNotFound", 404},
      {"ClusterIdentifier=x&SnapshotIdentifier=snap&SnapshotArn=" + Encode(kArnPrefix + "src/snap"),
       "InvalidParameterCombination", 400},
      {"ClusterIdentifier=x", "MissingParameter", 400},
      {"ClusterIdentifier=Bad_Name&SnapshotIdentifier=snap", "InvalidParameterValue", 400},
      {"ClusterIdentifier=x&SnapshotIdentifier=snap&NodeType=dc2.8xlarge", "InvalidRestore", 406},
      {"ClusterIdentifier=x&SnapshotIdentifier=snap&NodeType=ds2.xlarge", "InvalidParameterValue",
       400},
      {"ClusterIdentifier=x&SnapshotIdentifier=snap&Port=80", "InvalidParameterValue", 400},
      {"ClusterIdentifier=x&SnapshotIdentifier=snap&ClusterParameterGroupName=nope",
       "ClusterParameterGroupNotFound", 404},
  };
  for (const Case& c : cases) {
    CAPTURE(c.params);
    HttpResponse response = h.Call("RestoreFromClusterSnapshot", c.params);
    CHECK(response.status == c.status);
    CHECK(Code(response) == c.code);
  }
  CHECK(Code(h.Call("DescribeClusters", "ClusterIdentifier=x")) == "ClusterNotFound");
}

TEST_CASE("snapshots are shared with other accounts, and only with them") {
  Harness h;
  REQUIRE(h.CreateCluster("prod").status == 200);
  REQUIRE(h.CreateSnapshot("prod", "shared", "&Tags.Tag.1.Key=k&Tags.Tag.1.Value=v").status == 200);
  REQUIRE(h.CreateSnapshot("prod", "private").status == 200);
  const std::string arn = Encode(kArnPrefix + "prod/shared");

  HttpResponse granted = h.Call("AuthorizeSnapshotAccess",
                                "SnapshotIdentifier=shared&AccountWithRestoreAccess=111111111111");
  REQUIRE(granted.status == 200);
  CHECK(Has(granted, "<AuthorizeSnapshotAccessResult><Snapshot>"));
  CHECK(Has(granted,
            "<AccountsWithRestoreAccess><AccountWithRestoreAccess><AccountId>"
            "111111111111</AccountId></AccountWithRestoreAccess>"
            "</AccountsWithRestoreAccess>"));
  CHECK(Code(h.Call("AuthorizeSnapshotAccess",
                    "SnapshotArn=" + arn + "&AccountWithRestoreAccess=111111111111")) ==
        "AuthorizationAlreadyExists");
  CHECK(Code(h.Call("AuthorizeSnapshotAccess",
                    "SnapshotIdentifier=shared&AccountWithRestoreAccess=12345")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Call("AuthorizeSnapshotAccess",
                    "SnapshotIdentifier=shared&AccountWithRestoreAccess=123456789012")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Call("AuthorizeSnapshotAccess",
                    "SnapshotIdentifier=nope&AccountWithRestoreAccess=111111111111")) ==
        "ClusterSnapshotNotFound");
  CHECK(Code(h.Call("AuthorizeSnapshotAccess",
                    "SnapshotIdentifier=shared&SnapshotClusterIdentifier=other&"
                    "AccountWithRestoreAccess=333333333333")) == "ClusterSnapshotNotFound");

  // B sees it: unfiltered, by owner, by ARN; not the private one; no grant list.
  auto ids = [&](const std::string& params, const std::string& key) {
    return testing::All(h.Call("DescribeClusterSnapshots", params, key), "SnapshotIdentifier");
  };
  using List = std::vector<std::string>;
  CHECK(ids("", kAccountB) == List{"shared"});
  CHECK(ids("OwnerAccount=123456789012", kAccountB) == List{"shared"});
  CHECK(ids("OwnerAccount=111111111111", kAccountB).empty());
  CHECK(ids("SnapshotArn=" + arn, kAccountB) == List{"shared"});
  HttpResponse seen_by_b = h.Call("DescribeClusterSnapshots", "SnapshotArn=" + arn, kAccountB);
  CHECK(Has(seen_by_b, "<OwnerAccount>123456789012</OwnerAccount>"));
  CHECK_FALSE(Has(seen_by_b, "<AccountsWithRestoreAccess>"));
  CHECK(Code(h.Call("DescribeClusterSnapshots",
                    "SnapshotArn=" + Encode(kArnPrefix + "prod/private"), kAccountB)) ==
        "ClusterSnapshotNotFound");
  CHECK(ids("SnapshotIdentifier=shared", kAccountB) == List{"shared"});
  CHECK(Code(h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=private", kAccountB)) ==
        "ClusterSnapshotNotFound");
  // C sees nothing and cannot restore.
  CHECK(ids("", kAccountC).empty());
  CHECK(Code(h.Call("DescribeClusterSnapshots", "SnapshotArn=" + arn, kAccountC)) ==
        "ClusterSnapshotNotFound");
  CHECK(Code(h.Call("RestoreFromClusterSnapshot", "ClusterIdentifier=c&SnapshotArn=" + arn,
                    kAccountC)) == "AccessToSnapshotDenied");
  CHECK(Code(h.Call("RestoreFromClusterSnapshot",
                    "ClusterIdentifier=c&SnapshotIdentifier=shared&OwnerAccount=123456789012",
                    kAccountC)) == "AccessToSnapshotDenied");
  CHECK(Code(h.Call("RestoreFromClusterSnapshot", "ClusterIdentifier=c&SnapshotIdentifier=shared",
                    kAccountC)) == "ClusterSnapshotNotFound");
  // B restores into clusters it owns; it cannot grant or revoke.
  HttpResponse restored =
      h.Call("RestoreFromClusterSnapshot", "ClusterIdentifier=mine&SnapshotArn=" + arn, kAccountB);
  REQUIRE(restored.status == 200);
  CHECK(h.Call("DescribeClusters", "ClusterIdentifier=mine", kAccountB).status == 200);
  CHECK(Code(h.Call("DescribeClusters", "ClusterIdentifier=mine")) == "ClusterNotFound");
  CHECK(h.Call("RestoreFromClusterSnapshot",
               "ClusterIdentifier=mine2&SnapshotIdentifier=shared&OwnerAccount=123456789012",
               kAccountB)
            .status == 200);
  CHECK(Code(h.Call("AuthorizeSnapshotAccess",
                    "SnapshotArn=" + arn + "&AccountWithRestoreAccess=222222222222", kAccountB)) ==
        "ClusterSnapshotNotFound");
  CHECK(Code(h.Call("RevokeSnapshotAccess",
                    "SnapshotArn=" + arn + "&AccountWithRestoreAccess=111111111111", kAccountB)) ==
        "AccessToSnapshotDenied");
  CHECK(Code(h.Call("DeleteClusterSnapshot", "SnapshotIdentifier=shared", kAccountB)) ==
        "ClusterSnapshotNotFound");

  // Revocation takes effect at once.
  HttpResponse revoked = h.Call("RevokeSnapshotAccess",
                                "SnapshotArn=" + arn + "&AccountWithRestoreAccess=111111111111");
  REQUIRE(revoked.status == 200);
  CHECK(Has(revoked, "<RevokeSnapshotAccessResult><Snapshot>"));
  CHECK(Has(revoked, "<AccountsWithRestoreAccess></AccountsWithRestoreAccess>"));
  CHECK(ids("", kAccountB).size() == 2);  // only B's own automated snapshots now
  CHECK(Code(h.Call("RestoreFromClusterSnapshot", "ClusterIdentifier=again&SnapshotArn=" + arn,
                    kAccountB)) == "AccessToSnapshotDenied");
  CHECK(Code(h.Call("RevokeSnapshotAccess",
                    "SnapshotIdentifier=shared&AccountWithRestoreAccess=111111111111")) ==
        "AuthorizationNotFound");
  CHECK(h.Call("RevokeSnapshotAccess",
               "SnapshotIdentifier=shared&AccountWithRestoreAccess=111111111111")
            .status == 404);

  // At most 20 accounts; deleting the snapshot drops its grants.
  for (int i = 0; i < 20; ++i) {
    REQUIRE(
        h.Call("AuthorizeSnapshotAccess", "SnapshotIdentifier=shared&AccountWithRestoreAccess=" +
                                              std::to_string(400000000000LL + i))
            .status == 200);
  }
  CHECK(Code(h.Call("AuthorizeSnapshotAccess",
                    "SnapshotIdentifier=shared&AccountWithRestoreAccess=111111111111")) ==
        "AuthorizationQuotaExceeded");
  CHECK(ids("", "400000000000") == List{"shared"});
  REQUIRE(h.Call("DeleteClusterSnapshot", "SnapshotIdentifier=shared").status == 200);
  CHECK(ids("", "400000000000").empty());
  REQUIRE(h.CreateSnapshot("prod", "shared").status == 200);
  CHECK(ids("", "400000000000").empty());
}

TEST_CASE("automated snapshots follow the cluster: created, then deleted with it") {
  auto db = storage::Database::Open(":memory:");
  REQUIRE(db.ok());
  REQUIRE(storage::Migrate(db->get()).ok());
  storage::ResourceStore resources(db->get());
  storage::TagStore tags(db->get());
  IdGenerator ids(7);
  PipelineOptions options;
  RequestContext context;
  context.region = "us-east-1";
  context.principal = Principal::Root("123456789012");
  context.now_millis = testing::kStart;
  context.db = db->get();
  context.resources = &resources;
  context.tags = &tags;
  context.ids = &ids;
  context.options = &options;

  auto create = [&](const std::string& id, int64_t retention) {
    Value input = Value::Object();
    input.Set("ClusterIdentifier", Value::String(id));
    input.Set("NodeType", Value::String("dc2.large"));
    input.Set("MasterUsername", Value::String("awsuser"));
    input.Set("MasterUserPassword", Value::String("Passw0rd1"));
    input.Set("AutomatedSnapshotRetentionPeriod", Value::Int(retention));
    auto cluster = handlers::PrepareNewCluster(context, input, handlers::ClusterSource::kCreate);
    REQUIRE(cluster.ok());
    REQUIRE(handlers::InsertNewCluster(context, *cluster).ok());
    auto loaded = handlers::RequireCluster(context, id);
    REQUIRE(loaded.ok());
    return std::move(loaded).value();
  };
  handlers::LoadedCluster cluster = create("auto", 1);
  REQUIRE(handlers::CreateAutomatedSnapshot(context, cluster).ok());
  REQUIRE(handlers::CreateAutomatedSnapshot(context, cluster).ok());  // same second: no-op
  auto automated = handlers::FindSnapshot(context, "rs:auto-2025-11-28-08-00-00");
  REQUIRE(automated.ok());
  REQUIRE(automated->has_value());
  CHECK((*automated)->body.GetString("SnapshotType") == "automated");
  CHECK((*automated)->body.GetString("Status") == "available");
  CHECK_FALSE((*automated)->body.Has("ManualSnapshotRetentionPeriod"));
  auto manual = handlers::TakeSnapshot(context, cluster, "keep", "manual", -1);
  REQUIRE(manual.ok());

  handlers::LoadedCluster no_backups = create("none", 0);
  REQUIRE(handlers::CreateAutomatedSnapshot(context, no_backups).ok());
  auto count = resources.Count("123456789012", "us-east-1", handlers::kSnapshotType);
  REQUIRE(count.ok());
  CHECK(*count == 2);

  REQUIRE(handlers::DeleteAutomatedSnapshots(context, "auto").ok());
  auto gone = handlers::FindSnapshot(context, "rs:auto-2025-11-28-08-00-00");
  REQUIRE(gone.ok());
  CHECK_FALSE(gone->has_value());
  auto kept = handlers::FindSnapshot(context, "keep");
  REQUIRE(kept.ok());
  CHECK(kept->has_value());
}

TEST_CASE(
    "RestoreFromClusterSnapshot: with a transition delay the restore completes with the cluster") {
  Harness h(2.0);
  REQUIRE(h.CreateCluster("src").status == 200);
  h.clock->Advance(2000);
  REQUIRE(h.CreateSnapshot("src", "snap").status == 200);
  h.clock->Advance(2000);
  REQUIRE(h.Call("RestoreFromClusterSnapshot", "ClusterIdentifier=copy&SnapshotIdentifier=snap")
              .status == 200);
  HttpResponse early = h.Call("DescribeClusters", "ClusterIdentifier=copy");
  CHECK(Has(early, "<ClusterStatus>creating</ClusterStatus>"));
  CHECK(Has(early, "<RestoreStatus><Status>restoring</Status>"));
  h.clock->Advance(2000);
  HttpResponse settled = h.Call("DescribeClusters", "ClusterIdentifier=copy");
  CHECK(Has(settled, "<ClusterStatus>available</ClusterStatus>"));
  CHECK(Has(settled, "<RestoreStatus><Status>completed</Status>"));
}

}  // namespace rsemu::api
