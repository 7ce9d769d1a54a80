// In-process tests of CreateTags, DeleteTags and DescribeTags through
// Pipeline::Handle: ARN lookup, limits, validation, filters and pagination.
#include <doctest/doctest.h>

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

const std::string kCluster = "arn:aws:redshift:us-east-1:123456789012:cluster:c1";
const std::string kSnapshot = "arn:aws:redshift:us-east-1:123456789012:snapshot:c1/s1";

std::string TagParams(const std::string& arn,
                      const std::vector<std::pair<std::string, std::string>>& tags) {
  std::string params = "ResourceName=" + Encode(arn);
  for (size_t i = 0; i < tags.size(); ++i) {
    std::string n = std::to_string(i + 1);
    params += "&Tags.Tag." + n + ".Key=" + Encode(tags[i].first) + "&Tags.Tag." + n +
              ".Value=" + Encode(tags[i].second);
  }
  return params;
}

}  // namespace

TEST_CASE("CreateTags, DescribeTags and DeleteTags on a cluster and a snapshot") {
  Harness h;
  REQUIRE(h.CreateCluster("c1", "&Tags.Tag.1.Key=env&Tags.Tag.1.Value=dev").status == 200);
  REQUIRE(h.CreateSnapshot("c1", "s1").status == 200);

  HttpResponse created =
      h.Call("CreateTags", TagParams(kCluster, {{"team", "data"}, {"env", "prod"}}));
  REQUIRE(created.status == 200);
  CHECK(Has(created, "<CreateTagsResponse"));
  REQUIRE(h.Call("CreateTags", TagParams(kSnapshot, {{"backup", "weekly"}})).status == 200);

  HttpResponse cluster_tags = h.Call("DescribeTags", "ResourceName=" + Encode(kCluster));
  REQUIRE(cluster_tags.status == 200);
  CHECK(Count(cluster_tags.body, "<TaggedResource>") == 2);
  CHECK(Has(cluster_tags,
            "<TaggedResource><Tag><Key>env</Key><Value>prod</Value></Tag>"
            "<ResourceName>" +
                kCluster + "</ResourceName><ResourceType>cluster</ResourceType>"));
  CHECK(Has(h.Call("DescribeClusters", "ClusterIdentifier=c1"),
            "<Tags><Tag><Key>env</Key><Value>prod</Value></Tag><Tag><Key>team</Key>"));
  CHECK(Has(h.Call("DescribeClusterSnapshots", "SnapshotIdentifier=s1"),
            "<Tags><Tag><Key>backup</Key><Value>weekly</Value></Tag></Tags>"));

  using List = std::vector<std::string>;
  auto keys = [&](const std::string& params) {
    return testing::All(h.Call("DescribeTags", params), "Key");
  };
  CHECK(keys("") == List{"env", "team", "backup"});
  CHECK(keys("ResourceType=Snapshot") == List{"backup"});
  CHECK(keys("ResourceType=cluster") == List{"env", "team"});
  CHECK(keys("ResourceType=Parameter%20group").empty());
  CHECK(keys("TagKeys.TagKey.1=team&TagKeys.TagKey.2=backup") == List{"team", "backup"});
  CHECK(keys("TagValues.TagValue.1=prod") == List{"env"});
  CHECK(keys("ResourceName=" + Encode(kCluster) + "&TagKeys.TagKey.1=team") == List{"team"});
  CHECK(First(h.Call("DescribeTags", "ResourceType=snapshot"), "ResourceType") == "snapshot");

  HttpResponse deleted = h.Call("DeleteTags", "ResourceName=" + Encode(kCluster) +
                                                  "&TagKeys.TagKey.1=env&TagKeys.TagKey.2=absent");
  REQUIRE(deleted.status == 200);
  CHECK(keys("ResourceName=" + Encode(kCluster)) == List{"team"});

  // Gone with the resource.
  REQUIRE(h.Call("DeleteClusterSnapshot", "SnapshotIdentifier=s1").status == 200);
  CHECK(Code(h.Call("DescribeTags", "ResourceName=" + Encode(kSnapshot))) ==
        "ResourceNotFoundFault");
  CHECK(keys("") == List{"team"});
}

TEST_CASE("tag APIs reject bad input with AWS's errors and change nothing") {
  Harness h;
  REQUIRE(h.CreateCluster("c1").status == 200);
  struct Case {
    std::string action, params, code;
    int status;
  };
  std::string other_account = "arn:aws:redshift:us-east-1:111111111111:cluster:c1";
  std::vector<Case> cases = {
      {"CreateTags", TagParams("not-an-arn", {{"k", "v"}}), "InvalidParameterValue", 400},
      {"CreateTags", TagParams("arn:aws:s3:us-east-1:123456789012:cluster:c1", {{"k", "v"}}),
       "InvalidParameterValue", 400},
      {"CreateTags", TagParams("arn:aws:redshift:us-east-1:1234:cluster:c1", {{"k", "v"}}),
       "InvalidParameterValue", 400},
      {"CreateTags", TagParams("arn:aws:redshift:us-east-1:123456789012:widget:c1", {{"k", "v"}}),
       "InvalidParameterValue", 400},
      {"CreateTags", TagParams("arn:aws:redshift:us-east-1:123456789012:cluster:", {{"k", "v"}}),
       "InvalidParameterValue", 400},
      {"CreateTags",
       TagParams("arn:aws:redshift:us-east-1:123456789012:cluster:nope", {{"k", "v"}}),
       "ResourceNotFoundFault", 404},
      {"CreateTags", TagParams(other_account, {{"k", "v"}}), "ResourceNotFoundFault", 404},
      {"CreateTags", TagParams("arn:aws:redshift:eu-west-1:123456789012:cluster:c1", {{"k", "v"}}),
       "ResourceNotFoundFault", 404},
      {"CreateTags",
       TagParams("arn:aws:redshift:us-east-1:123456789012:parametergroup:pg", {{"k", "v"}}),
       "ResourceNotFoundFault", 404},
      {"CreateTags", TagParams(kCluster, {{"aws:owner", "v"}}), "InvalidTagFault", 400},
      {"CreateTags", TagParams(kCluster, {{std::string(129, 'k'), "v"}}), "InvalidTagFault", 400},
      {"CreateTags", TagParams(kCluster, {{"k", std::string(257, 'v')}}), "InvalidTagFault", 400},
      {"CreateTags", TagParams(kCluster, {{"bad#key", "v"}}), "InvalidTagFault", 400},
      {"CreateTags", TagParams(kCluster, {{"ok", "v"}, {"aws:x", "v"}}), "InvalidTagFault", 400},
      {"CreateTags", "ResourceName=" + Encode(kCluster), "MissingParameter", 400},
      {"DeleteTags", "ResourceName=" + Encode(kCluster), "MissingParameter", 400},
      {"DeleteTags", "ResourceName=" + Encode(other_account) + "&TagKeys.TagKey.1=k",
       "ResourceNotFoundFault", 404},
      {"DeleteTags", "ResourceName=arn:nope&TagKeys.TagKey.1=k", "InvalidParameterValue", 400},
      {"DescribeTags", "ResourceName=" + Encode(kCluster) + "&ResourceType=cluster",
       "InvalidParameterCombination", 400},
      {"DescribeTags", "ResourceName=" + Encode(kCluster) + "&MaxRecords=20",
       "InvalidParameterCombination", 400},
      {"DescribeTags", "ResourceType=widget", "InvalidParameterValue", 400},
      {"DescribeTags", "MaxRecords=9", "InvalidParameterValue", 400},
      {"DescribeTags", "MaxRecords=51", "InvalidParameterValue", 400},
      {"DescribeTags", "Marker=bm90LWEtbWFya2Vy", "InvalidParameterValue", 400},
      {"DescribeTags", "ResourceName=" + Encode(other_account), "ResourceNotFoundFault", 404},
  };
  for (const Case& c : cases) {
    CAPTURE(c.action);
    CAPTURE(c.params);
    HttpResponse response = h.Call(c.action, c.params);
    CHECK(response.status == c.status);
    CHECK(Code(response) == c.code);
  }
  CHECK(Count(h.Call("DescribeTags").body, "<TaggedResource>") == 0);

  // 50 tags per resource, counted after merging; overwriting does not count twice.
  std::vector<std::pair<std::string, std::string>> fifty;
  for (int i = 0; i < 50; ++i) fifty.emplace_back("k" + std::to_string(i), "v");
  REQUIRE(h.Call("CreateTags", TagParams(kCluster, fifty)).status == 200);
  CHECK(h.Call("CreateTags", TagParams(kCluster, {{"k0", "changed"}})).status == 200);
  HttpResponse over = h.Call("CreateTags", TagParams(kCluster, {{"k50", "v"}}));
  CHECK(over.status == 400);
  CHECK(Code(over) == "TagLimitExceededFault");
  HttpResponse all = h.Call("DescribeTags", "ResourceName=" + Encode(kCluster));
  CHECK(Count(all.body, "<TaggedResource>") == 50);
  CHECK(Has(all, "<Key>k0</Key><Value>changed</Value>"));

  // Another account cannot see or touch the cluster's tags.
  CHECK(Count(h.Call("DescribeTags", "", kAccountB).body, "<TaggedResource>") == 0);
  CHECK(Code(h.Call("DeleteTags", "ResourceName=" + Encode(kCluster) + "&TagKeys.TagKey.1=k0",
                    kAccountB)) == "ResourceNotFoundFault");
}

TEST_CASE("DescribeTags pages (10-50 per page) with reusable markers") {
  Harness h;
  REQUIRE(h.CreateCluster("c1").status == 200);
  REQUIRE(h.CreateCluster("c2").status == 200);
  std::vector<std::pair<std::string, std::string>> tags;
  for (int i = 0; i < 12; ++i) tags.emplace_back("k" + std::to_string(10 + i), "v");
  REQUIRE(h.Call("CreateTags", TagParams(kCluster, tags)).status == 200);
  REQUIRE(
      h.Call("CreateTags", TagParams("arn:aws:redshift:us-east-1:123456789012:cluster:c2", tags))
          .status == 200);
  std::vector<int> pages;
  std::string marker, first_marker;
  do {
    HttpResponse page = h.Call(
        "DescribeTags", "MaxRecords=10" + (marker.empty() ? "" : "&Marker=" + Encode(marker)));
    REQUIRE(page.status == 200);
    pages.push_back(Count(page.body, "<TaggedResource>"));
    marker = First(page, "Marker");
    if (first_marker.empty()) first_marker = marker;
  } while (!marker.empty());
  CHECK(pages == std::vector<int>{10, 10, 4});
  CHECK(Count(h.Call("DescribeTags", "MaxRecords=10&Marker=" + Encode(first_marker)).body,
              "<TaggedResource>") == 10);
  CHECK(Count(h.Call("DescribeTags", "MaxRecords=50").body, "<TaggedResource>") == 24);
  CHECK_FALSE(Has(h.Call("DescribeTags", "MaxRecords=50"), "<Marker>"));
}

}  // namespace rsemu::api
