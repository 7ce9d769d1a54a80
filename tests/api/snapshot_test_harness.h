// Test harness shared by the snapshot and tag tests: an in-process Pipeline on
// a FixedClock with seeded ids, form POSTs as a chosen account (a 12-digit
// access key acts as that account), and small helpers to read the XML answer.
#pragma once

#include <doctest/doctest.h>

#include <cctype>
#include <cstdio>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "api/pipeline.h"
#include "common/clock.h"

namespace rsemu::api::testing {

inline constexpr int64_t kStart = 1764316800000;  // 2025-11-28T08:00:00Z
inline constexpr char kOwner[] = "123456789012";  // the account of unsigned requests
inline constexpr char kAccountB[] = "111111111111";
inline constexpr char kAccountC[] = "222222222222";

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

  // POSTs Action=<action>&<params>; signed with `access_key` when given.
  HttpResponse Call(const std::string& action, const std::string& params = "",
                    const std::string& access_key = "") {
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
    request.body =
        "Action=" + action + "&Version=2012-12-01" + (params.empty() ? "" : "&") + params;
    return pipeline->Handle(request);
  }

  // A dc2.large cluster without automated backups (AutomatedSnapshotRetentionPeriod=0),
  // so that snapshot listings show only what a test creates.
  HttpResponse CreateCluster(const std::string& id, const std::string& extra = "",
                             const std::string& key = "") {
    return Call("CreateCluster",
                "ClusterIdentifier=" + id +
                    "&NodeType=dc2.large&MasterUsername=awsuser&MasterUserPassword=Passw0rd1&"
                    "AutomatedSnapshotRetentionPeriod=0" +
                    extra,
                key);
  }

  HttpResponse CreateSnapshot(const std::string& cluster, const std::string& id,
                              const std::string& extra = "", const std::string& key = "") {
    return Call("CreateClusterSnapshot",
                "ClusterIdentifier=" + cluster + "&SnapshotIdentifier=" + id + extra, key);
  }
};

inline std::string Code(const HttpResponse& response) {
  std::smatch match;
  static const std::regex code("<Code>([^<]*)</Code>");
  return std::regex_search(response.body, match, code) ? match[1].str() : "";
}

inline bool Has(const HttpResponse& response, const std::string& text) {
  return response.body.find(text) != std::string::npos;
}

inline int Count(const std::string& text, const std::string& needle) {
  int count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

// Every <name>…</name> text in document order.
inline std::vector<std::string> All(const HttpResponse& response, const std::string& name) {
  std::vector<std::string> out;
  std::regex element("<" + name + ">([^<]*)</" + name + ">");
  for (auto it = std::sregex_iterator(response.body.begin(), response.body.end(), element);
       it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

inline std::string First(const HttpResponse& response, const std::string& name) {
  std::vector<std::string> all = All(response, name);
  return all.empty() ? "" : all.front();
}

// A form value: percent-encodes what a query string cannot carry literally.
inline std::string Encode(const std::string& text) {
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof(buffer), "%%%02X", ch);
      out.append(buffer);
    }
  }
  return out;
}

}  // namespace rsemu::api::testing
