// In-process tests of the whole request path (Pipeline::Handle) with a fixed
// clock and seeded ids: routing, bad input, the cluster slice, isolation, admin.
#include "api/pipeline.h"

#include <doctest/doctest.h>

#include <regex>

#include "common/clock.h"

namespace rsemu::api {
namespace {

constexpr int64_t kStart = 1764316800000;  // 2025-11-28T08:00:00Z

struct Harness {
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(kStart);
  std::unique_ptr<Pipeline> pipeline;

  explicit Harness(double delay_seconds = 0) {
    PipelineOptions options;
    options.seed = 7;
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
    request.body = body;
    return pipeline->Handle(request);
  }

  HttpResponse Create(const std::string& id, const std::string& extra = "",
                      const std::string& key = "") {
    return Post("Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=" + id +
                    "&NodeType=dc2.large&MasterUsername=awsuser&MasterUserPassword=Passw0rd1" +
                    extra,
                key);
  }
};

std::string Code(const HttpResponse& response) {
  std::smatch match;
  std::regex code("<Code>([^<]*)</Code>");
  return std::regex_search(response.body, match, code) ? match[1].str() : "";
}

std::string Header(const HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

int Count(const std::string& text, const std::string& needle) {
  int count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

}  // namespace

TEST_CASE("bad input gets AWS errors with the request id in header and body, and changes nothing") {
  Harness h;
  struct Case {
    std::string body;
    int status;
    std::string code;
  };
  std::vector<Case> cases = {
      {"", 400, "MissingAction"},
      {"Version=2012-12-01", 400, "MissingAction"},
      {"Action=DescribeClusters&Marker=%G1", 400, "MalformedQueryString"},
      {"Action=CreateCluster&ClusterIdentifier=a&ClusterIdentifier=b", 400, "MalformedQueryString"},
      {"Action=CreateCluster&ClusterIdentifier=a&MasterUsername=u", 400, "MissingParameter"},
      {"Action=CreateCluster&ClusterIdentifier=a&NodeType=dc2.large&MasterUsername=u&"
       "MasterUserPassword=Passw0rd1&"
       "NumberOfNodes=abc",
       400, "InvalidParameterValue"},
      {"Action=CreateCluster&ClusterIdentifier=a&NodeType=dc2.large&MasterUsername=u&"
       "MasterUserPassword=Passw0rd1&"
       "Encrypted=maybe",
       400, "InvalidParameterValue"},
      {"Action=DescribeClusters&MaxRecords=10", 400, "InvalidParameterValue"},
      {"Action=DescribeClusters&MaxRecords=101", 400, "InvalidParameterValue"},
      {"Action=DescribeClusters&Marker=bm90LWEtbWFya2Vy", 400, "InvalidParameterValue"},
      {"Action=FooBar", 400, "InvalidAction"},
      {"Action=DescribeReservedNodes&Version=2012-12-01", 501, "NotImplemented"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    HttpResponse response = h.Post(c.body);
    CHECK(response.status == c.status);
    CHECK(Code(response) == c.code);
    std::string id = Header(response, "x-amzn-RequestId");
    CHECK(response.body.find("<RequestId>" + id + "</RequestId>") != std::string::npos);
  }
  CHECK(h.Post("Action=DescribeReservedNodes").body.find("DescribeReservedNodes") !=
        std::string::npos);
  HttpRequest put;
  put.method = "PUT";
  put.target = "/";
  put.body = "Action=DescribeClusters";
  CHECK(h.pipeline->Handle(put).status == 400);
  HttpRequest json;
  json.method = "POST";
  json.target = "/";
  json.headers.emplace_back("content-type", "application/json");
  json.body = "{\"Action\":\"CreateCluster\"}";
  CHECK(h.pipeline->Handle(json).status == 400);
  HttpRequest get;
  get.method = "GET";
  get.target = "/?Action=DescribeClusters&Version=2012-12-01";
  HttpResponse listed = h.pipeline->Handle(get);
  CHECK(listed.status == 200);
  CHECK(listed.body.find("<Clusters></Clusters>") != std::string::npos);
  HttpResponse refused = h.pipeline->Refuse(413, "too big");
  CHECK(refused.status == 413);
  CHECK(refused.close_connection);
  CHECK(Code(refused) == "RequestEntityTooLarge");
}

TEST_CASE("a malformed Authorization header is IncompleteSignature") {
  Harness h;
  HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.headers.emplace_back("authorization", "AWS4-HMAC-SHA256 garbage");
  request.headers.emplace_back("x-amz-date", "20251128T080000Z");
  request.body = "Action=DescribeClusters";
  HttpResponse response = h.pipeline->Handle(request);
  CHECK(response.status == 400);
  CHECK(Code(response) == "IncompleteSignature");
}

TEST_CASE("CreateCluster validation follows Redshift's rules") {
  Harness h;
  struct Case {
    std::string id, extra, code;
  };
  std::vector<Case> cases = {
      {"My_Cluster", "", "InvalidParameterValue"},
      {"1abc", "", "InvalidParameterValue"},
      {"ab--c", "", "InvalidParameterValue"},
      {"abc-", "", "InvalidParameterValue"},
      {std::string(64, 'a'), "", "InvalidParameterValue"},
      {"ok", "&NodeType=ds2.xlarge", "MalformedQueryString"},  // NodeType given twice
      {"ok", "&ClusterType=multi-node", "InvalidParameterValue"},
      {"ok", "&ClusterType=single-node&NumberOfNodes=3", "InvalidParameterCombination"},
      {"ok", "&ClusterType=triple", "InvalidParameterValue"},
      {"ok", "&NumberOfNodes=40", "NumberOfNodesPerClusterLimitExceeded"},
      {"ok", "&Port=80", "InvalidParameterValue"},
      {"ok", "&DBName=select", "InvalidParameterValue"},
      {"ok", "&DBName=Dev", "InvalidParameterValue"},
      {"ok", "&ManageMasterPassword=true", "InvalidParameterCombination"},
      {"ok", "&AutomatedSnapshotRetentionPeriod=36", "InvalidRetentionPeriodFault"},
      {"ok", "&ManualSnapshotRetentionPeriod=0", "InvalidRetentionPeriodFault"},
      {"ok", "&PreferredMaintenanceWindow=sat:03:30-sat:03:45", "InvalidParameterValue"},
      {"ok", "&PreferredMaintenanceWindow=someday", "InvalidParameterValue"},
      {"ok", "&AvailabilityZone=eu-west-1a", "InvalidParameterValue"},
      {"ok", "&ClusterParameterGroupName=missing-pg", "ClusterParameterGroupNotFound"},
      {"ok", "&ClusterSubnetGroupName=missing-sg", "ClusterSubnetGroupNotFoundFault"},
      {"ok", "&ClusterSecurityGroups.ClusterSecurityGroupName.1=nope",
       "ClusterSecurityGroupNotFound"},
      {"ok", "&IamRoles.IamRoleArn.1=not-an-arn", "InvalidParameterValue"},
      {"ok",
       "&IamRoles.IamRoleArn.1=arn:aws:iam::123456789012:role/"
       "A&DefaultIamRoleArn=arn:aws:iam::123456789012:role/B",
       "InvalidParameterValue"},
      {"ok", "&Tags.Tag.1.Key=aws:reserved&Tags.Tag.1.Value=v", "InvalidTagFault"},
      {"ok", "&Tags.Tag.1.Key=a&Tags.Tag.2.Key=a", "InvalidTagFault"},
      {"ok", "&Encrypted=false", "InvalidParameterValue"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.extra);
    CHECK(Code(h.Create(c.id, c.extra)) == c.code);
  }
  std::string weak_passwords[] = {"short1A",
                                  "alllower1",
                                  "ALLUPPER1",
                                  "NoDigitsHere",
                                  "Has+space1A",
                                  "Quote'1Aa",
                                  std::string(65, 'a') + "A1"};
  for (const std::string& password : weak_passwords) {
    CAPTURE(password);
    HttpResponse response = h.Post(
        "Action=CreateCluster&ClusterIdentifier=p&NodeType=dc2.large&MasterUsername=awsuser&"
        "MasterUserPassword=" +
        password);
    CHECK(Code(response) == "InvalidParameterValue");
  }
  CHECK(
      Code(h.Post(
          "Action=CreateCluster&ClusterIdentifier=p&NodeType=dc2.large&MasterUsername=awsuser")) ==
      "MissingParameter");
  CHECK(Code(h.Post(
            "Action=CreateCluster&ClusterIdentifier=p&NodeType=ra3.4xlarge&MasterUsername=awsuser&"
            "MasterUserPassword=Passw0rd1")) == "InvalidParameterCombination");
  CHECK(Code(h.Post(
            "Action=CreateCluster&ClusterIdentifier=p&NodeType=ds2.xlarge&MasterUsername=awsuser&"
            "MasterUserPassword=Passw0rd1")) == "InvalidParameterValue");
  CHECK(Code(h.Post(
            "Action=CreateCluster&ClusterIdentifier=p&NodeType=dc2.large&MasterUsername=public&"
            "MasterUserPassword=Passw0rd1")) == "InvalidParameterValue");
  CHECK(h.Post("Action=DescribeClusters").body.find("<Cluster>") ==
        std::string::npos);  // nothing was created
}

TEST_CASE("a cluster is created, settles, pages and is deleted") {
  Harness h;
  HttpResponse created =
      h.Create("my-cluster", "&NumberOfNodes=2&Tags.Tag.1.Key=env&Tags.Tag.1.Value=dev");
  REQUIRE(created.status == 200);
  CHECK(created.body.find("<ClusterStatus>creating</ClusterStatus>") != std::string::npos);
  CHECK(created.body.find("<Endpoint>") == std::string::npos);
  CHECK(created.body.find("<PendingModifiedValues><MasterUserPassword>****</MasterUserPassword>") !=
        std::string::npos);
  CHECK(created.body.find("<Tags><Tag><Key>env</Key><Value>dev</Value></Tag></Tags>") !=
        std::string::npos);
  CHECK(created.body.find("_Settle") == std::string::npos);
  HttpResponse described = h.Post("Action=DescribeClusters&ClusterIdentifier=my-cluster");
  CHECK(described.body.find("<ClusterStatus>available</ClusterStatus>") != std::string::npos);
  CHECK(std::regex_search(
      described.body,
      std::regex("<Endpoint><Address>my-cluster\\.[a-z0-9]{12}\\.us-east-1\\.redshift\\."
                 "amazonaws\\.com</Address><Port>5439</Port></Endpoint>")));
  CHECK(described.body.find("<NodeRole>COMPUTE-1</NodeRole>") != std::string::npos);
  CHECK(Code(h.Create("my-cluster")) == "ClusterAlreadyExists");

  for (int i = 0; i < 44; ++i) REQUIRE(h.Create("c" + std::to_string(100 + i)).status == 200);
  // 45 clusters in pages of 20: 20, 20, 5; an old marker still works.
  std::string marker;
  std::vector<int> pages;
  std::string first_marker;
  do {
    HttpResponse page = h.Post("Action=DescribeClusters&MaxRecords=20" +
                               (marker.empty() ? "" : "&Marker=" + marker));
    REQUIRE(page.status == 200);
    pages.push_back(Count(page.body, "<Cluster>"));
    std::smatch match;
    marker = std::regex_search(page.body, match, std::regex("<Marker>([^<]*)</Marker>"))
                 ? match[1].str()
                 : "";
    for (char& ch : marker) {
      if (ch == '+') ch = '-';  // keep the form value intact below
    }
    if (first_marker.empty()) first_marker = marker;
  } while (!marker.empty());
  CHECK(pages == std::vector<int>{20, 20, 5});
  CHECK(Count(h.Post("Action=DescribeClusters&MaxRecords=20&Marker=" + first_marker).body,
              "<Cluster>") == 20);
  CHECK(Code(h.Post("Action=DescribeClusters&ClusterIdentifier=c100&Marker=" + first_marker)) ==
        "InvalidParameterCombination");
  // Tag filters: any of the keys, any of the values.
  CHECK(Count(h.Post("Action=DescribeClusters&TagKeys.TagKey.1=env&TagKeys.TagKey.2=x").body,
              "<Cluster>") == 1);
  CHECK(Count(h.Post("Action=DescribeClusters&TagValues.TagValue.1=prod").body, "<Cluster>") == 0);

  CHECK(Code(h.Post("Action=DeleteCluster&ClusterIdentifier=my-cluster")) ==
        "InvalidParameterCombination");
  CHECK(
      Code(h.Post("Action=DeleteCluster&ClusterIdentifier=my-cluster&SkipFinalClusterSnapshot=true&"
                  "FinalClusterSnapshotIdentifier=f")) == "InvalidParameterCombination");
  CHECK(Code(h.Post("Action=DeleteCluster&ClusterIdentifier=nope&SkipFinalClusterSnapshot=true")) ==
        "ClusterNotFound");
  HttpResponse deleted =
      h.Post("Action=DeleteCluster&ClusterIdentifier=my-cluster&SkipFinalClusterSnapshot=true");
  CHECK(deleted.status == 200);
  CHECK(deleted.body.find("<ClusterStatus>deleting</ClusterStatus>") != std::string::npos);
  HttpResponse gone = h.Post("Action=DescribeClusters&ClusterIdentifier=my-cluster");
  CHECK(gone.status == 404);
  CHECK(Code(gone) == "ClusterNotFound");
  // The name is free again.
  CHECK(h.Create("my-cluster").status == 200);
}

TEST_CASE("with a transition delay the lifecycle is observable on the clock") {
  Harness h(2.0);
  REQUIRE(h.Create("slow").status == 200);
  CHECK(h.Post("Action=DescribeClusters&ClusterIdentifier=slow")
            .body.find("<ClusterStatus>creating") != std::string::npos);
  CHECK(Code(h.Post("Action=DeleteCluster&ClusterIdentifier=slow&SkipFinalClusterSnapshot=true")) ==
        "InvalidClusterState");
  h.clock->Advance(2000);
  CHECK(h.Post("Action=DescribeClusters&ClusterIdentifier=slow")
            .body.find("<ClusterStatus>available") != std::string::npos);
  CHECK(
      h.Post("Action=DeleteCluster&ClusterIdentifier=slow&SkipFinalClusterSnapshot=true").status ==
      200);
  CHECK(h.Post("Action=DescribeClusters&ClusterIdentifier=slow")
            .body.find("<ClusterStatus>deleting") != std::string::npos);
  CHECK(Code(h.Create("slow")) == "ClusterAlreadyExists");
  h.clock->Advance(2000);
  CHECK(Code(h.Post("Action=DescribeClusters&ClusterIdentifier=slow")) == "ClusterNotFound");
}

TEST_CASE("a final snapshot is taken and its identifier must be free") {
  Harness h;
  REQUIRE(h.Create("a").status == 200);
  REQUIRE(h.Create("b").status == 200);
  CHECK(Code(h.Post(
            "Action=DeleteCluster&ClusterIdentifier=a&FinalClusterSnapshotIdentifier=Bad_Id")) ==
        "InvalidParameterValue");
  CHECK(Code(h.Post("Action=DeleteCluster&ClusterIdentifier=a&FinalClusterSnapshotIdentifier=f&"
                    "FinalClusterSnapshotRetentionPeriod=0")) == "InvalidRetentionPeriodFault");
  HttpResponse first =
      h.Post("Action=DeleteCluster&ClusterIdentifier=a&FinalClusterSnapshotIdentifier=final");
  CHECK(first.status == 200);
  CHECK(first.body.find("<ClusterStatus>final-snapshot</ClusterStatus>") != std::string::npos);
  HttpResponse second =
      h.Post("Action=DeleteCluster&ClusterIdentifier=b&FinalClusterSnapshotIdentifier=final");
  CHECK(Code(second) == "ClusterSnapshotAlreadyExists");
  CHECK(h.Post("Action=DescribeClusters&ClusterIdentifier=b").status == 200);  // b was not deleted
}

TEST_CASE("accounts never see each other's clusters") {
  Harness h;
  REQUIRE(h.Create("shared-name", "", "AKIADEFAULTACCOUNT01").status == 200);
  CHECK(Code(h.Post("Action=DescribeClusters&ClusterIdentifier=shared-name", "111111111111")) ==
        "ClusterNotFound");
  CHECK(h.Post("Action=DescribeClusters", "111111111111").body.find("<Cluster>") ==
        std::string::npos);
  CHECK(h.Create("shared-name", "", "111111111111").status == 200);
  CHECK(Code(h.Post(
            "Action=DeleteCluster&ClusterIdentifier=shared-name&SkipFinalClusterSnapshot=true",
            "222222222222")) == "ClusterNotFound");
  CHECK(h.Post("Action=DescribeClusters&ClusterIdentifier=shared-name").status == 200);
}

TEST_CASE("admin endpoints: health and reset") {
  Harness h;
  REQUIRE(h.Create("x").status == 200);
  HttpRequest health;
  health.method = "GET";
  health.target = "/_emulator/health";
  HttpResponse response = h.pipeline->Handle(health);
  CHECK(response.status == 200);
  CHECK(response.body.find("\"status\":\"ok\"") != std::string::npos);
  CHECK(response.body.find("\"CreateCluster\"") != std::string::npos);
  for (const char* path : {"/_emulator/reset", "/moto-api/reset"}) {
    CHECK(h.Post("Action=DescribeClusters").body.find("<Cluster>") != std::string::npos);
    HttpRequest reset;
    reset.method = "POST";
    reset.target = path;
    CHECK(h.pipeline->Handle(reset).status == 200);
    CHECK(h.Post("Action=DescribeClusters").body.find("<Cluster>") == std::string::npos);
    REQUIRE(h.Create("x").status == 200);
  }
  HttpRequest unknown;
  unknown.method = "GET";
  unknown.target = "/_emulator/nothing";
  CHECK(h.pipeline->Handle(unknown).status == 404);
}

}  // namespace rsemu::api
