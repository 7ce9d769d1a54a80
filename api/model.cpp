// Model: botocore JSON → Shape/Operation tables, two passes (create, then link),
// with the corrections from patches.json applied to the parsed document and
// each string `pattern` compiled once (StringPattern).
#include "api/model.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <cstdio>
#include <cstdlib>

#include "api/query_decoder.h"
#include "common/log.h"

extern "C" {
extern const char rsemu_model_redshift[];
extern const char rsemu_model_redshift_end[];
extern const char rsemu_model_iam[];
extern const char rsemu_model_iam_end[];
extern const char rsemu_model_sts[];
extern const char rsemu_model_sts_end[];
extern const char rsemu_model_patches[];
extern const char rsemu_model_patches_end[];
}

namespace rsemu::api {
namespace {

std::string_view Embedded(const char* begin, const char* end) {
  return std::string_view(begin, static_cast<size_t>(end - begin));
}

std::string GetString(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::optional<int64_t> GetNumber(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsNumber()) return std::nullopt;
  return it->value.IsInt64() ? it->value.GetInt64() : static_cast<int64_t>(it->value.GetDouble());
}

bool GetBool(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

std::optional<Shape::Type> ParseType(std::string_view type) {
  static const std::pair<std::string_view, Shape::Type> kTypes[] = {
      {"structure", Shape::Type::kStructure},
      {"list", Shape::Type::kList},
      {"map", Shape::Type::kMap},
      {"string", Shape::Type::kString},
      {"integer", Shape::Type::kInteger},
      {"long", Shape::Type::kLong},
      {"boolean", Shape::Type::kBoolean},
      {"double", Shape::Type::kDouble},
      {"float", Shape::Type::kFloat},
      {"timestamp", Shape::Type::kTimestamp},
      {"blob", Shape::Type::kBlob}};
  for (const auto& [name, value] : kTypes) {
    if (name == type) return value;
  }
  return std::nullopt;
}

// Applies {"shapes": {Name: {"members": {M: {...}}, "min": n, ...}}} over the
// model document: object values merge key by key.
void MergeInto(rapidjson::Value& target, const rapidjson::Value& patch,
               rapidjson::Document::AllocatorType& allocator) {
  for (auto it = patch.MemberBegin(); it != patch.MemberEnd(); ++it) {
    auto existing = target.FindMember(it->name);
    if (existing != target.MemberEnd() && existing->value.IsObject() && it->value.IsObject()) {
      MergeInto(existing->value, it->value, allocator);
    } else if (existing != target.MemberEnd()) {
      existing->value.CopyFrom(it->value, allocator);
    } else {
      rapidjson::Value name(it->name, allocator);
      rapidjson::Value value(it->value, allocator);
      target.AddMember(name, value, allocator);
    }
  }
}

}  // namespace

const Member* Shape::FindMember(std::string_view member_name) const {
  auto it = member_index.find(member_name);
  return it == member_index.end() ? nullptr : &members[it->second];
}

Result<std::unique_ptr<ServiceModel>> ServiceModel::Load(std::string_view service,
                                                         std::string_view json) {
  // In-situ parsing of a private copy: the models are mostly documentation
  // text, which is then left in place instead of being copied string by string
  // (the parse was most of the start-up time).
  std::string buffer(json);
  rapidjson::Document doc;
  doc.ParseInsitu(buffer.data());
  if (doc.HasParseError() || !doc.IsObject()) {
    return Status::Internal("model for " + std::string(service) +
                            " does not parse: " + rapidjson::GetParseError_En(doc.GetParseError()));
  }
  // Patches for this service.
  rapidjson::Document patches;
  patches.Parse(rsemu_model_patches,
                static_cast<size_t>(rsemu_model_patches_end - rsemu_model_patches));
  if (!patches.HasParseError() && patches.IsObject()) {
    auto it = patches.FindMember(rapidjson::StringRef(service.data(), service.size()));
    if (it != patches.MemberEnd() && it->value.IsObject()) {
      MergeInto(doc, it->value, doc.GetAllocator());
    }
  }

  auto model = std::make_unique<ServiceModel>();
  model->service_ = std::string(service);
  const rapidjson::Value& metadata = doc["metadata"];
  model->api_version_ = GetString(metadata, "apiVersion");
  model->xml_namespace_ = GetString(metadata, "xmlNamespace");

  const rapidjson::Value& shapes = doc["shapes"];
  // Compiled patterns, shared by the shapes that have the same one.
  std::unordered_map<std::string, std::shared_ptr<const StringPattern>> patterns;
  // Pass 1: create every shape with its scalar attributes.
  for (auto it = shapes.MemberBegin(); it != shapes.MemberEnd(); ++it) {
    auto shape = std::make_unique<Shape>();
    shape->name = it->name.GetString();
    auto type = ParseType(GetString(it->value, "type"));
    if (!type) return Status::Internal("shape " + shape->name + " has an unknown type");
    shape->type = *type;
    shape->min = GetNumber(it->value, "min");
    shape->max = GetNumber(it->value, "max");
    shape->flattened = GetBool(it->value, "flattened");
    shape->pattern = GetString(it->value, "pattern");
    if (!shape->pattern.empty()) {
      auto [cached, fresh] = patterns.try_emplace(shape->pattern);
      if (fresh) {
        auto compiled = StringPattern::Compile(shape->pattern);
        if (compiled.ok()) {
          cached->second = std::move(compiled).value();
        } else {
          Log(LogLevel::kWarn, std::string(service) + " shape " + shape->name +
                                   ": pattern not enforced: " + compiled.status().ToString());
        }
      }
      shape->compiled_pattern = cached->second;
    }
    auto enums = it->value.FindMember("enum");
    if (enums != it->value.MemberEnd() && enums->value.IsArray()) {
      for (const auto& e : enums->value.GetArray()) shape->enum_values.emplace_back(e.GetString());
    }
    auto error = it->value.FindMember("error");
    if (GetBool(it->value, "exception")) {
      shape->is_error = true;
      shape->error_code = shape->name;
      if (error != it->value.MemberEnd() && error->value.IsObject()) {
        std::string code = GetString(error->value, "code");
        if (!code.empty()) shape->error_code = code;
        shape->http_status =
            static_cast<int>(GetNumber(error->value, "httpStatusCode").value_or(400));
        auto sender = error->value.FindMember("senderFault");
        shape->sender_fault = sender == error->value.MemberEnd() || sender->value.GetBool();
      }
    }
    model->shapes_.emplace(shape->name, std::move(shape));
  }
  // Pass 2: link members to their shapes.
  auto link = [&](const rapidjson::Value& ref, std::string name, Member* member) -> Status {
    std::string target = GetString(ref, "shape");
    const Shape* shape = model->FindShape(target);
    if (!shape) return Status::Internal("shape " + target + " is referenced but not defined");
    member->name = std::move(name);
    member->location_name = GetString(ref, "locationName");
    if (member->location_name.empty()) member->location_name = member->name;
    member->shape = shape;
    member->flattened = GetBool(ref, "flattened") || shape->flattened;
    return Status::Ok();
  };
  for (auto it = shapes.MemberBegin(); it != shapes.MemberEnd(); ++it) {
    Shape* shape = model->shapes_[it->name.GetString()].get();
    const rapidjson::Value& def = it->value;
    if (shape->type == Shape::Type::kStructure) {
      auto members = def.FindMember("members");
      if (members == def.MemberEnd()) continue;
      for (auto m = members->value.MemberBegin(); m != members->value.MemberEnd(); ++m) {
        Member member;
        RSEMU_RETURN_IF_ERROR(link(m->value, m->name.GetString(), &member));
        shape->member_index[member.name] = shape->members.size();
        shape->members.push_back(std::move(member));
      }
      auto required = def.FindMember("required");
      if (required != def.MemberEnd() && required->value.IsArray()) {
        for (const auto& name : required->value.GetArray()) {
          auto index = shape->member_index.find(name.GetString());
          if (index != shape->member_index.end()) shape->members[index->second].required = true;
        }
      }
    } else if (shape->type == Shape::Type::kList) {
      RSEMU_RETURN_IF_ERROR(link(def["member"], "member", &shape->list_member));
      if (GetString(def["member"], "locationName").empty())
        shape->list_member.location_name = "member";
    } else if (shape->type == Shape::Type::kMap) {
      RSEMU_RETURN_IF_ERROR(link(def["key"], "key", &shape->map_key));
      RSEMU_RETURN_IF_ERROR(link(def["value"], "value", &shape->map_value));
    }
    if (shape->is_error) model->errors_by_code_[shape->error_code] = shape;
  }
  // Operations.
  const rapidjson::Value& operations = doc["operations"];
  for (auto it = operations.MemberBegin(); it != operations.MemberEnd(); ++it) {
    Operation op;
    op.name = it->name.GetString();
    auto input = it->value.FindMember("input");
    if (input != it->value.MemberEnd())
      op.input = model->FindShape(GetString(input->value, "shape"));
    auto output = it->value.FindMember("output");
    if (output != it->value.MemberEnd()) {
      op.output = model->FindShape(GetString(output->value, "shape"));
      op.result_wrapper = GetString(output->value, "resultWrapper");
    }
    model->operations_.emplace(op.name, std::move(op));
  }
  return model;
}

const Operation* ServiceModel::FindOperation(std::string_view name) const {
  auto it = operations_.find(std::string(name));
  return it == operations_.end() ? nullptr : &it->second;
}

const Shape* ServiceModel::FindShape(std::string_view name) const {
  auto it = shapes_.find(std::string(name));
  return it == shapes_.end() ? nullptr : it->second.get();
}

const Shape* ServiceModel::FindError(std::string_view name) const {
  const Shape* shape = FindShape(name);
  if (shape && shape->is_error) return shape;
  auto it = errors_by_code_.find(std::string(name));
  return it == errors_by_code_.end() ? nullptr : it->second;
}

const Models& Models::Get() {
  static const Models* models = new Models();
  return *models;
}

namespace {

const ServiceModel& LoadOnce(std::once_flag& once, std::unique_ptr<ServiceModel>& slot,
                             std::string_view service, std::string_view json) {
  std::call_once(once, [&] {
    auto model = ServiceModel::Load(service, json);
    if (!model.ok()) {
      std::fprintf(stderr, "rsemu: embedded model broken: %s\n", model.status().ToString().c_str());
      std::abort();
    }
    slot = std::move(model).value();
  });
  return *slot;
}

}  // namespace

const ServiceModel& Models::redshift() const {
  return LoadOnce(redshift_.once, redshift_.model, "redshift",
                  Embedded(rsemu_model_redshift, rsemu_model_redshift_end));
}

const ServiceModel& Models::iam() const {
  return LoadOnce(iam_.once, iam_.model, "iam", Embedded(rsemu_model_iam, rsemu_model_iam_end));
}

const ServiceModel& Models::sts() const {
  return LoadOnce(sts_.once, sts_.model, "sts", Embedded(rsemu_model_sts, rsemu_model_sts_end));
}

const ServiceModel* Models::ForService(std::string_view service) const {
  if (service == "redshift") return &redshift();
  if (service == "iam") return &iam();
  if (service == "sts") return &sts();
  return nullptr;
}

const ServiceModel* Models::ForAction(std::string_view action) const {
  // One at a time, so that a Redshift action never loads the other models.
  using Getter = const ServiceModel& (Models::*)() const;
  for (Getter getter : {&Models::redshift, &Models::iam, &Models::sts}) {
    const ServiceModel& model = (this->*getter)();
    if (model.FindOperation(action)) return &model;
  }
  return nullptr;
}

}  // namespace rsemu::api
