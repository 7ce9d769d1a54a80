// Test harness for the part-2 handler families (parameter, security and subnet
// groups, events, HSM, snapshot copy grants, account): an in-process pipeline
// with a fixed clock, form-encoded requests and small XML helpers.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "api/pipeline.h"
#include "common/clock.h"

namespace rsemu::api::part2 {

inline constexpr int64_t kStart = 1764316800000;  // 2025-11-28T08:00:00Z

struct Part2Harness {
  std::shared_ptr<FixedClock> clock = std::make_shared<FixedClock>(kStart);
  std::unique_ptr<Pipeline> pipeline;

  Part2Harness() {
    PipelineOptions options;
    options.seed = 11;
    auto created = Pipeline::Create(options, clock);
    REQUIRE(created.ok());
    pipeline = std::move(created).value();
  }

  // POSTs Action=`action`&Version=2012-12-01`params` (params start with '&').
  HttpResponse Call(const std::string& action, const std::string& params = "") {
    HttpRequest request;
    request.method = "POST";
    request.target = "/";
    request.headers.emplace_back("content-type",
                                 "application/x-www-form-urlencoded; charset=utf-8");
    request.body = "Action=" + action + "&Version=2012-12-01" + params;
    return pipeline->Handle(request);
  }

  // Calls and requires HTTP 200; returns the body.
  std::string Ok(const std::string& action, const std::string& params = "") {
    HttpResponse response = Call(action, params);
    CAPTURE(action);
    CAPTURE(params);
    CAPTURE(response.body);
    REQUIRE(response.status == 200);
    return response.body;
  }

  // Calls and checks the error code and HTTP status.
  void Fails(const std::string& action, const std::string& params, const std::string& code,
             int status = 400) {
    HttpResponse response = Call(action, params);
    CAPTURE(action);
    CAPTURE(params);
    CAPTURE(response.body);
    std::smatch match;
    std::regex pattern("<Code>([^<]*)</Code>");
    std::string got = std::regex_search(response.body, match, pattern) ? match[1].str() : "";
    CHECK(got == code);
    CHECK(response.status == status);
  }

  void AdvanceMinutes(int64_t minutes) { clock->Advance(minutes * 60'000); }
};

inline bool Has(const std::string& body, const std::string& needle) {
  return body.find(needle) != std::string::npos;
}

inline int Count(const std::string& text, const std::string& needle) {
  int count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// Every text of <element>…</element>, in order.
inline std::vector<std::string> All(const std::string& body, const std::string& element) {
  std::vector<std::string> out;
  std::regex pattern("<" + element + ">([^<]*)</" + element + ">");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

inline std::string First(const std::string& body, const std::string& element) {
  auto all = All(body, element);
  return all.empty() ? "" : all.front();
}

// A form-encoded marker (base64 may contain + / =).
inline std::string Encode(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.') {
      out.push_back(ch);
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof(buffer), "%%%02X", static_cast<unsigned char>(ch));
      out += buffer;
    }
  }
  return out;
}

inline const char* kClusterParams =
    "&NodeType=dc2.large&MasterUsername=awsuser&MasterUserPassword=Passw0rd1";

}  // namespace rsemu::api::part2
