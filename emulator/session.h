// Session: one HTTP/1.1 connection. Reads requests with Beast under the limits
// and timeouts in ServerOptions, refuses an HTTP/1.1 request without a Host
// header (400), converts each request into an HttpRequest for the
// RequestHandler, and writes the HttpResponse back, honouring keep-alive.
// SessionRegistry: the set of live sessions, so the server can drain them.
//
// Lifetime: a Session is owned by the completion handlers pending on it (it
// derives from enable_shared_from_this) and dies when the last one finishes.
// Thread-safety: every Session member function except Shutdown() and
// ForceClose() runs on the connection's strand; those two may be called from
// any thread and post their work onto the strand. SessionRegistry is safe to
// call from any thread.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/http_message.h"
#include "emulator/options.h"

namespace rsemu {

class Session;

// Tracks live sessions. The server asks it to drain them on shutdown and waits
// until it is empty. Must outlive every Session registered with it.
class SessionRegistry {
 public:
  SessionRegistry() = default;
  SessionRegistry(const SessionRegistry&) = delete;
  SessionRegistry& operator=(const SessionRegistry&) = delete;

  // Records `session`; false once BeginShutdown() has been called (the caller
  // should then close the connection at once).
  bool Add(const std::shared_ptr<Session>& session);
  // Forgets `session` (called from its destructor) and wakes waiters.
  void Remove(const Session* session);
  // Refuses new sessions and asks every live one to finish: idle connections
  // close now, a request in progress is answered with "Connection: close".
  void BeginShutdown();
  // Closes every live connection now, abandoning requests in progress.
  void CloseAll();
  // Blocks until no session is live or `deadline` passes; true if none is.
  bool WaitUntilEmpty(std::chrono::steady_clock::time_point deadline);
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable empty_;
  bool shutting_down_ = false;                                           // GUARDED_BY(mu_)
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions_;  // GUARDED_BY(mu_)
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `socket` must use a strand as its executor. `options`, `handler` and
  // `registry` must outlive the session.
  Session(boost::asio::ip::tcp::socket&& socket, const ServerOptions& options,
          RequestHandler& handler, SessionRegistry& registry);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Registers with the registry and starts reading the first request.
  void Run();
  // Graceful: close if idle, otherwise finish the current request and close.
  void Shutdown();
  // Closes the connection now.
  void ForceClose();

 private:
  enum class State {
    kIdle,       // waiting for the first byte of a request
    kReading,    // a request has started arriving
    kHandling,   // the handler is running
    kWriting,    // writing a response
    kLingering,  // refused: draining input before closing
    kClosed,
  };
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  void WaitForRequest();
  void OnFirstBytes(boost::beast::error_code ec, std::size_t bytes);
  void ReadHeader();
  void OnHeader(boost::beast::error_code ec, std::size_t bytes);
  void OnContinueWritten(boost::beast::error_code ec, std::size_t bytes);
  void ReadBody();
  void OnBody(boost::beast::error_code ec, std::size_t bytes);
  void OnReadError(boost::beast::error_code ec);
  void HandleRequest();
  void Refuse(int http_status, const std::string& reason);
  void Write(bool close_after, bool linger_after);
  void OnWrite(bool close_after, bool linger_after, boost::beast::error_code ec, std::size_t bytes);
  void Linger();
  void OnLingerRead(boost::beast::error_code ec, std::size_t bytes);
  void DoShutdown();
  void GracefulClose();
  void Close();

  boost::beast::tcp_stream stream_;
  const ServerOptions& options_;
  RequestHandler& handler_;
  SessionRegistry& registry_;
  const std::string remote_address_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;  // a fresh parser per message
  std::optional<Response> response_;
  State state_ = State::kIdle;
  bool stopping_ = false;  // set by Shutdown(): no more requests on this connection
  std::size_t lingered_bytes_ = 0;
};

}  // namespace rsemu
