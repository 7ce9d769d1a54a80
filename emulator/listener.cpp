// Listener: accept loop with a strand per connection (see listener.h).
#include "emulator/listener.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <chrono>
#include <exception>
#include <string>
#include <utility>

#include "common/log.h"

namespace rsemu {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = boost::asio::ip::tcp;

namespace {
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
}  // namespace

Listener::Listener(net::io_context& ioc, const ServerOptions& options, RequestHandler& handler,
                   SessionRegistry& registry)
    : ioc_(ioc),
      options_(options),
      handler_(handler),
      registry_(registry),
      strand_(net::make_strand(ioc)),
      acceptor_(strand_),
      retry_timer_(strand_) {}

Status Listener::Open(const tcp::endpoint& endpoint) {
  beast::error_code ec;
  const std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return Status::Invalid("cannot open a socket for " + where + ": " + ec.message());
  acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return Status::Invalid("cannot set SO_REUSEADDR on " + where + ": " + ec.message());
  acceptor_.bind(endpoint, ec);
  if (ec) return Status::Invalid("cannot bind " + where + ": " + ec.message());
  acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Status::Invalid("cannot listen on " + where + ": " + ec.message());
  bound_ = acceptor_.local_endpoint(ec);
  if (ec) return Status::Invalid("cannot read the bound address: " + ec.message());
  return Status::Ok();
}

tcp::endpoint Listener::local_endpoint() const { return bound_; }

void Listener::Start() {
  net::dispatch(strand_, beast::bind_front_handler(&Listener::Accept, shared_from_this()));
}

void Listener::Stop() {
  net::post(strand_, beast::bind_front_handler(&Listener::DoStop, shared_from_this()));
}

void Listener::DoStop() {
  stopped_ = true;
  retry_timer_.cancel();
  beast::error_code ec;
  acceptor_.close(ec);
}

void Listener::Accept() {
  if (stopped_) return;
  // Each connection gets its own strand, so its handlers never run concurrently.
  acceptor_.async_accept(net::make_strand(ioc_),
                         beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
}

void Listener::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (stopped_ || ec == net::error::operation_aborted) return;
  if (ec) {
    Log(LogLevel::kWarn, "accept failed: " + ec.message());
    retry_timer_.expires_after(kAcceptRetryDelay);
    retry_timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec) self->Accept();
    });
    return;
  }
  try {
    std::make_shared<Session>(std::move(socket), options_, handler_, registry_)->Run();
  } catch (const std::exception& e) {
    Log(LogLevel::kWarn, std::string("cannot start a session: ") + e.what());
  }
  Accept();
}

}  // namespace rsemu
