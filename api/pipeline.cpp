// Pipeline: temporary stand-in until the stages land (answers 501 to everything).
#include "api/pipeline.h"

namespace rsemu::api {

struct Pipeline::Impl {
  PipelineOptions options;
  std::shared_ptr<const Clock> clock;
};

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pipeline::~Pipeline() = default;

Result<std::unique_ptr<Pipeline>> Pipeline::Create(const PipelineOptions& options,
                                                   std::shared_ptr<const Clock> clock) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->clock = std::move(clock);
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(impl)));
}

HttpResponse Pipeline::Handle(const HttpRequest&) {
  HttpResponse response;
  response.status = 501;
  response.body = "not implemented";
  return response;
}

HttpResponse Pipeline::Refuse(int http_status, std::string_view reason) {
  HttpResponse response;
  response.status = http_status;
  response.body = std::string(reason);
  response.close_connection = true;
  return response;
}

Status Pipeline::Close() { return Status::Ok(); }

}  // namespace rsemu::api
