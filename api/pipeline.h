// Pipeline: the ordered stages every API request goes through — route, decode,
// authenticate, authorize, execute, encode (see api/pipeline.cpp) — plus the
// /_emulator admin endpoints. It is the RequestHandler the HTTP server calls.
//
// Thread-safety: Handle may be called concurrently from several I/O threads.
// Decoding, authentication and encoding run in parallel; the execute stage
// (everything that touches SQLite) runs under one mutex, one request at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "api/gate.h"
#include "common/clock.h"
#include "common/http_message.h"
#include "common/status.h"

namespace rsemu::api {

struct PipelineOptions {
  std::string data_dir;                 // empty: state in memory
  std::string region = "us-east-1";     // when the request names none
  double transition_delay_seconds = 0;  // how long lifecycle states take to settle
  uint64_t seed = 0;                    // 0: random ids; else deterministic ids
  bool strict_credentials = false;      // refuse unknown keys and unsigned requests
  std::string fixtures_path;            // JSON fixture loaded at start and on reset
  GateOptions gate;                     // --iam mode and the catalog switches
};

class Pipeline : public RequestHandler {
 public:
  // Opens the store (running migrations) and loads the service models.
  static Result<std::unique_ptr<Pipeline>> Create(const PipelineOptions& options,
                                                  std::shared_ptr<const Clock> clock);
  ~Pipeline() override;

  HttpResponse Handle(const HttpRequest& request) override;
  HttpResponse Refuse(int http_status, std::string_view reason) override;
  // Closes the database cleanly (checkpointing the WAL). Idempotent.
  Status Close();

 private:
  struct Impl;
  explicit Pipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rsemu::api
