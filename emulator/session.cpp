// Session and SessionRegistry: the per-connection HTTP/1.1 state machine (see
// session.h for the contract).
//
// One request goes: wait for its first byte (idle timeout) → read the header
// (read timeout starts) → check Host → send "100 Continue" if asked → read the
// body → call the handler → write the response → back to waiting, or close.
// Size and syntax failures, and a missing or repeated Host header, are
// answered through RequestHandler::Refuse with "Connection: close", after
// which the input is drained briefly so the client can read the refusal before
// the socket goes away.
#include "emulator/session.h"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <exception>
#include <string_view>
#include <utility>
#include <vector>

#include "common/log.h"
#include "common/text.h"

namespace rsemu {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

// How much to ask the socket for when waiting for a request's first bytes.
constexpr std::size_t kReadChunk = 16 * 1024;
// After a refusal, input is discarded for at most this long, or this many bytes.
constexpr std::chrono::milliseconds kLingerTimeout{2000};
constexpr std::size_t kLingerMaxBytes = 8 * 1024 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

std::string AddressOf(const tcp::socket& socket) {
  beast::error_code ec;
  tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  return endpoint.address().to_string();
}

// Fields the server owns: whatever the handler says, they are set here.
bool IsServerOwnedField(std::string_view name) {
  return beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding") ||
         beast::iequals(name, "connection");
}

// Fills `out` from `response`. False (with `out` unusable) if Beast rejects it,
// e.g. a body on a 204 or a status outside 100..999.
bool ToBeast(const HttpResponse& response, unsigned version, bool keep_alive,
             http::response<http::string_body>* out) {
  try {
    if (response.status < 100 || response.status > 999) return false;
    out->version(version);
    out->result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : response.headers) {
      if (IsServerOwnedField(name)) continue;
      out->insert(name, value);
    }
    out->body() = response.body;
    out->keep_alive(keep_alive);
    out->prepare_payload();
    return true;
  } catch (const std::exception& e) {
    Log(LogLevel::kWarn, std::string("cannot encode handler response: ") + e.what());
    return false;
  }
}

HttpResponse PlainResponse(int status, std::string_view text) {
  HttpResponse response;
  response.status = status;
  response.SetHeader("Content-Type", "text/plain; charset=utf-8");
  response.body = std::string(text) + "\n";
  response.close_connection = true;
  return response;
}

}  // namespace

// ---------------------------------------------------------------------------
// SessionRegistry

bool SessionRegistry::Add(const std::shared_ptr<Session>& session) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return false;
  sessions_[session.get()] = session;
  return true;
}

void SessionRegistry::Remove(const Session* session) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(session);
  if (sessions_.empty()) empty_.notify_all();
}

void SessionRegistry::BeginShutdown() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard<std::mutex> lock(mu_);
    shutting_down_ = true;
    for (const auto& [key, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  // Outside the lock: dropping the last reference runs ~Session → Remove().
  for (const auto& session : live) session->Shutdown();
}

void SessionRegistry::CloseAll() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard<std::mutex> lock(mu_);
    shutting_down_ = true;
    for (const auto& [key, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (const auto& session : live) session->ForceClose();
}

bool SessionRegistry::WaitUntilEmpty(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  return empty_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
}

size_t SessionRegistry::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

// ---------------------------------------------------------------------------
// Session

Session::Session(tcp::socket&& socket, const ServerOptions& options, RequestHandler& handler,
                 SessionRegistry& registry)
    : stream_(std::move(socket)),
      options_(options),
      handler_(handler),
      registry_(registry),
      remote_address_(AddressOf(stream_.socket())) {}

Session::~Session() { registry_.Remove(this); }

void Session::Run() {
  if (!registry_.Add(shared_from_this())) return;  // shutting down: the socket closes with us
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&Session::WaitForRequest, shared_from_this()));
}

void Session::Shutdown() {
  net::post(stream_.get_executor(),
            beast::bind_front_handler(&Session::DoShutdown, shared_from_this()));
}

void Session::ForceClose() {
  net::post(stream_.get_executor(), beast::bind_front_handler(&Session::Close, shared_from_this()));
}

void Session::DoShutdown() {
  stopping_ = true;
  // A request in progress is finished first; WaitForRequest() then closes.
  if (state_ == State::kIdle || state_ == State::kLingering) Close();
}

void Session::WaitForRequest() {
  if (stopping_) {
    GracefulClose();
    return;
  }
  if (buffer_.size() > 0) {  // a pipelined request is already here
    ReadHeader();
    return;
  }
  state_ = State::kIdle;
  stream_.expires_after(options_.idle_timeout);
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          beast::bind_front_handler(&Session::OnFirstBytes, shared_from_this()));
}

void Session::OnFirstBytes(beast::error_code ec, std::size_t bytes) {
  buffer_.commit(bytes);
  if (ec) {
    if (ec == beast::error::timeout) {
      Log(LogLevel::kDebug, "connection from " + remote_address_ + " idle too long; closing");
    } else if (ec != net::error::eof && ec != net::error::operation_aborted) {
      Log(LogLevel::kDebug, "connection from " + remote_address_ + ": " + ec.message());
    }
    Close();
    return;
  }
  ReadHeader();
}

void Session::ReadHeader() {
  state_ = State::kReading;
  parser_.emplace();
  parser_->body_limit(options_.body_limit);
  parser_->header_limit(options_.header_limit);
  // One deadline for the whole request, header and body.
  stream_.expires_after(options_.read_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
}

void Session::OnHeader(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec) {
    OnReadError(ec);
    return;
  }
  // RFC 9112 §3.2: an HTTP/1.1 request without a Host header, or any request
  // with more than one, is answered 400 (HTTP/1.0 may omit it).
  const auto& header = parser_->get();
  const std::size_t hosts = header.count(http::field::host);
  if (hosts > 1 || (hosts == 0 && header.version() >= 11)) {
    Refuse(400, hosts == 0 ? "The request has no Host header, which HTTP/1.1 requires."
                           : "The request has more than one Host header.");
    return;
  }
  if (parser_->is_done()) {
    HandleRequest();
    return;
  }
  if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
    net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                     beast::bind_front_handler(&Session::OnContinueWritten, shared_from_this()));
    return;
  }
  ReadBody();
}

void Session::OnContinueWritten(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec) {
    Log(LogLevel::kDebug, "connection from " + remote_address_ + ": " + ec.message());
    Close();
    return;
  }
  ReadBody();
}

void Session::ReadBody() {
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&Session::OnBody, shared_from_this()));
}

void Session::OnBody(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec) {
    OnReadError(ec);
    return;
  }
  HandleRequest();
}

void Session::OnReadError(beast::error_code ec) {
  if (ec == http::error::body_limit) {
    Refuse(413, "The request body is larger than the limit of " +
                    std::to_string(options_.body_limit) + " bytes.");
  } else if (ec == http::error::header_limit) {
    Refuse(431, "The request header is larger than the limit of " +
                    std::to_string(options_.header_limit) + " bytes.");
  } else if (ec == http::error::end_of_stream) {
    GracefulClose();  // the client closed between requests
  } else if (ec == beast::error::timeout) {
    // The stream closed the socket already, so no 408 can be sent.
    Log(LogLevel::kDebug,
        "connection from " + remote_address_ + " too slow to send its request; closing");
    Close();
  } else if (ec == http::error::partial_message) {
    Log(LogLevel::kDebug, "connection from " + remote_address_ + " closed mid-request");
    Close();
  } else if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
    Refuse(400, "The request is not valid HTTP/1.1 (" + ec.message() + ").");
  } else {
    if (ec != net::error::operation_aborted) {
      Log(LogLevel::kDebug, "connection from " + remote_address_ + ": " + ec.message());
    }
    Close();
  }
}

void Session::HandleRequest() {
  state_ = State::kHandling;
  stream_.expires_never();  // the handler may block; no timer may fire meanwhile
  http::request<http::string_body> message = parser_->release();
  parser_.reset();

  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.headers.reserve(std::distance(message.begin(), message.end()));
  for (const auto& field : message) {
    request.headers.emplace_back(AsciiLowercase(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.remote_address = remote_address_;

  HttpResponse response;
  try {
    response = handler_.Handle(request);
  } catch (const std::exception& e) {
    Log(LogLevel::kError, std::string("request handler threw: ") + e.what());
    response = PlainResponse(500, "Internal error.");
  } catch (...) {
    Log(LogLevel::kError, "request handler threw a non-standard exception");
    response = PlainResponse(500, "Internal error.");
  }

  const bool close = stopping_ || !message.keep_alive() || response.close_connection;
  response_.emplace();
  if (!ToBeast(response, message.version(), !close, &*response_)) {
    response_.emplace();
    ToBeast(PlainResponse(500, "Internal error."), message.version(), !close, &*response_);
  }
  Write(close, /*linger_after=*/false);
}

void Session::Refuse(int http_status, const std::string& reason) {
  Log(LogLevel::kDebug, "refusing request from " + remote_address_ + " with " +
                            std::to_string(http_status) + ": " + reason);
  parser_.reset();
  HttpResponse response;
  try {
    response = handler_.Refuse(http_status, reason);
  } catch (const std::exception& e) {
    Log(LogLevel::kError, std::string("request handler's Refuse threw: ") + e.what());
    response = PlainResponse(http_status, reason);
  } catch (...) {
    Log(LogLevel::kError, "request handler's Refuse threw a non-standard exception");
    response = PlainResponse(http_status, reason);
  }
  response.close_connection = true;
  response_.emplace();
  if (!ToBeast(response, 11, /*keep_alive=*/false, &*response_)) {
    response_.emplace();
    ToBeast(PlainResponse(http_status, reason), 11, false, &*response_);
  }
  Write(/*close_after=*/true, /*linger_after=*/true);
}

void Session::Write(bool close_after, bool linger_after) {
  state_ = State::kWriting;
  stream_.expires_after(options_.read_timeout);
  http::async_write(
      stream_, *response_,
      beast::bind_front_handler(&Session::OnWrite, shared_from_this(), close_after, linger_after));
}

void Session::OnWrite(bool close_after, bool linger_after, beast::error_code ec,
                      std::size_t /*bytes*/) {
  response_.reset();
  if (ec) {
    if (ec != net::error::operation_aborted) {
      Log(LogLevel::kDebug, "cannot write response to " + remote_address_ + ": " + ec.message());
    }
    Close();
    return;
  }
  if (linger_after) {
    Linger();
  } else if (close_after) {
    GracefulClose();
  } else {
    WaitForRequest();
  }
}

// Closing a socket with unread input makes the kernel send RST, which can
// destroy the refusal before the client reads it. So: send FIN, then read and
// discard until the client closes, a little time passes, or enough has come.
void Session::Linger() {
  if (stopping_) {
    GracefulClose();
    return;
  }
  state_ = State::kLingering;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) {
    Close();
    return;
  }
  buffer_.clear();
  lingered_bytes_ = 0;
  stream_.expires_after(std::min(kLingerTimeout, options_.read_timeout));
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          beast::bind_front_handler(&Session::OnLingerRead, shared_from_this()));
}

void Session::OnLingerRead(beast::error_code ec, std::size_t bytes) {
  lingered_bytes_ += bytes;
  if (ec || lingered_bytes_ > kLingerMaxBytes) {
    Close();
    return;
  }
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          beast::bind_front_handler(&Session::OnLingerRead, shared_from_this()));
}

void Session::GracefulClose() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  Close();
}

void Session::Close() {
  state_ = State::kClosed;
  stream_.close();
}

}  // namespace rsemu
