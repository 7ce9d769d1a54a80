// Server: the HTTP/1.1 front door. Owns the io_context, the I/O threads, the
// listener, the SIGINT/SIGTERM handling and the shutdown sequence. It knows
// nothing about AWS: every complete request goes to one RequestHandler.
//
// Threading model: N I/O threads run the io_context; each connection is on its
// own strand; `RequestHandler::Handle` is called on the I/O thread; the
// pipeline serializes its SQLite work behind one mutex, so at most one thread
// is in SQLite at a time while parsing, signature checks and XML encoding run
// in parallel. A handler that blocks holds up only its own connection and the
// one I/O thread it runs on.
//
// Shutdown (Stop(), SIGINT or SIGTERM, then Wait()): the listening socket is
// closed; idle keep-alive connections are closed at once; a connection with a
// request in progress finishes it, answers with "Connection: close" and then
// closes. Whatever is still open after ServerOptions::shutdown_timeout (10 s)
// is closed forcibly; then the I/O threads are joined. A second signal during
// the wait closes everything at once. Closing the pipeline (the database) is
// left to the owner of the handler, after Wait() returns.
//
// Usage:
//   Server server(options, handler);
//   Status s = server.Start();        // bound and serving when it returns
//   ... print server.Url() ...
//   server.Wait();                    // until a signal or Stop(), then drains
//
// Thread-safety: Start() once, from one thread. Stop() from any thread,
// including I/O threads and handlers. Wait() from any thread but an I/O thread;
// concurrent callers all return once shutdown is complete. `handler` must
// outlive the Server.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/http_message.h"
#include "common/status.h"
#include "emulator/listener.h"
#include "emulator/options.h"
#include "emulator/session.h"

namespace rsemu {

class Server {
 public:
  Server(ServerOptions options, RequestHandler& handler);
  // Stops and waits (see Wait()) if that has not happened yet.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Resolves the host, binds, listens and starts the I/O threads. Invalid if
  // the host does not resolve or the address cannot be bound; then nothing
  // runs. Call once.
  Status Start();
  // Asks for a graceful shutdown and returns at once. Idempotent.
  void Stop();
  // Blocks until shutdown is requested, then runs the shutdown sequence and
  // joins the I/O threads. Returns at once if Start() did not succeed.
  void Wait();

  // The bound address and port (the real one when ServerOptions::port is 0),
  // valid after a successful Start().
  std::string address() const;
  uint16_t port() const;
  // "http://ADDRESS:PORT", with IPv6 addresses in brackets.
  std::string Url() const;
  // Connections currently open (for tests and diagnostics).
  size_t connection_count() const { return registry_.size(); }
  // The number of I/O threads Start() runs.
  unsigned thread_count() const { return thread_count_; }

 private:
  void RunIoThread();
  void WaitForSignal();

  const ServerOptions options_;
  RequestHandler& handler_;
  const unsigned thread_count_;
  // Declared before ioc_: sessions destroyed with ioc_ still deregister here.
  SessionRegistry registry_;
  boost::asio::io_context ioc_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::shared_ptr<Listener> listener_;
  std::optional<boost::asio::signal_set> signals_;
  std::vector<std::thread> threads_;
  int signals_seen_ = 0;  // touched only by the signal handler

  std::mutex mu_;
  std::condition_variable stop_requested_cv_;
  bool started_ = false;         // GUARDED_BY(mu_)
  bool stop_requested_ = false;  // GUARDED_BY(mu_)
  bool finished_ = false;        // GUARDED_BY(mu_)
  std::mutex shutdown_mu_;       // held by the one thread running the shutdown sequence
};

}  // namespace rsemu
