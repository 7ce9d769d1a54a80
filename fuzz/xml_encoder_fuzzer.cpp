// Fuzzes the awsQuery XML encoder (api/xml_encoder.h): EncodeResponse for an
// operation of the Redshift, IAM or STS model chosen by the input, with a
// value tree for its output shape whose strings, numbers, list and map sizes
// come from the input; EncodeError (after ResolveError) with an error code and
// message from the input; AppendEscaped on raw input text.
//
// Asserts: every document is well-formed XML 1.0 as expat parses it (so no
// forbidden characters such as \x01, no malformed UTF-8, balanced tags), with
// the expected root element (<OpResponse>, <ErrorResponse>); the resolved
// error's HTTP status is 400..599 and a non-AWS status becomes
// InternalFailure 500.
//
// RSEMU_FUZZ_XML_LEGAL_TEXT=1 in the environment restricts every string from
// the input to printable ASCII, TAB, LF and CR: the structure of the documents
// is then still checked while the encoder emits forbidden characters (a known
// bug being fixed in api/xml_encoder.cpp). Off by default.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "api/model.h"
#include "api/value.h"
#include "api/xml_encoder.h"
#include "fuzz/fuzz_util.h"
#include "fuzz/xml_check.h"

namespace {

using rsemu::api::Member;
using rsemu::api::Models;
using rsemu::api::Operation;
using rsemu::api::ServiceModel;
using rsemu::api::Shape;
using rsemu::api::Value;
using rsemu::fuzz::CheckWellFormed;
using rsemu::fuzz::Printable;

constexpr int kMaxDepth = 8;
constexpr size_t kMaxString = 64;

bool legal_text_only = false;  // RSEMU_FUZZ_XML_LEGAL_TEXT

// A string from the input (see RSEMU_FUZZ_XML_LEGAL_TEXT).
std::string Text(FuzzedDataProvider& input, size_t max_length) {
  std::string text = input.ConsumeRandomLengthString(max_length);
  if (legal_text_only) {
    for (char& c : text) {
      const unsigned char u = static_cast<unsigned char>(c);
      if (u >= 0x80 || (u < 0x20 && c != '\t' && c != '\n' && c != '\r')) c = '?';
    }
  }
  return text;
}

struct OperationRef {
  const ServiceModel* model;
  const Operation* operation;
};

const std::vector<OperationRef>& AllOperations() {
  static const std::vector<OperationRef> operations = [] {
    std::vector<OperationRef> out;
    for (const ServiceModel* model : Models::Get().all()) {
      for (const auto& [name, operation] : model->operations()) out.push_back({model, &operation});
    }
    std::sort(out.begin(), out.end(), [](const OperationRef& a, const OperationRef& b) {
      if (a.model->service() != b.model->service()) return a.model->service() < b.model->service();
      return a.operation->name < b.operation->name;
    });
    return out;
  }();
  return operations;
}

// A scalar of any kind (the encoder must cope with a kind its shape does not
// expect). Doubles stay within int64 range: Value::AsInt casts them.
Value AnyScalar(FuzzedDataProvider& input) {
  switch (input.ConsumeIntegralInRange(0, 4)) {
    case 0:
      return Value();
    case 1:
      return Value::Bool(input.ConsumeBool());
    case 2:
      return Value::Int(input.ConsumeIntegral<int64_t>());
    case 3:
      return Value::Double(input.ConsumeFloatingPointInRange<double>(-1e18, 1e18));
    default:
      return Value::String(Text(input, kMaxString));
  }
}

Value Generate(FuzzedDataProvider& input, const Shape& shape, int depth) {
  if (depth > kMaxDepth || input.remaining_bytes() == 0) return Value();
  if (input.ConsumeIntegralInRange(0, 15) == 0) return AnyScalar(input);
  switch (shape.type) {
    case Shape::Type::kStructure: {
      Value out = Value::Object();
      for (const Member& member : shape.members) {
        if (input.ConsumeBool()) out.Set(member.name, Generate(input, *member.shape, depth + 1));
      }
      if (input.ConsumeIntegralInRange(0, 7) == 0) {  // a member the shape does not have
        out.Set(Text(input, kMaxString), AnyScalar(input));
      }
      return out;
    }
    case Shape::Type::kList: {
      Value out = Value::List();
      const int count = input.ConsumeIntegralInRange(0, 3);
      for (int i = 0; i < count; ++i)
        out.Push(Generate(input, *shape.list_member.shape, depth + 1));
      return out;
    }
    case Shape::Type::kMap: {
      Value out = Value::Object();
      const int count = input.ConsumeIntegralInRange(0, 3);
      for (int i = 0; i < count; ++i) {
        std::string key = Text(input, kMaxString);
        out.Set(key, Generate(input, *shape.map_value.shape, depth + 1));
      }
      return out;
    }
    case Shape::Type::kBoolean:
      return Value::Bool(input.ConsumeBool());
    case Shape::Type::kInteger:
    case Shape::Type::kLong:
      return Value::Int(input.ConsumeIntegral<int64_t>());
    case Shape::Type::kDouble:
    case Shape::Type::kFloat:
      return Value::Double(input.ConsumeFloatingPoint<double>());
    default:  // strings, timestamps (ISO text), blobs (base64 text)
      return Value::String(Text(input, kMaxString));
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  rsemu::fuzz::QuietLogs();
  const char* legal = std::getenv("RSEMU_FUZZ_XML_LEGAL_TEXT");
  legal_text_only = legal != nullptr && std::string_view(legal) == "1";
  AllOperations();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  const std::vector<OperationRef>& operations = AllOperations();
  const OperationRef chosen = operations[input.ConsumeIntegral<uint16_t>() % operations.size()];
  const ServiceModel& model = *chosen.model;
  const Operation& operation = *chosen.operation;

  // An error for this service: a code and a message from the input.
  const std::string code = Text(input, kMaxString);
  const std::string message = Text(input, 4 * kMaxString);
  const std::string request_id = Text(input, kMaxString);
  const bool aws = input.ConsumeIntegralInRange(0, 7) != 0;
  const rsemu::Status status =
      aws ? rsemu::Status::AwsError(code, message) : rsemu::Status::Internal(message);
  const rsemu::api::ErrorInfo info =
      rsemu::api::ResolveError(input.ConsumeBool() ? &model : nullptr, status);
  FUZZ_CHECK(info.http_status >= 400 && info.http_status <= 599,
             "resolved HTTP status " + std::to_string(info.http_status));
  if (!aws) {
    FUZZ_CHECK(info.code == "InternalFailure" && info.http_status == 500,
               "a non-AWS status resolved to " + info.code);
  }
  CheckWellFormed(rsemu::api::EncodeError(model.xml_namespace(), info, request_id), "ErrorResponse",
                  "EncodeError(" + Printable(code) + ")");

  // A response: the output shape filled from the rest of the input.
  Value output;
  if (operation.output != nullptr) output = Generate(input, *operation.output, 0);
  const std::string response = rsemu::api::EncodeResponse(model, operation, &output, request_id);
  CheckWellFormed(response, operation.name + "Response", "EncodeResponse(" + operation.name + ")");

  // AppendEscaped on whatever is left, as element content.
  std::string wrapped = "<a>";
  rsemu::api::AppendEscaped(&wrapped, Text(input, size));
  wrapped += "</a>";
  CheckWellFormed(wrapped, "a", "AppendEscaped");
  return 0;
}
