// Fuzzes the awsQuery form decoder: FormParams::Parse (api/form.h) on a body
// and a query string taken from the input, then DecodeInput
// (api/query_decoder.h) for an operation chosen by the first two input bytes
// (any operation of the Redshift, IAM and STS models) and for the operation
// the decoded Action names, if any.
//
// Input: 2 selector bytes, then BODY, optionally '\n' and QUERY.
// Asserts: Parse fails only with MalformedQueryString; parsed entries are
// sorted with unique keys, Find and HasPrefix see every one of them; parsing
// (body, query) and (query, body) agree; DecodeInput yields an object or an
// AWS validation error (MissingParameter / InvalidParameterValue /
// ValidationError, or an error shape of the service's model such as
// InvalidTagFault), never an internal error; a decoded value round-trips
// through Value::ToJson / Value::FromJson unchanged (it may be stored as JSON).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/form.h"
#include "api/model.h"
#include "api/query_decoder.h"
#include "api/value.h"
#include "fuzz/fuzz_util.h"

namespace {

using rsemu::api::DecodeInput;
using rsemu::api::FormParams;
using rsemu::api::Models;
using rsemu::api::Operation;
using rsemu::api::ServiceModel;
using rsemu::api::Value;
using rsemu::fuzz::Printable;

struct OperationRef {
  const ServiceModel* model;
  const Operation* operation;
};

// Every operation of the three models, in a stable order (service, name).
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

// NaN and infinities have no JSON form; everything else must survive the trip.
bool HasNonFinite(const Value& value) {
  if (value.kind() == Value::Kind::kDouble && !std::isfinite(value.AsDouble())) return true;
  for (const Value& item : value.items()) {
    if (HasNonFinite(item)) return true;
  }
  return false;
}

void CheckDecoded(const ServiceModel& model, const Operation& operation, const FormParams& form) {
  rsemu::Result<Value> decoded = DecodeInput(model, operation.input, form);
  const std::string where = model.service() + ":" + operation.name;
  if (!decoded.ok()) {
    const rsemu::Status& status = decoded.status();
    FUZZ_CHECK(status.IsAwsError(),
               where + " decode failed with a non-AWS error: " + status.ToString());
    const std::string& code = status.error();
    // Generic validation errors in the service's style, or an error the
    // service models (e.g. Redshift's InvalidTagFault for over-long tags).
    const bool generic =
        code == "MissingParameter" || code == "InvalidParameterValue" || code == "ValidationError";
    FUZZ_CHECK(generic || model.FindError(code) != nullptr,
               where + " unexpected error code: " + status.ToString());
    if (generic) {
      FUZZ_CHECK(
          model.service() == "redshift" ? code != "ValidationError" : code == "ValidationError",
          where + " error in the wrong service style: " + status.ToString());
    }
    return;
  }
  FUZZ_CHECK(decoded->is_object(), where + " decoded input is not an object");
  if (HasNonFinite(*decoded)) return;
  const std::string json = decoded->ToJson();
  rsemu::Result<Value> again = Value::FromJson(json);
  FUZZ_CHECK(again.ok(), where + " ToJson wrote invalid JSON: " + Printable(json));
  FUZZ_CHECK(*again == *decoded, where + " JSON round trip changed the value: " + Printable(json));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  rsemu::fuzz::QuietLogs();
  AllOperations();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::vector<OperationRef>& operations = AllOperations();
  const size_t selector = (static_cast<size_t>(data[0]) << 8) | data[1];
  const OperationRef chosen = operations[selector % operations.size()];
  const auto [body_view, query_view] =
      rsemu::fuzz::SplitOnce(rsemu::fuzz::AsText(data + 2, size - 2), "\n");
  // Copies that end in a NUL, as the pipeline's do (the request body and the
  // tail of the target, both std::string): Boost.URL 1.81's parse_query runs
  // strlen over the text (detail::query_ref built from s.data()), so a view
  // not followed by a NUL is over-read. See fuzz/README.md, "Findings".
  const std::string body(body_view), query(query_view);

  rsemu::Result<FormParams> form = FormParams::Parse(body, query);
  rsemu::Result<FormParams> swapped = FormParams::Parse(query, body);
  FUZZ_CHECK(form.ok() == swapped.ok(), "Parse(body, query) and Parse(query, body) disagree");
  if (!form.ok()) {
    FUZZ_CHECK(form.status().IsAwsError() && form.status().error() == "MalformedQueryString",
               "unexpected parse error: " + form.status().ToString());
    return 0;
  }
  FUZZ_CHECK(form->entries() == swapped->entries(), "body and query merge depends on order");
  const auto& entries = form->entries();
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& [key, value] = entries[i];
    if (i > 0) FUZZ_CHECK(entries[i - 1].first < key, "entries not sorted or not unique");
    const std::string* found = form->Find(key);
    FUZZ_CHECK(found == &value, "Find misses key '" + Printable(key) + "'");
    FUZZ_CHECK(form->HasPrefix(key), "HasPrefix misses key '" + Printable(key) + "'");
  }

  CheckDecoded(*chosen.model, *chosen.operation, *form);
  if (const std::string* action = form->Find("Action")) {
    if (const ServiceModel* model = Models::Get().ForAction(*action)) {
      if (const Operation* operation = model->FindOperation(*action)) {
        CheckDecoded(*model, *operation, *form);
      }
    }
  }
  return 0;
}
