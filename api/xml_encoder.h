// XmlEncoder: a Value tree → the awsQuery XML response the model prescribes
// (<OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata>…), and a Status →
// <ErrorResponse> with the code, HTTP status and Type of the model's error shape
// (or of AWS's common errors for unmodeled codes). Text is always well-formed
// XML 1.0: characters XML forbids and bytes that are not UTF-8 are replaced by
// U+FFFD (see AppendEscaped).
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

// Appends `text` XML-escaped: `& < > "` as entities, CR as `&#13;`, and every
// character XML 1.0 cannot carry as U+FFFD: C0 controls other than TAB, LF and
// CR, U+FFFE and U+FFFF, and each byte that does not begin a valid UTF-8
// sequence (overlong forms, UTF-8-encoded surrogates, values over U+10FFFF,
// stray or missing continuation bytes).
void AppendEscaped(std::string* out, std::string_view text);

// The valid UTF-8 sequence starting at text[at] (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF): its length (1..4), with the code
// point in `*code_point`; 0 if there is none. `at` < text.size().
size_t DecodeUtf8At(std::string_view text, size_t at, char32_t* code_point);

// XML 1.0's Char production: TAB, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD and
// U+10000..U+10FFFF.
constexpr bool IsXmlChar(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

}  // namespace rsemu::api
