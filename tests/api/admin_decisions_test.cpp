// In-process tests of GET /_emulator/decisions through Pipeline::Handle: the
// response stays bounded when requests put megabytes into the recorded fields,
// and the paging parameters (limit cap, before, after) and their errors.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <string>

#include "api/pipeline.h"
#include "common/clock.h"
#include "tests/api/identity_harness.h"

namespace rsemu::api {
namespace {

constexpr int64_t kStart = 1764316800000;  // 2025-11-28T08:00:00Z

struct Harness {
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(kStart);
  std::unique_ptr<Pipeline> pipeline;

  Harness() {
    PipelineOptions options;
    options.seed = 11;
    auto created = Pipeline::Create(options, clock);
    REQUIRE(created.ok());
    pipeline = std::move(created).value();
  }

  // An unsigned request: the root user, whose checks are recorded as Allow.
  HttpResponse Post(const std::string& body) {
    HttpRequest request;
    request.method = "POST";
    request.target = "/";
    request.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    request.body = body;
    return pipeline->Handle(request);
  }

  HttpResponse Get(const std::string& target) {
    HttpRequest request;
    request.method = "GET";
    request.target = target;
    return pipeline->Handle(request);
  }
};

rapidjson::Document Parse(const std::string& json) {
  rapidjson::Document document;
  document.Parse(json.c_str(), json.size());
  REQUIRE_FALSE(document.HasParseError());
  return document;
}

std::string CreateTags(const std::string& resource) {
  return "Action=CreateTags&Version=2012-12-01&ResourceName=" + resource +
         "&Tags.Tag.1.Key=k&Tags.Tag.1.Value=v";
}

}  // namespace

TEST_CASE("decisions endpoint: 50 denials quoting a 1 MB User-Agent twice give a bounded page") {
  // The failed conditions of a record quote the request's value: here a 1 MB
  // User-Agent header (aws:UserAgent), once per conditional statement.
  testing::IdentityHarness h;
  testing::Credentials creds = testing::UserWithKey(h, "agent");
  std::string policy = R"({"Version":"2012-10-17","Statement":[)";
  for (int i = 0; i < 2; ++i) {
    policy += std::string(i ? "," : "") +
              R"({"Effect":"Allow","Action":"redshift:DescribeClusters","Resource":"*",)"
              R"("Condition":{"StringEquals":{"aws:UserAgent":"sdk-)" +
              std::to_string(i) + R"("}}})";
  }
  policy += "]}";
  REQUIRE(h.Iam("Action=PutUserPolicy&UserName=agent&PolicyName=p&PolicyDocument=" +
                testing::Encode(policy))
              .status == 200);
  const std::string agent = "agent/" + std::string(1000 * 1000, 'u');
  for (int i = 0; i < 50; ++i) {
    HttpRequest request = testing::IdentityHarness::Signed(
        "redshift", "Action=DescribeClusters&Version=2012-12-01", creds, h.clock->NowMillis());
    request.headers.emplace_back("user-agent", agent);
    REQUIRE(h.pipeline->Handle(request).status == 403);
  }
  HttpRequest get;
  get.method = "GET";
  get.target = "/_emulator/decisions?decision=ImplicitDeny";
  HttpResponse response = h.pipeline->Handle(get);
  REQUIRE(response.status == 200);
  // Before the fix every record kept both quotes whole: this page was 100 MB.
  CHECK(response.body.size() < 256 * 1024);
  rapidjson::Document document = Parse(response.body);
  const auto& decisions = document["decisions"];
  REQUIRE(decisions.Size() == 50);
  const auto& failed = decisions[49]["failed_conditions"];
  REQUIRE(failed.Size() == 2);
  std::string quoted = failed[0].GetString();
  CHECK(quoted.size() < 600);
  CHECK(quoted.find("aws:UserAgent") != std::string::npos);
  CHECK(quoted.find("\xE2\x80\xA6(+") != std::string::npos);
  CHECK(quoted.ends_with(" bytes)"));
}

TEST_CASE("decisions endpoint: limit is capped, before/after page, bad cursors are 400") {
  Harness h;
  for (int i = 0; i < 12; ++i)
    h.Post(CreateTags("arn:aws:redshift:us-east-1:123456789012:cluster:c" + std::to_string(i)));

  rapidjson::Document page = Parse(h.Get("/_emulator/decisions?limit=5").body);
  REQUIRE(page["decisions"].Size() == 5);
  CHECK(page["more"].GetBool());
  uint64_t oldest = page["next_before"].GetUint64();
  uint64_t newest = page["next_after"].GetUint64();
  CHECK(newest == oldest + 4);
  CHECK(std::string(page["decisions"][4]["resource"].GetString()).ends_with(":c11"));

  rapidjson::Document back =
      Parse(h.Get("/_emulator/decisions?limit=5&before=" + std::to_string(oldest)).body);
  REQUIRE(back["decisions"].Size() == 5);
  CHECK(back["decisions"][4]["seq"].GetUint64() == oldest - 1);
  CHECK(std::string(back["decisions"][4]["resource"].GetString()).ends_with(":c6"));

  rapidjson::Document forward =
      Parse(h.Get("/_emulator/decisions?after=" + std::to_string(oldest)).body);
  REQUIRE(forward["decisions"].Size() == 4);
  CHECK_FALSE(forward["more"].GetBool());
  CHECK(forward["next_after"].GetUint64() == newest);

  rapidjson::Document all = Parse(h.Get("/_emulator/decisions?limit=99999999999999999999999").body);
  CHECK(all["decisions"].Size() == 12);
  CHECK_FALSE(all["more"].GetBool());

  // A cursor past every record (even a saturated one) reads nothing.
  rapidjson::Document none =
      Parse(h.Get("/_emulator/decisions?after=99999999999999999999999").body);
  CHECK(none["decisions"].Size() == 0);
  CHECK_FALSE(none["more"].GetBool());

  for (const char* bad :
       {"limit=0", "limit=-1", "limit=", "before=0", "before=x", "after=1.5", "after="}) {
    CAPTURE(bad);
    CHECK(h.Get(std::string("/_emulator/decisions?") + bad).status == 400);
  }
}

}  // namespace rsemu::api
