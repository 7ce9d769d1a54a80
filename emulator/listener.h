// Listener: the TCP acceptor and its accept loop. Every accepted socket gets
// its own strand and a Session; the listener keeps no reference to sessions
// (the SessionRegistry does, weakly).
//
// Lifetime: owned by a shared_ptr; pending accepts keep it alive.
// Thread-safety: Open() and local_endpoint() before Start(); Start() and Stop()
// from any thread (they post onto the listener's strand).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>

#include "common/http_message.h"
#include "common/status.h"
#include "emulator/options.h"
#include "emulator/session.h"

namespace rsemu {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // `options`, `handler` and `registry` must outlive the listener and every
  // session it creates.
  Listener(boost::asio::io_context& ioc, const ServerOptions& options, RequestHandler& handler,
           SessionRegistry& registry);
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Opens, binds and listens on `endpoint`. Invalid (with the OS's reason)
  // when the address is in use, not local, or not permitted.
  Status Open(const boost::asio::ip::tcp::endpoint& endpoint);
  // The address actually bound (with the real port when asked for port 0).
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  // Starts accepting connections.
  void Start();
  // Stops accepting and closes the listening socket. Idempotent.
  void Stop();

 private:
  void Accept();
  void OnAccept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);
  void DoStop();

  boost::asio::io_context& ioc_;
  const ServerOptions& options_;
  RequestHandler& handler_;
  SessionRegistry& registry_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;  // backs off after accept errors (e.g. EMFILE)
  boost::asio::ip::tcp::endpoint bound_;
  bool stopped_ = false;  // on strand_
};

}  // namespace rsemu
