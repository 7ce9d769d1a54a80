// In-process tests of the cluster subnet group handlers.
#include "tests/api/part2_harness.h"

namespace rsemu::api::part2 {

TEST_CASE("subnet groups: create, describe, modify, delete, in use") {
  Part2Harness h;
  std::string body = h.Ok("CreateClusterSubnetGroup",
                          "&ClusterSubnetGroupName=Sub&Description=d"
                          "&SubnetIds.SubnetIdentifier.1=subnet-0123abcd"
                          "&SubnetIds.SubnetIdentifier.2=subnet-0123456789abcdef0"
                          "&SubnetIds.SubnetIdentifier.3=subnet-0123abcd"
                          "&Tags.Tag.1.Key=a&Tags.Tag.1.Value=b");
  CHECK(First(body, "ClusterSubnetGroupName") == "sub");
  CHECK(All(body, "SubnetIdentifier") ==
        std::vector<std::string>{"subnet-0123abcd", "subnet-0123456789abcdef0"});
  std::string vpc = First(body, "VpcId");
  CHECK(std::regex_match(vpc, std::regex("vpc-[0-9a-f]+")));
  CHECK(First(body, "SubnetGroupStatus") == "Complete");
  CHECK(Count(body, "<SubnetStatus>Active</SubnetStatus>") == 2);
  for (const std::string& zone : All(body, "Name")) {
    if (zone != "VPC") CHECK(std::regex_match(zone, std::regex("us-east-1[a-f]")));
  }
  CHECK(Has(body, "<Key>a</Key>"));

  h.Ok("CreateClusterSubnetGroup",
       "&ClusterSubnetGroupName=other&Description=d&SubnetIds.SubnetIdentifier.1=subnet-11112222");
  body = h.Ok("DescribeClusterSubnetGroups");
  CHECK(All(body, "ClusterSubnetGroupName") == std::vector<std::string>{"other", "sub"});
  CHECK(All(body, "VpcId") == std::vector<std::string>{vpc, vpc});
  body = h.Ok("DescribeClusterSubnetGroups", "&TagValues.TagValue.1=b");
  CHECK(All(body, "ClusterSubnetGroupName") == std::vector<std::string>{"sub"});

  body = h.Ok("ModifyClusterSubnetGroup",
              "&ClusterSubnetGroupName=sub&SubnetIds.SubnetIdentifier.1=subnet-aaaabbbb");
  CHECK(All(body, "SubnetIdentifier") == std::vector<std::string>{"subnet-aaaabbbb"});
  CHECK(First(body, "Description") == "d");
  body = h.Ok("ModifyClusterSubnetGroup",
              "&ClusterSubnetGroupName=sub&Description=new&SubnetIds.SubnetIdentifier.1=subnet-"
              "aaaabbbb");
  CHECK(First(body, "Description") == "new");

  for (std::string bad : {"subnet-123", "subnet-0123ABCD", "sub-01234567", "subnet-0123abcg"}) {
    CAPTURE(bad);
    h.Fails("CreateClusterSubnetGroup",
            "&ClusterSubnetGroupName=x&Description=d&SubnetIds.SubnetIdentifier.1=" + bad,
            "InvalidSubnet");
    h.Fails("ModifyClusterSubnetGroup",
            "&ClusterSubnetGroupName=sub&SubnetIds.SubnetIdentifier.1=" + bad, "InvalidSubnet");
  }
  std::string many;
  for (int i = 1; i <= 21; ++i) {
    char id[32];
    std::snprintf(id, sizeof(id), "subnet-%08x", i);
    many += "&SubnetIds.SubnetIdentifier." + std::to_string(i) + "=" + id;
  }
  h.Fails("CreateClusterSubnetGroup", "&ClusterSubnetGroupName=x&Description=d" + many,
          "ClusterSubnetQuotaExceededFault");
  h.Fails("CreateClusterSubnetGroup",
          "&ClusterSubnetGroupName=sub&Description=d&SubnetIds.SubnetIdentifier.1=subnet-11112222",
          "ClusterSubnetGroupAlreadyExists");
  h.Fails("CreateClusterSubnetGroup",
          "&ClusterSubnetGroupName=DEFAULT&Description=d&SubnetIds.SubnetIdentifier.1=subnet-"
          "11112222",
          "ClusterSubnetGroupAlreadyExists");
  h.Fails("CreateClusterSubnetGroup",
          "&ClusterSubnetGroupName=a.b&Description=d&SubnetIds.SubnetIdentifier.1=subnet-11112222",
          "InvalidParameterValue");
  h.Fails("ModifyClusterSubnetGroup",
          "&ClusterSubnetGroupName=zz&SubnetIds.SubnetIdentifier.1=subnet-11112222",
          "ClusterSubnetGroupNotFoundFault");
  h.Fails("DescribeClusterSubnetGroups", "&ClusterSubnetGroupName=zz",
          "ClusterSubnetGroupNotFoundFault");

  h.Ok("CreateCluster",
       std::string("&ClusterIdentifier=c1&ClusterSubnetGroupName=sub") + kClusterParams);
  h.Fails("DeleteClusterSubnetGroup", "&ClusterSubnetGroupName=sub",
          "InvalidClusterSubnetGroupStateFault");
  h.Ok("DeleteClusterSubnetGroup", "&ClusterSubnetGroupName=other");
  h.Fails("DeleteClusterSubnetGroup", "&ClusterSubnetGroupName=other",
          "ClusterSubnetGroupNotFoundFault");
}

TEST_CASE("subnet groups: quota of 20 per account and region") {
  Part2Harness h;
  for (int i = 0; i < 20; ++i) {
    h.Ok("CreateClusterSubnetGroup", "&ClusterSubnetGroupName=s" + std::to_string(i) +
                                         "&Description=d&SubnetIds.SubnetIdentifier.1=subnet-"
                                         "11112222");
  }
  h.Fails("CreateClusterSubnetGroup",
          "&ClusterSubnetGroupName=s99&Description=d&SubnetIds.SubnetIdentifier.1=subnet-11112222",
          "ClusterSubnetGroupQuotaExceeded");
}

}  // namespace rsemu::api::part2
