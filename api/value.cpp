// Value: construction, object access, equality and JSON conversion (RapidJSON).
#include "api/value.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace rsemu::api {

Value Value::Bool(bool value) {
  Value v;
  v.kind_ = Kind::kBool;
  v.int_ = value ? 1 : 0;
  return v;
}

Value Value::Int(int64_t value) {
  Value v;
  v.kind_ = Kind::kInt;
  v.int_ = value;
  return v;
}

Value Value::Double(double value) {
  Value v;
  v.kind_ = Kind::kDouble;
  v.double_ = value;
  return v;
}

Value Value::String(std::string value) {
  Value v;
  v.kind_ = Kind::kString;
  v.string_ = std::move(value);
  return v;
}

Value Value::List() {
  Value v;
  v.kind_ = Kind::kList;
  return v;
}

Value Value::Object() {
  Value v;
  v.kind_ = Kind::kObject;
  return v;
}

int64_t Value::AsInt() const {
  if (kind_ == Kind::kInt) return int_;
  if (kind_ == Kind::kDouble) return static_cast<int64_t>(double_);
  return 0;
}

double Value::AsDouble() const {
  if (kind_ == Kind::kDouble) return double_;
  if (kind_ == Kind::kInt) return static_cast<double>(int_);
  return 0;
}

Value& Value::Push(Value value) {
  if (kind_ == Kind::kNull) kind_ = Kind::kList;
  items_.push_back(std::move(value));
  return items_.back();
}

void Value::Reserve(size_t count) {
  if (kind_ == Kind::kObject) keys_.reserve(count);
  items_.reserve(count);
}

const Value* Value::Find(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return &items_[i];
  }
  return nullptr;
}

Value* Value::Find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->Find(key));
}

Value& Value::Set(std::string_view key, Value value) {
  Value& slot = (*this)[key];
  slot = std::move(value);
  return slot;
}

Value& Value::operator[](std::string_view key) {
  if (kind_ == Kind::kNull) kind_ = Kind::kObject;
  if (Value* existing = Find(key)) return *existing;
  keys_.emplace_back(key);
  items_.emplace_back();
  return items_.back();
}

Value& Value::AppendMember(std::string key, Value value) {
  if (kind_ == Kind::kNull) kind_ = Kind::kObject;
  keys_.push_back(std::move(key));
  items_.push_back(std::move(value));
  return items_.back();
}

void Value::Erase(std::string_view key) {
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) {
      keys_.erase(keys_.begin() + static_cast<std::ptrdiff_t>(i));
      items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
  }
}

std::string Value::GetString(std::string_view key, std::string_view fallback) const {
  const Value* v = Find(key);
  return v && v->is_string() ? v->string_ : std::string(fallback);
}

int64_t Value::GetInt(std::string_view key, int64_t fallback) const {
  const Value* v = Find(key);
  return v && (v->kind_ == Kind::kInt || v->kind_ == Kind::kDouble) ? v->AsInt() : fallback;
}

bool Value::GetBool(std::string_view key, bool fallback) const {
  const Value* v = Find(key);
  return v && v->kind_ == Kind::kBool ? v->AsBool() : fallback;
}

bool Value::operator==(const Value& other) const {
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
    case Kind::kInt:
      return int_ == other.int_;
    case Kind::kDouble:
      return double_ == other.double_;
    case Kind::kString:
      return string_ == other.string_;
    case Kind::kList:
      return items_ == other.items_;
    case Kind::kObject:
      return keys_ == other.keys_ && items_ == other.items_;
  }
  return false;
}

namespace {

void WriteJson(const Value& value, rapidjson::Writer<rapidjson::StringBuffer>& writer) {
  switch (value.kind()) {
    case Value::Kind::kNull:
      writer.Null();
      break;
    case Value::Kind::kBool:
      writer.Bool(value.AsBool());
      break;
    case Value::Kind::kInt:
      writer.Int64(value.AsInt());
      break;
    case Value::Kind::kDouble:
      writer.Double(value.AsDouble());
      break;
    case Value::Kind::kString:
      writer.String(value.AsString().data(),
                    static_cast<rapidjson::SizeType>(value.AsString().size()));
      break;
    case Value::Kind::kList:
      writer.StartArray();
      for (const Value& item : value.items()) WriteJson(item, writer);
      writer.EndArray();
      break;
    case Value::Kind::kObject:
      writer.StartObject();
      for (size_t i = 0; i < value.keys().size(); ++i) {
        const std::string& key = value.keys()[i];
        writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
        WriteJson(value.items()[i], writer);
      }
      writer.EndObject();
      break;
  }
}

// SAX handler that builds a Value tree with an explicit stack.
class ValueBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ValueBuilder> {
 public:
  bool Null() { return Add(Value()); }
  bool Bool(bool b) { return Add(Value::Bool(b)); }
  bool Int(int i) { return Add(Value::Int(i)); }
  bool Uint(unsigned u) { return Add(Value::Int(u)); }
  bool Int64(int64_t i) { return Add(Value::Int(i)); }
  bool Uint64(uint64_t u) { return Add(Value::Int(static_cast<int64_t>(u))); }
  bool Double(double d) { return Add(Value::Double(d)); }
  bool String(const char* str, rapidjson::SizeType length, bool) {
    return Add(Value::String(std::string(str, length)));
  }
  bool StartObject() {
    // Room up front: stored bodies are objects of tens of members, and growing
    // the member vectors one doubling at a time moves every member each time.
    Value object = Value::Object();
    object.Reserve(stack_.empty() ? kRootMembers : kNestedMembers);
    return Open(std::move(object));
  }
  // Members are appended (Add, Open) without looking for an earlier equal key:
  // a linear scan per member made parsing quadratic in the member count, and
  // stored bodies come from ToJson, which never repeats a key. Of repeated
  // keys, Find sees the first.
  bool Key(const char* str, rapidjson::SizeType length, bool) {
    pending_key_.assign(str, length);
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool StartArray() { return Open(Value::List()); }
  bool EndArray(rapidjson::SizeType) { return Close(); }

  Value TakeRoot() { return std::move(root_); }

 private:
  bool Add(Value value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return true;
    }
    Value* parent = stack_.back();
    if (parent->is_object()) {
      parent->AppendMember(std::move(pending_key_), std::move(value));
    } else {
      parent->Push(std::move(value));
    }
    return true;
  }
  bool Open(Value container) {
    Value* slot;
    if (stack_.empty()) {
      root_ = std::move(container);
      slot = &root_;
    } else {
      Value* parent = stack_.back();
      slot = parent->is_object()
                 ? &parent->AppendMember(std::move(pending_key_), std::move(container))
                 : &parent->Push(std::move(container));
    }
    stack_.push_back(slot);
    return true;
  }
  bool Close() {
    stack_.pop_back();
    return true;
  }

  static constexpr size_t kRootMembers = 64;
  static constexpr size_t kNestedMembers = 8;

  Value root_;
  std::vector<Value*> stack_;
  std::string pending_key_;
};

}  // namespace

std::string Value::ToJson() const {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  WriteJson(*this, writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<Value> Value::FromJson(std::string_view json) {
  ValueBuilder builder;
  rapidjson::Reader reader;
  // In-situ parsing of a private copy: strings are unescaped in place and handed
  // over as pointers into the copy, instead of being pushed through the
  // reader's stack one character at a time. The copy also supplies the NUL
  // terminator the string stream needs.
  std::string buffer(json);
  rapidjson::InsituStringStream input(buffer.data());
  rapidjson::ParseResult result =
      reader.Parse<rapidjson::kParseInsituFlag | rapidjson::kParseIterativeFlag>(input, builder);
  if (!result) {
    return Status::Invalid(std::string("invalid JSON at offset ") +
                           std::to_string(result.Offset()) + ": " +
                           rapidjson::GetParseError_En(result.Code()));
  }
  return builder.TakeRoot();
}

}  // namespace rsemu::api
