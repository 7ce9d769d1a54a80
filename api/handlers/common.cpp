// Shared handler helpers: validation rules and encodings used by every family.
#include "api/handlers/common.h"

#include <openssl/evp.h>

#include <unordered_set>

namespace rsemu::api::handlers {
namespace {

constexpr size_t kMaxTagsPerResource = 50;

bool IsTagCharacter(unsigned char ch) {
  if (ch >= 0x80) return true;  // Unicode letters (UTF-8 continuation/lead bytes)
  if (std::isalnum(ch)) return true;
  return std::string_view(" _.:/=+-@").find(static_cast<char>(ch)) != std::string_view::npos;
}

std::string Base64Encode(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(written));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out(3 * text.size() / 4, '\0');
  int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (written < 0) return std::nullopt;
  size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(written) - padding);
  return out;
}

constexpr std::string_view kMarkerPrefix = "rsemu1:";

}  // namespace

Status InvalidValue(std::string message) {
  return Status::AwsError("InvalidParameterValue", std::move(message));
}

Status InvalidCombination(std::string message) {
  return Status::AwsError("InvalidParameterCombination", std::move(message));
}

Status MissingParameter(std::string_view name) {
  return Status::AwsError("MissingParameter",
                          "The request must contain the parameter " + std::string(name) + ".");
}

Status ValidateIdentifier(std::string_view parameter, std::string_view value, size_t max_length) {
  bool ok = !value.empty() && value.size() <= max_length &&
            std::islower(static_cast<unsigned char>(value[0])) && value.back() != '-' &&
            value.find("--") == std::string_view::npos;
  for (char ch : value) {
    ok = ok && (std::islower(static_cast<unsigned char>(ch)) ||
                std::isdigit(static_cast<unsigned char>(ch)) || ch == '-');
  }
  if (ok) return Status::Ok();
  return InvalidValue(
      "The parameter " + std::string(parameter) +
      " is not a valid identifier. Identifiers must begin with a letter; must contain only "
      "lowercase ASCII letters, digits, and hyphens; must be 1 to " +
      std::to_string(max_length) +
      " characters long; and must not end with a hyphen or contain two consecutive hyphens.");
}

Result<PageRequest> ReadPage(const Value& input, int min, int max, int fallback) {
  PageRequest page;
  page.max_records = fallback;
  if (const Value* max_records = input.Find("MaxRecords")) {
    int64_t requested = max_records->AsInt();
    if (requested < min || requested > max) {
      return InvalidValue("MaxRecords must be between " + std::to_string(min) + " and " +
                          std::to_string(max) + ", but was " + std::to_string(requested) + ".");
    }
    page.max_records = static_cast<int>(requested);
  }
  if (const Value* marker = input.Find("Marker"); marker && !marker->AsString().empty()) {
    auto decoded = Base64Decode(marker->AsString());
    if (!decoded || decoded->compare(0, kMarkerPrefix.size(), kMarkerPrefix) != 0) {
      return InvalidValue("The marker " + marker->AsString() + " is not valid.");
    }
    page.after = decoded->substr(kMarkerPrefix.size());
  }
  return page;
}

std::string EncodeMarker(std::string_view identifier) {
  std::string raw(kMarkerPrefix);
  raw.append(identifier);
  return Base64Encode(raw);
}

Result<std::vector<storage::Tag>> ReadTags(const Value* tag_list) {
  std::vector<storage::Tag> tags;
  if (tag_list == nullptr) return tags;
  std::unordered_set<std::string> seen;
  for (const Value& item : tag_list->items()) {
    storage::Tag tag{item.GetString("Key"), item.GetString("Value")};
    if (!item.Has("Key")) return Status::AwsError("InvalidTagFault", "Tag keys must not be empty.");
    size_t key_length = 0, value_length = 0;
    for (unsigned char ch : tag.key) key_length += (ch & 0xC0) != 0x80;
    for (unsigned char ch : tag.value) value_length += (ch & 0xC0) != 0x80;
    if (key_length < 1 || key_length > 128) {
      return Status::AwsError("InvalidTagFault",
                              "Tag key '" + tag.key + "' must be 1 to 128 characters long.");
    }
    if (value_length > 256) {
      return Status::AwsError("InvalidTagFault",
                              "Tag value for key '" + tag.key + "' exceeds 256 characters.");
    }
    std::string prefix = tag.key.substr(0, 4);
    for (char& ch : prefix) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (prefix == "aws:") {
      return Status::AwsError("InvalidTagFault",
                              "Tag keys must not start with 'aws:' (" + tag.key + ").");
    }
    for (unsigned char ch : tag.key + tag.value) {
      if (!IsTagCharacter(ch)) {
        return Status::AwsError("InvalidTagFault",
                                "Tag '" + tag.key +
                                    "' contains characters other than Unicode letters, digits, "
                                    "white space and _ . : / = + - @.");
      }
    }
    if (!seen.insert(tag.key).second) {
      return Status::AwsError("InvalidTagFault",
                              "Tag key '" + tag.key + "' is given more than once.");
    }
    tags.push_back(std::move(tag));
  }
  return tags;
}

std::vector<std::string> ReadStringList(const Value& input, std::string_view member) {
  std::vector<std::string> out;
  if (const Value* list = input.Find(member)) {
    for (const Value& item : list->items()) out.push_back(item.AsString());
  }
  return out;
}

Value TagsToValue(const std::vector<storage::Tag>& tags) {
  Value list = Value::List();
  for (const storage::Tag& tag : tags) {
    Value item = Value::Object();
    item.Set("Key", Value::String(tag.key));
    item.Set("Value", Value::String(tag.value));
    list.Push(std::move(item));
  }
  return list;
}

Status ApplyTags(storage::TagStore* store, int64_t resource_id,
                 const std::vector<storage::Tag>& tags) {
  if (tags.empty()) return Status::Ok();
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> existing, store->Get(resource_id));
  std::unordered_set<std::string> keys;
  for (const auto& tag : existing) keys.insert(tag.key);
  for (const auto& tag : tags) keys.insert(tag.key);
  if (keys.size() > kMaxTagsPerResource) {
    return Status::AwsError("TagLimitExceededFault",
                            "You have exceeded the number of tags allowed (50) for the resource.");
  }
  return store->Set(resource_id, tags);
}

std::string RedshiftArn(std::string_view region, std::string_view account, std::string_view type,
                        std::string_view name) {
  std::string arn = "arn:aws:redshift:";
  arn.append(region).append(":").append(account).append(":").append(type).append(":").append(name);
  return arn;
}

std::string StableToken(std::string_view seed, size_t length, std::string_view alphabet) {
  uint64_t hash = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char ch : seed) {
    hash ^= ch;
    hash *= 1099511628211ULL;
  }
  std::string out;
  for (size_t i = 0; i < length; ++i) {
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    hash ^= hash >> 29;
    out.push_back(alphabet[hash % alphabet.size()]);
  }
  return out;
}

}  // namespace rsemu::api::handlers
