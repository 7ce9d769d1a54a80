// Regression tests for the case bypass of explicit Deny statements: the gate
// must authorize exactly the resource the handler touches, so names given in
// another case (or a snapshot named without its cluster) are denied by a Deny
// on the lower-case resource, and tag-based Denies see the stored tags.
#include "tests/api/identity_harness.h"

namespace rsemu::api {
namespace {

using testing::Credentials;
using testing::Encode;
using testing::ErrorCode;
using testing::Field;
using testing::IdentityHarness;

const Credentials kRoot{"111111111111", "x", ""};
const char* kAccount = "111111111111";

// Allow redshift:* on *, Deny on prod-* clusters' snapshots, prod-* parameter
// and security groups, and on anything tagged env=prod.
std::string DenyProdPolicy() {
  std::string prefix = std::string("arn:aws:redshift:us-east-1:") + kAccount + ":";
  return Encode(R"({"Version":"2012-10-17","Statement":[)"
                R"({"Effect":"Allow","Action":"redshift:*","Resource":"*"},)"
                R"({"Effect":"Deny","Action":"redshift:*","Resource":[")" +
                prefix + R"(snapshot:prod-*/*",")" + prefix + R"(parametergroup:prod-*",")" +
                prefix +
                R"(securitygroup:prod-*"]},)"
                R"({"Effect":"Deny","Action":"redshift:*","Resource":"*",)"
                R"("Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]})");
}

HttpResponse Redshift(IdentityHarness& h, const std::string& body, const Credentials& creds) {
  return h.Call("redshift", "Version=2012-12-01&" + body, creds);
}

struct ProdAccount {
  IdentityHarness h;
  Credentials user;
  ProdAccount() {
    auto ok = [&](const std::string& body) {
      HttpResponse response = Redshift(h, body, kRoot);
      INFO(body << " -> " << response.body);
      REQUIRE(response.status == 200);
    };
    const std::string cluster =
        "&NodeType=ra3.xlplus&NumberOfNodes=2&MasterUsername=admin&MasterUserPassword=Passw0rd1";
    ok("Action=CreateCluster&ClusterIdentifier=prod-db" + cluster);
    ok("Action=CreateCluster&ClusterIdentifier=dev-db" + cluster);
    ok("Action=CreateClusterSnapshot&ClusterIdentifier=prod-db&SnapshotIdentifier=prodsnap");
    ok("Action=CreateClusterSnapshot&ClusterIdentifier=dev-db&SnapshotIdentifier=tagged&"
       "Tags.Tag.1.Key=env&Tags.Tag.1.Value=prod");
    ok("Action=CreateClusterSnapshot&ClusterIdentifier=dev-db&SnapshotIdentifier=devsnap");
    ok("Action=CreateClusterParameterGroup&ParameterGroupName=prod-pg&"
       "ParameterGroupFamily=redshift-1.0&Description=x");
    ok("Action=CreateClusterSecurityGroup&ClusterSecurityGroupName=prod-sg&Description=x");
    ok("Action=CreateClusterSubnetGroup&ClusterSubnetGroupName=tagged-subnets&Description=x&"
       "SubnetIds.SubnetIdentifier.1=subnet-0123456789abcdef0&Tags.Tag.1.Key=env&"
       "Tags.Tag.1.Value=prod");
    user = testing::UserWithKey(h, "dev", kRoot);
    REQUIRE(
        h.Iam("Action=PutUserPolicy&UserName=dev&PolicyName=p&PolicyDocument=" + DenyProdPolicy(),
              kRoot)
            .status == 200);
  }
  HttpResponse As(const std::string& body) { return Redshift(h, body, user); }
};

}  // namespace

TEST_CASE("case bypass: an upper-case name is denied as its stored lower-case resource") {
  ProdAccount a;
  const std::vector<std::string> denied = {
      "Action=AuthorizeSnapshotAccess&SnapshotIdentifier=PRODSNAP&AccountWithRestoreAccess=" +
          std::string("333333333333"),
      "Action=AuthorizeSnapshotAccess&SnapshotIdentifier=ProdSnap&SnapshotClusterIdentifier=DEV-DB&"
      "AccountWithRestoreAccess=333333333333",
      "Action=RestoreFromClusterSnapshot&ClusterIdentifier=copy&SnapshotIdentifier=PRODSNAP",
      "Action=DeleteClusterSnapshot&SnapshotIdentifier=PRODSNAP",
      "Action=ModifyClusterSnapshot&SnapshotIdentifier=PRODSNAP&ManualSnapshotRetentionPeriod=5",
      "Action=ModifyClusterParameterGroup&ParameterGroupName=PROD-PG&Parameters.Parameter.1."
      "ParameterName=statement_timeout&Parameters.Parameter.1.ParameterValue=10",
      "Action=DeleteClusterParameterGroup&ParameterGroupName=PROD-PG",
      "Action=DeleteClusterSecurityGroup&ClusterSecurityGroupName=PROD-SG",
      // Tag-based: the snapshot is tagged env=prod, its cluster is not prod-*.
      "Action=AuthorizeSnapshotAccess&SnapshotIdentifier=TAGGED&AccountWithRestoreAccess="
      "333333333333",
      "Action=DeleteClusterSnapshot&SnapshotIdentifier=Tagged",
      "Action=DeleteClusterSubnetGroup&ClusterSubnetGroupName=TAGGED-SUBNETS",
  };
  for (const std::string& body : denied) {
    HttpResponse response = a.As(body);
    INFO(body << " -> " << response.body);
    CHECK(response.status == 403);
    CHECK(ErrorCode(response) == "AccessDenied");
  }
  // Nothing changed: the snapshot is not shared, the groups are still there.
  HttpResponse snapshot =
      Redshift(a.h, "Action=DescribeClusterSnapshots&SnapshotIdentifier=prodsnap", kRoot);
  CHECK(snapshot.body.find("AccountsWithRestoreAccess><AccountWithRestoreAccess>") ==
        std::string::npos);
  CHECK(Redshift(a.h, "Action=DescribeClusterParameterGroups&ParameterGroupName=prod-pg", kRoot)
            .status == 200);
  CHECK(
      Redshift(a.h, "Action=DescribeClusterSecurityGroups&ClusterSecurityGroupName=prod-sg", kRoot)
          .status == 200);
  CHECK(Redshift(a.h, "Action=DescribeClusters&ClusterIdentifier=copy", kRoot).status == 404);
}

TEST_CASE("case bypass: the same requests on unprotected resources succeed, lower-cased") {
  ProdAccount a;
  HttpResponse shared = a.As(
      "Action=AuthorizeSnapshotAccess&SnapshotIdentifier=DEVSNAP&AccountWithRestoreAccess="
      "333333333333");
  INFO(shared.body);
  CHECK(shared.status == 200);
  CHECK(Field(shared, "SnapshotIdentifier") == "devsnap");
  // Redshift stores names lower-cased: an upper-case create answers lower-case.
  HttpResponse created = a.As(
      "Action=CreateCluster&ClusterIdentifier=My-Cluster&NodeType=ra3.xlplus&NumberOfNodes="
      "2&MasterUsername=admin&MasterUserPassword=Passw0rd1");
  INFO(created.body);
  CHECK(created.status == 200);
  CHECK(Field(created, "ClusterIdentifier") == "my-cluster");
  CHECK(a.As("Action=DescribeClusters&ClusterIdentifier=MY-CLUSTER").status == 200);
  HttpResponse group = a.As(
      "Action=CreateClusterParameterGroup&ParameterGroupName=Team-PG&ParameterGroupFamily=redshift-"
      "1.0&Description=x");
  CHECK(group.status == 200);
  CHECK(Field(group, "ParameterGroupName") == "team-pg");
}

TEST_CASE("case bypass: IAM names resolve to the stored entity's ARN, path and case") {
  IdentityHarness h;
  REQUIRE(h.Iam("Action=CreateUser&UserName=Admin&Path=/ops/", kRoot).status == 200);
  Credentials dev = testing::UserWithKey(h, "dev", kRoot);
  std::string policy = Encode(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},)"
      R"({"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::111111111111:user/ops/Admin"}]})");
  REQUIRE(h.Iam("Action=PutUserPolicy&UserName=dev&PolicyName=p&PolicyDocument=" + policy, kRoot)
              .status == 200);
  for (const char* name : {"Admin", "admin", "ADMIN"}) {
    HttpResponse response = h.Iam(std::string("Action=CreateAccessKey&UserName=") + name, dev);
    INFO(name << " -> " << response.body);
    CHECK(response.status == 403);
  }
  HttpResponse keys = h.Iam("Action=ListAccessKeys&UserName=admin", kRoot);
  CHECK(keys.body.find("<AccessKeyId>") == std::string::npos);
}

}  // namespace rsemu::api
