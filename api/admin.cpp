// AdminApi: health (version, uptime, operations implemented per service), reset and
// the paged decision log.
#include "api/admin.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdint>
#include <optional>

#include "api/form.h"
#include "api/model.h"
#include "api/registry.h"
#include "common/time_format.h"

namespace rsemu::api {
namespace {

HttpResponse Json(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.SetHeader("Content-Type", "application/json");
  response.body = std::move(body);
  return response;
}

HttpResponse JsonError(int status, std::string_view message) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("error");
  writer.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  writer.EndObject();
  return Json(status, buffer.GetString());
}

HttpResponse Health(const EmulatorState& state) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("status");
  writer.String("ok");
  writer.Key("version");
  writer.String(RSEMU_VERSION);
  writer.Key("uptime_seconds");
  writer.Double(static_cast<double>(state.UptimeMillis()) / 1000.0);
  writer.Key("operations");
  writer.StartObject();
  for (const ServiceModel* model : Models::Get().all()) {
    std::vector<std::string> implemented = Registry::Default().Implemented(model->service());
    writer.Key(model->service().c_str());
    writer.StartObject();
    writer.Key("modeled");
    writer.Uint(static_cast<unsigned>(model->operations().size()));
    writer.Key("implemented");
    writer.StartArray();
    for (const std::string& name : implemented) writer.String(name.c_str());
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndObject();
  writer.EndObject();
  return Json(200, buffer.GetString());
}

// A positive decimal integer (saturating at UINT64_MAX), or nullopt.
std::optional<uint64_t> ParsePositive(const std::string& text) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    value = value > (UINT64_MAX - digit) / 10 ? UINT64_MAX : value * 10 + digit;
  }
  if (value == 0) return std::nullopt;
  return value;
}

// GET /_emulator/decisions?principal=ARN&decision=Allow|ExplicitDeny|ImplicitDeny|Deny
//   &since=TIME&limit=N&before=SEQ&after=SEQ (see admin.h)
HttpResponse Decisions(const HttpRequest& request, const EmulatorState& state) {
  DecisionFilter filter;
  size_t question = request.target.find('?');
  if (question != std::string::npos) {
    auto form = FormParams::Parse("", std::string_view(request.target).substr(question + 1));
    if (!form.ok()) return JsonError(400, form.status().message());
    if (const std::string* principal = form->Find("principal")) filter.principal = *principal;
    if (const std::string* decision = form->Find("decision")) {
      if (*decision != "Allow" && *decision != "ExplicitDeny" && *decision != "ImplicitDeny" &&
          *decision != "Deny") {
        return JsonError(400, "decision must be Allow, ExplicitDeny, ImplicitDeny or Deny");
      }
      filter.decision = *decision;
    }
    if (const std::string* since = form->Find("since")) {
      auto millis = ParseTimestampMillis(*since);
      if (!millis) return JsonError(400, "since must be an ISO-8601 time or epoch seconds");
      filter.since_millis = *millis;
    }
    if (const std::string* limit = form->Find("limit")) {
      auto value = ParsePositive(*limit);
      if (!value) return JsonError(400, "limit must be a positive integer");
      filter.limit = static_cast<size_t>(std::min<uint64_t>(*value, DecisionLog::kMaxPageRecords));
    }
    if (const std::string* before = form->Find("before")) {
      auto value = ParsePositive(*before);
      if (!value) return JsonError(400, "before must be a positive record sequence number");
      filter.before = *value;
    }
    if (const std::string* after = form->Find("after")) {
      auto value = ParsePositive(*after);
      if (!value) return JsonError(400, "after must be a positive record sequence number");
      filter.after = *value;
    }
  }
  return Json(200, state.DecisionsJson(filter));
}

}  // namespace

bool IsAdminPath(std::string_view path) {
  return path.starts_with("/_emulator/") || path.starts_with("/moto-api/");
}

HttpResponse HandleAdmin(const HttpRequest& request, std::string_view path, EmulatorState& state) {
  if (path == "/_emulator/health") {
    if (request.method != "GET") return JsonError(405, "use GET for /_emulator/health");
    return Health(state);
  }
  if (path == "/_emulator/decisions") {
    if (request.method != "GET") return JsonError(405, "use GET for /_emulator/decisions");
    return Decisions(request, state);
  }
  if (path == "/_emulator/reset" || path == "/moto-api/reset") {
    if (request.method != "POST") return JsonError(405, "use POST to reset the emulator");
    Status status = state.Reset();
    if (!status.ok()) return JsonError(500, status.ToString());
    return Json(200, "{\"status\":\"ok\"}");
  }
  return JsonError(404, "no admin endpoint at " + std::string(path));
}

}  // namespace rsemu::api
