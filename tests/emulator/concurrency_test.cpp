// Concurrency tests of the whole emulator: a real Server with two I/O threads in
// front of a real Pipeline (system clock, SQLite in memory), driven by several
// client threads at once over keep-alive connections. They exercise what the
// I/O threads share: the pipeline's store mutex, the decision log, the policy
// parse and policy-set caches, the signing-key cache, the id generator and the
// session registry. Every test case is named "Concurrency: ..." so
// scripts/tsan.sh can run them (with the server tests) under ThreadSanitizer:
//   rsemu_tests -tc='Concurrency:*'
#include <doctest/doctest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <latch>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/pipeline.h"
#include "common/clock.h"
#include "emulator/options.h"
#include "emulator/server.h"
#include "tests/api/identity_harness.h"

namespace rsemu {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using api::testing::Credentials;
using api::testing::Encode;

constexpr unsigned kIoThreads = 2;

// A started emulator on an ephemeral port with kIoThreads I/O threads.
struct LiveEmulator {
  std::unique_ptr<api::Pipeline> pipeline;
  std::unique_ptr<Server> server;

  LiveEmulator() {
    api::PipelineOptions options;
    options.seed = 3;
    auto created = api::Pipeline::Create(options, std::make_shared<SystemClock>());
    REQUIRE(created.ok());
    pipeline = std::move(created).value();
    ServerOptions server_options;
    server_options.host = "127.0.0.1";
    server_options.port = 0;
    server_options.threads = kIoThreads;
    server_options.handle_signals = false;
    server = std::make_unique<Server>(server_options, *pipeline);
    Status started = server->Start();
    REQUIRE_MESSAGE(started.ok(), started.ToString());
    REQUIRE(server->thread_count() == kIoThreads);
  }
  ~LiveEmulator() {
    server->Stop();
    server->Wait();
    server.reset();
    (void)pipeline->Close();
  }
};

struct Reply {
  int status = 0;  // 0: no answer (connection failure or timeout)
  std::string body;
};

// A blocking keep-alive client with a deadline on every operation; reconnects
// after the server closes. One per thread.
class Client {
 public:
  explicit Client(uint16_t port) : port_(port) {}

  Reply Send(const HttpRequest& request) {
    if (!connected_ && !Connect()) return {};
    http::request<http::string_body> out{http::string_to_verb(request.method), request.target, 11};
    out.set(http::field::host, "127.0.0.1:4599");
    for (const auto& [name, value] : request.headers) out.set(name, value);
    out.body() = request.body;
    out.keep_alive(true);
    out.prepare_payload();
    beast::error_code error;
    stream_->expires_after(kTimeout);
    http::async_write(*stream_, out, [&](beast::error_code ec, std::size_t) { error = ec; });
    Run();
    http::response<http::string_body> response;
    if (!error) {
      stream_->expires_after(kTimeout);
      http::async_read(*stream_, buffer_, response,
                       [&](beast::error_code ec, std::size_t) { error = ec; });
      Run();
    }
    if (error) {
      connected_ = false;
      return {};
    }
    if (!response.keep_alive()) connected_ = false;
    return {static_cast<int>(response.result_int()), std::move(response.body())};
  }

  Reply Get(const std::string& target) {
    HttpRequest request;
    request.method = "GET";
    request.target = target;
    return Send(request);
  }

  // An unsigned awsQuery request: the root user of 123456789012.
  Reply Post(const std::string& body) {
    HttpRequest request;
    request.method = "POST";
    request.target = "/";
    request.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    request.body = body;
    return Send(request);
  }

  Reply Signed(const std::string& service, const std::string& body, const Credentials& creds) {
    return Send(
        api::testing::IdentityHarness::Signed(service, body, creds, SystemClock().NowMillis()));
  }

 private:
  static constexpr std::chrono::seconds kTimeout{60};  // generous: TSan is slow

  bool Connect() {
    buffer_.clear();
    stream_ = std::make_unique<beast::tcp_stream>(ioc_);
    beast::error_code error;
    stream_->expires_after(kTimeout);
    stream_->async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_),
                           [&](beast::error_code ec) { error = ec; });
    Run();
    connected_ = !error;
    return connected_;
  }
  void Run() {
    ioc_.restart();
    ioc_.run();
  }

  uint16_t port_;
  net::io_context ioc_;
  std::unique_ptr<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  bool connected_ = false;
};

std::string Field(const std::string& body, const std::string& tag) {
  size_t start = body.find("<" + tag + ">");
  if (start == std::string::npos) return "";
  start += tag.size() + 2;
  return body.substr(start, body.find("</" + tag + ">", start) - start);
}

std::string CreateCluster(const std::string& id, const std::string& extra = "") {
  return "Action=CreateCluster&Version=2012-12-01&ClusterIdentifier=" + id +
         "&NodeType=dc2.large&MasterUsername=awsuser&MasterUserPassword=Passw0rd1" + extra;
}

std::string Iam(const std::string& body) { return "Version=2010-05-08&" + body; }

// Collects the unexpected replies of all threads (doctest's CHECK is not
// meant to be called from several threads at once).
class Problems {
 public:
  void Expect(bool ok, const std::string& what, const Reply& reply) {
    if (ok) return;
    std::lock_guard<std::mutex> lock(mutex_);
    list_.push_back(what + " -> " + std::to_string(reply.status) + " " + reply.body.substr(0, 300));
  }
  std::vector<std::string> list() {
    std::lock_guard<std::mutex> lock(mutex_);
    return list_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> list_;
};

void CheckNone(Problems& problems) {
  std::vector<std::string> list = problems.list();
  for (const std::string& problem : list) FAIL_CHECK(problem);
  CHECK(list.empty());
}

}  // namespace

TEST_CASE("Concurrency: identical CreateCluster from 8 clients over 2 I/O threads, one wins") {
  LiveEmulator emulator;
  constexpr int kClients = 8;
  std::latch start(kClients);
  std::vector<Reply> replies(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      Client client(emulator.server->port());
      start.arrive_and_wait();
      replies[static_cast<size_t>(i)] = client.Post(CreateCluster("race-cluster"));
    });
  }
  for (std::thread& thread : threads) thread.join();
  int won = 0;
  int exists = 0;
  for (const Reply& reply : replies) {
    if (reply.status == 200) ++won;
    if (reply.status == 400 && Field(reply.body, "Code") == "ClusterAlreadyExists") ++exists;
  }
  CHECK(won == 1);
  CHECK(exists == kClients - 1);
  Client client(emulator.server->port());
  Reply described = client.Post("Action=DescribeClusters&Version=2012-12-01");
  CHECK(described.status == 200);
  CHECK(described.body.find("<ClusterIdentifier>race-cluster</ClusterIdentifier>") !=
        std::string::npos);
}

TEST_CASE("Concurrency: signed, unsigned, IAM and admin traffic over 2 I/O threads") {
  LiveEmulator emulator;
  Client setup(emulator.server->port());
  // alice may do anything in Redshift except tag with env=prod.
  REQUIRE(setup.Post(Iam("Action=CreateUser&UserName=alice")).status == 200);
  Reply key = setup.Post(Iam("Action=CreateAccessKey&UserName=alice"));
  REQUIRE(key.status == 200);
  Credentials alice{Field(key.body, "AccessKeyId"), Field(key.body, "SecretAccessKey"), ""};
  std::string policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"redshift:*",)"
      R"("Resource":"*"},{"Sid":"NoProd","Effect":"Deny","Action":"redshift:CreateTags",)"
      R"("Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/env":"prod"}}}]})";
  REQUIRE(setup
              .Post(Iam("Action=PutUserPolicy&UserName=alice&PolicyName=p&PolicyDocument=" +
                        Encode(policy)))
              .status == 200);
  REQUIRE(setup.Post(Iam("Action=CreateUser&UserName=bob")).status == 200);

  constexpr int kRounds = 12;
  Problems problems;
  std::atomic<int> denied{0};
  std::latch start(4);
  const uint16_t port = emulator.server->port();
  std::vector<std::thread> threads;
  threads.reserve(4);  // also spares GCC 12 at -O3 a false -Warray-bounds in emplace_back
  // alice: a cluster's life, with an allowed and a denied CreateTags.
  threads.emplace_back([&] {
    Client client(port);
    start.arrive_and_wait();
    for (int i = 0; i < kRounds; ++i) {
      std::string id = "alice-" + std::to_string(i);
      std::string arn = "arn:aws:redshift:us-east-1:123456789012:cluster:" + id;
      Reply r = client.Signed("redshift", CreateCluster(id), alice);
      problems.Expect(r.status == 200, "alice CreateCluster", r);
      r = client.Signed("redshift",
                        "Action=CreateTags&Version=2012-12-01&ResourceName=" + Encode(arn) +
                            "&Tags.Tag.1.Key=env&Tags.Tag.1.Value=dev",
                        alice);
      problems.Expect(r.status == 200, "alice CreateTags env=dev", r);
      r = client.Signed("redshift",
                        "Action=CreateTags&Version=2012-12-01&ResourceName=" + Encode(arn) +
                            "&Tags.Tag.1.Key=env&Tags.Tag.1.Value=prod",
                        alice);
      problems.Expect(r.status == 403, "alice CreateTags env=prod", r);
      if (r.status == 403) denied.fetch_add(1);
      r = client.Signed("redshift", "Action=DescribeClusters&Version=2012-12-01", alice);
      problems.Expect(r.status == 200, "alice DescribeClusters", r);
      r = client.Signed("redshift",
                        "Action=DeleteCluster&Version=2012-12-01&ClusterIdentifier=" + id +
                            "&SkipFinalClusterSnapshot=true",
                        alice);
      problems.Expect(r.status == 200, "alice DeleteCluster", r);
    }
  });
  // root, unsigned: clusters and long tag resource names (clipped decision records).
  threads.emplace_back([&] {
    Client client(port);
    start.arrive_and_wait();
    for (int i = 0; i < kRounds; ++i) {
      std::string id = "root-" + std::to_string(i);
      Reply r = client.Post(CreateCluster(id, "&Tags.Tag.1.Key=owner&Tags.Tag.1.Value=root"));
      problems.Expect(r.status == 200, "root CreateCluster", r);
      r = client.Post("Action=CreateTags&Version=2012-12-01&ResourceName=" +
                      std::string(20000, 'n') + "&Tags.Tag.1.Key=k&Tags.Tag.1.Value=v");
      problems.Expect(r.status >= 400 && r.status < 500, "root CreateTags on a junk ARN", r);
      r = client.Post("Action=DescribeClusters&Version=2012-12-01&ClusterIdentifier=" + id);
      problems.Expect(r.status == 200, "root DescribeClusters", r);
    }
  });
  // IAM writes (each drops the cached policy sets) and the simulator (parse cache).
  threads.emplace_back([&] {
    Client client(port);
    start.arrive_and_wait();
    for (int i = 0; i < kRounds; ++i) {
      std::string document =
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"redshift:Describe*",)"
          R"("Resource":"arn:aws:redshift:us-east-1:123456789012:cluster:c)" +
          std::to_string(i) + R"("}]})";
      Reply r = client.Post(Iam("Action=PutUserPolicy&UserName=bob&PolicyName=p" +
                                std::to_string(i) + "&PolicyDocument=" + Encode(document)));
      problems.Expect(r.status == 200, "PutUserPolicy bob", r);
      r = client.Post(
          Iam("Action=SimulateCustomPolicy&PolicyInputList.member.1=" + Encode(document) +
              "&ActionNames.member.1=redshift:DescribeClusters"
              "&ResourceArns.member.1=arn:aws:redshift:us-east-1:123456789012:"
              "cluster:c" +
              std::to_string(i)));
      problems.Expect(r.status == 200 && r.body.find("allowed") != std::string::npos,
                      "SimulateCustomPolicy", r);
      r = client.Post(Iam("Action=DeleteUserPolicy&UserName=bob&PolicyName=p" + std::to_string(i)));
      problems.Expect(r.status == 200, "DeleteUserPolicy bob", r);
    }
  });
  // admin: health and decision pages while the others record decisions.
  threads.emplace_back([&] {
    Client client(port);
    start.arrive_and_wait();
    uint64_t after = 0;
    for (int i = 0; i < kRounds * 2; ++i) {
      Reply r = client.Get("/_emulator/health");
      problems.Expect(r.status == 200, "health", r);
      r = client.Get("/_emulator/decisions?limit=20" +
                     (after ? "&after=" + std::to_string(after) : std::string()));
      problems.Expect(r.status == 200 && r.body.starts_with("{\"decisions\":["), "decisions", r);
      std::string next = r.body.substr(r.body.rfind("\"next_after\":") + 13);
      after = std::strtoull(next.c_str(), nullptr, 10);
    }
  });
  for (std::thread& thread : threads) thread.join();
  CheckNone(problems);
  CHECK(denied.load() == kRounds);

  Reply denials = setup.Get("/_emulator/decisions?decision=ExplicitDeny");
  CHECK(denials.status == 200);
  CHECK(api::testing::Occurrences(denials.body, "\"decision\":\"ExplicitDeny\"") == kRounds);
}

TEST_CASE("Concurrency: reset while 3 clients send requests over 2 I/O threads") {
  LiveEmulator emulator;
  const uint16_t port = emulator.server->port();
  Problems problems;
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      Client client(port);
      for (int i = 0; !done.load(); ++i) {
        std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        // A reset may come between a create and its delete: then it is gone.
        Reply r = client.Post(CreateCluster(id));
        problems.Expect(r.status == 200, "CreateCluster during resets", r);
        r = client.Post("Action=DeleteCluster&Version=2012-12-01&ClusterIdentifier=" + id +
                        "&SkipFinalClusterSnapshot=true");
        problems.Expect(r.status == 200 || Field(r.body, "Code") == "ClusterNotFound",
                        "DeleteCluster during resets", r);
        r = client.Post(Iam("Action=CreateUser&UserName=" + id));
        problems.Expect(r.status == 200, "CreateUser during resets", r);
        r = client.Post(Iam("Action=DeleteUser&UserName=" + id));
        problems.Expect(r.status == 200 || Field(r.body, "Code") == "NoSuchEntity",
                        "DeleteUser during resets", r);
      }
    });
  }
  Client admin(port);
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Reply r = admin.Send([] {
      HttpRequest request;
      request.method = "POST";
      request.target = "/_emulator/reset";
      return request;
    }());
    problems.Expect(r.status == 200, "reset", r);
  }
  done.store(true);
  for (std::thread& thread : threads) thread.join();
  CheckNone(problems);
  CHECK(admin.Get("/_emulator/health").status == 200);
}

}  // namespace rsemu
