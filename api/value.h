// Value: the decoded value tree shared by the query decoder, the handlers, the
// XML encoder and storage (as JSON). Kinds: null, bool, int (64-bit), double,
// string, list, object. Objects keep insertion order. Timestamps travel as
// ISO-8601 strings ("2024-01-02T03:04:05.678Z"); blobs as base64 strings.
//
// Thread-safety: a plain value type; no sharing between threads without copying.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace rsemu::api {

class Value {
 public:
  enum class Kind : uint8_t { kNull, kBool, kInt, kDouble, kString, kList, kObject };

  Value() = default;
  static Value Bool(bool value);
  static Value Int(int64_t value);
  static Value Double(double value);
  static Value String(std::string value);
  static Value List();
  static Value Object();

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_list() const { return kind_ == Kind::kList; }
  bool is_object() const { return kind_ == Kind::kObject; }

  // Scalars (a wrong kind yields the zero value).
  bool AsBool() const { return kind_ == Kind::kBool && int_ != 0; }
  int64_t AsInt() const;
  double AsDouble() const;
  const std::string& AsString() const { return string_; }

  // Lists and objects: items_ holds list items or object values.
  size_t size() const { return items_.size(); }
  std::vector<Value>& items() { return items_; }
  const std::vector<Value>& items() const { return items_; }
  Value& Push(Value value);
  // Reserves room for `count` list items or object members.
  void Reserve(size_t count);

  // Objects. keys() parallels items().
  const std::vector<std::string>& keys() const { return keys_; }
  const Value* Find(std::string_view key) const;
  Value* Find(std::string_view key);
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  // Sets (replacing an existing key); turns a null into an object.
  Value& Set(std::string_view key, Value value);
  // The member, inserted as null if missing; turns a null into an object.
  Value& operator[](std::string_view key);
  // Appends a member without looking for an existing `key` (the caller knows
  // it is new); turns a null into an object.
  Value& AppendMember(std::string key, Value value);
  void Erase(std::string_view key);

  // Convenience getters for optional object members.
  std::string GetString(std::string_view key, std::string_view fallback = "") const;
  int64_t GetInt(std::string_view key, int64_t fallback = 0) const;
  bool GetBool(std::string_view key, bool fallback = false) const;

  bool operator==(const Value& other) const;

  std::string ToJson() const;
  // Invalid when `json` is not valid JSON.
  static Result<Value> FromJson(std::string_view json);

 private:
  Kind kind_ = Kind::kNull;
  int64_t int_ = 0;  // bool and int
  double double_ = 0;
  std::string string_;
  std::vector<std::string> keys_;
  std::vector<Value> items_;
};

}  // namespace rsemu::api
