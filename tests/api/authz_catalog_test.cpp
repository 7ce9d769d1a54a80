// Tests for the action catalog: the embedded data parses and expands requests
// into the (action, resource, keys) checks the reference prescribes.
#include "api/authz_catalog.h"

#include <doctest/doctest.h>

#include "api/model.h"

namespace rsemu::api {
namespace {

const std::string kRegion = "us-west-2";
const std::string kAccount = "111122223333";

std::vector<AuthzCheck> Expand(std::string_view service, std::string_view operation,
                               const Value& input, CatalogOptions options = {}) {
  StoredResourceLookup lookup = [](std::string_view kind, std::string_view owner,
                                   const std::string& name) -> std::optional<StoredResource> {
    std::string account = owner.empty() ? kAccount : std::string(owner);
    if (kind == "snapshot" && name == "snap-1")
      return StoredResource{"arn:aws:redshift:us-west-2:" + account + ":snapshot:c1/snap-1", 7};
    if (kind == "iam-user" && name == "bob" && owner.empty())
      return StoredResource{"arn:aws:iam::" + kAccount + ":user/team/Bob", 8};
    return std::nullopt;
  };
  return ExpandChecks(AuthzCatalog::Get(), service, operation, input, kRegion, kAccount, options,
                      lookup);
}

Value Input(std::initializer_list<std::pair<const char*, const char*>> members) {
  Value input = Value::Object();
  for (const auto& [key, value] : members) input.Set(key, Value::String(value));
  return input;
}

const std::vector<std::string>* Key(const AuthzCheck& check, const std::string& name) {
  for (const auto& [key, values] : check.request_keys) {
    if (key == name) return &values;
  }
  return nullptr;
}

}  // namespace

TEST_CASE(
    "authz catalog: every modeled operation needs an authorization, except the STS ones AWS "
    "exempts") {
  for (const ServiceModel* model : Models::Get().all()) {
    for (const auto& entry : model->operations()) {
      // Not a structured binding: clang 14 cannot capture one in CAPTURE's lambda.
      const std::string& name = entry.first;
      CAPTURE(name);
      auto checks = Expand(model->service(), name, Value::Object());
      bool free = name == "GetCallerIdentity" || name == "GetSessionToken" || name == "AssumeRole";
      CHECK(checks.empty() == free);
      for (const AuthzCheck& check : checks) CHECK(check.action.find(':') != std::string::npos);
    }
  }
  auto broken = AuthzCatalog::Parse("CreateCluster\tnoprefix\tcluster:{ClusterIdentifier}\n");
  CHECK_FALSE(broken.ok());
}

TEST_CASE(
    "authz catalog: cluster operations build the cluster ARN, or cluster:* when none is named") {
  auto checks = Expand("redshift", "DescribeClusters", Input({{"ClusterIdentifier", "prod"}}));
  REQUIRE(checks.size() == 1);
  CHECK(checks[0].action == "redshift:DescribeClusters");
  CHECK(checks[0].resource == "arn:aws:redshift:us-west-2:111122223333:cluster:prod");
  CHECK(Expand("redshift", "DescribeClusters", Value::Object())[0].resource ==
        "arn:aws:redshift:us-west-2:111122223333:cluster:*");
  auto unlisted = Expand("redshift", "DescribeEvents", Value::Object());
  REQUIRE(unlisted.size() == 1);
  CHECK(unlisted[0].action == "redshift:DescribeEvents");
  CHECK(unlisted[0].resource == "*");
}

TEST_CASE(
    "authz catalog: request tags fill aws:RequestTag, aws:TagKeys and the legacy redshift keys") {
  Value input = Input({{"ClusterIdentifier", "c"}});
  Value tags = Value::List();
  Value tag = Value::Object();
  tag.Set("Key", Value::String("usage"));
  tag.Set("Value", Value::String("production"));
  tags.Push(tag);
  input.Set("Tags", tags);
  auto checks = Expand("redshift", "CreateCluster", input);
  REQUIRE(checks.size() == 1);
  REQUIRE(Key(checks[0], "aws:RequestTag/usage") != nullptr);
  CHECK(Key(checks[0], "aws:RequestTag/usage")->front() == "production");
  CHECK(Key(checks[0], "redshift:RequestTag/usage")->front() == "production");
  CHECK(*Key(checks[0], "aws:TagKeys") == std::vector<std::string>{"usage"});
  CatalogOptions strict;
  strict.tag_on_create_requires_create_tags = true;
  auto both = Expand("redshift", "CreateCluster", input, strict);
  REQUIRE(both.size() == 2);
  CHECK(both[1].action == "redshift:CreateTags");
  CatalogOptions no_legacy;
  no_legacy.legacy_redshift_tag_keys = false;
  CHECK(Key(Expand("redshift", "CreateCluster", input, no_legacy)[0],
            "redshift:RequestTag/usage") == nullptr);
}

TEST_CASE("authz catalog: snapshots are named with their cluster, looked up when not given") {
  auto known =
      Expand("redshift", "DeleteClusterSnapshot", Input({{"SnapshotIdentifier", "snap-1"}}));
  CHECK(known[0].resource == "arn:aws:redshift:us-west-2:111122223333:snapshot:c1/snap-1");
  auto unknown =
      Expand("redshift", "DeleteClusterSnapshot", Input({{"SnapshotIdentifier", "other"}}));
  CHECK(unknown[0].resource == "arn:aws:redshift:us-west-2:111122223333:snapshot:*/other");
  auto given = Expand("redshift", "DeleteClusterSnapshot",
                      Input({{"SnapshotIdentifier", "s"}, {"SnapshotClusterIdentifier", "k"}}));
  CHECK(given[0].resource == "arn:aws:redshift:us-west-2:111122223333:snapshot:k/s");
  auto restore =
      Expand("redshift", "RestoreFromClusterSnapshot",
             Input({{"ClusterIdentifier", "new"},
                    {"SnapshotArn", "arn:aws:redshift:us-west-2:999988887777:snapshot:x/y"}}));
  REQUIRE(restore.size() == 2);
  CHECK(restore[0].resource == "arn:aws:redshift:us-west-2:111122223333:cluster:new");
  CHECK(restore[1].resource == "arn:aws:redshift:us-west-2:999988887777:snapshot:x/y");
  auto shared = Expand("redshift", "RestoreFromClusterSnapshot",
                       Input({{"ClusterIdentifier", "new"},
                              {"SnapshotIdentifier", "y"},
                              {"OwnerAccount", "999988887777"},
                              {"SnapshotClusterIdentifier", "x"}}));
  CHECK(shared[1].resource == "arn:aws:redshift:us-west-2:999988887777:snapshot:x/y");
}

TEST_CASE("authz catalog: a stored resource's own ARN wins over one built from the request") {
  // A wrong SnapshotClusterIdentifier does not move the check off the stored snapshot.
  auto given =
      Expand("redshift", "DeleteClusterSnapshot",
             Input({{"SnapshotIdentifier", "snap-1"}, {"SnapshotClusterIdentifier", "k"}}));
  CHECK(given[0].resource == "arn:aws:redshift:us-west-2:111122223333:snapshot:c1/snap-1");
  CHECK(given[0].resource_row == 7);
  // A shared snapshot is looked up in its owner's account.
  auto shared = Expand("redshift", "RestoreFromClusterSnapshot",
                       Input({{"ClusterIdentifier", "new"},
                              {"SnapshotIdentifier", "snap-1"},
                              {"OwnerAccount", "999988887777"}}));
  CHECK(shared[1].resource == "arn:aws:redshift:us-west-2:999988887777:snapshot:c1/snap-1");
  // IAM users by their stored ARN (path and the name's case), else built.
  auto user = Expand("iam", "DeleteUser", Input({{"UserName", "bob"}}));
  CHECK(user[0].resource == "arn:aws:iam::111122223333:user/team/Bob");
  auto missing = Expand("iam", "DeleteUser", Input({{"UserName", "eve"}}));
  CHECK(missing[0].resource == "arn:aws:iam::111122223333:user/eve");
  CHECK(missing[0].resource_row == 0);
  // A create names the path it is given.
  auto created = Expand("iam", "CreateUser", Input({{"UserName", "Ann"}, {"Path", "/ops/"}}));
  CHECK(created[0].resource == "arn:aws:iam::111122223333:user/ops/Ann");
  auto plain = Expand("iam", "CreateUser", Input({{"UserName", "Ann"}}));
  CHECK(plain[0].resource == "arn:aws:iam::111122223333:user/Ann");
}

TEST_CASE(
    "authz catalog: GetClusterCredentials needs one check per group and one for auto-create") {
  Value input = Input({{"ClusterIdentifier", "c"}, {"DbUser", "bob"}, {"DbName", "dev"}});
  Value groups = Value::List();
  groups.Push(Value::String("g1"));
  groups.Push(Value::String("g2"));
  input.Set("DbGroups", groups);
  input.Set("AutoCreate", Value::Bool(true));
  input.Set("DurationSeconds", Value::Int(900));
  auto checks = Expand("redshift", "GetClusterCredentials", input);
  REQUIRE(checks.size() == 5);
  CHECK(checks[0].resource == "arn:aws:redshift:us-west-2:111122223333:dbuser:c/bob");
  CHECK(Key(checks[0], "redshift:DurationSeconds")->front() == "900");
  CHECK(checks[1].resource == "arn:aws:redshift:us-west-2:111122223333:dbname:c/dev");
  CHECK(checks[2].action == "redshift:JoinGroup");
  CHECK(checks[3].resource == "arn:aws:redshift:us-west-2:111122223333:dbgroup:c/g2");
  CHECK(checks[4].action == "redshift:CreateClusterUser");
  input.Set("AutoCreate", Value::Bool(false));
  CHECK(Expand("redshift", "GetClusterCredentials", input).size() == 4);
}

TEST_CASE("authz catalog: ingress rules, tag ARNs, IAM and STS") {
  auto ingress = Expand("redshift", "AuthorizeClusterSecurityGroupIngress",
                        Input({{"ClusterSecurityGroupName", "g"}, {"CIDRIP", "10.0.0.0/8"}}));
  REQUIRE(ingress.size() == 2);
  CHECK(ingress[0].resource == "arn:aws:redshift:us-west-2:111122223333:securitygroup:g");
  CHECK(ingress[1].resource ==
        "arn:aws:redshift:us-west-2:111122223333:securitygroupingress:g/cidrip/10.0.0.0/8");
  auto ec2 = Expand("redshift", "AuthorizeClusterSecurityGroupIngress",
                    Input({{"ClusterSecurityGroupName", "g"},
                           {"EC2SecurityGroupName", "web"},
                           {"EC2SecurityGroupOwnerId", "123456789012"}}));
  CHECK(ec2[1].resource ==
        "arn:aws:redshift:us-west-2:111122223333:securitygroupingress:g/ec2securitygroup/"
        "123456789012/web");
  auto tag = Expand("redshift", "CreateTags",
                    Input({{"ResourceName", "arn:aws:redshift:us-west-2:1:cluster:x"}}));
  CHECK(tag[0].resource == "arn:aws:redshift:us-west-2:1:cluster:x");
  auto user = Expand("iam", "CreateUser", Input({{"UserName", "alice"}}));
  CHECK(user[0].action == "iam:CreateUser");
  CHECK(user[0].resource == "arn:aws:iam::111122223333:user/alice");
  // AssumeRole is decided by the STS handler (trust + identity policy), not by the gate.
  CHECK(Expand("sts", "AssumeRole", Input({{"RoleArn", "arn:aws:iam::1:role/R"}})).empty());
  CHECK(Expand("sts", "GetCallerIdentity", Value::Object()).empty());
  // A Redshift row is not used for another service's same-named operation.
  CHECK(Expand("iam", "DescribeClusters", Value::Object())[0].action == "iam:DescribeClusters");
}

}  // namespace rsemu::api
