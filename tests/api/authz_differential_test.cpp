// Differential authorization test: for every implemented Redshift, IAM and STS
// operation, requests whose identifiers vary in case, padding and encoding are
// sent, and for each one that succeeds the resources the handler looked up or
// created (the decision log's "touched" list, recorded by the resource store)
// must be byte-for-byte among the resources the gate authorized, for every
// resource type the gate authorized. This is the class of bug where the gate
// checked `snapshot:*/PRODSNAP` while the handler changed `snapshot:prod-db/prodsnap`.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <set>

#include "api/model.h"
#include "api/registry.h"
#include "tests/api/identity_harness.h"

namespace rsemu::api {
namespace {

using testing::Credentials;
using testing::Encode;
using testing::Field;
using testing::IdentityHarness;

const Credentials kRoot{"111111111111", "x", ""};

// Values for required members, by member name. Identifier members are the
// ones the variants rewrite.
const std::map<std::string, std::string>& Scalars() {
  static const std::map<std::string, std::string> values = {
      {"ClusterIdentifier", "prod-db"},
      {"SnapshotIdentifier", "prodsnap"},
      {"SourceSnapshotIdentifier", "prodsnap"},
      {"TargetSnapshotIdentifier", "copysnap"},
      {"ParameterGroupName", "prod-pg"},
      {"ParameterGroupFamily", "redshift-1.0"},
      {"Description", "x"},
      {"ClusterSecurityGroupName", "prod-sg"},
      {"ClusterSubnetGroupName", "prod-subnets"},
      {"NodeType", "ra3.xlplus"},
      {"NumberOfNodes", "2"},
      {"MasterUsername", "admin"},
      {"MasterUserPassword", "Passw0rd1"},
      {"SubscriptionName", "prod-sub"},
      {"SnsTopicArn", "arn:aws:sns:us-east-1:111111111111:topic"},
      {"HsmClientCertificateIdentifier", "prod-cert"},
      {"HsmConfigurationIdentifier", "prod-hsm"},
      {"HsmIpAddress", "10.0.0.1"},
      {"HsmPartitionName", "partition"},
      {"HsmPartitionPassword", "password"},
      {"HsmServerPublicCertificate", "certificate"},
      {"SnapshotCopyGrantName", "prod-grant"},
      {"ResourceName", "arn:aws:redshift:us-east-1:111111111111:cluster:prod-db"},
      {"AccountWithRestoreAccess", "222222222222"},
      {"DestinationRegion", "us-west-2"},
      {"DbUser", "dbuser"},
      {"RetentionPeriod", "7"},
      {"ManualSnapshotRetentionPeriod", "5"},
      {"ClusterType", "multi-node"},
      {"BucketName", "bucket"},
      {"IamRoleArn", "arn:aws:iam::111111111111:role/Ops"},
      {"RevisionTarget", "95135"},
      {"UserName", "alice"},
      {"GroupName", "devs"},
      {"RoleName", "ops"},
      {"PolicyName", "pol"},
      {"PolicyArn", "arn:aws:iam::111111111111:policy/Pol"},
      {"PolicySourceArn", "arn:aws:iam::111111111111:user/team/Alice"},
      {"VersionId", "v1"},
      {"Status", "Inactive"},
      {"RoleArn", "arn:aws:iam::111111111111:role/Ops"},
      {"RoleSessionName", "s1"},
      {"ParameterName", "statement_timeout"},
      {"ParameterValue", "10"},
      {"Key", "k"},
      {"Value", "v"},
      {"ContextKeyName", "aws:username"},
      {"ContextKeyType", "string"},
      {"SkipFinalClusterSnapshot", "true"},
  };
  return values;
}

// Members naming the resource a create makes: a fresh name there.
const std::map<std::string, std::pair<std::string, std::string>>& CreatedNames() {
  static const std::map<std::string, std::pair<std::string, std::string>> names = {
      {"CreateCluster", {"ClusterIdentifier", "new-db"}},
      {"RestoreFromClusterSnapshot", {"ClusterIdentifier", "new-db"}},
      {"CreateClusterSnapshot", {"SnapshotIdentifier", "newsnap"}},
      {"CreateClusterParameterGroup", {"ParameterGroupName", "new-pg"}},
      {"CreateClusterSecurityGroup", {"ClusterSecurityGroupName", "new-sg"}},
      {"CreateClusterSubnetGroup", {"ClusterSubnetGroupName", "new-subnets"}},
      {"CreateEventSubscription", {"SubscriptionName", "new-sub"}},
      {"CreateHsmClientCertificate", {"HsmClientCertificateIdentifier", "new-cert"}},
      {"CreateHsmConfiguration", {"HsmConfigurationIdentifier", "new-hsm"}},
      {"CreateSnapshotCopyGrant", {"SnapshotCopyGrantName", "new-grant"}},
      {"CreateUser", {"UserName", "NewUser"}},
      {"CreateGroup", {"GroupName", "NewGroup"}},
      {"CreateRole", {"RoleName", "NewRole"}},
      {"CreatePolicy", {"PolicyName", "NewPolicy"}},
  };
  return names;
}

const std::set<std::string>& IdentifierMembers() {
  static const std::set<std::string> members = {"ClusterIdentifier",
                                                "SnapshotIdentifier",
                                                "SourceSnapshotIdentifier",
                                                "TargetSnapshotIdentifier",
                                                "ParameterGroupName",
                                                "ClusterSecurityGroupName",
                                                "ClusterSubnetGroupName",
                                                "SubscriptionName",
                                                "HsmClientCertificateIdentifier",
                                                "HsmConfigurationIdentifier",
                                                "SnapshotCopyGrantName",
                                                "UserName",
                                                "GroupName",
                                                "RoleName",
                                                "PolicyName"};
  return members;
}

std::string PercentEncodeAll(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    out += '%';
    out += kHex[ch >> 4];
    out += kHex[ch & 15];
  }
  return out;
}

// How a variant rewrites an identifier's value, and how it is put on the wire.
struct Variant {
  const char* name;
  std::function<std::string(const std::string&)> value;
  bool encode_all = false;  // percent-encode every byte instead of RFC 3986
};

std::vector<Variant> Variants() {
  return {
      {"as-is", [](const std::string& v) { return v; }},
      {"upper",
       [](std::string v) {
         for (char& ch : v) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
         return v;
       }},
      {"mixed",
       [](std::string v) {
         for (size_t i = 0; i < v.size(); i += 2)
           v[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(v[i])));
         return v;
       }},
      {"padded", [](const std::string& v) { return " " + v + " "; }},
      {"encoded", [](const std::string& v) { return v; }, true},
  };
}

// Form-encodes `shape`'s required members under `prefix`.
void AddMembers(const Shape* shape, const std::string& prefix, const std::string& operation,
                const Variant& variant, int depth, std::string* body) {
  if (shape == nullptr || depth > 4) return;
  for (const Member& member : shape->members) {
    // Required members, and the optional ones that name the resource acted on.
    bool named =
        IdentifierMembers().count(member.name) == 1 || member.name == "SkipFinalClusterSnapshot";
    if (!member.required && !named) continue;
    const Shape* type = member.shape;
    std::string key = prefix + member.location_name;
    if (type->type == Shape::Type::kList) {
      const Member& element = type->list_member;
      std::string item_key = key + "." + element.location_name + ".1";
      if (element.shape->type == Shape::Type::kStructure) {
        AddMembers(element.shape, item_key + ".", operation, variant, depth + 1, body);
      } else {
        auto found = Scalars().find(member.name == "SnapshotIdentifierList" ? "SnapshotIdentifier"
                                                                            : member.name);
        std::string value = found != Scalars().end() ? found->second : "x";
        if (member.name == "SnapshotIdentifierList") value = variant.value(value);
        *body +=
            "&" + item_key + "=" + (variant.encode_all ? PercentEncodeAll(value) : Encode(value));
      }
      continue;
    }
    if (type->type == Shape::Type::kStructure) {
      AddMembers(type, key + ".", operation, variant, depth + 1, body);
      continue;
    }
    std::string value;
    auto created = CreatedNames().find(operation);
    if (created != CreatedNames().end() && created->second.first == member.name) {
      value = created->second.second;
    } else if (auto found = Scalars().find(member.name); found != Scalars().end()) {
      value = found->second;
    } else if (type->type == Shape::Type::kBoolean) {
      value = "true";
    } else if (type->type == Shape::Type::kInteger || type->type == Shape::Type::kLong) {
      value = type->min ? std::to_string(*type->min) : "1";
    } else if (!type->enum_values.empty()) {
      value = type->enum_values.front();
    } else if (member.name.find("Document") != std::string::npos ||
               member.name == "PolicyInputList") {
      value =
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
    } else {
      value = "x";
    }
    bool identifier = IdentifierMembers().count(member.name) == 1;
    if (identifier) value = variant.value(value);
    *body += "&" + key + "=" +
             (identifier && variant.encode_all ? PercentEncodeAll(value) : Encode(value));
  }
}

HttpResponse Redshift(IdentityHarness& h, const std::string& body) {
  return h.Call("redshift", "Version=2012-12-01&" + body, kRoot);
}

// The resources every operation may act on, created by root.
void Seed(IdentityHarness& h) {
  auto ok = [&](HttpResponse response, const std::string& what) {
    INFO(what << " -> " << response.body);
    REQUIRE(response.status == 200);
  };
  const std::string cluster =
      "&NodeType=ra3.xlplus&NumberOfNodes=2&MasterUsername=admin&MasterUserPassword=Passw0rd1";
  ok(Redshift(h, "Action=CreateCluster&ClusterIdentifier=prod-db" + cluster), "cluster");
  ok(Redshift(h,
              "Action=CreateClusterSnapshot&ClusterIdentifier=prod-db&SnapshotIdentifier="
              "prodsnap"),
     "snapshot");
  ok(Redshift(h,
              "Action=CreateClusterParameterGroup&ParameterGroupName=prod-pg&"
              "ParameterGroupFamily=redshift-1.0&Description=x"),
     "parameter group");
  ok(Redshift(h,
              "Action=CreateClusterSecurityGroup&ClusterSecurityGroupName=prod-sg&"
              "Description=x"),
     "security group");
  ok(Redshift(h,
              "Action=CreateClusterSubnetGroup&ClusterSubnetGroupName=prod-subnets&"
              "Description=x&SubnetIds.SubnetIdentifier.1=subnet-0123456789abcdef0"),
     "subnet group");
  ok(Redshift(h,
              "Action=CreateEventSubscription&SubscriptionName=prod-sub&SnsTopicArn=arn:aws:"
              "sns:us-east-1:111111111111:topic"),
     "subscription");
  ok(Redshift(h, "Action=CreateHsmClientCertificate&HsmClientCertificateIdentifier=prod-cert"),
     "hsm certificate");
  ok(Redshift(h,
              "Action=CreateHsmConfiguration&HsmConfigurationIdentifier=prod-hsm&"
              "Description=x&HsmIpAddress=10.0.0.1&HsmPartitionName=p&HsmPartitionPassword="
              "pw&HsmServerPublicCertificate=c&HsmClientCertificateIdentifier=prod-cert"),
     "hsm configuration");
  ok(Redshift(h, "Action=CreateSnapshotCopyGrant&SnapshotCopyGrantName=prod-grant"), "grant");
  ok(h.Iam("Action=CreateUser&UserName=Alice&Path=/team/", kRoot), "user");
  ok(h.Iam("Action=CreateGroup&GroupName=Devs", kRoot), "group");
  ok(h.Iam("Action=AddUserToGroup&GroupName=Devs&UserName=Alice", kRoot), "membership");
  ok(h.Iam("Action=CreateRole&RoleName=Ops&AssumeRolePolicyDocument=" +
               testing::TrustFor("arn:aws:iam::111111111111:user/team/Alice"),
           kRoot),
     "role");
  const std::string allow = Encode(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})");
  ok(h.Iam("Action=CreatePolicy&PolicyName=Pol&PolicyDocument=" + allow, kRoot), "policy");
  ok(h.Iam("Action=PutUserPolicy&UserName=Alice&PolicyName=pol&PolicyDocument=" + allow, kRoot),
     "inline");
}

// The ARN's resource type as the store names row types ("cluster",
// "snapshot", …; IAM: "iam-user", "iam-group", "iam-role", "iam-policy").
std::string ArnType(const std::string& arn) {
  if (arn.rfind("arn:aws:iam::", 0) == 0) {
    size_t colon = arn.find(':', 13);
    if (colon == std::string::npos) return "";
    std::string rest = arn.substr(colon + 1);
    size_t slash = rest.find('/');
    return slash == std::string::npos ? "" : "iam-" + rest.substr(0, slash);
  }
  if (arn.rfind("arn:aws:redshift:", 0) != 0) return "";
  size_t field = 0;
  for (int i = 0; i < 5 && field != std::string::npos; ++i) field = arn.find(':', field + 1);
  if (field == std::string::npos) return "";
  size_t end = arn.find(':', field + 1);
  return end == std::string::npos ? "" : arn.substr(field + 1, end - field - 1);
}

struct Outcome {
  int requests = 0;
  int succeeded = 0;
  int compared = 0;  // touched resources compared with an authorized one
  std::vector<std::string> mismatches;
};

void Check(IdentityHarness& h, const std::string& service, const std::string& operation,
           const std::string& request_id, Outcome* outcome, const std::string& body) {
  HttpRequest request;
  request.method = "GET";
  request.target = "/_emulator/decisions?limit=1000";
  HttpResponse decisions = h.pipeline->Handle(request);
  REQUIRE(decisions.status == 200);
  auto json = Value::FromJson(decisions.body);
  REQUIRE(json.ok());
  std::set<std::string> authorized;
  std::set<std::string> authorized_types;
  std::vector<std::pair<std::string, std::string>> touched;  // type, arn
  for (const Value& record : json->Find("decisions")->items()) {
    if (record.GetString("request_id") != request_id) continue;
    std::string resource = record.GetString("resource");
    authorized.insert(resource);
    if (resource != "*") authorized_types.insert(ArnType(resource));
    if (const Value* list = record.Find("touched")) {
      for (const Value& access : list->items()) {
        std::string kind = access.GetString("access");
        if (kind == "read" || kind == "insert")
          touched.emplace_back(access.GetString("type"), access.GetString("arn"));
      }
    }
  }
  for (const auto& [type, arn] : touched) {
    if (authorized_types.count(type) == 0) continue;
    // Automated snapshots ("rs:<cluster>-<time>") are the service's own doing
    // (a new cluster's first backup), not a resource the request names.
    if (arn.find(":snapshot:") != std::string::npos && arn.find("/rs:") != std::string::npos)
      continue;
    ++outcome->compared;
    if (authorized.count(arn) == 0) {
      std::string list;
      for (const std::string& a : authorized) list += " " + a;
      outcome->mismatches.push_back(service + ":" + operation + " touched " + arn +
                                    " but authorized" + list + " [" + body + "]");
    }
  }
}

}  // namespace

TEST_CASE("authz differential: the gate authorizes exactly what each handler touches") {
  std::map<std::string, Outcome> outcomes;
  int operations = 0;
  for (const ServiceModel* model : Models::Get().all()) {
    std::vector<std::string> names = Registry::Default().Implemented(model->service());
    for (const std::string& operation : names) {
      const Operation* op = model->FindOperation(operation);
      REQUIRE(op != nullptr);
      ++operations;
      Outcome& outcome = outcomes[model->service() + ":" + operation];
      for (const Variant& variant : Variants()) {
        IdentityHarness h;
        Seed(h);
        std::string body = "Action=" + operation;
        AddMembers(op->input, "", operation, variant, 0, &body);
        std::string version = model->api_version();
        HttpResponse response = h.Call(model->service(), "Version=" + version + "&" + body, kRoot);
        ++outcome.requests;
        if (response.status != 200) continue;
        ++outcome.succeeded;
        std::string request_id;
        for (const auto& [name, value] : response.headers) {
          if (name == "x-amzn-RequestId") request_id = value;
        }
        Check(h, model->service(), operation, request_id, &outcome, body);
      }
    }
  }
  int compared_operations = 0;
  for (const auto& [name, outcome] : outcomes) {
    for (const std::string& mismatch : outcome.mismatches) FAIL_CHECK(mismatch);
    if (outcome.compared > 0) ++compared_operations;
  }
  MESSAGE("authz differential: " << operations << " operations, " << compared_operations
                                 << " with touched resources compared");
  // The generator must reach the handlers of most operations: a change that
  // makes the requests fail validation must not silently empty this test.
  CHECK(compared_operations * 2 > operations);
}

}  // namespace rsemu::api
