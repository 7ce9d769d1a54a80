// ContextKeys: the request context of one authorization decision, keyed by
// lower-cased condition key names.
#include "authz/request.h"

#include <algorithm>
#include <cctype>

#include "common/text.h"

namespace rsemu::authz {
namespace {

// Keys IAM documents as multivalued (ArrayOf*), even when they hold one value.
constexpr const char* kMultiValuedKeys[] = {
    "aws:tagkeys",           "aws:calledvia",
    "aws:principalorgpaths", "aws:principalservicenameslist",
    "aws:sourcevpcarn_list", "sts:transitivetagkeys",
};

}  // namespace

void ContextKeys::Set(const std::string& key, std::vector<std::string> values) {
  keys_[AsciiLowercase(key)] = std::move(values);
}

const std::vector<std::string>* ContextKeys::Find(const std::string& key) const {
  return FindLowered(AsciiLowercase(key));
}

const std::vector<std::string>* ContextKeys::FindLowered(const std::string& lower_key) const {
  auto it = keys_.find(lower_key);
  return it == keys_.end() ? nullptr : &it->second;
}

bool ContextKeys::IsMultiValuedKeyName(std::string_view lower_key) {
  for (const char* name : kMultiValuedKeys) {
    if (lower_key == name) return true;
  }
  return false;
}

bool ContextKeys::IsMultiValued(const std::string& lower_key) const {
  const std::vector<std::string>* values = FindLowered(lower_key);
  if (values != nullptr && values->size() != 1) return true;
  return IsMultiValuedKeyName(lower_key);
}

}  // namespace rsemu::authz
