// rsemu entry point: parses flags and RSEMU_* variables, creates the request
// pipeline, serves HTTP until SIGINT/SIGTERM, then closes the pipeline.
// stdout carries exactly one line, "rsemu listening on http://HOST:PORT";
// logs go to stderr. Exit status: 0 clean stop, 1 cannot start, 2 bad usage.
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "api/pipeline.h"
#include "common/clock.h"
#include "common/log.h"
#include "emulator/flags.h"
#include "emulator/server.h"

namespace {

int Run(int argc, char** argv) {
  using rsemu::LogLevel;
  const std::vector<std::string> args(argv + 1, argv + argc);
  rsemu::Result<rsemu::Flags> parsed = rsemu::ParseFlags(args, rsemu::ProcessEnv());
  if (!parsed.ok()) {
    std::fprintf(stderr, "rsemu: %s\nTry 'rsemu --help' for the list of flags.\n",
                 parsed.status().message().c_str());
    return 2;
  }
  const rsemu::Flags& flags = *parsed;
  if (flags.show_help) {
    std::fputs(rsemu::Usage().c_str(), stdout);
    return 0;
  }
  if (flags.show_version) {
    std::printf("rsemu %s\n", RSEMU_VERSION);
    return 0;
  }
  rsemu::SetLogLevel(flags.log_level);

  auto pipeline =
      rsemu::api::Pipeline::Create(flags.pipeline, std::make_shared<rsemu::SystemClock>());
  if (!pipeline.ok()) {
    rsemu::Log(LogLevel::kError, "cannot start: " + pipeline.status().ToString());
    return 1;
  }

  rsemu::Server server(flags.server, **pipeline);
  if (rsemu::Status started = server.Start(); !started.ok()) {
    rsemu::Log(LogLevel::kError, "cannot start: " + started.message());
    (void)(*pipeline)->Close();
    return 1;
  }
  std::printf("rsemu listening on %s\n", server.Url().c_str());
  std::fflush(stdout);
  rsemu::Log(LogLevel::kInfo,
             "rsemu " RSEMU_VERSION " listening on " + server.Url() + " with " +
                 std::to_string(server.thread_count()) + " I/O thread(s), " +
                 (flags.pipeline.data_dir.empty() ? std::string("state in memory")
                                                  : "state in " + flags.pipeline.data_dir));

  server.Wait();  // until SIGINT/SIGTERM; drains connections and joins threads
  if (rsemu::Status closed = (*pipeline)->Close(); !closed.ok()) {
    rsemu::Log(LogLevel::kError, "cannot close the state cleanly: " + closed.ToString());
    return 1;
  }
  rsemu::Log(LogLevel::kInfo, "rsemu stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rsemu: fatal: %s\n", e.what());
    return 1;
  } catch (...) {
    std::fprintf(stderr, "rsemu: fatal: unknown exception\n");
    return 1;
  }
}
