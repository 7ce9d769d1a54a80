// ServerOptions: everything the HTTP server layer can be told, each field with
// its default and the trade-off it controls. The server knows nothing about AWS;
// the pipeline's own options live in api/pipeline.h.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace rsemu {

struct ServerOptions {
  // Address to listen on: an IPv4 or IPv6 literal, or a host name resolved once
  // at startup. The default only accepts local clients; "0.0.0.0" exposes the
  // emulator to the network.
  // Default: "127.0.0.1"
  std::string host = "127.0.0.1";

  // TCP port to listen on. 0 binds an ephemeral port; Server::port() (and the
  // "rsemu listening on ..." line printed by main) reports the one bound, so
  // several emulators can run side by side.
  // Default: 4599
  uint16_t port = 4599;

  // Number of I/O threads running the io_context. Handlers run on these threads
  // and may block (SQLite); more threads let more requests parse, verify and
  // encode in parallel, but every request's store work still takes turns behind
  // one mutex. Measured on 2 cores with the client on the same machine
  // (bench/RESULTS.md), one thread used half the CPU per request of two and
  // answered more requests per second in every mix, so one is the default.
  // 0 means std::thread::hardware_concurrency() (at least 1).
  // Default: 1
  unsigned threads = 1;

  // Largest request body accepted, in bytes. A bigger body (announced by
  // Content-Length or found while reading a chunked body) is refused with 413
  // and the connection is closed. awsQuery bodies are small; the limit bounds
  // the memory one connection can pin.
  // Default: 1 MiB
  uint64_t body_limit = 1024 * 1024;

  // Largest request header block (request line plus fields), in bytes. Bigger
  // headers are refused with 431 and the connection is closed.
  // Default: 16 KiB
  uint32_t header_limit = 16 * 1024;

  // How long a client may take to send one whole request, measured from its
  // first byte. A client that stalls mid-request is disconnected without a
  // response when it runs out (the socket is already closed by then). The same
  // bound applies to writing a response to a client that does not read.
  // Default: 30 s
  std::chrono::milliseconds read_timeout{30'000};

  // How long a keep-alive connection may sit idle, waiting for the first byte
  // of its next request (or of its first one), before it is closed. Shorter
  // values free descriptors sooner; longer ones spare clients a reconnect.
  // Default: 60 s
  std::chrono::milliseconds idle_timeout{60'000};

  // How long a graceful shutdown waits for in-flight requests to finish before
  // remaining connections are closed forcibly.
  // Default: 10 s
  std::chrono::milliseconds shutdown_timeout{10'000};

  // If true, SIGINT and SIGTERM start a graceful shutdown (as Server::Stop()).
  // Tests that run a server in-process turn this off.
  // Default: true
  bool handle_signals = true;
};

}  // namespace rsemu
