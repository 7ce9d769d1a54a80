// AuthzCatalog: parsing the catalog TSV and expanding its templates over a request.
#include "api/authz_catalog.h"

#include <cstdio>
#include <cstdlib>

extern "C" {
extern const char rsemu_authz_catalog[];
extern const char rsemu_authz_catalog_end[];
}

namespace rsemu::api {
namespace {

std::vector<std::string> Split(std::string_view text, std::string_view separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(separator, start);
    parts.emplace_back(
        text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + separator.size();
  }
  return parts;
}

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

// "name(argument)" → argument, when `text` starts with name + "(".
std::optional<std::string> Call(std::string_view text, std::string_view name) {
  if (text.size() < name.size() + 2 || text.substr(0, name.size()) != name ||
      text[name.size()] != '(' || text.back() != ')') {
    return std::nullopt;
  }
  return std::string(text.substr(name.size() + 1, text.size() - name.size() - 2));
}

std::optional<std::string> ScalarText(const Value* value) {
  if (value == nullptr || value->is_null()) return std::nullopt;
  switch (value->kind()) {
    case Value::Kind::kString:
      return value->AsString();
    case Value::Kind::kBool:
      return std::string(value->AsBool() ? "true" : "false");
    case Value::Kind::kInt:
      return std::to_string(value->AsInt());
    default:
      return std::nullopt;
  }
}

// What a template is expanded against.
struct Scope {
  const Value& input;
  const Value* element;  // the current element of each(...), or null
  const std::string& region;
  const std::string& account;
  const StoredResourceLookup& lookup;
};

std::optional<std::string> Reference(const Scope& scope, std::string_view name) {
  if (name == ".") return scope.element ? ScalarText(scope.element) : std::nullopt;
  if (name.size() > 1 && name[0] == '.') {
    return scope.element ? ScalarText(scope.element->Find(name.substr(1))) : std::nullopt;
  }
  return ScalarText(scope.input.Find(name));
}

// "{@kind:Member}": the stored resource of that kind the member names, in the
// account OwnerAccount names (the caller's by default).
std::optional<StoredResource> Stored(const Scope& scope, std::string_view kind,
                                     std::string_view member) {
  auto name = Reference(scope, member);
  if (!name || !scope.lookup) return std::nullopt;
  std::string owner = ScalarText(scope.input.Find("OwnerAccount")).value_or("");
  return scope.lookup(kind, owner, *name);
}

std::optional<std::string> Placeholder(const Scope& scope, std::string_view name) {
  if (name == "region") return scope.region;
  if (name == "account") return scope.account;
  constexpr std::string_view kSnapshotCluster = "@snapshot-cluster:";
  if (name.substr(0, kSnapshotCluster.size()) == kSnapshotCluster) {
    // The cluster of a stored snapshot: its ARN ends "snapshot:<cluster>/<id>".
    auto snapshot = Stored(scope, "snapshot", name.substr(kSnapshotCluster.size()));
    if (!snapshot) return std::nullopt;
    size_t type = snapshot->arn.find(":snapshot:");
    size_t slash = snapshot->arn.rfind('/');
    if (type == std::string::npos || slash == std::string::npos || slash < type)
      return std::nullopt;
    return snapshot->arn.substr(type + 10, slash - type - 10);
  }
  // "{Member|default}": the default when the member is absent.
  size_t bar = name.find('|');
  if (bar != std::string_view::npos) {
    auto value = Reference(scope, name.substr(0, bar));
    return value ? value : std::optional<std::string>(std::string(name.substr(bar + 1)));
  }
  return Reference(scope, name);
}

// Expands one alternative. `strict`: an absent member (or stored resource)
// fails the alternative; otherwise it becomes "*". `row` receives the stored
// resource's row when the alternative is "{@kind:Member}".
std::optional<std::string> ExpandTemplate(const Scope& scope, const std::string& text, bool strict,
                                          int64_t* row) {
  if (text == "*") return text;
  if (text.size() > 3 && text[0] == '{' && text[1] == '=' && text.back() == '}') {
    auto whole = Reference(scope, std::string_view(text).substr(2, text.size() - 3));
    if (!whole && strict) return std::nullopt;
    return whole.value_or("*");
  }
  if (text.size() > 3 && text[0] == '{' && text[1] == '@' && text.back() == '}' &&
      text.find('}') == text.size() - 1) {
    std::string_view body = std::string_view(text).substr(2, text.size() - 3);
    size_t colon = body.find(':');
    auto stored = colon == std::string_view::npos
                      ? std::nullopt
                      : Stored(scope, body.substr(0, colon), body.substr(colon + 1));
    if (!stored) {
      if (strict) return std::nullopt;
      return std::string("*");
    }
    *row = stored->row;
    return stored->arn;
  }
  std::string out;
  if (text.compare(0, 4, "arn:") != 0)
    out = "arn:aws:redshift:" + scope.region + ":" + scope.account + ":";
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') {
      out.push_back(text[i]);
      continue;
    }
    size_t close = text.find('}', i);
    auto value = Placeholder(scope, std::string_view(text).substr(i + 1, close - i - 1));
    if (!value && strict) return std::nullopt;
    out += value.value_or("*");
    i = close;
  }
  return out;
}

void AddKey(AuthzCheck* check, std::string key, std::vector<std::string> values) {
  check->request_keys.emplace_back(std::move(key), std::move(values));
}

void ApplyContextRule(const Scope& scope, const std::string& rule, const CatalogOptions& options,
                      AuthzCheck* check) {
  if (auto member = Call(rule, "tags")) {
    const Value* tags = scope.input.Find(*member);
    if (tags == nullptr) return;
    std::vector<std::string> keys;
    for (const Value& tag : tags->items()) {
      std::string key = tag.GetString("Key");
      keys.push_back(key);
      AddKey(check, "aws:RequestTag/" + key, {tag.GetString("Value")});
      if (options.legacy_redshift_tag_keys && check->action.rfind("redshift:", 0) == 0) {
        AddKey(check, "redshift:RequestTag/" + key, {tag.GetString("Value")});
      }
    }
    AddKey(check, "aws:TagKeys", std::move(keys));
  } else if (auto keys_member = Call(rule, "tagkeys")) {
    const Value* keys = scope.input.Find(*keys_member);
    if (keys == nullptr) return;
    std::vector<std::string> values;
    for (const Value& key : keys->items()) values.push_back(key.AsString());
    AddKey(check, "aws:TagKeys", std::move(values));
  } else if (auto binding = Call(rule, "key")) {
    size_t equals = binding->find('=');
    std::string name = binding->substr(0, equals);
    const Value* value = scope.input.Find(binding->substr(equals + 1));
    if (value == nullptr) return;
    std::vector<std::string> values;
    if (value->is_list()) {
      for (const Value& item : value->items()) {
        if (auto text = ScalarText(&item)) values.push_back(*text);
      }
    } else if (auto text = ScalarText(value)) {
      values.push_back(*text);
    }
    AddKey(check, std::move(name), std::move(values));
  }
}

AuthzCheck ExpandRow(const Scope& scope, const CatalogRow& row, const CatalogOptions& options) {
  AuthzCheck check;
  check.action = row.action;
  for (size_t i = 0; i < row.alternatives.size(); ++i) {
    bool last = i + 1 == row.alternatives.size();
    int64_t stored_row = 0;
    auto resource = ExpandTemplate(scope, row.alternatives[i], !last, &stored_row);
    if (resource) {
      check.resource = *resource;
      check.resource_row = stored_row;
      break;
    }
  }
  for (const std::string& rule : row.context_rules) ApplyContextRule(scope, rule, options, &check);
  return check;
}

}  // namespace

const AuthzCatalog& AuthzCatalog::Get() {
  static const AuthzCatalog* catalog = [] {
    auto parsed = Parse(std::string_view(
        rsemu_authz_catalog, static_cast<size_t>(rsemu_authz_catalog_end - rsemu_authz_catalog)));
    if (!parsed.ok()) {
      std::fprintf(stderr, "rsemu: embedded authz catalog broken: %s\n",
                   parsed.status().ToString().c_str());
      std::abort();
    }
    return new AuthzCatalog(std::move(parsed).value());
  }();
  return *catalog;
}

Result<AuthzCatalog> AuthzCatalog::Parse(std::string_view tsv) {
  AuthzCatalog catalog;
  int line_number = 0;
  for (const std::string& line : Split(tsv, "\n")) {
    ++line_number;
    if (Trim(line).empty() || line[0] == '#') continue;
    std::vector<std::string> columns = Split(line, "\t");
    if (columns.size() < 2 || columns.size() > 5) {
      return Status::Invalid("authz catalog line " + std::to_string(line_number) +
                             ": expected 2 to 5 columns");
    }
    CatalogRow row;
    row.operation = Trim(columns[0]);
    row.action = Trim(columns[1]);
    if (row.action != "-") {
      if (row.action.find(':') == std::string::npos || columns.size() < 3) {
        return Status::Invalid("authz catalog line " + std::to_string(line_number) +
                               ": an action needs a service prefix and a resource template");
      }
      for (const std::string& alternative : Split(columns[2], "||"))
        row.alternatives.push_back(Trim(alternative));
    }
    if (columns.size() > 3 && !Trim(columns[3]).empty()) {
      for (const std::string& rule : Split(columns[3], ","))
        row.context_rules.push_back(Trim(rule));
    }
    if (columns.size() > 4) row.when = Trim(columns[4]);
    catalog.rows_[row.operation].push_back(std::move(row));
  }
  return catalog;
}

const std::vector<CatalogRow>* AuthzCatalog::Find(std::string_view service,
                                                  std::string_view operation) const {
  auto it = rows_.find(std::string(operation));
  if (it == rows_.end() || it->second.empty()) return nullptr;
  const std::string& action = it->second.front().action;
  if (action == "-") return &it->second;
  if (action.compare(0, service.size(), service) != 0 || action[service.size()] != ':')
    return nullptr;
  return &it->second;
}

std::vector<AuthzCheck> ExpandChecks(const AuthzCatalog& catalog, std::string_view service,
                                     std::string_view operation, const Value& input,
                                     const std::string& region, const std::string& account,
                                     const CatalogOptions& options,
                                     const StoredResourceLookup& lookup) {
  std::vector<AuthzCheck> checks;
  const std::vector<CatalogRow>* rows = catalog.Find(service, operation);
  if (rows == nullptr) {
    AuthzCheck check;
    check.action = std::string(service) + ":" + std::string(operation);
    check.resource = "*";
    checks.push_back(std::move(check));
    return checks;
  }
  for (const CatalogRow& row : *rows) {
    if (row.action == "-") continue;
    Scope scope{input, nullptr, region, account, lookup};
    if (auto flag = Call(row.when, "flag")) {
      if (*flag == "tag-on-create" &&
          (!options.tag_on_create_requires_create_tags || !input.Has("Tags")))
        continue;
    }
    if (auto member = Call(row.when, "if")) {
      const Value* value = input.Find(*member);
      if (value == nullptr || value->is_null() ||
          (value->kind() == Value::Kind::kBool && !value->AsBool()))
        continue;
    }
    if (auto member = Call(row.when, "each")) {
      const Value* list = input.Find(*member);
      if (list == nullptr) continue;
      for (const Value& element : list->items()) {
        Scope element_scope{input, &element, region, account, lookup};
        checks.push_back(ExpandRow(element_scope, row, options));
      }
      continue;
    }
    checks.push_back(ExpandRow(scope, row, options));
  }
  // Rows that all depend on an absent or empty list still need the action.
  if (checks.empty() && rows->front().action != "-") {
    AuthzCheck check;
    check.action = rows->front().action;
    check.resource = "*";
    checks.push_back(std::move(check));
  }
  return checks;
}

}  // namespace rsemu::api
