// rsemu_loadgen: a load generator for rsemu (and any awsQuery endpoint) on
// Beast/Asio. Every request is SigV4-signed with the real algorithm (signing
// key cached per access key and day, as SDKs do), sent over N keep-alive
// connections for a duration; it prints req/s and p50/p99 latency, and the
// server's CPU per request when given its PID.
//
// Mixes: describe-one, describe-page, describe-tags, writes, authz-heavy,
// seed (create clusters only), and --startup-cmd (launch → first answer).
// Output ends with one machine-readable line: "LOADGEN_RESULT key=value ...".
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/sigv4.h"
#include "common/http_message.h"

extern char** environ;

namespace rsemu::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Params = std::vector<std::pair<std::string, std::string>>;

constexpr char kRedshiftVersion[] = "2012-12-01";
constexpr char kIamVersion[] = "2010-05-08";
constexpr int kClustersPerAccount = 200;  // rsemu's node quota per account and region
constexpr int kAuthzPolicies = 20;
constexpr int kAuthzClusters = 8;

struct Options {
  std::string host = "127.0.0.1";
  int port = 4599;
  std::string mix = "describe-one";
  int connections = 32;
  double duration = 5;
  int threads = 1;
  int seed_clusters = 10000;
  int seed_from = 0;  // seed: first cluster index (to grow an already seeded store)
  std::string region = "us-east-1";
  std::string access_key = "AKIDLOADGEN";
  std::string secret = "loadgen-secret";
  int server_pid = 0;
  std::string startup_cmd;
  int repeat = 5;
  bool skip_setup = false;
  std::string tag;  // makes write identifiers unique across runs
};

struct Credentials {
  std::string access_key;
  std::string secret;
};

// One request of a mix: parameters (Action first), credentials and service.
struct Call {
  std::string service = "redshift";
  Params params;
  const Credentials* credentials = nullptr;
};

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + 8);
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

std::string FormBody(const Call& call) {
  std::string body;
  for (const auto& [name, value] : call.params) {
    if (!body.empty()) body.push_back('&');
    body += UrlEncode(name);
    body.push_back('=');
    body += UrlEncode(value);
  }
  return body;
}

// Signs like an SDK: one canonical request and string to sign per request;
// the signing key is derived once per (key, day, region, service).
class Signer {
 public:
  Signer(std::string host_header, std::string region)
      : host_(std::move(host_header)), region_(std::move(region)) {}

  http::request<http::string_body> Build(const Call& call) {
    std::string amz_date = AmzDate();
    HttpRequest request;
    request.method = "POST";
    request.target = "/";
    request.body = FormBody(call);
    request.headers = {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"},
                       {"host", host_},
                       {"x-amz-date", amz_date}};
    api::SigV4Authorization auth;
    auth.scope = {call.credentials->access_key, amz_date.substr(0, 8), region_, call.service};
    auth.signed_headers = "content-type;host;x-amz-date";
    auth.signed_header_names = {"content-type", "host", "x-amz-date"};
    auth.amz_date = amz_date;
    std::string canonical = api::CanonicalRequest(request, auth, api::Sha256Hex(request.body));
    std::string signature =
        api::SignatureHex(Key(*call.credentials, auth.scope), api::StringToSign(auth, canonical));

    http::request<http::string_body> out{http::verb::post, "/", 11};
    out.set(http::field::host, host_);
    out.set(http::field::content_type, request.headers[0].second);
    out.set("X-Amz-Date", amz_date);
    out.set(http::field::authorization,
            "AWS4-HMAC-SHA256 Credential=" + auth.scope.access_key_id + "/" + auth.scope.date +
                "/" + region_ + "/" + call.service +
                "/aws4_request, SignedHeaders=" + auth.signed_headers + ", Signature=" + signature);
    out.keep_alive(true);
    out.body() = std::move(request.body);
    out.prepare_payload();
    return out;
  }

 private:
  static std::string AmzDate() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof(buffer), "%Y%m%dT%H%M%SZ", &tm);
    return buffer;
  }

  const std::array<uint8_t, 32>& Key(const Credentials& credentials,
                                     const api::CredentialScope& scope) {
    std::string id = credentials.access_key + "/" + scope.date + "/" + scope.service;
    auto it = keys_.find(id);
    if (it == keys_.end())
      it = keys_.emplace(id, api::DeriveSigningKey(credentials.secret, scope)).first;
    return it->second;
  }

  std::string host_;
  std::string region_;
  std::map<std::string, std::array<uint8_t, 32>> keys_;
};

// A blocking client for setup calls.
class SyncClient {
 public:
  explicit SyncClient(const Options& options)
      : options_(options),
        signer_(options.host + ":" + std::to_string(options.port), options.region),
        stream_(io_) {}

  http::response<http::string_body> Send(const Call& call) {
    for (int attempt = 0;; ++attempt) {
      try {
        if (!connected_) {
          tcp::resolver resolver(io_);
          stream_.connect(resolver.resolve(options_.host, std::to_string(options_.port)));
          connected_ = true;
        }
        auto request = signer_.Build(call);
        http::write(stream_, request);
        http::response<http::string_body> response;
        http::read(stream_, buffer_, response);
        if (!response.keep_alive()) Close();
        return response;
      } catch (const std::exception& error) {
        Close();
        if (attempt >= 2) throw;
      }
    }
  }

 private:
  void Close() {
    beast::error_code ignored;
    stream_.socket().close(ignored);
    buffer_.clear();
    connected_ = false;
  }

  const Options& options_;
  Signer signer_;
  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bool connected_ = false;
};

std::string XmlText(std::string_view xml, std::string_view tag) {
  std::string open = "<" + std::string(tag) + ">";
  size_t start = xml.find(open);
  if (start == std::string_view::npos) return "";
  start += open.size();
  size_t end = xml.find("</", start);
  return std::string(xml.substr(start, end - start));
}

Params ClusterParams(const std::string& id) {
  return {{"Action", "CreateCluster"},   {"Version", kRedshiftVersion},
          {"ClusterIdentifier", id},     {"NodeType", "ra3.xlplus"},
          {"MasterUsername", "admin"},   {"MasterUserPassword", "Passw0rd1"},
          {"ClusterType", "single-node"}};
}

std::string AccountKey(int index) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "2222%08d", index);
  return buffer;
}

std::string PageClusterId(int index) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "lg-p-%06d", index);
  return buffer;
}

// What the load phase needs, filled in by setup.
struct Workload {
  Credentials root;
  Credentials authz_user;
  std::vector<Credentials> seed_accounts;  // 12-digit keys: the roots of their accounts
  std::vector<std::string> page_markers;   // "" then the markers of further pages
  std::string tags_arn;
  std::vector<std::string> authz_clusters;
  std::atomic<uint64_t> seed_next{0};
};

// The next request of `mix` for connection `connection`, its `sequence`-th;
// nullopt ends the connection.
std::optional<Call> NextCall(const Options& options, Workload& work, int connection,
                             uint64_t sequence) {
  Call call;
  call.credentials = &work.root;
  const std::string& mix = options.mix;
  if (mix == "describe-one") {
    call.params = {{"Action", "DescribeClusters"},
                   {"Version", kRedshiftVersion},
                   {"ClusterIdentifier", "lg-one"}};
  } else if (mix == "describe-page") {
    call.credentials = &work.seed_accounts.front();
    call.params = {
        {"Action", "DescribeClusters"}, {"Version", kRedshiftVersion}, {"MaxRecords", "100"}};
    const std::string& marker =
        work.page_markers[(sequence + connection) % work.page_markers.size()];
    if (!marker.empty()) call.params.emplace_back("Marker", marker);
  } else if (mix == "describe-tags") {
    call.params = {
        {"Action", "DescribeTags"}, {"Version", kRedshiftVersion}, {"ResourceName", work.tags_arn}};
  } else if (mix == "writes") {
    std::string id = "lg-w-" + options.tag + "-" + std::to_string(connection) + "-" +
                     std::to_string(sequence / 2);
    if (sequence % 2 == 0) {
      call.params = ClusterParams(id);
    } else {
      call.params = {{"Action", "DeleteCluster"},
                     {"Version", kRedshiftVersion},
                     {"ClusterIdentifier", id},
                     {"SkipFinalClusterSnapshot", "true"}};
    }
  } else if (mix == "authz-heavy") {
    call.credentials = &work.authz_user;
    const std::string& id = work.authz_clusters[(sequence + connection) % kAuthzClusters];
    call.params = {{"Action", "ModifyCluster"},
                   {"Version", kRedshiftVersion},
                   {"ClusterIdentifier", id},
                   {"AutomatedSnapshotRetentionPeriod", std::to_string(1 + sequence % 7)}};
  } else if (mix == "seed") {
    uint64_t index = work.seed_next.fetch_add(1);
    if (index >= static_cast<uint64_t>(options.seed_clusters)) return std::nullopt;
    call.credentials = &work.seed_accounts[index / kClustersPerAccount];
    call.params = ClusterParams(PageClusterId(static_cast<int>(index)));
  } else {
    return std::nullopt;
  }
  return call;
}

// ---------------------------------------------------------------- load phase

struct ConnectionStats {
  std::vector<uint32_t> latencies_us;
  uint64_t non2xx = 0;
  uint64_t errors = 0;
  std::string first_failure;
};

asio::awaitable<void> RunConnection(const Options& options, Workload& work, int connection,
                                    Clock::time_point deadline, ConnectionStats* stats) {
  auto executor = co_await asio::this_coro::executor;
  Signer signer(options.host + ":" + std::to_string(options.port), options.region);
  tcp::resolver resolver(executor);
  auto endpoints = co_await resolver.async_resolve(options.host, std::to_string(options.port),
                                                   asio::use_awaitable);
  beast::tcp_stream stream(executor);
  beast::flat_buffer buffer;
  bool connected = false;
  uint64_t sequence = 0;
  while (Clock::now() < deadline) {
    std::optional<Call> call = NextCall(options, work, connection, sequence++);
    if (!call) break;
    auto request = signer.Build(*call);
    auto started = Clock::now();
    try {
      if (!connected) {
        co_await stream.async_connect(endpoints, asio::use_awaitable);
        stream.socket().set_option(tcp::no_delay(true));
        connected = true;
      }
      co_await http::async_write(stream, request, asio::use_awaitable);
      http::response<http::string_body> response;
      co_await http::async_read(stream, buffer, response, asio::use_awaitable);
      auto micros =
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
      stats->latencies_us.push_back(static_cast<uint32_t>(micros));
      if (response.result_int() != 200) {
        ++stats->non2xx;
        if (stats->first_failure.empty())
          stats->first_failure = std::to_string(response.result_int()) + " " + response.body();
      }
      if (!response.keep_alive()) {
        beast::error_code ignored;
        stream.socket().close(ignored);
        connected = false;
      }
    } catch (const std::exception& error) {
      ++stats->errors;
      if (stats->first_failure.empty()) stats->first_failure = error.what();
      beast::error_code ignored;
      stream.socket().close(ignored);
      buffer.clear();
      connected = false;
    }
  }
}

int64_t CpuTicks(int pid) {
  if (pid <= 0) return -1;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close = text.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  int64_t utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {  // field 3 is the state
    if (i == 14) utime = std::stoll(field);
    if (i == 15) {
      stime = std::stoll(field);
      break;
    }
  }
  return utime + stime;
}

int64_t RssKb(int pid) {
  if (pid <= 0) return -1;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atoll(line.c_str() + 6);
  }
  return -1;
}

int RunLoad(const Options& options, Workload& work, const std::string& label, double duration) {
  asio::io_context io(options.threads);
  std::vector<ConnectionStats> stats(static_cast<size_t>(options.connections));
  auto deadline = Clock::now() + std::chrono::microseconds(static_cast<int64_t>(duration * 1e6));
  for (int i = 0; i < options.connections; ++i) {
    stats[static_cast<size_t>(i)].latencies_us.reserve(1 << 16);
    asio::co_spawn(io, RunConnection(options, work, i, deadline, &stats[static_cast<size_t>(i)]),
                   asio::detached);
  }
  int64_t cpu0 = CpuTicks(options.server_pid);
  auto started = Clock::now();
  std::vector<std::thread> threads;
  for (int i = 1; i < options.threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : threads) thread.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  int64_t cpu1 = CpuTicks(options.server_pid);

  std::vector<uint32_t> all;
  uint64_t non2xx = 0, errors = 0;
  std::string failure;
  for (const auto& s : stats) {
    all.insert(all.end(), s.latencies_us.begin(), s.latencies_us.end());
    non2xx += s.non2xx;
    errors += s.errors;
    if (failure.empty()) failure = s.first_failure;
  }
  std::sort(all.begin(), all.end());
  auto percentile = [&all](double p) -> uint32_t {
    if (all.empty()) return 0;
    return all[std::min(all.size() - 1, static_cast<size_t>(p * static_cast<double>(all.size())))];
  };
  double rps = static_cast<double>(all.size()) / elapsed;
  double cpu_us = -1;
  if (cpu0 >= 0 && cpu1 >= 0 && !all.empty()) {
    cpu_us = static_cast<double>(cpu1 - cpu0) * 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK)) /
             static_cast<double>(all.size());
  }
  if (!failure.empty()) {
    std::fprintf(stderr, "loadgen %s: first failure: %.1500s\n", label.c_str(), failure.c_str());
  }
  std::printf(
      "LOADGEN_RESULT mix=%s connections=%d requests=%zu duration_s=%.3f rps=%.1f p50_us=%u "
      "p99_us=%u max_us=%u non2xx=%llu errors=%llu cpu_us_per_req=%.1f rss_kb=%lld\n",
      label.c_str(), options.connections, all.size(), elapsed, rps, percentile(0.50),
      percentile(0.99), all.empty() ? 0u : all.back(), static_cast<unsigned long long>(non2xx),
      static_cast<unsigned long long>(errors), cpu_us,
      static_cast<long long>(RssKb(options.server_pid)));
  std::fflush(stdout);
  return errors == 0 ? 0 : 1;
}

// ---------------------------------------------------------------- setup

bool Expect(const http::response<http::string_body>& response, std::string_view what,
            bool allow_exists = false) {
  if (response.result_int() == 200) return true;
  if (allow_exists && (response.body().find("AlreadyExists") != std::string::npos ||
                       response.body().find("EntityAlreadyExists") != std::string::npos)) {
    return true;
  }
  std::fprintf(stderr, "setup: %.*s failed: HTTP %d %.400s\n", static_cast<int>(what.size()),
               what.data(), response.result_int(), response.body().c_str());
  return false;
}

std::string PolicyDocument(int index, const std::string& account, const std::string& region) {
  std::string team = "team-" + std::to_string(index);
  std::string cluster_arn = "arn:aws:redshift:*:" + account + ":cluster:*";
  std::string region_condition = "\"StringEquals\":{\"aws:RequestedRegion\":\"" + region + "\"}";
  return "{\"Version\":\"2012-10-17\",\"Statement\":["
         "{\"Sid\":\"Modify" +
         std::to_string(index) +
         "\",\"Effect\":\"Allow\",\"Action\":[\"redshift:ModifyCluster\","
         "\"redshift:RebootCluster\"],\"Resource\":\"" +
         cluster_arn + "\",\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/team\":\"" + team +
         "\",\"aws:RequestedRegion\":\"" + region +
         "\"}}},"
         "{\"Effect\":\"Allow\",\"Action\":\"redshift:Describe*\",\"Resource\":\"*\","
         "\"Condition\":{" +
         region_condition +
         "}},"
         "{\"Effect\":\"Deny\",\"Action\":\"redshift:*\",\"Resource\":\"" +
         cluster_arn +
         "\",\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/frozen\":\"true\"}}},"
         "{\"Effect\":\"Deny\",\"Action\":\"redshift:DeleteCluster\",\"Resource\":\"*\","
         "\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":\"" +
         region +
         "\"}}},"
         "{\"Effect\":\"Allow\",\"Action\":[\"redshift:CreateTags\",\"redshift:DeleteTags\"],"
         "\"Resource\":\"" +
         cluster_arn + "\",\"Condition\":{\"StringLike\":{\"aws:ResourceTag/owner\":\"" + team +
         "-*\"}}}]}";
}

bool SetupAuthz(const Options& options, SyncClient& client, Workload& work) {
  const std::string account = "111122223333";
  Credentials root{account, "root-secret"};
  auto iam = [&](Params params) {
    Call call;
    call.service = "iam";
    call.credentials = &root;
    call.params = std::move(params);
    return client.Send(call);
  };
  const std::string user = "lg-user-" + options.tag;
  if (!Expect(iam({{"Action", "CreateUser"}, {"Version", kIamVersion}, {"UserName", user}}),
              "CreateUser", true))
    return false;
  // IAM allows 10 managed policies per user and per group: 10 on the user and
  // 10 on a group the user belongs to.
  const std::string group = "lg-group-" + options.tag;
  if (!Expect(iam({{"Action", "CreateGroup"}, {"Version", kIamVersion}, {"GroupName", group}}),
              "CreateGroup", true) ||
      !Expect(iam({{"Action", "AddUserToGroup"},
                   {"Version", kIamVersion},
                   {"GroupName", group},
                   {"UserName", user}}),
              "AddUserToGroup"))
    return false;
  for (int i = 0; i < kAuthzPolicies; ++i) {
    std::string name = "lg-policy-" + options.tag + "-" + std::to_string(i);
    auto created = iam({{"Action", "CreatePolicy"},
                        {"Version", kIamVersion},
                        {"PolicyName", name},
                        {"PolicyDocument", PolicyDocument(i, account, options.region)}});
    if (!Expect(created, "CreatePolicy", true)) return false;
    // The ARN as the server made it (moto puts every key in its default account).
    std::string arn = XmlText(created.body(), "Arn");
    if (arn.empty()) arn = "arn:aws:iam::" + account + ":policy/" + name;
    bool on_user = i < kAuthzPolicies / 2;
    if (!Expect(iam({{"Action", on_user ? "AttachUserPolicy" : "AttachGroupPolicy"},
                     {"Version", kIamVersion},
                     {on_user ? "UserName" : "GroupName", on_user ? user : group},
                     {"PolicyArn", arn}}),
                "Attach*Policy"))
      return false;
  }
  auto key = iam({{"Action", "CreateAccessKey"}, {"Version", kIamVersion}, {"UserName", user}});
  if (!Expect(key, "CreateAccessKey")) return false;
  work.authz_user = {XmlText(key.body(), "AccessKeyId"), XmlText(key.body(), "SecretAccessKey")};
  // Tagged clusters: the last policy's team, so the evaluator walks all 20.
  for (int i = 0; i < kAuthzClusters; ++i) {
    std::string id = "lg-a-" + options.tag + "-" + std::to_string(i);
    Call call;
    call.credentials = &root;
    call.params = ClusterParams(id);
    call.params.emplace_back("Tags.Tag.1.Key", "team");
    call.params.emplace_back("Tags.Tag.1.Value", "team-" + std::to_string(kAuthzPolicies - 1));
    call.params.emplace_back("Tags.Tag.2.Key", "owner");
    call.params.emplace_back("Tags.Tag.2.Value", "someone");
    if (!Expect(client.Send(call), "CreateCluster (authz)", true)) return false;
    work.authz_clusters.push_back(id);
  }
  return true;
}

bool Setup(const Options& options, Workload& work) {
  SyncClient client(options);
  Call call;
  call.credentials = &work.root;
  const std::string& mix = options.mix;
  if (mix == "describe-one") {
    call.params = ClusterParams("lg-one");
    return Expect(client.Send(call), "CreateCluster lg-one", true);
  }
  if (mix == "describe-tags") {
    call.params = ClusterParams("lg-tags");
    for (int i = 1; i <= 3; ++i) {
      call.params.emplace_back("Tags.Tag." + std::to_string(i) + ".Key", "key" + std::to_string(i));
      call.params.emplace_back("Tags.Tag." + std::to_string(i) + ".Value",
                               "value" + std::to_string(i));
    }
    if (!Expect(client.Send(call), "CreateCluster lg-tags", true)) return false;
    call.params = {{"Action", "DescribeClusters"},
                   {"Version", kRedshiftVersion},
                   {"ClusterIdentifier", "lg-tags"}};
    if (!Expect(client.Send(call), "DescribeClusters lg-tags")) return false;
    // A non-numeric access key is the root of rsemu's default account.
    work.tags_arn = "arn:aws:redshift:" + options.region + ":123456789012:cluster:lg-tags";
    return true;
  }
  if (mix == "describe-page") {
    // Pages come from the first seeded account (its first 200 clusters).
    call.credentials = &work.seed_accounts.front();
    work.page_markers = {""};
    for (int page = 0; page < 10; ++page) {
      call.params = {
          {"Action", "DescribeClusters"}, {"Version", kRedshiftVersion}, {"MaxRecords", "100"}};
      if (!work.page_markers.back().empty())
        call.params.emplace_back("Marker", work.page_markers.back());
      auto page_response = client.Send(call);
      if (!Expect(page_response, "DescribeClusters page")) return false;
      std::string marker = XmlText(page_response.body(), "Marker");
      if (marker.empty()) break;
      work.page_markers.push_back(marker);
    }
    return true;
  }
  if (mix == "authz-heavy") return SetupAuthz(options, client, work);
  return true;
}

// ---------------------------------------------------------------- startup probe

int RunStartup(const Options& options) {
  std::vector<double> millis;
  Workload work;
  work.root = {options.access_key, options.secret};
  // The command's words, run directly (no shell in the measured time), with
  // its output discarded.
  std::vector<std::string> words;
  std::istringstream split(options.startup_cmd);
  for (std::string word; split >> word;) words.push_back(word);
  if (words.empty()) return 64;
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&quiet, 1, 2);
  for (int round = 0; round < options.repeat; ++round) {
    auto started = Clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], &quiet, nullptr, argv.data(), environ) != 0) {
      std::perror("posix_spawn");
      return 1;
    }
    bool answered = false;
    asio::io_context io;
    tcp::endpoint endpoint(asio::ip::make_address(options.host),
                           static_cast<unsigned short>(options.port));
    Signer signer(options.host + ":" + std::to_string(options.port), options.region);
    Call call;
    call.credentials = &work.root;
    call.params = {{"Action", "DescribeClusters"}, {"Version", kRedshiftVersion}};
    while (Clock::now() - started < std::chrono::seconds(10)) {
      beast::tcp_stream stream(io);
      beast::error_code error;
      stream.socket().connect(endpoint, error);
      if (!error) {
        auto request = signer.Build(call);
        http::write(stream, request, error);
        beast::flat_buffer buffer;
        http::response<http::string_body> response;
        if (!error) http::read(stream, buffer, response, error);
        if (!error && response.result_int() == 200) {
          answered = true;
          break;
        }
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!answered) {
      std::fprintf(stderr, "startup: no answer within 10 s\n");
      return 1;
    }
    millis.push_back(elapsed);
  }
  posix_spawn_file_actions_destroy(&quiet);
  std::sort(millis.begin(), millis.end());
  std::printf("LOADGEN_RESULT mix=startup repeats=%zu min_ms=%.2f median_ms=%.2f max_ms=%.2f\n",
              millis.size(), millis.front(), millis[millis.size() / 2], millis.back());
  return 0;
}

void Usage() {
  std::fprintf(
      stderr,
      "usage: rsemu_loadgen [--host H] [--port P] [--mix M] [--connections N] [--duration S]\n"
      "                     [--threads T] [--seed-clusters N] [--seed-from I]\n"
      "                     [--server-pid PID] [--tag T]\n"
      "                     [--skip-setup] [--startup-cmd CMD --repeat N]\n"
      "mixes: describe-one describe-page describe-tags writes authz-heavy seed\n");
}

}  // namespace
}  // namespace rsemu::bench

int main(int argc, char** argv) {
  using namespace rsemu::bench;
  Options options;
  options.tag = std::to_string(getpid());
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        Usage();
        std::exit(64);
      }
      return argv[++i];
    };
    if (arg == "--host")
      options.host = next();
    else if (arg == "--port")
      options.port = std::stoi(next());
    else if (arg == "--mix")
      options.mix = next();
    else if (arg == "--connections")
      options.connections = std::stoi(next());
    else if (arg == "--duration")
      options.duration = std::stod(next());
    else if (arg == "--threads")
      options.threads = std::stoi(next());
    else if (arg == "--seed-clusters")
      options.seed_clusters = std::stoi(next());
    else if (arg == "--seed-from")
      options.seed_from = std::stoi(next());
    else if (arg == "--server-pid")
      options.server_pid = std::stoi(next());
    else if (arg == "--startup-cmd")
      options.startup_cmd = next();
    else if (arg == "--repeat")
      options.repeat = std::stoi(next());
    else if (arg == "--tag")
      options.tag = next();
    else if (arg == "--skip-setup")
      options.skip_setup = true;
    else {
      Usage();
      return 64;
    }
  }
  if (options.host != "127.0.0.1" && options.host != "localhost" && options.host != "::1") {
    std::fprintf(stderr, "loadgen: loopback hosts only\n");
    return 64;
  }
  if (!options.startup_cmd.empty()) return RunStartup(options);

  Workload work;
  work.root = {options.access_key, options.secret};
  int accounts =
      std::max(1, (options.seed_clusters + kClustersPerAccount - 1) / kClustersPerAccount);
  for (int i = 0; i < accounts; ++i) work.seed_accounts.push_back({AccountKey(i), "seed-secret"});
  // describe-page always reads its markers (setup creates nothing for it).
  bool setup = !options.skip_setup || options.mix == "describe-page";
  if (setup && !Setup(options, work)) return 1;
  if (options.mix == "seed") {
    work.seed_next = static_cast<uint64_t>(options.seed_from);
    return RunLoad(options, work, "seed", 3600);
  }
  return RunLoad(options, work, options.mix, options.duration);
}
