// Tests for the HTTP server layer (emulator/server, listener, session): a real
// Server on 127.0.0.1 port 0 with a fake RequestHandler, driven by Beast
// client sockets. Covers keep-alive, pipelining, target and header handling,
// the body/header/syntax limits, read and idle timeouts, and graceful Stop().
#include "emulator/server.h"

#include <doctest/doctest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "common/http_message.h"
#include "emulator/options.h"

namespace rsemu {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Echoes "METHOD TARGET\nBODY"; "/slow" sleeps 300 ms first, "/close" asks the
// server to close the connection. Remembers the last request.
class FakeHandler : public RequestHandler {
 public:
  HttpResponse Handle(const HttpRequest& request) override {
    handled.fetch_add(1);
    {
      std::lock_guard<std::mutex> lock(mu_);
      last_ = request;
    }
    if (request.target == "/slow") {
      slow_started.store(true);
      std::this_thread::sleep_for(milliseconds(300));
    }
    HttpResponse response;
    response.SetHeader("Content-Type", "text/plain");
    response.SetHeader("X-Echo", "yes");
    response.body = request.method + " " + request.target + "\n" + request.body;
    response.close_connection = request.target == "/close";
    return response;
  }

  HttpResponse Refuse(int http_status, std::string_view reason) override {
    refused.fetch_add(1);
    last_refusal.store(http_status);
    HttpResponse response;
    response.status = http_status;
    response.SetHeader("Content-Type", "text/plain");
    response.body = "refused " + std::to_string(http_status) + ": " + std::string(reason);
    return response;
  }

  HttpRequest last() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_;
  }

  std::atomic<int> handled{0};
  std::atomic<int> refused{0};
  std::atomic<int> last_refusal{0};
  std::atomic<bool> slow_started{false};

 private:
  std::mutex mu_;
  HttpRequest last_;
};

ServerOptions TestOptions() {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  options.handle_signals = false;
  return options;
}

// A started server with its fake handler; stopped and drained on destruction.
struct TestServer {
  explicit TestServer(ServerOptions options = TestOptions()) : server(options, handler) {
    Status started = server.Start();
    REQUIRE_MESSAGE(started.ok(), started.ToString());
    REQUIRE(server.port() != 0);
  }
  ~TestServer() {
    server.Stop();
    server.Wait();
  }
  FakeHandler handler;
  Server server;
};

// A blocking client with a deadline on every operation (so a broken server
// fails the test instead of hanging it).
class Client {
 public:
  explicit Client(uint16_t port) : stream_(ioc_) {
    stream_.expires_after(kTimeout);
    stream_.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                          [this](beast::error_code ec) { connect_error_ = ec; });
    Run();
  }

  beast::error_code connect_error() const { return connect_error_; }

  beast::error_code WriteRaw(std::string_view data) {
    beast::error_code result;
    stream_.expires_after(kTimeout);
    net::async_write(stream_, net::buffer(data.data(), data.size()),
                     [&](beast::error_code ec, std::size_t) { result = ec; });
    Run();
    return result;
  }

  beast::error_code Send(http::request<http::string_body> request) {
    request.prepare_payload();
    beast::error_code result;
    stream_.expires_after(kTimeout);
    http::async_write(stream_, request, [&](beast::error_code ec, std::size_t) { result = ec; });
    Run();
    return result;
  }

  beast::error_code Read(http::response<http::string_body>* response) {
    beast::error_code result;
    stream_.expires_after(kTimeout);
    http::async_read(stream_, buffer_, *response,
                     [&](beast::error_code ec, std::size_t) { result = ec; });
    Run();
    return result;
  }

  // Reads (and drops) until the server closes the connection or `timeout`
  // passes; returns the error that ended it (eof or a reset when closed,
  // beast::error::timeout when not).
  beast::error_code WaitForClose(milliseconds timeout) {
    buffer_.clear();
    beast::error_code result;
    stream_.expires_after(timeout);
    char scratch[4096];
    std::function<void(beast::error_code, std::size_t)> on_read;
    on_read = [&](beast::error_code ec, std::size_t) {
      if (ec) {
        result = ec;
        return;
      }
      stream_.async_read_some(net::buffer(scratch), on_read);
    };
    stream_.async_read_some(net::buffer(scratch), on_read);
    Run();
    return result;
  }

 private:
  static constexpr milliseconds kTimeout{5000};

  void Run() {
    ioc_.restart();
    ioc_.run();
  }

  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  beast::error_code connect_error_;
};

bool ClosedByPeer(beast::error_code ec) {
  return ec == http::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::connection_reset;
}

http::request<http::string_body> MakeRequest(http::verb method, std::string target,
                                             std::string body = "") {
  http::request<http::string_body> request{method, target, 11};
  request.set(http::field::host, "localhost");
  request.body() = std::move(body);
  return request;
}

TEST_CASE("Server answers two requests on one keep-alive connection") {
  TestServer test;
  Client client(test.server.port());
  REQUIRE_FALSE(client.connect_error());

  REQUIRE_FALSE(client.Send(MakeRequest(http::verb::post, "/", "Action=One")));
  http::response<http::string_body> first;
  REQUIRE_FALSE(client.Read(&first));
  CHECK(first.result_int() == 200);
  CHECK(first.body() == "POST /\nAction=One");
  CHECK(first.keep_alive());
  CHECK(first[http::field::content_length] == std::to_string(first.body().size()));
  CHECK(first["X-Echo"] == "yes");

  REQUIRE_FALSE(client.Send(MakeRequest(http::verb::post, "/", "Action=Two")));
  http::response<http::string_body> second;
  REQUIRE_FALSE(client.Read(&second));
  CHECK(second.body() == "POST /\nAction=Two");
  CHECK(test.handler.handled.load() == 2);
  CHECK(test.server.connection_count() == 1);
}

TEST_CASE("Server answers pipelined requests in order") {
  TestServer test;
  Client client(test.server.port());
  REQUIRE_FALSE(
      client.WriteRaw("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: "
                      "x\r\nContent-Length: 3\r\n\r\nxyz"));
  http::response<http::string_body> a, b;
  REQUIRE_FALSE(client.Read(&a));
  REQUIRE_FALSE(client.Read(&b));
  CHECK(a.body() == "GET /a\n");
  CHECK(b.body() == "POST /b\nxyz");
}

TEST_CASE("Server passes the target, lower-cased headers and the peer address") {
  TestServer test;
  Client client(test.server.port());
  const std::string target = "/?Action=DescribeClusters&Version=2012-12-01&Marker=a%2Fb";
  auto request = MakeRequest(http::verb::get, target);
  request.set("X-Amz-Date", "20240101T000000Z");
  REQUIRE_FALSE(client.Send(request));
  http::response<http::string_body> response;
  REQUIRE_FALSE(client.Read(&response));
  CHECK(response.body() == "GET " + target + "\n");

  HttpRequest seen = test.handler.last();
  CHECK(seen.method == "GET");
  CHECK(seen.target == target);
  CHECK(seen.Header("x-amz-date") == "20240101T000000Z");
  CHECK(seen.Header("host") == "localhost");
  CHECK_FALSE(seen.HasHeader("X-Amz-Date"));
  CHECK(seen.remote_address == "127.0.0.1");
}

TEST_CASE("Server answers 100 Continue before reading the body") {
  TestServer test;
  Client client(test.server.port());
  REQUIRE_FALSE(client.WriteRaw(
      "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  http::response<http::string_body> interim;
  REQUIRE_FALSE(client.Read(&interim));
  CHECK(interim.result_int() == 100);
  REQUIRE_FALSE(client.WriteRaw("hello"));
  http::response<http::string_body> response;
  REQUIRE_FALSE(client.Read(&response));
  CHECK(response.result_int() == 200);
  CHECK(response.body() == "POST /\nhello");
}

TEST_CASE("Server closes when the handler or an HTTP/1.0 client asks") {
  TestServer test;
  {
    Client client(test.server.port());
    REQUIRE_FALSE(client.Send(MakeRequest(http::verb::get, "/close")));
    http::response<http::string_body> response;
    REQUIRE_FALSE(client.Read(&response));
    CHECK(response[http::field::connection] == "close");
    CHECK(ClosedByPeer(client.WaitForClose(milliseconds(2000))));
  }
  {
    Client client(test.server.port());
    REQUIRE_FALSE(client.WriteRaw("GET /old HTTP/1.0\r\n\r\n"));
    http::response<http::string_body> response;
    REQUIRE_FALSE(client.Read(&response));
    CHECK(response.version() == 10);
    CHECK(response.body() == "GET /old\n");
    CHECK(ClosedByPeer(client.WaitForClose(milliseconds(2000))));
  }
}

TEST_CASE("Server refuses a Content-Length over the body limit with 413") {
  TestServer test;  // default limit: 1 MiB
  Client client(test.server.port());
  const std::string body(1024 * 1024 + 1, 'a');
  REQUIRE_FALSE(client.WriteRaw(
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  REQUIRE_FALSE(client.WriteRaw(body));  // drained by the server after it refuses
  http::response<http::string_body> response;
  REQUIRE_FALSE(client.Read(&response));
  CHECK(response.result_int() == 413);
  CHECK(response[http::field::connection] == "close");
  CHECK(response.body().rfind("refused 413: ", 0) == 0);
  CHECK(test.handler.handled.load() == 0);
  CHECK(test.handler.refused.load() == 1);
  CHECK(ClosedByPeer(client.WaitForClose(milliseconds(3000))));
}

TEST_CASE("Server refuses a chunked body that grows over the limit with 413") {
  ServerOptions options = TestOptions();
  options.body_limit = 1024;
  TestServer test(options);
  Client client(test.server.port());
  const std::string chunk(4096, 'b');
  REQUIRE_FALSE(
      client.WriteRaw("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "1000\r\n" +
                      chunk + "\r\n0\r\n\r\n"));
  http::response<http::string_body> response;
  REQUIRE_FALSE(client.Read(&response));
  CHECK(response.result_int() == 413);
  CHECK(response[http::field::connection] == "close");
  CHECK(response.body().find("1024 bytes") != std::string::npos);
  CHECK(test.handler.handled.load() == 0);
}

TEST_CASE("Server refuses oversized headers with 431") {
  TestServer test;  // default limit: 16 KiB
  Client client(test.server.port());
  REQUIRE_FALSE(client.WriteRaw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'h') +
                                "\r\n\r\n"));
  http::response<http::string_body> response;
  REQUIRE_FALSE(client.Read(&response));
  CHECK(response.result_int() == 431);
  CHECK(response[http::field::connection] == "close");
  CHECK(test.handler.last_refusal.load() == 431);
  CHECK(test.handler.handled.load() == 0);
}

TEST_CASE("Server refuses input that is not HTTP with 400") {
  TestServer test;
  Client client(test.server.port());
  REQUIRE_FALSE(client.WriteRaw("\x16\x03\x01 this is not http\r\n\r\n"));
  http::response<http::string_body> response;
  REQUIRE_FALSE(client.Read(&response));
  CHECK(response.result_int() == 400);
  CHECK(response[http::field::connection] == "close");
  CHECK(test.handler.handled.load() == 0);
  CHECK(ClosedByPeer(client.WaitForClose(milliseconds(3000))));
}

TEST_CASE("Server disconnects a client that stalls mid-request after the read timeout") {
  ServerOptions options = TestOptions();
  options.read_timeout = milliseconds(1000);
  TestServer test(options);
  Client client(test.server.port());
  const auto start = Clock::now();
  REQUIRE_FALSE(client.WriteRaw("POST / HTTP/1.1\r\nHost: x\r\n"));  // and nothing more
  CHECK(ClosedByPeer(client.WaitForClose(milliseconds(4000))));
  const auto elapsed = Clock::now() - start;
  CHECK(elapsed >= milliseconds(900));
  CHECK(elapsed < milliseconds(3000));
  CHECK(test.handler.handled.load() == 0);
}

TEST_CASE("Server closes a keep-alive connection after the idle timeout") {
  ServerOptions options = TestOptions();
  options.idle_timeout = milliseconds(400);
  TestServer test(options);
  Client client(test.server.port());
  REQUIRE_FALSE(client.Send(MakeRequest(http::verb::get, "/")));
  http::response<http::string_body> response;
  REQUIRE_FALSE(client.Read(&response));
  const auto start = Clock::now();
  CHECK(ClosedByPeer(client.WaitForClose(milliseconds(4000))));
  const auto elapsed = Clock::now() - start;
  CHECK(elapsed >= milliseconds(300));
  CHECK(elapsed < milliseconds(2500));
}

TEST_CASE("Server Stop() finishes the request in flight and closes idle connections") {
  TestServer test;
  const uint16_t port = test.server.port();
  Client idle(port);
  REQUIRE_FALSE(idle.connect_error());

  beast::error_code slow_error;
  http::response<http::string_body> slow_response;
  std::thread slow_client([&] {
    Client client(port);
    slow_error = client.Send(MakeRequest(http::verb::get, "/slow"));
    if (!slow_error) slow_error = client.Read(&slow_response);
  });
  const auto give_up = Clock::now() + milliseconds(3000);
  while (!test.handler.slow_started.load() && Clock::now() < give_up) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  REQUIRE(test.handler.slow_started.load());

  const auto start = Clock::now();
  test.server.Stop();
  test.server.Wait();
  const auto elapsed = Clock::now() - start;
  slow_client.join();

  CHECK_FALSE(slow_error);
  CHECK(slow_response.result_int() == 200);
  CHECK(slow_response.body() == "GET /slow\n");
  CHECK(elapsed < milliseconds(2000));
  CHECK(test.server.connection_count() == 0);
  CHECK(ClosedByPeer(idle.WaitForClose(milliseconds(2000))));

  Client late(port);  // the listening socket is gone
  CHECK(late.connect_error());
}

TEST_CASE("Server Start() fails cleanly when the port is taken") {
  TestServer first;
  ServerOptions options = TestOptions();
  options.port = first.server.port();
  FakeHandler handler;
  Server second(options, handler);
  Status started = second.Start();
  CHECK_FALSE(started.ok());
  CHECK(started.message().find("bind") != std::string::npos);
  second.Stop();
  second.Wait();  // returns at once
}

TEST_CASE("Server resolves its thread count and URL") {
  ServerOptions options = TestOptions();
  options.threads = 0;
  FakeHandler handler;
  Server server(options, handler);
  CHECK(server.thread_count() >= 1);
  REQUIRE(server.Start().ok());
  CHECK(server.address() == "127.0.0.1");
  CHECK(server.Url() == "http://127.0.0.1:" + std::to_string(server.port()));
}

}  // namespace
}  // namespace rsemu
