// Microbenchmarks (Google Benchmark) for the per-request stages: form decode of
// CreateCluster, XML encode of a 100-cluster DescribeClusters page, SigV4
// verification, one authorization decision over 10 policies x 10 statements,
// and whole signed requests through the in-memory pipeline.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "api/authenticator.h"
#include "api/form.h"
#include "api/model.h"
#include "api/pipeline.h"
#include "api/query_decoder.h"
#include "api/registry.h"
#include "api/request_context.h"
#include "api/sigv4.h"
#include "api/xml_encoder.h"
#include "authz/evaluator.h"
#include "authz/policy_parser.h"
#include "common/clock.h"
#include "common/ids.h"
#include "common/log.h"
#include "storage/database.h"
#include "storage/resource_store.h"

namespace rsemu::bench {
namespace {

constexpr char kCreateBody[] =
    "Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=bench-cluster-1"
    "&NodeType=ra3.xlplus&MasterUsername=admin&MasterUserPassword=Passw0rd1"
    "&ClusterType=multi-node&NumberOfNodes=2&DBName=dev&Port=5439"
    "&Tags.Tag.1.Key=team&Tags.Tag.1.Value=analytics"
    "&Tags.Tag.2.Key=env&Tags.Tag.2.Value=prod"
    "&VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-0123456789abcdef0"
    "&Encrypted=true&PubliclyAccessible=false";

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, result.status().ToString().c_str());
    std::abort();
  }
  return std::move(result).value();
}

const api::ServiceModel& Redshift() { return *api::Models::Get().ForService("redshift"); }

// The measured bodies are kept out of line so that callgrind can collect just
// them: valgrind --tool=callgrind --toggle-collect='*Measured*' rsemu_microbench ...
// RSEMU_BENCH_ITERATIONS=N fixes every benchmark's iteration count (for
// instruction counts per call under callgrind).
void Iterations(benchmark::internal::Benchmark* bench) {
  if (const char* n = std::getenv("RSEMU_BENCH_ITERATIONS")) bench->Iterations(std::atoll(n));
}

[[gnu::noinline]] HttpResponse MeasuredHandle(api::Pipeline* pipeline, const HttpRequest& request) {
  return pipeline->Handle(request);
}

[[gnu::noinline]] authz::AuthzResult MeasuredEvaluate(const authz::AuthzRequest& request,
                                                      const authz::PolicySet& policies) {
  return authz::Evaluate(request, policies);
}

[[gnu::noinline]] std::string MeasuredEncode(const api::Operation& op, const api::Value& page) {
  return api::EncodeResponse(Redshift(), op, &page, "request-id");
}

void BM_FormDecodeCreateCluster(benchmark::State& state) {
  const api::Operation* op = Redshift().FindOperation("CreateCluster");
  for (auto _ : state) {
    auto form = Must(api::FormParams::Parse(kCreateBody, ""), "form");
    auto input = api::DecodeInput(Redshift(), op->input, form);
    benchmark::DoNotOptimize(input);
  }
}
BENCHMARK(BM_FormDecodeCreateCluster)->Apply(Iterations);

// An in-memory store with the handlers, for building realistic outputs.
struct Store {
  std::unique_ptr<storage::Database> db = Must(storage::Database::Open(":memory:"), "open");
  storage::ResourceStore resources{db.get()};
  storage::TagStore tags{db.get()};
  IdGenerator ids{1};
  api::PipelineOptions options;
  HttpRequest http;

  api::RequestContext Context(const char* operation) {
    api::RequestContext context;
    context.request_id = "bench";
    context.http = &http;
    context.model = &Redshift();
    context.operation = Redshift().FindOperation(operation);
    context.region = "us-east-1";
    context.principal = api::Principal::Root(api::kDefaultAccount);
    context.now_millis = 1'700'000'000'000;
    context.db = db.get();
    context.resources = &resources;
    context.tags = &tags;
    context.ids = &ids;
    context.options = &options;
    return context;
  }

  api::Value Call(const char* operation, const std::string& body) {
    auto context = Context(operation);
    auto form = Must(api::FormParams::Parse(body, ""), "form");
    auto input = Must(api::DecodeInput(Redshift(), context.operation->input, form), "decode");
    auto handler = api::Registry::Default().Find("redshift", operation);
    return Must(handler(context, input), operation);
  }
};

void BM_XmlEncodeClusterPage(benchmark::State& state) {
  Store store;
  for (int i = 0; i < 100; ++i) {
    char body[256];
    std::snprintf(body, sizeof(body),
                  "ClusterIdentifier=page-%03d&NodeType=ra3.xlplus&MasterUsername=admin"
                  "&MasterUserPassword=Passw0rd1&ClusterType=single-node"
                  "&Tags.Tag.1.Key=team&Tags.Tag.1.Value=t%d",
                  i, i);
    store.Call("CreateCluster", body);
  }
  api::Value page = store.Call("DescribeClusters", "MaxRecords=100");
  const api::Operation* op = Redshift().FindOperation("DescribeClusters");
  size_t bytes = 0;
  for (auto _ : state) {
    std::string xml = MeasuredEncode(*op, page);
    bytes = xml.size();
    benchmark::DoNotOptimize(xml);
  }
  state.counters["xml_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_XmlEncodeClusterPage)->Apply(Iterations);

// A request signed the way an SDK signs it.
HttpRequest SignedRequest(const std::string& body, const std::string& key,
                          const std::string& secret) {
  HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.body = body;
  request.headers = {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"host", "127.0.0.1:4599"},
                     {"x-amz-date", "20261128T120000Z"}};
  api::SigV4Authorization auth;
  auth.scope = {key, "20261128", "us-east-1", "redshift"};
  auth.signed_headers = "content-type;host;x-amz-date";
  auth.signed_header_names = {"content-type", "host", "x-amz-date"};
  auth.amz_date = "20261128T120000Z";
  std::string canonical = api::CanonicalRequest(request, auth);
  std::string signature = api::SignatureHex(api::DeriveSigningKey(secret, auth.scope),
                                            api::StringToSign(auth, canonical));
  request.headers.emplace_back("authorization",
                               "AWS4-HMAC-SHA256 Credential=" + key +
                                   "/20261128/us-east-1/redshift/aws4_request, SignedHeaders=" +
                                   auth.signed_headers + ", Signature=" + signature);
  return request;
}

void BM_SigV4Verify(benchmark::State& state) {
  HttpRequest request = SignedRequest(kCreateBody, "AKIDBENCH", "secret");
  api::SigningKeyCache cache;
  for (auto _ : state) {
    auto auth = Must(api::ParseSigV4(request), "parse");
    Status status = api::VerifySignature(request, auth, "secret", &cache);
    if (!status.ok()) state.SkipWithError("signature does not verify");
  }
}
BENCHMARK(BM_SigV4Verify)->Apply(Iterations);

// Ten policies of ten statements; only the last statement of the last policy
// allows, so the evaluator walks every statement and condition.
authz::PolicySet TenByTen() {
  authz::PolicySet set;
  for (int p = 0; p < 10; ++p) {
    std::string json = "{\"Version\":\"2012-10-17\",\"Statement\":[";
    for (int s = 0; s < 10; ++s) {
      bool allows = p == 9 && s == 9;
      if (s > 0) json += ",";
      json += "{\"Sid\":\"S" + std::to_string(s) + "\",\"Effect\":\"Allow\",\"Action\":[" +
              (s % 2 == 0 ? "\"redshift:Modify*\"" : "\"redshift:ModifyCluster\"") +
              ",\"redshift:Describe*\"],\"Resource\":\"arn:aws:redshift:*:123456789012:cluster:*" +
              "\",\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/team\":\"" +
              (allows ? std::string("t9") : "other-" + std::to_string(p)) +
              "\",\"aws:RequestedRegion\":\"us-east-1\"}}}";
    }
    json += "]}";
    set.identity.push_back(
        {"policy-" + std::to_string(p),
         Must(authz::ParsePolicy(json, authz::PolicyKind::kIdentity), "policy")});
  }
  return set;
}

void BM_AuthzDecision10x10(benchmark::State& state) {
  authz::PolicySet policies = TenByTen();
  authz::AuthzRequest request;
  request.action = "redshift:ModifyCluster";
  request.resource = "arn:aws:redshift:us-east-1:123456789012:cluster:c1";
  request.principal_arn = "arn:aws:iam::123456789012:user/alice";
  request.principal_account = "123456789012";
  request.context.Set("aws:ResourceTag/team", std::string("t9"));
  request.context.Set("aws:RequestedRegion", std::string("us-east-1"));
  request.context.Set("aws:PrincipalArn", request.principal_arn);
  request.context.Set("aws:SecureTransport", std::string("false"));
  for (auto _ : state) {
    authz::AuthzResult result = MeasuredEvaluate(request, policies);
    if (result.decision != authz::Decision::kAllow) state.SkipWithError("not allowed");
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_AuthzDecision10x10)->Apply(Iterations);

// Stores `clusters` single-node clusters, 200 per account (the node quota),
// in accounts 100000000000, 100000000001, ...
void SeedClusters(api::Pipeline* pipeline, int clusters) {
  for (int i = 0; i < clusters; ++i) {
    char create[256];
    std::snprintf(create, sizeof(create),
                  "Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=p-%06d"
                  "&NodeType=ra3.xlplus&MasterUsername=admin&MasterUserPassword=Passw0rd1"
                  "&ClusterType=single-node",
                  i);
    std::string account = std::to_string(100000000000LL + i / 200);
    auto response = pipeline->Handle(SignedRequest(create, account, "secret"));
    if (response.status != 200) std::abort();
  }
}

// Whole requests through the pipeline (no network): what the server does per request.
// `clusters` are stored first (SeedClusters; a 12-digit access key signs as the
// root of that account); the measured request is signed by account 100000000000.
void PipelineRequest(benchmark::State& state, const std::string& body, int clusters) {
  SetLogLevel(LogLevel::kOff);
  api::PipelineOptions options;
  auto pipeline = Must(api::Pipeline::Create(options, std::make_shared<SystemClock>()), "pipeline");
  SeedClusters(pipeline.get(), clusters);
  HttpRequest request = SignedRequest(body, "100000000000", "secret");
  // One unmeasured call first: a read settles the new clusters' "creating"
  // state once (a write per cluster), which is not what a read costs after.
  if (pipeline->Handle(request).status != 200) std::abort();
  for (auto _ : state) {
    HttpResponse response = MeasuredHandle(pipeline.get(), request);
    if (response.status != 200) state.SkipWithError(response.body.c_str());
    benchmark::DoNotOptimize(response);
  }
}

// One iteration = CreateCluster + DeleteCluster of the same cluster (the loadgen's
// writes mix), with state.range(0) other clusters stored in other accounts: the
// pair's cost should not grow with them.
void BM_PipelineCreateDelete(benchmark::State& state) {
  SetLogLevel(LogLevel::kOff);
  api::PipelineOptions options;
  auto pipeline = Must(api::Pipeline::Create(options, std::make_shared<SystemClock>()), "pipeline");
  SeedClusters(pipeline.get(), static_cast<int>(state.range(0)));
  HttpRequest create = SignedRequest(kCreateBody, "AKIDBENCH", "secret");
  HttpRequest remove = SignedRequest(
      "Action=DeleteCluster&Version=2012-12-01&ClusterIdentifier=bench-cluster-1"
      "&SkipFinalClusterSnapshot=true",
      "AKIDBENCH", "secret");
  for (auto _ : state) {
    HttpResponse created = MeasuredHandle(pipeline.get(), create);
    if (created.status != 200) state.SkipWithError(created.body.c_str());
    HttpResponse deleted = MeasuredHandle(pipeline.get(), remove);
    if (deleted.status != 200) state.SkipWithError(deleted.body.c_str());
  }
}
BENCHMARK(BM_PipelineCreateDelete)->Arg(0)->Arg(10000)->Apply(Iterations);

void BM_PipelineDescribeOne(benchmark::State& state) {
  PipelineRequest(state, "Action=DescribeClusters&Version=2012-12-01&ClusterIdentifier=p-000000",
                  1);
}
BENCHMARK(BM_PipelineDescribeOne)->Apply(Iterations);

// The first page of 100 with state.range(0) clusters stored in all: its cost
// should not grow with the total.
void BM_PipelineDescribePage100(benchmark::State& state) {
  PipelineRequest(state, "Action=DescribeClusters&Version=2012-12-01&MaxRecords=100",
                  static_cast<int>(state.range(0)));
}
BENCHMARK(BM_PipelineDescribePage100)->Arg(100)->Arg(10000)->Apply(Iterations);

}  // namespace
}  // namespace rsemu::bench

BENCHMARK_MAIN();
