// Identifier normalisation: lower-casing the members that name case-insensitive
// Redshift resources (see identifier_normalizer.h).
#include "api/identifier_normalizer.h"

#include <algorithm>
#include <array>

#include "common/text.h"

namespace rsemu::api {
namespace {

// Redshift input members whose values are cluster, snapshot or group names.
// Checked against the model's input shapes by tests/api/identifier_normalizer_test.cpp.
constexpr std::array<std::string_view, 14> kRedshiftLowerCased = {
    "ClusterIdentifier",         "NewClusterIdentifier",
    "SnapshotClusterIdentifier", "SourceSnapshotClusterIdentifier",
    "SnapshotIdentifier",        "SourceSnapshotIdentifier",
    "TargetSnapshotIdentifier",  "FinalClusterSnapshotIdentifier",
    "SnapshotIdentifierList",    "ParameterGroupName",
    "ClusterParameterGroupName", "ClusterSecurityGroupName",
    "ClusterSecurityGroups",     "ClusterSubnetGroupName",
};

// Lower-cases a string value, or every string in a list.
void LowerValue(Value* value) {
  if (value->is_string()) {
    std::string text = value->AsString();
    AsciiLowercaseInPlace(text);
    *value = Value::String(std::move(text));
  } else if (value->is_list()) {
    for (Value& item : value->items()) {
      if (item.is_string()) LowerValue(&item);
    }
  }
}

// Walks structures and lists; `depth` bounds the walk (decoded input is at
// most a few levels deep; the decoder bounds nesting anyway).
void Walk(std::string_view service, Value* value, int depth) {
  if (depth > 32) return;
  if (value->is_object()) {
    // An object's items() are its members' values, in the order of keys().
    for (size_t i = 0; i < value->keys().size(); ++i) {
      Value* member = &value->items()[i];
      if (IsCaseInsensitiveIdentifier(service, value->keys()[i])) LowerValue(member);
      Walk(service, member, depth + 1);
    }
  } else if (value->is_list()) {
    for (Value& item : value->items()) Walk(service, &item, depth + 1);
  }
}

}  // namespace

bool IsCaseInsensitiveIdentifier(std::string_view service, std::string_view member) {
  if (service != "redshift") return false;
  return std::find(kRedshiftLowerCased.begin(), kRedshiftLowerCased.end(), member) !=
         kRedshiftLowerCased.end();
}

void NormalizeIdentifiers(std::string_view service, Value* input) {
  if (service != "redshift" || input == nullptr) return;
  Walk(service, input, 0);
}

}  // namespace rsemu::api
