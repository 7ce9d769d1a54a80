// AdminApi: health (version, uptime, operations implemented per service) and reset.
#include "api/admin.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api/model.h"
#include "api/registry.h"

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

}  // namespace

bool IsAdminPath(std::string_view path) {
  return path.starts_with("/_emulator/") || path.starts_with("/moto-api/");
}

HttpResponse HandleAdmin(const HttpRequest& request, std::string_view path, EmulatorState& state) {
  if (path == "/_emulator/health") {
    if (request.method != "GET") return JsonError(405, "use GET for /_emulator/health");
    return Health(state);
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
