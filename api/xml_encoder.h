// XmlEncoder: a Value tree → the awsQuery XML response the model prescribes
// (<OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata>…), and a Status →
// <ErrorResponse> with the code, HTTP status and Type of the model's error shape
// (or of AWS's common errors for unmodeled codes).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "api/model.h"
#include "api/value.h"
#include "common/status.h"

namespace rsemu::api {

// `output` may be null or the operation may have no output shape: then only
// ResponseMetadata is written.
std::string EncodeResponse(const ServiceModel& model, const Operation& operation,
                           const Value* output, std::string_view request_id);

struct ErrorInfo {
  int http_status = 400;
  std::string code;    // what goes into <Code>
  bool sender = true;  // <Type>Sender</Type>, else Receiver
  std::string message;
};

// How `status` is answered: a modeled error shape of `model` (by shape name or
// code), else a common AWS error; non-AWS statuses become InternalFailure 500.
// `model` may be null (no service identified).
ErrorInfo ResolveError(const ServiceModel* model, const Status& status);
std::string EncodeError(std::string_view xml_namespace, const ErrorInfo& error,
                        std::string_view request_id);

// Appends `text` XML-escaped.
void AppendEscaped(std::string* out, std::string_view text);

}  // namespace rsemu::api
