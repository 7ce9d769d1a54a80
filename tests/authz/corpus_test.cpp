// Runs the table-driven authorization corpus in fixtures/authz/*.json
// (Cedar-style: policies, request, expected decision and reasons) and reports
// every failing case by file and name.
//
// File format:
//   {"description": "...",
//    "policies": {"name": <policy document object or verbatim text string>, ...},
//    "defaults": {"principal": ARN, "account": ID, "root": bool, "context": {key: value|[values]}},
//    "cases": [{
//       "name": "...",
//       "policies": ["name", ...],          identity policies (names from the file's map)
//       "session": ["name", ...],           optional session policies
//       "trust": "name",                    instead: evaluate this trust policy
//       "parse": {"policy": "name", "kind": "identity"|"trust", "require_current_version": bool,
//                 "max_size": N},
//                                           instead: only parse, expect an error or success
//       "request": {"action", "resource", "principal", "account", "root", "context"},
//                                           merged over "defaults" (a null context value removes)
//       "expected": {"decision": "Allow"|"ExplicitDeny"|"ImplicitDeny",
//                    "deciding": ["policy/Sid" or "policy/#index", ...],   (as a set)
//                    "failed_conditions": ["substring", ...], "missing_keys": [...],
//                    "denied_by": "...", "trust_names_caller": bool,
//                    "error": "MalformedPolicyDocument", "message": "exact text"}}]}
#include <doctest/doctest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "authz/evaluator.h"
#include "authz/policy_parser.h"

namespace rsemu::authz {
namespace {

std::string ValueText(const rapidjson::Value& value) {
  if (value.IsString()) return std::string(value.GetString(), value.GetStringLength());
  if (value.IsBool()) return value.GetBool() ? "true" : "false";
  if (value.IsInt64()) return std::to_string(value.GetInt64());
  if (value.IsNumber()) return std::to_string(value.GetDouble());
  return "";
}

std::string Serialize(const rapidjson::Value& value) {
  if (value.IsString()) return ValueText(value);  // verbatim text
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

std::vector<std::string> Strings(const rapidjson::Value& value) {
  std::vector<std::string> out;
  if (value.IsArray()) {
    for (const auto& v : value.GetArray()) out.push_back(ValueText(v));
  } else {
    out.push_back(ValueText(value));
  }
  return out;
}

std::string Label(const MatchedStatement& m) {
  return m.policy_id + "/" + (m.sid.empty() ? "#" + std::to_string(m.index) : m.sid);
}

std::string Join(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

class CorpusFile {
 public:
  explicit CorpusFile(const std::filesystem::path& path) : path_(path) {}

  // Runs every case; returns failure descriptions; counts cases in *count.
  std::vector<std::string> Run(size_t* count) {
    std::vector<std::string> failures;
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    std::string content = text.str();
    doc_.Parse(content.c_str());
    if (doc_.HasParseError() || !doc_.IsObject() || !doc_.HasMember("cases")) {
      failures.push_back(path_.filename().string() + ": not a corpus file");
      return failures;
    }
    if (doc_.HasMember("policies")) {
      for (auto it = doc_["policies"].MemberBegin(); it != doc_["policies"].MemberEnd(); ++it) {
        texts_[it->name.GetString()] = Serialize(it->value);
      }
    }
    for (const auto& c : doc_["cases"].GetArray()) {
      ++*count;
      std::string name = c.HasMember("name") ? c["name"].GetString() : "(unnamed)";
      std::string why = RunCase(c);
      if (!why.empty()) failures.push_back(path_.filename().string() + ": " + name + ": " + why);
    }
    return failures;
  }

 private:
  std::string Parse(const std::string& name, PolicyKind kind, PolicyRef* out,
                    const ParseOptions& options = ParseOptions()) {
    auto it = texts_.find(name);
    if (it == texts_.end()) return "unknown policy `" + name + "`";
    Result<PolicyPtr> parsed = ParsePolicy(it->second, kind, options);
    if (!parsed.ok()) return "policy `" + name + "` does not parse: " + parsed.status().message();
    *out = PolicyRef{name, *parsed};
    return "";
  }

  void ApplyRequest(const rapidjson::Value& r, AuthzRequest* request) {
    if (r.HasMember("action")) request->action = r["action"].GetString();
    if (r.HasMember("resource")) request->resource = r["resource"].GetString();
    if (r.HasMember("principal")) request->principal_arn = r["principal"].GetString();
    if (r.HasMember("account")) request->principal_account = r["account"].GetString();
    if (r.HasMember("root")) request->principal_is_root = r["root"].GetBool();
    if (r.HasMember("context")) {
      for (auto it = r["context"].MemberBegin(); it != r["context"].MemberEnd(); ++it) {
        std::string key = it->name.GetString();
        for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (it->value.IsNull()) {
          context_.erase(key);
        } else {
          context_[key] = Strings(it->value);
        }
      }
    }
  }

  std::string RunCase(const rapidjson::Value& c) {
    if (!c.HasMember("expected")) return "no `expected`";
    const rapidjson::Value& expected = c["expected"];
    if (c.HasMember("parse")) return RunParseCase(c["parse"], expected);

    AuthzRequest request;
    context_.clear();
    if (doc_.HasMember("defaults")) ApplyRequest(doc_["defaults"], &request);
    if (c.HasMember("request")) ApplyRequest(c["request"], &request);
    for (auto& [key, values] : context_) request.context.Set(key, values);

    AuthzResult result;
    if (c.HasMember("trust")) {
      PolicyRef trust;
      std::string error = Parse(c["trust"].GetString(), PolicyKind::kTrust, &trust);
      if (!error.empty()) return error;
      result = EvaluateTrustPolicy(request, trust);
    } else {
      PolicySet set;
      if (c.HasMember("policies")) {
        for (const auto& name : c["policies"].GetArray()) {
          PolicyRef ref;
          std::string error = Parse(name.GetString(), PolicyKind::kIdentity, &ref);
          if (!error.empty()) return error;
          set.identity.push_back(ref);
        }
      }
      if (c.HasMember("session")) {
        set.session.emplace();
        for (const auto& name : c["session"].GetArray()) {
          PolicyRef ref;
          std::string error = Parse(name.GetString(), PolicyKind::kIdentity, &ref);
          if (!error.empty()) return error;
          set.session->push_back(ref);
        }
      }
      result = Evaluate(request, set);
    }
    return Compare(expected, result);
  }

  std::string RunParseCase(const rapidjson::Value& p, const rapidjson::Value& expected) {
    std::string name = p["policy"].GetString();
    auto it = texts_.find(name);
    if (it == texts_.end()) return "unknown policy `" + name + "`";
    PolicyKind kind = p.HasMember("kind") && std::string(p["kind"].GetString()) == "trust"
                          ? PolicyKind::kTrust
                          : PolicyKind::kIdentity;
    ParseOptions options;
    if (p.HasMember("require_current_version")) {
      options.require_current_version = p["require_current_version"].GetBool();
    }
    if (p.HasMember("max_size")) options.max_size = p["max_size"].GetUint64();
    Result<PolicyPtr> parsed = ParsePolicy(it->second, kind, options);
    if (!expected.HasMember("error")) {
      return parsed.ok() ? "" : "expected success, got: " + parsed.status().message();
    }
    if (parsed.ok()) return "expected an error, the policy parsed";
    if (parsed.status().error() != expected["error"].GetString()) {
      return "expected error " + std::string(expected["error"].GetString()) + ", got " +
             parsed.status().error();
    }
    if (expected.HasMember("message") &&
        parsed.status().message() != expected["message"].GetString()) {
      return "expected message `" + std::string(expected["message"].GetString()) + "`, got `" +
             parsed.status().message() + "`";
    }
    return "";
  }

  static std::string Compare(const rapidjson::Value& expected, const AuthzResult& result) {
    std::string why;
    std::string decision = DecisionName(result.decision);
    if (decision != expected["decision"].GetString()) {
      why += "decision " + decision + ", expected " + expected["decision"].GetString() + "; ";
    }
    if (expected.HasMember("deciding")) {
      std::vector<std::string> want = Strings(expected["deciding"]), got;
      for (const MatchedStatement& m : result.diagnostics.deciding) got.push_back(Label(m));
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      if (want != got) why += "deciding " + Join(got) + ", expected " + Join(want) + "; ";
    }
    if (expected.HasMember("failed_conditions")) {
      std::vector<std::string> want = Strings(expected["failed_conditions"]);
      const auto& got = result.diagnostics.failed_conditions;
      bool ok = want.size() == got.size();
      for (const std::string& w : want) {
        ok = ok && std::any_of(got.begin(), got.end(), [&](const std::string& g) {
               return g.find(w) != std::string::npos;
             });
      }
      if (!ok) why += "failed conditions " + Join(got) + ", expected " + Join(want) + "; ";
    }
    if (expected.HasMember("missing_keys")) {
      std::vector<std::string> want = Strings(expected["missing_keys"]);
      std::vector<std::string> got = result.diagnostics.missing_context_keys;
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      if (want != got) why += "missing keys " + Join(got) + ", expected " + Join(want) + "; ";
    }
    if (expected.HasMember("denied_by") &&
        result.diagnostics.denied_by != expected["denied_by"].GetString()) {
      why += "denied_by `" + result.diagnostics.denied_by + "`, expected `" +
             expected["denied_by"].GetString() + "`; ";
    }
    if (expected.HasMember("trust_names_caller") &&
        result.trust_names_caller != expected["trust_names_caller"].GetBool()) {
      why += "trust_names_caller mismatch; ";
    }
    return why;
  }

  std::filesystem::path path_;
  rapidjson::Document doc_;
  std::map<std::string, std::string> texts_;
  std::map<std::string, std::vector<std::string>> context_;
};

}  // namespace

TEST_CASE("authz: corpus in fixtures/authz") {
  std::filesystem::path dir = std::filesystem::path(RSEMU_SOURCE_DIR) / "fixtures" / "authz";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  size_t count = 0, failed = 0;
  for (const auto& file : files) {
    for (const std::string& failure : CorpusFile(file).Run(&count)) {
      ++failed;
      FAIL_CHECK(failure);
    }
  }
  MESSAGE("authz corpus: " << count << " cases in " << files.size() << " files, " << failed
                           << " failed");
  CHECK(count >= 300);
}

}  // namespace rsemu::authz
