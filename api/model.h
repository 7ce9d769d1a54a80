// Model: the AWS service models (botocore JSON, embedded in the binary) loaded
// into shapes and operations that drive the query decoder and the XML encoder.
//
// A ServiceModel is immutable once loaded. Models::Get() loads Redshift, IAM
// and STS once, on first use, applying api/models/patches.json.
// Thread-safety: immutable after construction; Models::Get() is thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace rsemu::api {

struct Shape;
class StringPattern;  // api/query_decoder.h

// Hash for unordered maps keyed by std::string that are looked up by
// std::string_view without building a string (with std::equal_to<>).
struct TransparentStringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

struct Member {
  std::string name;           // the member name (keys of the value tree)
  std::string location_name;  // wire name: locationName, else name
  const Shape* shape = nullptr;
  bool flattened = false;
  bool required = false;
};

struct Shape {
  enum class Type {
    kStructure,
    kList,
    kMap,
    kString,
    kInteger,
    kLong,
    kBoolean,
    kDouble,
    kFloat,
    kTimestamp,
    kBlob
  };

  std::string name;
  Type type = Type::kString;
  // Structures.
  std::vector<Member> members;
  std::unordered_map<std::string, size_t, TransparentStringHash, std::equal_to<>> member_index;
  // Lists: the element; maps: key and value.
  Member list_member;
  bool flattened = false;
  Member map_key;
  Member map_value;
  // Constraints.
  std::optional<int64_t> min;
  std::optional<int64_t> max;
  std::vector<std::string> enum_values;
  std::string pattern;  // the model's `pattern` (Java regex syntax); empty if none
  // `pattern` compiled once at load; null without one, or if it uses a
  // construct StringPattern does not support (then it is not enforced).
  std::shared_ptr<const StringPattern> compiled_pattern;
  // Error shapes.
  bool is_error = false;
  std::string error_code;  // awsQueryError code, else the shape name
  int http_status = 400;
  bool sender_fault = true;

  const Member* FindMember(std::string_view member_name) const;
  bool IsScalar() const {
    return type != Type::kStructure && type != Type::kList && type != Type::kMap;
  }
};

struct Operation {
  std::string name;
  const Shape* input = nullptr;   // may be null
  const Shape* output = nullptr;  // may be null
  std::string result_wrapper;     // e.g. "CreateClusterResult"; empty when no output
};

class ServiceModel {
 public:
  // Parses a botocore model JSON document. `service` is the SigV4 signing
  // name ("redshift", "iam", "sts").
  static Result<std::unique_ptr<ServiceModel>> Load(std::string_view service,
                                                    std::string_view json);

  const std::string& service() const { return service_; }
  const std::string& api_version() const { return api_version_; }
  const std::string& xml_namespace() const { return xml_namespace_; }
  const Operation* FindOperation(std::string_view name) const;
  const Shape* FindShape(std::string_view name) const;
  // The error shape whose shape name or error code is `name`, else null.
  const Shape* FindError(std::string_view name) const;
  const std::unordered_map<std::string, Operation>& operations() const { return operations_; }

 private:
  std::string service_;
  std::string api_version_;
  std::string xml_namespace_;
  std::unordered_map<std::string, std::unique_ptr<Shape>> shapes_;
  std::unordered_map<std::string, Operation> operations_;
  std::unordered_map<std::string, const Shape*> errors_by_code_;
};

// The embedded models. Each is parsed on first use, once, whichever thread
// asks first (parsing all three was most of the start-up time; a Redshift-only
// test run never needs IAM's). Aborts the process if an embedded model does not
// parse (a build defect, not a runtime condition).
// Thread-safety: every method may be called from any thread.
class Models {
 public:
  static const Models& Get();

  const ServiceModel& redshift() const;
  const ServiceModel& iam() const;
  const ServiceModel& sts() const;
  // By SigV4 service name; null if not one of ours.
  const ServiceModel* ForService(std::string_view service) const;
  // The service defining operation `action` (Redshift first, then IAM, STS).
  const ServiceModel* ForAction(std::string_view action) const;
  std::vector<const ServiceModel*> all() const { return {&redshift(), &iam(), &sts()}; }

 private:
  struct Lazy {
    std::once_flag once;
    std::unique_ptr<ServiceModel> model;
  };
  Models() = default;
  mutable Lazy redshift_;
  mutable Lazy iam_;
  mutable Lazy sts_;
};

}  // namespace rsemu::api
