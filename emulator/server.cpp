// Server: io_context, I/O threads, signals and the graceful shutdown sequence
// (see server.h for the threading model).
#include "emulator/server.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <chrono>
#include <csignal>
#include <exception>
#include <string>
#include <utility>

#include "common/log.h"

namespace rsemu {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = boost::asio::ip::tcp;

namespace {

// After the shutdown timeout, forcibly closed connections get this long to go.
constexpr std::chrono::milliseconds kForceCloseGrace{1000};

unsigned ThreadCount(const ServerOptions& options) {
  if (options.threads > 0) return options.threads;
  unsigned hardware = std::thread::hardware_concurrency();
  return hardware > 0 ? hardware : 1;
}

// The endpoint for host:port: an IP literal as is, else the first resolved address.
Result<tcp::endpoint> ResolveEndpoint(net::io_context& ioc, const std::string& host,
                                      uint16_t port) {
  beast::error_code ec;
  net::ip::address address = net::ip::make_address(host, ec);
  if (!ec) return tcp::endpoint(address, port);
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return Status::Invalid("cannot resolve host '" + host + "': " + ec.message());
  if (results.empty()) return Status::Invalid("host '" + host + "' has no address");
  return results.begin()->endpoint();
}

}  // namespace

Server::Server(ServerOptions options, RequestHandler& handler)
    : options_(std::move(options)),
      handler_(handler),
      thread_count_(ThreadCount(options_)),
      ioc_(static_cast<int>(thread_count_)) {}

Server::~Server() {
  Stop();
  Wait();
}

Status Server::Start() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_) return Status::Invalid("server already started");
  }
  try {
    Result<tcp::endpoint> endpoint = ResolveEndpoint(ioc_, options_.host, options_.port);
    if (!endpoint.ok()) return endpoint.status();
    auto listener = std::make_shared<Listener>(ioc_, options_, handler_, registry_);
    RSEMU_RETURN_IF_ERROR(listener->Open(*endpoint));
    listener_ = std::move(listener);

    work_.emplace(net::make_work_guard(ioc_));
    if (options_.handle_signals) {
      signals_.emplace(ioc_, SIGINT, SIGTERM);
      WaitForSignal();
    }
    listener_->Start();
    threads_.reserve(thread_count_);
    for (unsigned i = 0; i < thread_count_; ++i) threads_.emplace_back([this] { RunIoThread(); });
  } catch (const std::exception& e) {
    // Thread creation or signal registration failed; undo what started.
    if (listener_) listener_->Stop();
    work_.reset();
    ioc_.stop();
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
    return Status::Internal(std::string("cannot start the server: ") + e.what());
  }
  std::lock_guard<std::mutex> lock(mu_);
  started_ = true;
  return Status::Ok();
}

void Server::WaitForSignal() {
  signals_->async_wait([this](beast::error_code ec, int signal_number) {
    if (ec) return;  // cancelled
    if (++signals_seen_ == 1) {
      Log(LogLevel::kInfo, std::string("received ") +
                               (signal_number == SIGINT ? "SIGINT" : "SIGTERM") +
                               "; shutting down");
      Stop();
    } else {
      Log(LogLevel::kWarn, "received another signal; closing every connection now");
      registry_.CloseAll();
    }
    WaitForSignal();
  });
}

void Server::RunIoThread() {
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      // Completion handlers are written not to throw; keep serving if one does.
      Log(LogLevel::kError, std::string("I/O thread caught an exception: ") + e.what());
    } catch (...) {
      Log(LogLevel::kError, "I/O thread caught a non-standard exception");
    }
  }
}

void Server::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stop_requested_ = true;
  stop_requested_cv_.notify_all();
}

void Server::Wait() {
  std::lock_guard<std::mutex> shutdown_lock(shutdown_mu_);
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (!started_ || finished_) return;
    stop_requested_cv_.wait(lock, [this] { return stop_requested_; });
  }

  // 1. Stop accepting.
  listener_->Stop();
  // 2. Close idle connections; let requests in progress finish.
  registry_.BeginShutdown();
  const size_t open = registry_.size();
  if (open > 0) {
    Log(LogLevel::kDebug, "waiting for " + std::to_string(open) + " connection(s) to finish");
  }
  const auto deadline = std::chrono::steady_clock::now() + options_.shutdown_timeout;
  if (!registry_.WaitUntilEmpty(deadline)) {
    Log(LogLevel::kWarn, std::to_string(registry_.size()) +
                             " connection(s) still busy after the shutdown timeout; closing them");
    // 3. Past the deadline: close whatever is left.
    registry_.CloseAll();
    registry_.WaitUntilEmpty(std::chrono::steady_clock::now() + kForceCloseGrace);
  }
  // 4. Stop the loop and join the threads (a handler still running is waited for).
  work_.reset();
  ioc_.stop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();

  std::lock_guard<std::mutex> lock(mu_);
  finished_ = true;
}

std::string Server::address() const {
  if (!listener_) return {};
  return listener_->local_endpoint().address().to_string();
}

uint16_t Server::port() const {
  if (!listener_) return 0;
  return listener_->local_endpoint().port();
}

std::string Server::Url() const {
  if (!listener_) return {};
  const net::ip::address address = listener_->local_endpoint().address();
  std::string host = address.to_string();
  if (address.is_v6()) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port());
}

}  // namespace rsemu
