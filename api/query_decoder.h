// QueryDecoder: awsQuery form parameters → a Value tree of an operation's input
// shape, driven by the service model (structures, lists with member/locationName
// or flattened, maps with entry.N.key/value, and every scalar type).
//
// Checks required members, scalar syntax, enums and modeled min/max. Errors are
// AWS errors in the service's own style: Redshift answers MissingParameter /
// InvalidParameterValue, IAM and STS answer ValidationError with AWS's
// "1 validation error detected: ..." wording. Unknown keys are ignored.
// Thread-safety: pure function.
#pragma once

#include "api/form.h"
#include "api/model.h"
#include "api/value.h"

namespace rsemu::api {

// `input` may be null (operation without input): yields an empty object.
Result<Value> DecodeInput(const ServiceModel& model, const Shape* input, const FormParams& form);

}  // namespace rsemu::api
