// Tests for identifier normalisation: which Redshift members are lower-cased
// (each one exists in some operation's input, so the list cannot drift from
// the model), at any depth, and nothing else is touched.
#include "api/identifier_normalizer.h"

#include <doctest/doctest.h>

#include <functional>
#include <set>

#include "api/model.h"

namespace rsemu::api {

TEST_CASE("identifier normalizer: every lower-cased member is a Redshift input member") {
  const ServiceModel& model = Models::Get().redshift();
  std::set<std::string> input_members;
  std::set<const Shape*> seen;
  std::function<void(const Shape*)> walk = [&](const Shape* shape) {
    if (shape == nullptr || !seen.insert(shape).second) return;
    for (const Member& member : shape->members) {
      input_members.insert(member.name);
      walk(member.shape);
    }
    walk(shape->list_member.shape);
  };
  for (const auto& [name, operation] : model.operations()) walk(operation.input);
  for (const char* member :
       {"ClusterIdentifier", "NewClusterIdentifier", "SnapshotClusterIdentifier",
        "SourceSnapshotClusterIdentifier", "SnapshotIdentifier", "SourceSnapshotIdentifier",
        "TargetSnapshotIdentifier", "FinalClusterSnapshotIdentifier", "SnapshotIdentifierList",
        "ParameterGroupName", "ClusterParameterGroupName", "ClusterSecurityGroupName",
        "ClusterSecurityGroups", "ClusterSubnetGroupName"}) {
    INFO(member);
    CHECK(IsCaseInsensitiveIdentifier("redshift", member));
    CHECK(input_members.count(member) == 1);
  }
  CHECK_FALSE(IsCaseInsensitiveIdentifier("redshift", "MasterUsername"));
  CHECK_FALSE(IsCaseInsensitiveIdentifier("iam", "ClusterIdentifier"));
}

TEST_CASE("identifier normalizer: lower-cases names at any depth, nothing else") {
  Value input = Value::Object();
  input.Set("ClusterIdentifier", Value::String("Prod-DB"));
  input.Set("MasterUserPassword", Value::String("Passw0rD"));
  Value groups = Value::List();
  groups.Push(Value::String("SG-One"));
  input.Set("ClusterSecurityGroups", std::move(groups));
  Value identifiers = Value::List();
  Value element = Value::Object();
  element.Set("SnapshotIdentifier", Value::String("SNAP"));
  element.Set("SnapshotClusterIdentifier", Value::String("Prod-DB"));
  identifiers.Push(std::move(element));
  input.Set("Identifiers", std::move(identifiers));
  Value tags = Value::List();
  Value tag = Value::Object();
  tag.Set("Key", Value::String("Env"));
  tag.Set("Value", Value::String("PROD"));
  tags.Push(std::move(tag));
  input.Set("Tags", std::move(tags));

  Value iam_input = input;
  NormalizeIdentifiers("redshift", &input);
  CHECK(input.GetString("ClusterIdentifier") == "prod-db");
  CHECK(input.GetString("MasterUserPassword") == "Passw0rD");
  CHECK(input.Find("ClusterSecurityGroups")->items()[0].AsString() == "sg-one");
  const Value& first = input.Find("Identifiers")->items()[0];
  CHECK(first.GetString("SnapshotIdentifier") == "snap");
  CHECK(first.GetString("SnapshotClusterIdentifier") == "prod-db");
  CHECK(input.Find("Tags")->items()[0].GetString("Value") == "PROD");

  NormalizeIdentifiers("iam", &iam_input);
  CHECK(iam_input.GetString("ClusterIdentifier") == "Prod-DB");
}

}  // namespace rsemu::api
