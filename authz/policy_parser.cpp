// PolicyParser: policy JSON → checked, compiled PolicyDocument, or AWS's
// MalformedPolicyDocument naming what is wrong and where (JSON path, or line
// and column for JSON syntax errors). Checks follow iam-evaluation.md §2; when
// several problems exist, the one earliest in the §2.11 order is reported.
#include "authz/policy_parser.h"

#include <rapidjson/document.h>
#include <rapidjson/error/error.h>

#include <cctype>
#include <charconv>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "authz/conditions.h"
#include "authz/variables.h"
#include "authz/wildcard.h"
#include "common/text.h"

namespace rsemu::authz {
namespace {

constexpr char kMalformed[] = "MalformedPolicyDocument";
constexpr char kSyntax[] = "Syntax errors in policy";

// The stages of §2.11; the lowest stage with an error wins.
enum Stage {
  kStageSyntax = 1,
  kStageVersion = 2,
  kStageLegacy = 3,
  kStageSid = 4,
  kStageActionPresence = 5,
  kStageResourceFormat = 6,
  kStageActionFormat = 7,
  kStagePresence = 8,
};

constexpr const char* kTrustActions[] = {
    "sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
    "sts:tagsession", "sts:setsourceidentity",  "sts:setcontext",
};

constexpr const char* kIamResourcePrefixes[] = {
    "user/",
    "federated-user/",
    "role/",
    "group/",
    "instance-profile/",
    "mfa/",
    "server-certificate/",
    "policy/",
    "sms-mfa/",
    "saml-provider/",
    "oidc-provider/",
    "report/",
    "access-report/",
};

std::string Quote(std::string_view text) { return "`" + std::string(text) + "`"; }

const char* ParseErrorText(rapidjson::ParseErrorCode code) {
  switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
      return "the document is empty";
    case rapidjson::kParseErrorDocumentRootNotSingular:
      return "unexpected text after the policy object";
    case rapidjson::kParseErrorValueInvalid:
      return "invalid value";
    case rapidjson::kParseErrorObjectMissName:
      return "missing a member name in double quotes";
    case rapidjson::kParseErrorObjectMissColon:
      return "missing ':' after a member name";
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
      return "missing ',' or '}'";
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
      return "missing ',' or ']'";
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex:
      return "invalid \\u escape";
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      return "invalid unicode surrogate";
    case rapidjson::kParseErrorStringEscapeInvalid:
      return "invalid escape character";
    case rapidjson::kParseErrorStringMissQuotationMark:
      return "missing closing '\"'";
    case rapidjson::kParseErrorStringInvalidEncoding:
      return "invalid UTF-8 in a string";
    case rapidjson::kParseErrorNumberTooBig:
      return "number too big";
    case rapidjson::kParseErrorNumberMissFraction:
      return "missing digits after '.'";
    case rapidjson::kParseErrorNumberMissExponent:
      return "missing exponent digits";
    case rapidjson::kParseErrorTermination:
    case rapidjson::kParseErrorUnspecificSyntaxError:
    default:
      return "invalid JSON";
  }
}

// " at line 8, column 5 (found '\"')": where `offset` is, 1-based.
std::string Where(std::string_view json, size_t offset) {
  if (offset > json.size()) offset = json.size();
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (json[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::string out =
      " at line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
  if (offset < json.size()) {
    unsigned char c = static_cast<unsigned char>(json[offset]);
    if (c >= 0x20 && c < 0x7f) {
      out += " (found '";
      out.push_back(static_cast<char>(c));
      out += "')";
    }
  } else {
    out += " (found the end of the document)";
  }
  return out;
}

// Position of the first character outside TAB, LF, CR, U+0020..U+00FF (§2.10),
// or npos. Malformed UTF-8 counts as outside.
size_t FindForbiddenCharacter(std::string_view json) {
  for (size_t i = 0; i < json.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(json[i]);
    if (c < 0x20) {
      if (c != '\t' && c != '\n' && c != '\r') return i;
    } else if (c >= 0x80) {
      // U+0080..U+00FF are the two-byte sequences C2 xx and C3 xx.
      if ((c != 0xC2 && c != 0xC3) || i + 1 >= json.size() ||
          (static_cast<unsigned char>(json[i + 1]) & 0xC0) != 0x80) {
        return i;
      }
      ++i;
    }
  }
  return std::string_view::npos;
}

std::string NumberText(const rapidjson::Value& value) {
  if (value.IsInt64()) return std::to_string(value.GetInt64());
  if (value.IsUint64()) return std::to_string(value.GetUint64());
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value.GetDouble());
  if (ec != std::errc()) return "0";
  return std::string(buffer, end);
}

bool IsValidPartition(std::string_view p) {
  return p == "aws" || p == "aws-cn" || p == "aws-us-gov" || p == "*";
}

// A policy's grammar is at most about six levels deep (Statement, a
// statement, Condition, an operator, a key, its values); 32 leaves room for
// any document IAM accepts while bounding every recursive walk.
constexpr int kMaxNestingDepth = 32;

// The offset of the first `[` or `{` (outside strings) that opens a level
// deeper than `max_depth`, else npos. One pass, no recursion.
size_t FindExcessiveNesting(std::string_view json, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

class Parser {
 public:
  Parser(std::string_view json, PolicyKind kind, const ParseOptions& options)
      : json_(json), kind_(kind), options_(options) {}

  Result<PolicyPtr> Run() {
    // Sizes and nesting are checked before anything is parsed: a document
    // cannot make the parser (or the walks below) recurse without bound.
    if (options_.max_size > 0 && PolicySizeWithoutWhitespace(json_) > options_.max_size) {
      return Status::AwsError("LimitExceeded", "Cannot exceed quota for " +
                                                   options_.size_quota_name + ": " +
                                                   std::to_string(options_.max_size));
    }
    size_t too_deep = FindExcessiveNesting(json_, kMaxNestingDepth);
    if (too_deep != std::string_view::npos) {
      return Malformed(std::string(kSyntax) + ": JSON nested deeper than " +
                       std::to_string(kMaxNestingDepth) + " levels" + Where(json_, too_deep));
    }
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(json_.data(), json_.size());
    if (doc.HasParseError()) {
      return Malformed(std::string(kSyntax) + ": " + ParseErrorText(doc.GetParseError()) +
                       Where(json_, doc.GetErrorOffset()));
    }
    size_t bad = FindForbiddenCharacter(json_);
    if (bad != std::string_view::npos) {
      return Malformed(std::string(kSyntax) +
                       ": a character outside TAB, LF, CR and U+0020..U+00FF" + Where(json_, bad));
    }
    if (!doc.IsObject())
      return Malformed(std::string(kSyntax) + ": the policy must be a JSON object");
    std::string duplicate_path;
    if (FindDuplicateKey(doc, "", &duplicate_path)) {
      return Malformed(std::string(kSyntax) + ": duplicate key at " + duplicate_path);
    }
    auto policy = std::make_shared<PolicyDocument>();
    if (!ParseTop(doc, policy.get())) return Malformed(error_->second);
    if (error_) return Malformed(error_->second);
    return PolicyPtr(std::move(policy));
  }

 private:
  static Status Malformed(std::string message) {
    return Status::AwsError(kMalformed, std::move(message));
  }

  // Records an error; returns false so that callers can `return Fail(...)`.
  bool Fail(int stage, std::string message) {
    if (!error_ || stage < error_->first) error_ = std::make_pair(stage, std::move(message));
    return false;
  }
  bool SyntaxError(const std::string& path, const std::string& detail) {
    return Fail(kStageSyntax, std::string(kSyntax) + ": " + path + ": " + detail);
  }
  void Error(int stage, const std::string& message, const std::string& path) {
    Fail(stage, message + " (at " + path + ")");
  }

  static bool FindDuplicateKey(const rapidjson::Value& value, const std::string& path,
                               std::string* where) {
    if (value.IsObject()) {
      std::set<std::string_view> seen;
      for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
        std::string_view name(it->name.GetString(), it->name.GetStringLength());
        std::string child = path + "/" + std::string(name);
        if (!seen.insert(name).second) {
          *where = child;
          return true;
        }
        if (FindDuplicateKey(it->value, child, where)) return true;
      }
    } else if (value.IsArray()) {
      for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
        if (FindDuplicateKey(value[i], path + "/" + std::to_string(i), where)) return true;
      }
    }
    return false;
  }

  bool ParseTop(const rapidjson::Value& doc, PolicyDocument* policy) {
    const rapidjson::Value* statements = nullptr;
    bool has_version = false;
    for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
      std::string_view name(it->name.GetString(), it->name.GetStringLength());
      if (name == "Version") {
        if (!it->value.IsString()) return SyntaxError("/Version", "expected a string");
        policy->version = it->value.GetString();
        if (policy->version != "2012-10-17" && policy->version != "2008-10-17") {
          return SyntaxError(
              "/Version", "expected `2012-10-17` or `2008-10-17`, found " + Quote(policy->version));
        }
        has_version = true;
      } else if (name == "Id") {
        if (!it->value.IsString()) return SyntaxError("/Id", "expected a string");
        policy->id = it->value.GetString();
      } else if (name == "Statement") {
        statements = &it->value;
      } else {
        return SyntaxError("/" + std::string(name), "unknown top-level key " + Quote(name));
      }
    }
    if (options_.require_current_version && (!has_version || policy->version != "2012-10-17")) {
      Error(kStageVersion, "Policy document must be version 2012-10-17 or greater.", "/Version");
    }
    variables_ = policy->version == "2012-10-17";
    if (statements == nullptr) return SyntaxError("/Statement", "missing `Statement`");
    if (statements->IsObject()) {
      Statement statement;
      if (!ParseStatement(*statements, "/Statement", 0, &statement)) return false;
      policy->statements.push_back(std::move(statement));
    } else if (statements->IsArray()) {
      if (statements->Empty()) {
        return SyntaxError("/Statement", "expected at least one statement");
      }
      for (rapidjson::SizeType i = 0; i < statements->Size(); ++i) {
        Statement statement;
        if (!ParseStatement((*statements)[i], "/Statement/" + std::to_string(i), i, &statement)) {
          return false;
        }
        policy->statements.push_back(std::move(statement));
      }
    } else {
      return SyntaxError("/Statement", "expected an object or an array of objects");
    }
    // Sid uniqueness (stage 4).
    std::set<std::string> sids;
    for (const Statement& statement : policy->statements) {
      if (statement.sid.empty()) continue;
      if (!sids.insert(statement.sid).second) {
        Error(kStageSid, "Statement IDs (SID) in a single policy must be unique.",
              StatementPath(*statements, statement.index) + "/Sid");
      }
    }
    return true;
  }

  static std::string StatementPath(const rapidjson::Value& statements, size_t index) {
    return statements.IsArray() ? "/Statement/" + std::to_string(index) : "/Statement";
  }

  // A string or a non-empty array of strings; false on a type error (reported).
  bool ReadStringList(const rapidjson::Value& value, const std::string& path,
                      std::vector<std::string>* out) {
    if (value.IsString()) {
      out->emplace_back(value.GetString(), value.GetStringLength());
      return true;
    }
    if (!value.IsArray()) return SyntaxError(path, "expected a string or an array of strings");
    for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
      if (!value[i].IsString()) {
        return SyntaxError(path + "/" + std::to_string(i), "expected a string");
      }
      out->emplace_back(value[i].GetString(), value[i].GetStringLength());
    }
    return true;
  }

  bool ParseStatement(const rapidjson::Value& value, const std::string& path, size_t index,
                      Statement* statement) {
    statement->index = index;
    if (!value.IsObject()) return SyntaxError(path, "a statement must be a JSON object");
    const rapidjson::Value* effect = nullptr;
    const rapidjson::Value* action = nullptr;
    const rapidjson::Value* resource = nullptr;
    const rapidjson::Value* principal = nullptr;
    const rapidjson::Value* condition = nullptr;
    std::string action_key, resource_key, principal_key;
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      std::string name(it->name.GetString(), it->name.GetStringLength());
      if (name == "Sid") {
        if (!it->value.IsString()) return SyntaxError(path + "/Sid", "expected a string");
        statement->sid = it->value.GetString();
      } else if (name == "Effect") {
        effect = &it->value;
      } else if (name == "Action" || name == "NotAction") {
        if (action != nullptr) {
          return SyntaxError(path, "`Action` and `NotAction` cannot both be present");
        }
        action = &it->value;
        action_key = name;
      } else if (name == "Resource" || name == "NotResource") {
        if (resource != nullptr) {
          return SyntaxError(path, "`Resource` and `NotResource` cannot both be present");
        }
        resource = &it->value;
        resource_key = name;
      } else if (name == "Principal" || name == "NotPrincipal") {
        if (principal != nullptr) {
          return SyntaxError(path, "`Principal` and `NotPrincipal` cannot both be present");
        }
        principal = &it->value;
        principal_key = name;
      } else if (name == "Condition") {
        condition = &it->value;
      } else {
        return SyntaxError(path + "/" + name, "unknown statement key " + Quote(name));
      }
    }

    // Effect.
    if (effect == nullptr) return SyntaxError(path, "missing `Effect`");
    if (!effect->IsString()) return SyntaxError(path + "/Effect", "expected a string");
    std::string effect_text = effect->GetString();
    if (effect_text == "Allow") {
      statement->effect = Effect::kAllow;
    } else if (effect_text == "Deny") {
      statement->effect = Effect::kDeny;
    } else if (AsciiLowercase(effect_text) == "allow" || AsciiLowercase(effect_text) == "deny") {
      statement->effect = AsciiLowercase(effect_text) == "allow" ? Effect::kAllow : Effect::kDeny;
      Error(kStageLegacy, "The policy failed legacy parsing",
            path + "/Effect: " + Quote(effect_text) + " must be written `Allow` or `Deny`");
    } else {
      return SyntaxError(path + "/Effect",
                         "expected `Allow` or `Deny`, found " + Quote(effect_text));
    }

    // Sid characters (stage 4 with uniqueness).
    for (char c : statement->sid) {
      if (!std::isalnum(static_cast<unsigned char>(c))) {
        Error(kStageSid,
              "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the "
              "regular expression [0-9A-Za-z]*",
              path + "/Sid");
        break;
      }
    }

    // Action / NotAction.
    if (action != nullptr) {
      statement->not_action = action_key == "NotAction";
      if (!ReadStringList(*action, path + "/" + action_key, &statement->actions)) return false;
    }
    if (statement->actions.empty()) {
      Error(kStageActionPresence, "Policy statement must contain actions.", path);
    }
    for (size_t i = 0; i < statement->actions.size(); ++i) {
      CheckAction(statement->actions[i], ListPath(*action, path + "/" + action_key, i));
      statement->action_patterns.push_back(CompileAction(statement->actions[i]));
    }

    // Resource / NotResource.
    if (resource != nullptr) {
      statement->has_resource = true;
      statement->not_resource = resource_key == "NotResource";
      if (!ReadStringList(*resource, path + "/" + resource_key, &statement->resources)) {
        return false;
      }
      for (size_t i = 0; i < statement->resources.size(); ++i) {
        CheckResource(statement->resources[i], ListPath(*resource, path + "/" + resource_key, i));
        statement->resource_patterns.push_back(CompileResource(statement->resources[i]));
      }
    }

    // Principal / NotPrincipal.
    if (principal != nullptr) {
      statement->not_principal = principal_key == "NotPrincipal";
      PrincipalSpec spec;
      if (!ParsePrincipal(*principal, path + "/" + principal_key, &spec)) return false;
      statement->principal = std::move(spec);
    }

    // Condition.
    if (condition != nullptr) {
      if (!ParseConditionBlock(*condition, path + "/Condition", statement)) return false;
    }

    // Presence rules per kind (stage 8).
    if (kind_ == PolicyKind::kIdentity) {
      if (!statement->has_resource || statement->resources.empty()) {
        Error(kStagePresence, "Policy statement must contain resources.", path);
      }
      if (principal != nullptr) {
        Error(kStagePresence, "Policy document should not specify a principal.",
              path + "/" + principal_key);
      }
    } else {
      if (resource != nullptr) {
        Error(kStagePresence, "Has prohibited field " + resource_key + ".",
              path + "/" + resource_key);
      }
      if (principal == nullptr) {
        Error(kStagePresence,
              "Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The "
              "passed in policy has a statement with no principals!",
              path);
      }
      for (size_t i = 0; i < statement->actions.size(); ++i) {
        if (!IsTrustAction(statement->actions[i])) {
          Error(kStagePresence,
                "Trust Policy statement actions can only be sts:AssumeRole, "
                "sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity",
                ListPath(*action, path + "/" + action_key, i));
        }
      }
    }
    return true;
  }

  static std::string ListPath(const rapidjson::Value& value, const std::string& path, size_t i) {
    return value.IsArray() ? path + "/" + std::to_string(i) : path;
  }

  static bool IsTrustAction(const std::string& action) {
    if (action == "*") return true;
    ActionPattern pattern = CompileAction(action);
    for (const char* allowed : kTrustActions) {
      if (MatchAction(pattern, allowed)) return true;
    }
    return false;
  }

  void CheckAction(const std::string& action, const std::string& path) {
    if (action == "*") return;
    size_t colon = action.find(':');
    if (colon == std::string::npos) {
      Error(kStageActionFormat,
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.", path);
      return;
    }
    if (action.find(':', colon + 1) != std::string::npos) {
      Error(kStageActionFormat, "Actions/Condition can contain only one colon.", path);
      return;
    }
    std::string prefix = action.substr(0, colon);
    bool valid = !prefix.empty();
    for (char c : prefix) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') valid = false;
    }
    if (!valid) Error(kStageActionFormat, "Vendor " + prefix + " is not valid", path);
  }

  void CheckResource(const std::string& resource, const std::string& path) {
    if (resource == "*") return;
    if (resource.find(':') == std::string::npos) {
      Error(kStageResourceFormat, "Resource " + resource + " must be in ARN format or \"*\".",
            path);
      return;
    }
    ArnFields fields = SplitArn(resource);
    if (fields.field[0] != "arn") {
      Error(kStageResourceFormat, "Resource " + resource + " must be in ARN format or \"*\".",
            path);
      return;
    }
    if (!IsValidPartition(fields.field[1])) {
      Error(kStageResourceFormat,
            "Partition \"" + std::string(fields.field[1]) + "\" is not valid for resource \"" +
                resource + "\".",
            path);
      return;
    }
    if (fields.count < 3 || fields.field[2].empty() ||
        fields.field[2].find_first_of("*?") != std::string_view::npos) {
      Error(kStageResourceFormat,
            "Resource vendor must be fully qualified and cannot contain regexes.", path);
      return;
    }
    if (fields.count < 6) {
      if (resource.find("::") != std::string::npos) {
        Error(kStageLegacy, "The policy failed legacy parsing", path);
      }
      return;
    }
    if (fields.field[2] == "iam") {
      if (!fields.field[3].empty()) {
        Error(kStageResourceFormat,
              "IAM resource " + resource + " cannot contain region information.", path);
        return;
      }
      std::string_view rest = fields.field[5];
      bool ok = rest == "*" || rest == "root";
      for (const char* prefix : kIamResourcePrefixes) {
        if (rest.substr(0, std::string_view(prefix).size()) == prefix) ok = true;
      }
      if (!ok) {
        Error(kStageResourceFormat,
              "IAM resource path must either be \"*\" or start with user/, federated-user/, "
              "role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, "
              "saml-provider/, oidc-provider/, report/, access-report/.",
              path);
      }
    }
  }

  ResourcePattern CompileResource(const std::string& resource) {
    ResourcePattern out;
    if (resource == "*") {
      out.any = true;
      return out;
    }
    ArnFields fields = SplitArn(resource);
    for (size_t i = 0; i < 5; ++i) {
      out.head[i] = i < fields.count ? std::string(fields.field[i]) : std::string("*");
      out.head_kind[i] = out.head[i] == "*" ? ResourcePattern::Field::kAny
                         : out.head[i].find_first_of("*?") == std::string::npos
                             ? ResourcePattern::Field::kLiteral
                             : ResourcePattern::Field::kGlob;
    }
    if (fields.count == 6) {
      out.resource = CompilePolicyString(fields.field[5], variables_);
    } else {
      out.resource.text = "*";
    }
    return out;
  }

  bool ReadPrincipalValues(const rapidjson::Value& value, const std::string& path,
                           std::vector<std::string>* out) {
    if (!ReadStringList(value, path, out)) return false;
    if (out->empty()) return SyntaxError(path, "expected at least one principal");
    return true;
  }

  bool ParsePrincipal(const rapidjson::Value& value, const std::string& path, PrincipalSpec* spec) {
    if (value.IsString()) {
      if (std::string_view(value.GetString()) == "*") {
        spec->everyone = true;
        spec->ids["AWS"].push_back("*");
        return true;
      }
      Error(kStagePresence,
            std::string("Invalid principal in policy: ") + Quote(value.GetString()) +
                " (a principal string must be \"*\"; use {\"AWS\": ...})",
            path);
      return true;
    }
    if (!value.IsObject()) return SyntaxError(path, "expected \"*\" or an object");
    if (value.MemberCount() == 0) return SyntaxError(path, "expected at least one principal");
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      std::string type(it->name.GetString(), it->name.GetStringLength());
      std::string child = path + "/" + type;
      std::vector<std::string> values;
      if (!ReadPrincipalValues(it->value, child, &values)) return false;
      if (type != "AWS" && type != "Service" && type != "Federated" && type != "CanonicalUser") {
        Error(kStagePresence, "Invalid principal in policy: unknown principal type " + Quote(type),
              child);
      }
      for (size_t i = 0; i < values.size(); ++i) {
        const std::string& id = values[i];
        if (!ValidPrincipal(type, id)) {
          Error(kStagePresence, "Invalid principal in policy: \"" + type + "\":\"" + id + "\"",
                ListPath(it->value, child, i));
        }
        if (type == "AWS" && id == "*") spec->everyone = true;
      }
      auto& target = spec->ids[type];
      target.insert(target.end(), values.begin(), values.end());
    }
    return true;
  }

  static bool ValidPrincipal(const std::string& type, const std::string& id) {
    if (id == "*") return type == "AWS" || type == "Service" || type == "Federated";
    if (id.empty() || id.find_first_of("*?") != std::string::npos) return false;
    if (type != "AWS") return true;
    if (IsAccountId(id)) return true;
    ArnFields fields = SplitArn(id);
    if (fields.count != 6 || fields.field[0] != "arn" || !IsValidPartition(fields.field[1]) ||
        fields.field[1] == "*" || !fields.field[3].empty() || !IsAccountId(fields.field[4])) {
      return false;
    }
    std::string_view rest = fields.field[5];
    if (fields.field[2] == "iam") {
      return rest == "root" || (rest.substr(0, 5) == "user/" && rest.size() > 5) ||
             (rest.substr(0, 5) == "role/" && rest.size() > 5);
    }
    if (fields.field[2] == "sts") {
      if (rest.substr(0, 13) != "assumed-role/") return false;
      std::string_view tail = rest.substr(13);
      size_t slash = tail.find('/');
      return slash != std::string_view::npos && slash > 0 && slash + 1 < tail.size();
    }
    return false;
  }

  bool ParseConditionBlock(const rapidjson::Value& block, const std::string& path,
                           Statement* statement) {
    if (!block.IsObject()) return SyntaxError(path, "expected an object of condition operators");
    for (auto op_it = block.MemberBegin(); op_it != block.MemberEnd(); ++op_it) {
      std::string op(op_it->name.GetString(), op_it->name.GetStringLength());
      std::string op_path = path + "/" + op;
      if (!op_it->value.IsObject()) {
        return SyntaxError(op_path, "expected an object of condition keys");
      }
      Condition prototype;
      prototype.op = op;
      std::string_view rest = op;
      if (rest.substr(0, 12) == "ForAnyValue:") {
        prototype.set = Condition::SetQualifier::kForAnyValue;
        rest.remove_prefix(12);
      } else if (rest.substr(0, 13) == "ForAllValues:") {
        prototype.set = Condition::SetQualifier::kForAllValues;
        rest.remove_prefix(13);
      }
      constexpr std::string_view kIfExists = "IfExists";
      if (rest.size() > kIfExists.size() &&
          rest.substr(rest.size() - kIfExists.size()) == kIfExists) {
        prototype.if_exists = true;
        rest.remove_suffix(kIfExists.size());
      }
      prototype.base_op = std::string(rest);
      prototype.oper = OperatorFromName(rest);
      if (prototype.oper == ConditionOperator::kNull && prototype.if_exists) {
        prototype.oper = ConditionOperator::kUnknown;
      }
      if (prototype.oper == ConditionOperator::kUnknown) {
        if (op_it->value.MemberCount() == 0) continue;  // accepted and ignored [OBSERVED]
        return SyntaxError(op_path, "unknown condition operator " + Quote(op));
      }
      for (auto key_it = op_it->value.MemberBegin(); key_it != op_it->value.MemberEnd(); ++key_it) {
        Condition condition = prototype;
        condition.key = std::string(key_it->name.GetString(), key_it->name.GetStringLength());
        condition.key_lower = AsciiLowercase(condition.key);
        condition.multivalued_key = ContextKeys::IsMultiValuedKeyName(condition.key_lower);
        std::string key_path = op_path + "/" + condition.key;
        if (condition.key.find(':') == std::string::npos) {
          Error(kStageActionFormat,
                "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
                key_path);
        }
        const rapidjson::Value& values = key_it->value;
        if (values.IsArray()) {
          for (rapidjson::SizeType i = 0; i < values.Size(); ++i) {
            if (!AddConditionValue(values[i], key_path + "/" + std::to_string(i), &condition)) {
              return false;
            }
          }
        } else if (!AddConditionValue(values, key_path, &condition)) {
          return false;
        }
        statement->conditions.push_back(std::move(condition));
      }
    }
    return true;
  }

  bool AddConditionValue(const rapidjson::Value& value, const std::string& path,
                         Condition* condition) {
    std::string text;
    if (value.IsString()) {
      text.assign(value.GetString(), value.GetStringLength());
    } else if (value.IsBool()) {
      text = value.GetBool() ? "true" : "false";
    } else if (value.IsNumber()) {
      text = NumberText(value);
    } else {
      return SyntaxError(path, "a condition value must be a string, number or boolean");
    }
    ConditionValue compiled = CompileConditionValue(condition->oper, text, variables_);
    if (IsDateOperator(condition->oper) && !compiled.valid) {
      Error(kStageLegacy, "The policy failed legacy parsing",
            path + ": " + Quote(text) + " is not an ISO 8601 date or epoch seconds");
    }
    condition->values.push_back(std::move(text));
    condition->parsed_values.push_back(std::move(compiled));
    return true;
  }

  std::string_view json_;
  PolicyKind kind_;
  const ParseOptions& options_;
  bool variables_ = false;
  std::optional<std::pair<int, std::string>> error_;
};

}  // namespace

Result<PolicyPtr> ParsePolicy(std::string_view json, PolicyKind kind) {
  return ParsePolicy(json, kind, ParseOptions());
}

Result<PolicyPtr> ParsePolicy(std::string_view json, PolicyKind kind, const ParseOptions& options) {
  return Parser(json, kind, options).Run();
}

size_t PolicySizeWithoutWhitespace(std::string_view json) {
  size_t count = 0;
  for (char c : json) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') ++count;
  }
  return count;
}

}  // namespace rsemu::authz
