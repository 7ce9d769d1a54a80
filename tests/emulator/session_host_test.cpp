// Regression test for security review finding C2: an HTTP/1.1 request without
// a Host header (or with two) is refused with 400 and an AWS-shaped XML error
// from the real pipeline, while HTTP/1.0 may omit Host. A real Server on
// 127.0.0.1 port 0, driven over a raw socket.
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <memory>
#include <string>

#include "api/pipeline.h"
#include "common/clock.h"
#include "emulator/server.h"

namespace rsemu {
namespace {

namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

// Sends `raw` on a fresh connection and returns everything the server sends
// back before it closes the connection (every test request ends with a close).
std::string Exchange(uint16_t port, const std::string& raw) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  // A receive timeout, so that a server that keeps the connection open fails
  // the test instead of hanging it.
  struct timeval timeout = {5, 0};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  net::write(socket, net::buffer(raw));
  std::string received;
  char buffer[4096];
  for (;;) {
    boost::system::error_code ec;
    size_t n = socket.read_some(net::buffer(buffer), ec);
    received.append(buffer, n);
    if (ec) break;
  }
  return received;
}

struct PipelineServer {
  PipelineServer() {
    api::PipelineOptions pipeline_options;
    pipeline_options.seed = 3;
    auto created = api::Pipeline::Create(pipeline_options, std::make_shared<FixedClock>(0));
    REQUIRE(created.ok());
    pipeline = std::move(created).value();
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.handle_signals = false;
    server = std::make_unique<Server>(options, *pipeline);
    Status started = server->Start();
    REQUIRE_MESSAGE(started.ok(), started.ToString());
  }
  ~PipelineServer() {
    server->Stop();
    server->Wait();
  }
  std::unique_ptr<api::Pipeline> pipeline;
  std::unique_ptr<Server> server;
};

const std::string kBody = "Action=DescribeClusters&Version=2012-12-01";

std::string Post(const std::string& version, const std::string& host_lines) {
  return "POST / " + version + "\r\n" + host_lines +
         "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n"
         "Content-Length: " +
         std::to_string(kBody.size()) + "\r\n\r\n" + kBody;
}

}  // namespace

TEST_CASE("Session refuses an HTTP/1.1 request without Host with an AWS-shaped 400") {
  PipelineServer test;
  const uint16_t port = test.server->port();

  const std::string missing = Exchange(port, Post("HTTP/1.1", ""));
  CHECK(missing.rfind("HTTP/1.1 400 ", 0) == 0);
  CHECK(missing.find("<ErrorResponse") != std::string::npos);
  CHECK(missing.find("<Code>BadRequest</Code>") != std::string::npos);
  CHECK(missing.find("Host header") != std::string::npos);
  CHECK(missing.find("<DescribeClustersResponse") == std::string::npos);

  const std::string twice =
      Exchange(port, Post("HTTP/1.1", "Host: 127.0.0.1\r\nHost: example.com\r\n"));
  CHECK(twice.rfind("HTTP/1.1 400 ", 0) == 0);
  CHECK(twice.find("more than one Host header") != std::string::npos);

  // With a Host header, and for HTTP/1.0 without one, the request is served.
  const std::string with_host = Exchange(port, Post("HTTP/1.1", "Host: 127.0.0.1\r\n"));
  CHECK(with_host.rfind("HTTP/1.1 200 ", 0) == 0);
  CHECK(with_host.find("<DescribeClustersResponse") != std::string::npos);
  const std::string http10 = Exchange(port, Post("HTTP/1.0", ""));
  CHECK(http10.rfind("HTTP/1.0 200 ", 0) == 0);
}

}  // namespace rsemu
