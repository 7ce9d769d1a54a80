// HttpRequest / HttpResponse: the plain structs that cross from the HTTP server
// (emulator/, which knows Beast) to the request pipeline (api/, which does not).
// Header names in HttpRequest are lower-cased by the server; values are as sent.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rsemu {

struct HttpRequest {
  std::string method;  // "POST", "GET", ...
  std::string target;  // path plus query string, as sent ("/?Action=...")
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote_address;  // peer IP, for aws:SourceIp

  // The first header with this lower-case name, or empty.
  std::string_view Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) return value;
    }
    return {};
  }
  bool HasHeader(std::string_view lower_name) const {
    for (const auto& header : headers) {
      if (header.first == lower_name) return true;
    }
    return false;
  }
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close_connection = false;  // send "Connection: close" and close after writing

  void SetHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

}  // namespace rsemu

namespace rsemu {

// What the HTTP server calls. Implemented by api::Pipeline; the server knows
// nothing else about AWS. Thread-safety: both methods may be called
// concurrently from several I/O threads.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Turns one complete request into its response.
  virtual HttpResponse Handle(const HttpRequest& request) = 0;
  // The response for a request the server refused before reading it whole:
  // 413 (body over the limit), 431 (headers over the limit), 400 (not HTTP).
  // `reason` is a sentence for the client. The server sets close_connection.
  virtual HttpResponse Refuse(int http_status, std::string_view reason) = 0;
};

}  // namespace rsemu
