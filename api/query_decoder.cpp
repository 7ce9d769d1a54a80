// QueryDecoder: recursive walk of the input shape over the sorted form keys.
#include "api/query_decoder.h"

#include <charconv>

#include "common/time_format.h"

namespace rsemu::api {
namespace {

bool UsesValidationError(const ServiceModel& model) { return model.service() != "redshift"; }

// The smithy-style member path IAM and STS report: first letter lower-cased.
std::string SmithyName(const std::string& wire_key) {
  std::string name = wire_key;
  if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  return name;
}

class Decoder {
 public:
  Decoder(const ServiceModel& model, const FormParams& form) : model_(model), form_(form) {}

  Result<Value> DecodeStructure(const Shape& shape, const std::string& prefix) {
    Value out = Value::Object();
    for (const Member& member : shape.members) {
      std::string key = prefix.empty() ? member.location_name : prefix + "." + member.location_name;
      const Shape& child = *member.shape;
      bool present;
      if (child.IsScalar()) {
        present = form_.Find(key) != nullptr;
      } else if (child.type == Shape::Type::kList && member.flattened) {
        present = form_.HasPrefix(key + ".1");
      } else {
        present = form_.HasPrefix(key);
      }
      if (!present) {
        if (member.required) return Missing(key);
        continue;
      }
      RSEMU_ASSIGN_OR_RETURN(Value value, DecodeMember(member, key));
      out.Set(member.name, std::move(value));
    }
    return out;
  }

 private:
  Result<Value> DecodeMember(const Member& member, const std::string& key) {
    const Shape& shape = *member.shape;
    switch (shape.type) {
      case Shape::Type::kStructure:
        return DecodeStructure(shape, key);
      case Shape::Type::kList:
        return DecodeList(shape, member, key);
      case Shape::Type::kMap:
        return DecodeMap(shape, key);
      default:
        return DecodeScalar(shape, key, *form_.Find(key));
    }
  }

  Result<Value> DecodeList(const Shape& shape, const Member& member, const std::string& key) {
    Value out = Value::List();
    const std::string* bare = form_.Find(key);
    if (bare != nullptr && bare->empty()) return out;  // "Tags=" : an empty list
    std::string base = member.flattened ? key : key + "." + shape.list_member.location_name;
    for (size_t index = 1;; ++index) {
      std::string element_key = base + "." + std::to_string(index);
      if (!form_.HasPrefix(element_key)) break;
      const Shape& element = *shape.list_member.shape;
      if (element.IsScalar()) {
        const std::string* text = form_.Find(element_key);
        if (text == nullptr) break;
        RSEMU_ASSIGN_OR_RETURN(Value value, DecodeScalar(element, element_key, *text));
        out.Push(std::move(value));
      } else {
        RSEMU_ASSIGN_OR_RETURN(Value value, DecodeMember(shape.list_member, element_key));
        out.Push(std::move(value));
      }
    }
    RSEMU_RETURN_IF_ERROR(
        CheckRange(shape, key, static_cast<int64_t>(out.size()), "number of items"));
    return out;
  }

  Result<Value> DecodeMap(const Shape& shape, const std::string& key) {
    Value out = Value::Object();
    for (size_t index = 1;; ++index) {
      std::string entry = key + ".entry." + std::to_string(index);
      const std::string* map_key = form_.Find(entry + "." + shape.map_key.location_name);
      if (map_key == nullptr) break;
      std::string value_key = entry + "." + shape.map_value.location_name;
      if (!form_.HasPrefix(value_key)) {
        out.Set(*map_key, Value());
        continue;
      }
      RSEMU_ASSIGN_OR_RETURN(Value value, DecodeMember(shape.map_value, value_key));
      out.Set(*map_key, std::move(value));
    }
    return out;
  }

  Result<Value> DecodeScalar(const Shape& shape, const std::string& key, const std::string& text) {
    switch (shape.type) {
      case Shape::Type::kString: {
        if (!shape.enum_values.empty()) {
          bool known = false;
          for (const auto& allowed : shape.enum_values) known = known || allowed == text;
          if (!known) return BadEnum(shape, key, text);
        }
        RSEMU_RETURN_IF_ERROR(CheckRange(shape, key, Utf8Length(text), "length"));
        return Value::String(text);
      }
      case Shape::Type::kBlob:
        return Value::String(text);
      case Shape::Type::kBoolean:
        if (text == "true" || text == "True" || text == "TRUE") return Value::Bool(true);
        if (text == "false" || text == "False" || text == "FALSE") return Value::Bool(false);
        return BadType(key, text, "a boolean (true or false)");
      case Shape::Type::kInteger:
      case Shape::Type::kLong: {
        int64_t number = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        bool ok = ec == std::errc() && end == text.data() + text.size() && !text.empty();
        if (ok && shape.type == Shape::Type::kInteger &&
            (number > 2147483647LL || number < -2147483648LL)) {
          ok = false;
        }
        if (!ok)
          return BadType(key, text,
                         shape.type == Shape::Type::kInteger ? "an integer" : "a long integer");
        RSEMU_RETURN_IF_ERROR(CheckRange(shape, key, number, "value"));
        return Value::Int(number);
      }
      case Shape::Type::kDouble:
      case Shape::Type::kFloat: {
        double number = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
          return BadType(key, text, "a number");
        }
        return Value::Double(number);
      }
      case Shape::Type::kTimestamp: {
        auto millis = ParseTimestampMillis(text);
        if (!millis) return BadType(key, text, "an ISO-8601 timestamp");
        return Value::String(FormatIso8601Millis(*millis));
      }
      default:
        return Status::Internal("scalar decoder reached a non-scalar shape " + shape.name);
    }
  }

  static int64_t Utf8Length(const std::string& text) {
    int64_t count = 0;
    for (unsigned char ch : text) count += (ch & 0xC0) != 0x80;
    return count;
  }

  Status CheckRange(const Shape& shape, const std::string& key, int64_t quantity,
                    const char* what) {
    bool too_small = shape.min && quantity < *shape.min;
    bool too_large = shape.max && quantity > *shape.max;
    if (!too_small && !too_large) return Status::Ok();
    bool is_number = shape.type == Shape::Type::kInteger || shape.type == Shape::Type::kLong;
    std::string constraint;
    if (is_number) {
      constraint =
          too_small
              ? "Member must have value greater than or equal to " + std::to_string(*shape.min)
              : "Member must have value less than or equal to " + std::to_string(*shape.max);
    } else {
      constraint = too_small ? "Member must have " + std::string(what) +
                                   " greater than or equal to " + std::to_string(*shape.min)
                             : "Member must have " + std::string(what) + " less than or equal to " +
                                   std::to_string(*shape.max);
    }
    if (UsesValidationError(model_)) {
      return Status::AwsError("ValidationError",
                              "1 validation error detected: Value at '" + SmithyName(key) +
                                  "' failed to satisfy constraint: " + constraint);
    }
    return Status::AwsError("InvalidParameterValue",
                            "Invalid value for parameter " + key + ": " + constraint + ".");
  }

  Status Missing(const std::string& key) {
    if (UsesValidationError(model_)) {
      return Status::AwsError("ValidationError",
                              "1 validation error detected: Value null at '" + SmithyName(key) +
                                  "' failed to satisfy constraint: Member must not be null");
    }
    return Status::AwsError("MissingParameter",
                            "The request must contain the parameter " + key + ".");
  }

  Status BadType(const std::string& key, const std::string& text, const char* expected) {
    std::string message =
        "Invalid value '" + text + "' for parameter " + key + ": expected " + expected + ".";
    if (UsesValidationError(model_)) return Status::AwsError("ValidationError", message);
    return Status::AwsError("InvalidParameterValue", message);
  }

  Status BadEnum(const Shape& shape, const std::string& key, const std::string& text) {
    std::string allowed;
    for (const auto& value : shape.enum_values) allowed += (allowed.empty() ? "" : ", ") + value;
    if (UsesValidationError(model_)) {
      return Status::AwsError(
          "ValidationError",
          "1 validation error detected: Value '" + text + "' at '" + SmithyName(key) +
              "' failed to satisfy constraint: Member must satisfy enum value set: [" + allowed +
              "]");
    }
    return Status::AwsError("InvalidParameterValue", "Invalid value '" + text + "' for parameter " +
                                                         key + ". Valid values: " + allowed + ".");
  }

  const ServiceModel& model_;
  const FormParams& form_;
};

}  // namespace

Result<Value> DecodeInput(const ServiceModel& model, const Shape* input, const FormParams& form) {
  if (input == nullptr) return Value::Object();
  Decoder decoder(model, form);
  return decoder.DecodeStructure(*input, "");
}

}  // namespace rsemu::api
