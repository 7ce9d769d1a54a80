// Tests for the model-driven protocol layer: a synthetic model with every shape
// kind decoded from form keys and encoded back to XML, plus the real models on
// request bodies captured from botocore, the CLI and the JS SDK.
#include <doctest/doctest.h>

#include "api/form.h"
#include "api/model.h"
#include "api/query_decoder.h"
#include "api/xml_encoder.h"

namespace rsemu::api {
namespace {

constexpr const char* kSyntheticModel = R"({
  "metadata": {"apiVersion": "2020-01-01", "xmlNamespace": "urn:test"},
  "operations": {
    "Everything": {"name": "Everything", "input": {"shape": "EverythingInput"},
                   "output": {"shape": "EverythingInput", "resultWrapper": "EverythingResult"}},
    "NoOutput": {"name": "NoOutput", "input": {"shape": "Small"}}
  },
  "shapes": {
    "EverythingInput": {"type": "structure", "required": ["Name"], "members": {
      "Name": {"shape": "Name"},
      "Count": {"shape": "Int"},
      "Big": {"shape": "Long"},
      "Ratio": {"shape": "Double"},
      "On": {"shape": "Bool"},
      "When": {"shape": "Stamp"},
      "Data": {"shape": "Blob"},
      "Color": {"shape": "Color"},
      "Renamed": {"shape": "Name", "locationName": "OtherName"},
      "Items": {"shape": "ItemList"},
      "Plain": {"shape": "PlainList"},
      "Flat": {"shape": "FlatList"},
      "Attrs": {"shape": "AttrMap"},
      "Nested": {"shape": "Small"}
    }},
    "Small": {"type": "structure", "members": {"Key": {"shape": "Name"}, "Values": {"shape": "PlainList"}}},
    "Name": {"type": "string", "min": 1, "max": 10},
    "Int": {"type": "integer", "min": 1, "max": 5},
    "Long": {"type": "long"},
    "Double": {"type": "double"},
    "Bool": {"type": "boolean"},
    "Stamp": {"type": "timestamp"},
    "Blob": {"type": "blob"},
    "Color": {"type": "string", "enum": ["red", "green"]},
    "ItemList": {"type": "list", "member": {"shape": "Small", "locationName": "Item"}, "max": 3},
    "PlainList": {"type": "list", "member": {"shape": "Name"}},
    "FlatList": {"type": "list", "member": {"shape": "Name"}, "flattened": true},
    "AttrMap": {"type": "map", "key": {"shape": "Name"}, "value": {"shape": "Name"}},
    "Oops": {"type": "structure", "members": {}, "exception": true,
             "error": {"code": "OopsCode", "httpStatusCode": 409, "senderFault": true}}
  }
})";

const ServiceModel& Synthetic() {
  static auto model = ServiceModel::Load("test", kSyntheticModel);
  REQUIRE(model.ok());
  return **model;
}

Result<Value> Decode(const ServiceModel& model, const std::string& operation,
                     const std::string& body) {
  auto form = FormParams::Parse(body, "");
  if (!form.ok()) return form.status();
  return DecodeInput(model, model.FindOperation(operation)->input, *form);
}

}  // namespace

TEST_CASE("every shape kind decodes from its wire form") {
  auto value = Decode(
      Synthetic(), "Everything",
      "Name=n&Count=3&Big=-9000000000&Ratio=2.5&On=true&When=2024-01-02T05:04:05%2B02:00&Data=AAEC"
      "&Color=red&OtherName=r&Items.Item.1.Key=a&Items.Item.1.Values.member.1=x"
      "&Items.Item.2.Key=b&Plain.member.1=p1&Plain.member.2=p2&Flat.1=f1&Flat.2=f2"
      "&Attrs.entry.1.key=k1&Attrs.entry.1.value=v1&Attrs.entry.2.key=k2&Attrs.entry.2.value=v2"
      "&Nested.Key=nk&Unknown=ignored");
  REQUIRE_MESSAGE(value.ok(), value.status().ToString());
  CHECK(value->GetString("Name") == "n");
  CHECK(value->GetInt("Count") == 3);
  CHECK(value->GetInt("Big") == -9000000000LL);
  CHECK(value->Find("Ratio")->AsDouble() == 2.5);
  CHECK(value->GetBool("On"));
  CHECK(value->GetString("When") == "2024-01-02T03:04:05.000Z");
  CHECK(value->GetString("Data") == "AAEC");
  CHECK(value->GetString("Renamed") == "r");
  REQUIRE(value->Find("Items")->size() == 2);
  CHECK(value->Find("Items")->items()[0].Find("Values")->items()[0].AsString() == "x");
  CHECK(value->Find("Items")->items()[1].GetString("Key") == "b");
  CHECK(value->Find("Plain")->size() == 2);
  CHECK(value->Find("Flat")->items()[1].AsString() == "f2");
  CHECK(value->Find("Attrs")->GetString("k2") == "v2");
  CHECK(value->Find("Nested")->GetString("Key") == "nk");
  CHECK_FALSE(value->Has("Unknown"));
}

TEST_CASE("the encoder writes what the decoder reads, with the model's names") {
  auto value = Decode(Synthetic(), "Everything",
                      "Name=a%26b&Count=2&Ratio=20&On=false&Items.Item.1.Key=k&Flat.1=f1&Plain=&"
                      "Attrs.entry.1.key=k1&Attrs.entry.1.value=v1");
  REQUIRE(value.ok());
  const Operation& op = *Synthetic().FindOperation("Everything");
  std::string xml = EncodeResponse(Synthetic(), op, &*value, "req-1");
  CHECK(xml.find("<EverythingResponse xmlns=\"urn:test\"><EverythingResult>") != std::string::npos);
  CHECK(xml.find("<Name>a&amp;b</Name>") != std::string::npos);
  CHECK(xml.find("<Ratio>20.0</Ratio>") != std::string::npos);
  CHECK(xml.find("<On>false</On>") != std::string::npos);
  CHECK(xml.find("<Items><Item><Key>k</Key></Item></Items>") != std::string::npos);
  CHECK(xml.find("<Flat>f1</Flat>") != std::string::npos);
  CHECK(xml.find("<Plain></Plain>") != std::string::npos);
  CHECK(xml.find("<Attrs><entry><key>k1</key><value>v1</value></entry></Attrs>") !=
        std::string::npos);
  CHECK(xml.find("<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></"
                 "EverythingResponse>") != std::string::npos);
  std::string no_output =
      EncodeResponse(Synthetic(), *Synthetic().FindOperation("NoOutput"), nullptr, "r2");
  CHECK(no_output.find("Result") == std::string::npos);
  CHECK(no_output.find("<NoOutputResponse xmlns=\"urn:test\"><ResponseMetadata>") !=
        std::string::npos);
}

TEST_CASE("members outside the model are never encoded") {
  Value value = Value::Object();
  value.Set("Name", Value::String("n"));
  value.Set("_Internal", Value::String("secret"));
  std::string xml =
      EncodeResponse(Synthetic(), *Synthetic().FindOperation("Everything"), &value, "r");
  CHECK(xml.find("secret") == std::string::npos);
}

TEST_CASE("decoder errors are typed, in the service's style") {
  auto missing = Decode(Synthetic(), "Everything", "Count=1");
  CHECK(missing.status().error() == "ValidationError");  // a non-Redshift service
  CHECK(missing.status().message().find("'name'") != std::string::npos);
  CHECK(Decode(Synthetic(), "Everything", "Name=n&Count=abc").status().error() ==
        "ValidationError");
  CHECK(Decode(Synthetic(), "Everything", "Name=n&Count=9")
            .status()
            .message()
            .find("less than or equal to 5") != std::string::npos);
  CHECK(Decode(Synthetic(), "Everything", "Name=n&Color=blue")
            .status()
            .message()
            .find("[red, green]") != std::string::npos);
  CHECK_FALSE(Decode(Synthetic(), "Everything", "Name=abcdefghijk").ok());  // max length 10
  CHECK_FALSE(Decode(Synthetic(), "Everything", "Name=").ok());             // min length 1
  CHECK_FALSE(
      Decode(Synthetic(), "Everything",
             "Name=n&Items.Item.1.Key=a&Items.Item.2.Key=b&Items.Item.3.Key=c&Items.Item.4.Key=d")
          .ok());  // list max 3
  CHECK_FALSE(Decode(Synthetic(), "Everything", "Name=n&When=tomorrow").ok());
  CHECK_FALSE(Decode(Synthetic(), "Everything", "Name=n&Ratio=1.5x").ok());
  CHECK_FALSE(Decode(Synthetic(), "Everything", "Name=n&Count=99999999999").ok());

  const ServiceModel& redshift = Models::Get().redshift();
  auto no_node_type = Decode(redshift, "CreateCluster", "ClusterIdentifier=a&MasterUsername=u");
  CHECK(no_node_type.status().error() == "MissingParameter");
  CHECK(no_node_type.status().message() == "The request must contain the parameter NodeType.");
  auto bad_bool = Decode(redshift, "CreateCluster",
                         "ClusterIdentifier=a&NodeType=x&MasterUsername=u&Encrypted=maybe");
  CHECK(bad_bool.status().error() == "InvalidParameterValue");
  auto bad_int = Decode(redshift, "CreateCluster",
                        "ClusterIdentifier=a&NodeType=x&MasterUsername=u&NumberOfNodes=abc");
  CHECK(bad_int.status().error() == "InvalidParameterValue");
  CHECK(bad_int.status().message().find("NumberOfNodes") != std::string::npos);
}

TEST_CASE("errors take code and status from the model, else from AWS's common errors") {
  ErrorInfo modeled = ResolveError(&Synthetic(), Status::AwsError("Oops", "m"));
  CHECK(modeled.code == "OopsCode");
  CHECK(modeled.http_status == 409);
  const ServiceModel& redshift = Models::Get().redshift();
  ErrorInfo not_found = ResolveError(&redshift, Status::AwsError("ClusterNotFoundFault", "gone"));
  CHECK(not_found.code == "ClusterNotFound");
  CHECK(not_found.http_status == 404);
  CHECK(ResolveError(&redshift, Status::AwsError("ClusterNotFound", "gone")).http_status == 404);
  ErrorInfo subnet =
      ResolveError(&redshift, Status::AwsError("ClusterSubnetGroupNotFoundFault", "x"));
  CHECK(subnet.code == "ClusterSubnetGroupNotFoundFault");
  CHECK(subnet.http_status == 400);
  CHECK(ResolveError(&redshift, Status::AwsError("ClusterSecurityGroupQuotaExceededFault", "x"))
            .code == "QuotaExceeded.ClusterSecurityGroup");
  CHECK(ResolveError(&redshift, Status::AwsError("InvalidAction", "x")).http_status == 400);
  CHECK(ResolveError(&redshift, Status::AwsError("InvalidClientTokenId", "x")).http_status == 403);
  ErrorInfo internal = ResolveError(&redshift, Status::Internal("boom"));
  CHECK(internal.http_status == 500);
  CHECK_FALSE(internal.sender);
  CHECK(ResolveError(&Models::Get().iam(), Status::AwsError("NoSuchEntityException", "x")).code ==
        "NoSuchEntity");
  std::string xml = EncodeError("urn:test", not_found, "rid");
  CHECK(
      xml.find(
          "<ErrorResponse xmlns=\"urn:test\"><Error><Type>Sender</Type><Code>ClusterNotFound</Code>"
          "<Message>gone</Message></Error><RequestId>rid</RequestId></ErrorResponse>") !=
      std::string::npos);
}

// Bodies captured from real clients (shared reference query-protocol.md §7).
TEST_CASE("captured CreateCluster bodies from boto3 and the JS SDK decode identically") {
  const ServiceModel& redshift = Models::Get().redshift();
  auto boto = Decode(
      redshift, "CreateCluster",
      "Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=my-cluster&NodeType=ra3.xlplus&"
      "MasterUsername=awsuser&MasterUserPassword=Passw0rd%21&NumberOfNodes=2&ClusterType=multi-"
      "node&"
      "Port=5439&Encrypted=true&PubliclyAccessible=false&Tags.Tag.1.Key=env&Tags.Tag.1.Value=dev&"
      "Tags.Tag.2.Key=team&Tags.Tag.2.Value=data+eng&VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-"
      "0123456789abcdef0&VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-0fedcba9876543210&IamRoles."
      "IamRoleArn.1=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FRedshiftRole1&IamRoles.IamRoleArn.2="
      "arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FRedshiftRole2");
  auto js = Decode(
      redshift, "CreateCluster",
      "Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=my-cluster&NodeType=ra3.xlplus&"
      "MasterUsername=awsuser&ClusterType=multi-node&MasterUserPassword=Passw0rd%21&"
      "VpcSecurityGroupIds."
      "VpcSecurityGroupId.1=sg-0123456789abcdef0&VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-"
      "0fedcba9876543210&Port=5439&NumberOfNodes=2&PubliclyAccessible=false&Encrypted=true&Tags."
      "Tag.1."
      "Key=env&Tags.Tag.1.Value=dev&Tags.Tag.2.Key=team&Tags.Tag.2.Value=data%20eng&IamRoles."
      "IamRoleArn."
      "1=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FRedshiftRole1&IamRoles.IamRoleArn.2=arn%3Aaws%"
      "3Aiam%"
      "3A%3A123456789012%3Arole%2FRedshiftRole2");
  REQUIRE(boto.ok());
  REQUIRE(js.ok());
  CHECK(*boto == *js);
  CHECK(boto->Find("Tags")->items()[1].GetString("Value") == "data eng");
  CHECK(boto->Find("IamRoles")->items()[0].AsString() ==
        "arn:aws:iam::123456789012:role/RedshiftRole1");
  CHECK(boto->GetString("MasterUserPassword") == "Passw0rd!");
}

TEST_CASE("captured list, nested-locationName and map encodings decode") {
  const ServiceModel& redshift = Models::Get().redshift();
  auto describe = Decode(
      redshift, "DescribeClusters",
      "Action=DescribeClusters&Version=2012-12-01&MaxRecords=20&Marker=abc%2Fdef%2B%3D&TagKeys."
      "TagKey.1=env&TagKeys.TagKey.2=team&TagValues.TagValue.1=dev&TagValues.TagValue.2=prod");
  REQUIRE(describe.ok());
  CHECK(describe->GetString("Marker") == "abc/def+=");
  CHECK(describe->Find("TagValues")->items()[1].AsString() == "prod");
  auto options =
      Decode(redshift, "DescribeNodeConfigurationOptions",
             "ActionType=restore-cluster&Filter.NodeConfigurationOptionsFilter.1.Name=NodeType&"
             "Filter.NodeConfigurationOptionsFilter.1.Operator=eq&"
             "Filter.NodeConfigurationOptionsFilter.1.Value.item.1=ra3.xlplus&"
             "Filter.NodeConfigurationOptionsFilter.1.Value.item.2=dc2.large");
  REQUIRE_MESSAGE(options.ok(), options.status().ToString());
  const Value& filter = options->Find("Filters")->items()[0];
  CHECK(filter.Find("Values")->items()[1].AsString() == "dc2.large");
  auto events = Decode(
      redshift, "DescribeEvents",
      "StartTime=2024-01-02T03%3A04%3A05Z&EndTime=2024-01-03T00%3A00%3A00Z&SourceType=cluster");
  REQUIRE(events.ok());
  CHECK(events->GetString("EndTime") == "2024-01-03T00:00:00.000Z");
  auto bad_enum = Decode(redshift, "DescribeEvents", "SourceType=planet");
  CHECK(bad_enum.status().error() == "InvalidParameterValue");
  auto parameters = Decode(
      redshift, "ModifyClusterParameterGroup",
      "ParameterGroupName=my-pg&Parameters.Parameter.1.ParameterName=enable_user_activity_logging&"
      "Parameters.Parameter.1.ParameterValue=true&Parameters.Parameter.1.ApplyType=static&"
      "Parameters.Parameter.1.IsModifiable=true&Parameters.Parameter.2.ParameterName=statement_"
      "timeout&Parameters.Parameter.2.ParameterValue=60000");
  REQUIRE(parameters.ok());
  CHECK(parameters->Find("Parameters")->items()[0].GetBool("IsModifiable"));
  CHECK(parameters->Find("Parameters")->items()[1].GetString("ParameterValue") == "60000");
  auto map = Decode(redshift, "CreateIntegration",
                    "SourceArn=arn%3Aaws%3As3%3A%3A%3Abucket&TargetArn=arn%3Aaws%3Aredshift%3Aus-"
                    "east-1%3A123456789012%3Anamespace%3Aabc&"
                    "IntegrationName=i&AdditionalEncryptionContext.entry.1.key=a&"
                    "AdditionalEncryptionContext.entry.1.value=1");
  REQUIRE_MESSAGE(map.ok(), map.status().ToString());
  CHECK(map->Find("AdditionalEncryptionContext")->GetString("a") == "1");
  const ServiceModel& sts = Models::Get().sts();
  auto assume = Decode(
      sts, "AssumeRole",
      "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FRedshiftRole1&RoleSessionName=sess1&"
      "PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess&DurationSeconds="
      "900&"
      "Tags.member.1.Key=a&Tags.member.1.Value=b");
  REQUIRE(assume.ok());
  CHECK(assume->Find("PolicyArns")->items()[0].GetString("arn") ==
        "arn:aws:iam::aws:policy/ReadOnlyAccess");
  CHECK(assume->GetInt("DurationSeconds") == 900);
}

TEST_CASE("every output shape of the three models encodes without surprises") {
  // Each operation's output with an empty object encodes to a well-formed envelope.
  for (const ServiceModel* model : Models::Get().all()) {
    for (const auto& [name, operation] : model->operations()) {
      Value empty = Value::Object();
      std::string xml = EncodeResponse(*model, operation, &empty, "r");
      CHECK(xml.find("<" + name + "Response xmlns=\"" + model->xml_namespace() + "\">") !=
            std::string::npos);
    }
  }
  CHECK(Models::Get().redshift().operations().size() == 141);
}

}  // namespace rsemu::api
