// In-process tests of the cluster security group handlers: create/describe/
// delete, ingress for CIDR ranges and EC2 security groups, errors and quotas.
#include "tests/api/part2_harness.h"

namespace rsemu::api::part2 {

TEST_CASE("security groups: create, describe, ingress, revoke, delete") {
  Part2Harness h;
  std::string body = h.Ok("DescribeClusterSecurityGroups");
  CHECK(All(body, "ClusterSecurityGroupName") == std::vector<std::string>{"default"});
  body = h.Ok("CreateClusterSecurityGroup",
              "&ClusterSecurityGroupName=Web&Description=web%20tier"
              "&Tags.Tag.1.Key=team&Tags.Tag.1.Value=a");
  CHECK(First(body, "ClusterSecurityGroupName") == "web");
  CHECK(Has(body, "<Description>web tier</Description>"));
  CHECK(Has(body, "<Key>team</Key>"));
  h.AdvanceMinutes(1);  // events of one millisecond have no defined order

  body = h.Ok("AuthorizeClusterSecurityGroupIngress",
              "&ClusterSecurityGroupName=web&CIDRIP=10.0.0.0/16");
  CHECK(Has(body, "<CIDRIP>10.0.0.0/16</CIDRIP>"));
  CHECK(Has(body, "<Status>authorized</Status>"));
  body = h.Ok("AuthorizeClusterSecurityGroupIngress",
              "&ClusterSecurityGroupName=web&EC2SecurityGroupName=app"
              "&EC2SecurityGroupOwnerId=123456789012");
  CHECK(Has(body, "<EC2SecurityGroupName>app</EC2SecurityGroupName>"));
  CHECK(Has(body, "<EC2SecurityGroupOwnerId>123456789012</EC2SecurityGroupOwnerId>"));
  h.Fails("AuthorizeClusterSecurityGroupIngress",
          "&ClusterSecurityGroupName=web&CIDRIP=10.0.0.0/16", "AuthorizationAlreadyExists");
  h.Fails("AuthorizeClusterSecurityGroupIngress",
          "&ClusterSecurityGroupName=web&EC2SecurityGroupName=app"
          "&EC2SecurityGroupOwnerId=123456789012",
          "AuthorizationAlreadyExists");
  for (std::string cidr :
       {"10.0.0.0", "10.0.0/8", "256.0.0.0/8", "10.0.0.0/33", "a.b.c.d/8", "10.0.0.01/8"}) {
    CAPTURE(cidr);
    h.Fails("AuthorizeClusterSecurityGroupIngress",
            "&ClusterSecurityGroupName=web&CIDRIP=" + Encode(cidr), "InvalidParameterValue");
  }
  h.Fails("AuthorizeClusterSecurityGroupIngress", "&ClusterSecurityGroupName=web",
          "MissingParameter");
  h.Fails("AuthorizeClusterSecurityGroupIngress",
          "&ClusterSecurityGroupName=web&EC2SecurityGroupName=app", "MissingParameter");
  h.Fails("AuthorizeClusterSecurityGroupIngress",
          "&ClusterSecurityGroupName=web&EC2SecurityGroupName=app&EC2SecurityGroupOwnerId=12",
          "InvalidParameterValue");
  h.Fails("AuthorizeClusterSecurityGroupIngress",
          "&ClusterSecurityGroupName=web&CIDRIP=1.2.3.4/32&EC2SecurityGroupName=app",
          "InvalidParameterCombination");
  h.Fails("AuthorizeClusterSecurityGroupIngress", "&ClusterSecurityGroupName=zz&CIDRIP=1.2.3.4/32",
          "ClusterSecurityGroupNotFound", 404);

  // Ingress rules are tag targets under the seed's ARN forms.
  h.Ok("CreateTags",
       "&ResourceName=" +
           Encode("arn:aws:redshift:us-east-1:123456789012:securitygroupingress:web/cidrip/"
                  "10.0.0.0/16") +
           "&Tags.Tag.1.Key=k&Tags.Tag.1.Value=v");
  body = h.Ok("DescribeClusterSecurityGroups", "&ClusterSecurityGroupName=web");
  CHECK(Count(body, "<Key>k</Key>") == 1);

  h.Ok("RevokeClusterSecurityGroupIngress", "&ClusterSecurityGroupName=web&CIDRIP=10.0.0.0/16");
  h.Fails("RevokeClusterSecurityGroupIngress", "&ClusterSecurityGroupName=web&CIDRIP=10.0.0.0/16",
          "AuthorizationNotFound", 404);
  body = h.Ok("RevokeClusterSecurityGroupIngress",
              "&ClusterSecurityGroupName=web&EC2SecurityGroupName=app"
              "&EC2SecurityGroupOwnerId=123456789012");
  CHECK_FALSE(Has(body, "<CIDRIP>"));
  CHECK_FALSE(Has(body, "<EC2SecurityGroupName>"));

  h.Fails("CreateClusterSecurityGroup", "&ClusterSecurityGroupName=web&Description=x",
          "ClusterSecurityGroupAlreadyExists");
  h.Fails("CreateClusterSecurityGroup", "&ClusterSecurityGroupName=Default&Description=x",
          "ClusterSecurityGroupAlreadyExists");
  h.Fails("CreateClusterSecurityGroup", "&ClusterSecurityGroupName=a_b&Description=x",
          "InvalidParameterValue");
  h.Fails("DeleteClusterSecurityGroup", "&ClusterSecurityGroupName=default",
          "InvalidClusterSecurityGroupState");
  h.AdvanceMinutes(1);
  h.Ok("DeleteClusterSecurityGroup", "&ClusterSecurityGroupName=web");
  h.Fails("DeleteClusterSecurityGroup", "&ClusterSecurityGroupName=web",
          "ClusterSecurityGroupNotFound", 404);
  h.Fails("DescribeClusterSecurityGroups", "&ClusterSecurityGroupName=web",
          "ClusterSecurityGroupNotFound", 404);
  body = h.Ok("DescribeEvents", "&SourceType=cluster-security-group&SourceIdentifier=web");
  CHECK(All(body, "EventId").front() == "REDSHIFT-EVENT-4002");
  CHECK(All(body, "EventId").back() == "REDSHIFT-EVENT-4003");
}

TEST_CASE("security groups: the default group, quotas, in use") {
  Part2Harness h;
  std::string body = h.Ok("AuthorizeClusterSecurityGroupIngress",
                          "&ClusterSecurityGroupName=default&CIDRIP=0.0.0.0/0");
  CHECK(Has(body, "<CIDRIP>0.0.0.0/0</CIDRIP>"));
  body = h.Ok("DescribeClusterSecurityGroups", "&ClusterSecurityGroupName=default");
  CHECK(Has(body, "<CIDRIP>0.0.0.0/0</CIDRIP>"));

  h.Ok("CreateClusterSecurityGroup", "&ClusterSecurityGroupName=sg&Description=x");
  for (int i = 1; i <= 20; ++i) {
    h.Ok("AuthorizeClusterSecurityGroupIngress",
         "&ClusterSecurityGroupName=sg&CIDRIP=10.0." + std::to_string(i) + ".0/24");
  }
  h.Fails("AuthorizeClusterSecurityGroupIngress", "&ClusterSecurityGroupName=sg&CIDRIP=10.1.0.0/24",
          "AuthorizationQuotaExceeded");

  h.Ok("CreateCluster",
       std::string("&ClusterIdentifier=c1&ClusterSecurityGroups.ClusterSecurityGroupName.1=sg") +
           kClusterParams);
  h.Fails("DeleteClusterSecurityGroup", "&ClusterSecurityGroupName=sg",
          "InvalidClusterSecurityGroupState");

  // Quota: 20 groups per account and region (the stored default counts).
  for (int i = 0; i < 18; ++i) {
    h.Ok("CreateClusterSecurityGroup",
         "&ClusterSecurityGroupName=q" + std::to_string(i) + "&Description=x");
  }
  h.Fails("CreateClusterSecurityGroup", "&ClusterSecurityGroupName=over&Description=x",
          "QuotaExceeded.ClusterSecurityGroup");
  body = h.Ok("DescribeClusterSecurityGroups", "&MaxRecords=20");
  CHECK(Count(body, "<ClusterSecurityGroupName>") == 20);
  CHECK_FALSE(Has(body, "<Marker>"));
}

}  // namespace rsemu::api::part2
