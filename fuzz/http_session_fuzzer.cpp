// Fuzzes the HTTP/1.1 front door on raw bytes: the input is written, as a
// client would, into one end of a socketpair whose other end is served by a
// real emulator Session (emulator/session.h: header/body limits, 100-continue,
// pipelining, keep-alive, refusals and lingering) in front of an in-memory
// api::Pipeline (api/pipeline.h: routing, form decoding, SigV4, IAM gate,
// handlers, XML encoding, the /_emulator admin endpoints). The pipeline and
// io_context are created once; the store is reset after every input so no
// state leaks from one input into the next.
//
// Limits are lowered (header 1 KiB, body 2 KiB) so that inputs of a few KiB
// reach the 431/413 refusals.
// Asserts: the session always finishes (the client's end sees EOF) and
// deregisters; everything the server writes parses as a sequence of HTTP/1.1
// responses (interim 100 Continue included); every final response has a
// status 100..599 and a Content-Length equal to its body, and a text/xml body
// is well-formed XML (expat).
#include <signal.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "api/pipeline.h"
#include "common/clock.h"
#include "emulator/options.h"
#include "emulator/session.h"
#include "fuzz/fuzz_util.h"
#include "fuzz/xml_check.h"

namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using rsemu::fuzz::Printable;

// 2026-12-03T18:40:37Z, when the boto3 requests of corpus/http_session were
// captured (their X-Amz-Date).
constexpr int64_t kNowMillis = 1796323237000;

struct Harness {
  net::io_context ioc{1};
  rsemu::ServerOptions options;
  rsemu::SessionRegistry registry;
  std::unique_ptr<rsemu::api::Pipeline> pipeline;
};

Harness& Get() {
  // Never destroyed: libFuzzer may exit from any thread at any time.
  static Harness* harness = [] {
    auto* h = new Harness;
    h->options.header_limit = 1024;
    h->options.body_limit = 2048;
    h->options.handle_signals = false;
    rsemu::api::PipelineOptions options;
    options.seed = 1;  // deterministic ids
    auto pipeline =
        rsemu::api::Pipeline::Create(options, std::make_shared<rsemu::FixedClock>(kNowMillis));
    FUZZ_CHECK(pipeline.ok(), "cannot create the pipeline: " + pipeline.status().ToString());
    h->pipeline = std::move(pipeline).value();
    return h;
  }();
  return *harness;
}

// Checks that `output` is a sequence of complete HTTP/1.1 responses (the last
// one may be cut short only if the server closed mid-write, which it must not).
void CheckResponses(const std::string& output) {
  std::string_view rest = output;
  while (!rest.empty()) {
    http::response_parser<http::string_body> parser;
    parser.eager(true);
    parser.body_limit(64 * 1024 * 1024);
    parser.header_limit(64 * 1024);
    boost::beast::error_code ec;
    size_t used = 0;
    while (!parser.is_done() && !ec) {
      size_t n = parser.put(net::buffer(rest.data() + used, rest.size() - used), ec);
      used += n;
      if (n == 0 && !ec && !parser.is_done()) {
        parser.put_eof(ec);
        break;
      }
    }
    FUZZ_CHECK(!ec && parser.is_done(), "server output is not HTTP/1.1 (" + ec.message() +
                                            "): " + Printable(rest.substr(0, 600), 600));
    const auto& response = parser.get();
    const unsigned status = response.result_int();
    FUZZ_CHECK(status >= 100 && status <= 599, "response status " + std::to_string(status));
    if (status >= 200) {
      auto length = response.find(http::field::content_length);
      FUZZ_CHECK(
          length != response.end() && length->value() == std::to_string(response.body().size()),
          "Content-Length does not match the body");
      auto type = response.find(http::field::content_type);
      if (type != response.end() && type->value().starts_with("text/xml")) {
        rsemu::fuzz::CheckWellFormed(response.body(), "", "a text/xml response body");
      }
    }
    rest.remove_prefix(used);
  }
}

}  // namespace

// ASan's default 256 MiB quarantine makes every session's buffers fresh pages:
// page faults were half the time per input. 16 MiB still delays reuse well
// past one input's lifetime. (ASAN_OPTIONS in the environment still wins.)
extern "C" const char* __asan_default_options() { return "quarantine_size_mb=16"; }

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  rsemu::fuzz::QuietLogs();
  signal(SIGPIPE, SIG_IGN);
  Get();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Harness& h = Get();
  int fds[2];
  FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0, "socketpair failed");

  // Server end: a tcp::socket on its own strand, as the listener makes them.
  net::ip::tcp::socket server_socket(net::make_strand(h.ioc));
  server_socket.assign(net::ip::tcp::v4(), fds[0]);
  std::make_shared<rsemu::Session>(std::move(server_socket), h.options, *h.pipeline, h.registry)
      ->Run();

  // Client end: write the input, half-close, read everything until EOF.
  net::local::stream_protocol::socket client(h.ioc);
  client.assign(net::local::stream_protocol(), fds[1]);
  std::string output;
  bool wrote = false, read = false;
  net::async_write(client, net::buffer(data, size), [&](boost::system::error_code, size_t) {
    boost::system::error_code ignored;
    client.shutdown(net::socket_base::shutdown_send, ignored);
    wrote = true;
  });
  net::async_read(client, net::dynamic_buffer(output),
                  [&](boost::system::error_code, size_t) { read = true; });
  h.ioc.restart();
  h.ioc.run();
  FUZZ_CHECK(wrote && read, "the exchange did not finish");
  FUZZ_CHECK(h.registry.size() == 0, "a session outlived its connection");
  client.close();
  CheckResponses(output);

  // Forget whatever the input created.
  rsemu::HttpRequest reset;
  reset.method = "POST";
  reset.target = "/_emulator/reset";
  const rsemu::HttpResponse response = h.pipeline->Handle(reset);
  FUZZ_CHECK(response.status == 200, "reset failed: " + response.body);
  return 0;
}
