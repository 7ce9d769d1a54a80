// Pipeline: the request stages in order — route, parse the form, identify the
// service and operation, authenticate, decode, execute in one transaction,
// encode — and the admin endpoints. Every failure leaves as an AWS error.
#include "api/pipeline.h"

#include <chrono>
#include <filesystem>
#include <mutex>

#include "api/admin.h"
#include "api/authenticator.h"
#include "api/decision_log.h"
#include "api/fixtures.h"
#include "api/form.h"
#include "api/gate.h"
#include "api/identifier_normalizer.h"
#include "api/model.h"
#include "api/policy_set_cache.h"
#include "api/query_decoder.h"
#include "api/registry.h"
#include "api/request_context.h"
#include "api/sigv4.h"
#include "api/xml_encoder.h"
#include "common/ids.h"
#include "common/log.h"
#include "storage/database.h"
#include "storage/resource_store.h"

namespace rsemu::api {
namespace {

constexpr std::string_view kFallbackNamespace = "http://redshift.amazonaws.com/doc/2012-12-01/";

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// The rows a handler touched, with the ARNs AWS would name: IAM users, groups,
// roles and policies are stored under internal ARNs; their public ARN is in
// the body. Deleted rows are not listed (their reads are).
std::vector<TouchedResource> PublicAccesses(RequestContext& context,
                                            std::vector<storage::ResourceAccess> accesses) {
  std::vector<TouchedResource> out;
  for (storage::ResourceAccess& access : accesses) {
    if (access.kind == storage::ResourceAccess::Kind::kDelete) continue;
    TouchedResource touched;
    touched.type = std::move(access.type);
    touched.arn = std::move(access.arn);
    touched.access = access.kind == storage::ResourceAccess::Kind::kRead     ? "read"
                     : access.kind == storage::ResourceAccess::Kind::kInsert ? "insert"
                                                                             : "update";
    if (touched.type.rfind("iam-", 0) == 0) {
      auto row = context.resources->GetById(access.id);
      if (row.ok()) {
        auto body = Value::FromJson(row->body);
        if (body.ok()) {
          std::string arn = body->GetString("Arn");
          if (arn.empty() && body->Find("Policy") != nullptr)
            arn = body->Find("Policy")->GetString("Arn");
          if (!arn.empty()) touched.arn = std::move(arn);
        }
      }
    }
    out.push_back(std::move(touched));
  }
  return out;
}

// What the log line and the error encoder need to know about a request so far.
struct Trace {
  std::string request_id;
  const ServiceModel* model = nullptr;
  std::string action;
};

}  // namespace

struct Pipeline::Impl : public EmulatorState {
  PipelineOptions options;
  std::shared_ptr<const Clock> clock;
  std::unique_ptr<IdGenerator> ids;
  int64_t started_millis = 0;
  SigningKeyCache signing_keys;

  std::mutex db_mutex;
  std::unique_ptr<storage::Database> db;              // GUARDED_BY(db_mutex)
  std::unique_ptr<storage::ResourceStore> resources;  // GUARDED_BY(db_mutex)
  std::unique_ptr<storage::TagStore> tags;            // GUARDED_BY(db_mutex)
  DecisionLog decisions;
  PolicySetCache policy_sets;  // GUARDED_BY(db_mutex)

  Status Reset() override {
    std::lock_guard<std::mutex> lock(db_mutex);
    if (!db) return Status::Internal("the database is closed");
    policy_sets.Invalidate();
    RSEMU_RETURN_IF_ERROR(db->WipeAllData());
    decisions.Clear();
    return LoadFixturesLocked();
  }
  std::string DecisionsJson(const DecisionFilter& filter) const override {
    return decisions.ToJson(filter);
  }
  // Loads options.fixtures_path (if any) in one transaction. Needs db_mutex.
  Status LoadFixturesLocked() {
    if (options.fixtures_path.empty()) return Status::Ok();
    policy_sets.Invalidate();
    RequestContext context;
    context.request_id = "fixtures";
    context.now_millis = clock->NowMillis();
    context.db = db.get();
    context.resources = resources.get();
    context.tags = tags.get();
    context.ids = ids.get();
    context.options = &options;
    RSEMU_RETURN_IF_ERROR(db->Begin());
    Status loaded = LoadFixtures(options.fixtures_path, context);
    if (!loaded.ok()) {
      (void)db->Rollback();
      return loaded;
    }
    return db->Commit();
  }
  int64_t UptimeMillis() const override { return clock->NowMillis() - started_millis; }

  HttpResponse Api(const HttpRequest& request, std::string_view path, std::string_view query,
                   Trace* trace);
  Result<Value> Execute(RequestContext& context, const SigV4Authorization* auth, Handler handler,
                        const Result<Value>& input);
  HttpResponse Error(const Trace& trace, const Status& status) const;
};

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pipeline::~Pipeline() { Close(); }

Result<std::unique_ptr<Pipeline>> Pipeline::Create(const PipelineOptions& options,
                                                   std::shared_ptr<const Clock> clock) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->clock = std::move(clock);
  impl->ids = std::make_unique<IdGenerator>(options.seed);
  impl->started_millis = impl->clock->NowMillis();
  std::string path = ":memory:";
  if (!options.data_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(options.data_dir, error);
    if (error)
      return Status::Internal("cannot create data dir " + options.data_dir + ": " +
                              error.message());
    path = (std::filesystem::path(options.data_dir) / "rsemu.db").string();
  }
  RSEMU_ASSIGN_OR_RETURN(impl->db, storage::Database::Open(path));
  impl->resources = std::make_unique<storage::ResourceStore>(impl->db.get());
  impl->tags = std::make_unique<storage::TagStore>(impl->db.get());
  Models::Get().redshift();  // parsed before the first request; IAM and STS on first use
  {
    std::lock_guard<std::mutex> lock(impl->db_mutex);
    RSEMU_RETURN_IF_ERROR(impl->LoadFixturesLocked());
  }
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(impl)));
}

HttpResponse Pipeline::Handle(const HttpRequest& request) {
  auto started = std::chrono::steady_clock::now();
  Trace trace;
  trace.request_id = impl_->ids->Uuid();
  std::string_view target = request.target;
  size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

  HttpResponse response = IsAdminPath(path) ? HandleAdmin(request, path, *impl_)
                                            : impl_->Api(request, path, query, &trace);
  response.SetHeader("x-amzn-RequestId", trace.request_id);
  if (LogEnabled(LogLevel::kInfo)) {
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
    std::string line =
        "request_id=" + trace.request_id +
        " service=" + (trace.model ? trace.model->service() : std::string("-")) + " action=" +
        (trace.action.empty() ? std::string(IsAdminPath(path) ? path : "-") : trace.action) +
        " status=" + std::to_string(response.status) + " latency_us=" + std::to_string(micros);
    Log(LogLevel::kInfo, line);
  }
  return response;
}

HttpResponse Pipeline::Impl::Api(const HttpRequest& request, std::string_view path,
                                 std::string_view query, Trace* trace) {
  (void)path;  // awsQuery is served on any path (clients may add one to the endpoint)
  if (request.method != "POST" && request.method != "GET") {
    return Error(*trace, Status::AwsError("UnsupportedHttpVerb",
                                          "The HTTP method " + request.method +
                                              " is not supported: send awsQuery requests "
                                              "as POST (or GET with a query string)."));
  }
  std::string_view body =
      request.method == "POST" ? std::string_view(request.body) : std::string_view();
  std::string_view content_type = request.Header("content-type");
  if (!body.empty() && !content_type.empty() &&
      !StartsWithIgnoreCase(content_type, "application/x-www-form-urlencoded")) {
    return Error(*trace, Status::AwsError("UnsupportedMediaType",
                                          "The content type " + std::string(content_type) +
                                              " is not supported: awsQuery requests are "
                                              "application/x-www-form-urlencoded."));
  }
  auto form = FormParams::Parse(body, query);
  if (!form.ok()) return Error(*trace, form.status());
  const std::string* action = form->Find("Action");
  if (action == nullptr || action->empty()) {
    return Error(*trace, Status::AwsError("MissingAction",
                                          "The request must contain the parameter Action."));
  }
  trace->action = *action;

  // Identify the service: the SigV4 credential scope, else the action's name.
  std::optional<SigV4Authorization> auth;
  if (HasSigV4(request)) {
    auto parsed = ParseSigV4(request);
    if (!parsed.ok()) return Error(*trace, parsed.status());
    auth = std::move(parsed).value();
  }
  const Models& models = Models::Get();
  const ServiceModel* model = auth ? models.ForService(auth->scope.service) : nullptr;
  if (model == nullptr) model = models.ForAction(*action);
  trace->model = model;
  const Operation* operation = model ? model->FindOperation(*action) : nullptr;
  if (operation == nullptr) {
    return Error(*trace,
                 Status::AwsError("InvalidAction",
                                  "The action " + *action + " is not valid for this web service."));
  }

  RequestContext context;
  context.request_id = trace->request_id;
  context.http = &request;
  context.model = model;
  context.operation = operation;
  context.region = auth ? auth->scope.region : options.region;
  context.options = &options;
  context.ids = ids.get();
  // Authentication runs inside Execute (it reads the IAM keys); its errors
  // come before the input's.
  auto input = DecodeInput(*model, operation->input, *form);
  // Names the service stores lower-cased are lower-cased once, here, so the
  // gate authorizes exactly the resource the handler touches.
  if (input.ok()) NormalizeIdentifiers(model->service(), &*input);

  Handler handler = Registry::Default().Find(model->service(), operation->name);
  auto output = Execute(context, auth ? &*auth : nullptr, handler, input);
  HttpResponse response;
  if (!output.ok()) {
    response = Error(*trace, output.status());
  } else {
    response.status = 200;
    response.SetHeader("Content-Type", "text/xml");
    response.body = EncodeResponse(*model, *operation, &*output, trace->request_id);
  }
  if (!context.decision_header.empty())
    response.SetHeader("x-rsemu-decision", context.decision_header);
  return response;
}

Result<Value> Pipeline::Impl::Execute(RequestContext& context, const SigV4Authorization* auth,
                                      Handler handler, const Result<Value>& input) {
  std::lock_guard<std::mutex> lock(db_mutex);
  if (!db) return Status::AwsError("ServiceUnavailable", "rsemu is shutting down.");
  context.now_millis = clock->NowMillis();
  context.db = db.get();
  context.resources = resources.get();
  context.tags = tags.get();
  context.policy_sets = &policy_sets;
  // Only IAM and STS requests change who may do what: after one of them (even
  // a failed one) the cached policy sets are dropped.
  struct InvalidateAfterIdentityRequest {
    PolicySetCache* cache;
    bool identity;
    ~InvalidateAfterIdentityRequest() {
      if (identity) cache->Invalidate();
    }
  } invalidate{&policy_sets, context.model->service() != "redshift"};
  RSEMU_RETURN_IF_ERROR(db->Begin());
  AuthenticationOptions auth_options;
  auth_options.strict_credentials = options.strict_credentials;
  Result<Value> output = [&]() -> Result<Value> {
    RSEMU_ASSIGN_OR_RETURN(context.principal,
                           Authenticate(context, auth, &signing_keys, auth_options));
    if (!input.ok()) return input.status();
    RSEMU_RETURN_IF_ERROR(
        Authorize(context, *input, options.gate, &decisions, &context.decision_header));
    if (handler == nullptr) {
      return Status::AwsError("NotImplemented",
                              "The operation " + context.operation->name + " of " +
                                  context.model->service() +
                                  " is modeled but not implemented by rsemu yet.");
    }
    // What the handler looks up and writes is recorded beside the gate's
    // decisions, so that what was authorized can be compared with what was touched.
    std::vector<storage::ResourceAccess> touched;
    resources->SetAccessTrace(&touched);
    Result<Value> result = handler(context, *input);
    resources->SetAccessTrace(nullptr);
    if (options.gate.mode != IamMode::kOff) {
      decisions.AttachTouched(context.request_id, PublicAccesses(context, std::move(touched)));
    }
    return result;
  }();
  if (!output.ok()) {
    Status rollback = db->Rollback();
    if (!rollback.ok()) Log(LogLevel::kError, "rollback failed: " + rollback.ToString());
    return output;
  }
  RSEMU_RETURN_IF_ERROR(db->Commit());
  return output;
}

HttpResponse Pipeline::Impl::Error(const Trace& trace, const Status& status) const {
  ErrorInfo info = ResolveError(trace.model, status);
  if (info.http_status >= 500)
    Log(LogLevel::kWarn, "request " + trace.request_id + " failed: " + status.ToString());
  HttpResponse response;
  response.status = info.http_status;
  response.SetHeader("Content-Type", "text/xml");
  std::string_view xml_namespace =
      trace.model ? std::string_view(trace.model->xml_namespace()) : kFallbackNamespace;
  response.body = EncodeError(xml_namespace, info, trace.request_id);
  return response;
}

HttpResponse Pipeline::Refuse(int http_status, std::string_view reason) {
  Trace trace;
  trace.request_id = impl_->ids->Uuid();
  std::string code = http_status == 413   ? "RequestEntityTooLarge"
                     : http_status == 431 ? "RequestHeaderFieldsTooLarge"
                     : http_status == 408 ? "RequestTimeout"
                                          : "BadRequest";
  HttpResponse response = impl_->Error(trace, Status::AwsError(code, std::string(reason)));
  response.status = http_status;
  response.SetHeader("x-amzn-RequestId", trace.request_id);
  response.close_connection = true;
  Log(LogLevel::kInfo,
      "request_id=" + trace.request_id + " refused status=" + std::to_string(http_status));
  return response;
}

Status Pipeline::Close() {
  if (!impl_) return Status::Ok();
  std::lock_guard<std::mutex> lock(impl_->db_mutex);
  if (!impl_->db) return Status::Ok();
  impl_->tags.reset();
  impl_->resources.reset();
  Status status = impl_->db->Close();
  impl_->db.reset();
  return status;
}

}  // namespace rsemu::api
