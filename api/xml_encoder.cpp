// XmlEncoder: one pass over the output shape and the value tree into one string.
#include "api/xml_encoder.h"

#include <charconv>
#include <cstring>

namespace rsemu::api {
namespace {

void Open(std::string* out, std::string_view name) {
  out->push_back('<');
  out->append(name);
  out->push_back('>');
}

void CloseTag(std::string* out, std::string_view name) {
  out->append("</");
  out->append(name);
  out->push_back('>');
}

void AppendDouble(std::string* out, double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  std::string_view text(buffer, static_cast<size_t>(end - buffer));
  out->append(text);
  if (text.find_first_of(".eEn") == std::string_view::npos) out->append(".0");
}

void AppendInt(std::string* out, int64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, static_cast<size_t>(end - buffer));
}

void EncodeValue(std::string* out, const Shape& shape, const Value& value, std::string_view name);

void EncodeListItems(std::string* out, const Shape& list, const Value& value,
                     std::string_view item_name) {
  for (const Value& item : value.items())
    EncodeValue(out, *list.list_member.shape, item, item_name);
}

void EncodeStructureMembers(std::string* out, const Shape& shape, const Value& value) {
  const auto& keys = value.keys();
  const auto& items = value.items();
  for (size_t i = 0; i < keys.size(); ++i) {
    const Member* member = shape.FindMember(keys[i]);
    if (member == nullptr || items[i].is_null()) continue;  // internal or absent members
    if (member->shape->type == Shape::Type::kList && member->flattened) {
      const std::string& item_name = member->shape->list_member.location_name == "member"
                                         ? member->location_name
                                         : member->shape->list_member.location_name;
      EncodeListItems(out, *member->shape, items[i], item_name);
    } else {
      EncodeValue(out, *member->shape, items[i], member->location_name);
    }
  }
}

void EncodeValue(std::string* out, const Shape& shape, const Value& value, std::string_view name) {
  switch (shape.type) {
    case Shape::Type::kStructure:
      Open(out, name);
      if (value.is_object()) EncodeStructureMembers(out, shape, value);
      CloseTag(out, name);
      return;
    case Shape::Type::kList:
      Open(out, name);
      if (value.is_list()) EncodeListItems(out, shape, value, shape.list_member.location_name);
      CloseTag(out, name);
      return;
    case Shape::Type::kMap:
      Open(out, name);
      if (value.is_object()) {
        for (size_t i = 0; i < value.keys().size(); ++i) {
          Open(out, "entry");
          EncodeValue(out, *shape.map_key.shape, Value::String(value.keys()[i]),
                      shape.map_key.location_name);
          EncodeValue(out, *shape.map_value.shape, value.items()[i], shape.map_value.location_name);
          CloseTag(out, "entry");
        }
      }
      CloseTag(out, name);
      return;
    default:
      break;
  }
  Open(out, name);
  switch (value.kind()) {
    case Value::Kind::kBool:
      out->append(value.AsBool() ? "true" : "false");
      break;
    case Value::Kind::kInt:
      if (shape.type == Shape::Type::kDouble || shape.type == Shape::Type::kFloat) {
        AppendDouble(out, value.AsDouble());
      } else {
        AppendInt(out, value.AsInt());
      }
      break;
    case Value::Kind::kDouble:
      if (shape.type == Shape::Type::kInteger || shape.type == Shape::Type::kLong) {
        AppendInt(out, value.AsInt());
      } else {
        AppendDouble(out, value.AsDouble());
      }
      break;
    case Value::Kind::kString:
      AppendEscaped(out, value.AsString());
      break;
    default:
      break;
  }
  CloseTag(out, name);
}

struct CommonError {
  const char* code;
  int status;
};

// AWS's common errors for query APIs (not in the models), plus rsemu's own.
constexpr CommonError kCommonErrors[] = {
    {"AccessDenied", 403},
    {"AccessDeniedException", 400},
    {"ExpiredToken", 403},
    {"IncompleteSignature", 400},
    {"InternalFailure", 500},
    {"InvalidAction", 400},
    {"InvalidClientTokenId", 403},
    {"InvalidParameterCombination", 400},
    {"InvalidParameterValue", 400},
    {"InvalidQueryParameter", 400},
    {"MalformedQueryString", 400},
    {"MissingAction", 400},
    {"MissingAuthenticationToken", 403},
    {"MissingParameter", 400},
    {"NotAuthorized", 400},
    {"NotImplemented", 501},
    {"OptInRequired", 403},
    {"RequestEntityTooLarge", 413},
    {"RequestHeaderFieldsTooLarge", 431},
    {"RequestExpired", 400},
    {"ServiceUnavailable", 503},
    {"SignatureDoesNotMatch", 403},
    {"ThrottlingException", 400},
    {"UnsupportedHttpVerb", 400},
    {"UnsupportedMediaType", 400},
    {"BadRequest", 400},
    {"ValidationError", 400},
};

}  // namespace

size_t DecodeUtf8At(std::string_view text, size_t at, char32_t* code_point) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  size_t length;
  char32_t value;
  unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // a continuation byte, C0/C1 (overlong) or F5..FF
  }
  if (text.size() - at < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    const unsigned char next = byte(at + i);
    if (next < (i == 1 ? low : 0x80) || next > (i == 1 ? high : 0xBF)) return 0;
    value = (value << 6) | (next & 0x3F);
  }
  *code_point = value;
  return length;
}

void AppendEscaped(std::string* out, std::string_view text) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  size_t start = 0;  // text[start, i) is pending, to be copied as it is
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::string_view replacement;
    size_t length = 1;
    switch (byte) {
      case '&':
        replacement = "&amp;";
        break;
      case '<':
        replacement = "&lt;";
        break;
      case '>':
        replacement = "&gt;";
        break;
      case '"':
        replacement = "&quot;";
        break;
      case '\r':
        replacement = "&#13;";
        break;
      case '\t':
      case '\n':
        ++i;
        continue;
      default:
        if (byte >= 0x20 && byte < 0x80) {  // the common case: printable ASCII
          ++i;
          continue;
        }
        if (byte < 0x20) {
          replacement = kReplacement;
          break;
        }
        char32_t code_point = 0;
        length = DecodeUtf8At(text, i, &code_point);
        if (length != 0 && IsXmlChar(code_point)) {
          i += length;
          continue;
        }
        replacement = kReplacement;  // one U+FFFD per bad byte, or for U+FFFE / U+FFFF
        if (length == 0) length = 1;
        break;
    }
    out->append(text.substr(start, i - start));
    out->append(replacement);
    i += length;
    start = i;
  }
  out->append(text.substr(start));
}

std::string EncodeResponse(const ServiceModel& model, const Operation& operation,
                           const Value* output, std::string_view request_id) {
  std::string out;
  out.reserve(1024);
  const std::string& op = operation.name;
  out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<");
  out.append(op);
  out.append("Response xmlns=\"");
  out.append(model.xml_namespace());
  out.append("\">");
  if (operation.output != nullptr && !operation.result_wrapper.empty()) {
    Open(&out, operation.result_wrapper);
    if (output != nullptr && output->is_object())
      EncodeStructureMembers(&out, *operation.output, *output);
    CloseTag(&out, operation.result_wrapper);
  }
  out.append("<ResponseMetadata><RequestId>");
  AppendEscaped(&out, request_id);
  out.append("</RequestId></ResponseMetadata></");
  out.append(op);
  out.append("Response>\n");
  return out;
}

ErrorInfo ResolveError(const ServiceModel* model, const Status& status) {
  ErrorInfo info;
  info.message = status.message();
  if (!status.IsAwsError()) {
    info.http_status = 500;
    info.code = "InternalFailure";
    info.sender = false;
    info.message = "rsemu internal error: " + status.ToString();
    return info;
  }
  const Shape* shape = model ? model->FindError(status.error()) : nullptr;
  if (shape != nullptr) {
    info.http_status = shape->http_status;
    info.code = shape->error_code;
    info.sender = shape->sender_fault;
    return info;
  }
  info.code = status.error();
  for (const CommonError& common : kCommonErrors) {
    if (info.code == common.code) {
      info.http_status = common.status;
      break;
    }
  }
  info.sender = info.http_status < 500;
  return info;
}

std::string EncodeError(std::string_view xml_namespace, const ErrorInfo& error,
                        std::string_view request_id) {
  std::string out;
  out.reserve(256 + error.message.size());
  out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"");
  out.append(xml_namespace);
  out.append("\"><Error><Type>");
  out.append(error.sender ? "Sender" : "Receiver");
  out.append("</Type><Code>");
  AppendEscaped(&out, error.code);
  out.append("</Code><Message>");
  AppendEscaped(&out, error.message);
  out.append("</Message></Error><RequestId>");
  AppendEscaped(&out, request_id);
  out.append("</RequestId></ErrorResponse>\n");
  return out;
}

}  // namespace rsemu::api
