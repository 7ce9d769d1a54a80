// Policy variables: compile once at parse time, resolve per request (§8).
#include "authz/variables.h"

#include <cctype>

namespace rsemu::authz {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Parses the inside of `${...}`; false when it is not a variable.
bool ParseVariable(std::string_view inside, TemplatePart* part) {
  if (inside == "*" || inside == "?" || inside == "$") {
    part->kind = TemplatePart::Kind::kLiteral;
    part->text = std::string(inside);
    return true;
  }
  std::string_view key = inside;
  size_t comma = inside.find(',');
  if (comma != std::string_view::npos) {
    key = inside.substr(0, comma);
    std::string_view rest = Trim(inside.substr(comma + 1));
    if (rest.size() < 2 || rest.front() != '\'' || rest.back() != '\'') return false;
    part->has_default = true;
    part->default_value = std::string(rest.substr(1, rest.size() - 2));
  }
  key = Trim(key);
  if (key.empty()) return false;
  for (char c : key) {
    if (c == '{' || c == '}' || c == '$' || c == '\'' || c == ' ') return false;
  }
  part->kind = TemplatePart::Kind::kVariable;
  part->text.reserve(key.size());
  for (char c : key) {
    part->text.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  part->multivalued_key = ContextKeys::IsMultiValuedKeyName(part->text);
  return true;
}

}  // namespace

PolicyString CompilePolicyString(std::string_view text, bool variables_enabled) {
  PolicyString out;
  out.text = std::string(text);
  if (!variables_enabled || text.find("${") == std::string_view::npos) return out;
  std::vector<TemplatePart> parts;
  std::string pending;
  bool any_variable = false;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      size_t close = text.find('}', i + 2);
      TemplatePart part;
      if (close != std::string_view::npos &&
          ParseVariable(text.substr(i + 2, close - i - 2), &part)) {
        if (!pending.empty()) {
          parts.push_back(TemplatePart{TemplatePart::Kind::kPattern, pending, false, {}});
          pending.clear();
        }
        parts.push_back(std::move(part));
        any_variable = true;
        i = close + 1;
        continue;
      }
    }
    pending.push_back(text[i++]);
  }
  if (!pending.empty()) {
    parts.push_back(TemplatePart{TemplatePart::Kind::kPattern, pending, false, {}});
  }
  if (any_variable) out.parts = std::move(parts);
  return out;
}

bool ResolvePolicyString(const PolicyString& value, const ContextKeys& context, std::string* text,
                         std::string* literal_mask) {
  if (!value.has_variables()) {
    *text = value.text;
    literal_mask->assign(value.text.size(), '0');
    return true;
  }
  text->clear();
  literal_mask->clear();
  for (const TemplatePart& part : value.parts) {
    switch (part.kind) {
      case TemplatePart::Kind::kPattern:
        text->append(part.text);
        literal_mask->append(part.text.size(), '0');
        break;
      case TemplatePart::Kind::kLiteral:
        text->append(part.text);
        literal_mask->append(part.text.size(), '1');
        break;
      case TemplatePart::Kind::kVariable: {
        const std::vector<std::string>* values = context.FindLowered(part.text);
        const std::string* chosen = nullptr;
        if (values != nullptr && values->size() == 1 && !part.multivalued_key) {
          chosen = &values->front();
        } else if (part.has_default) {
          chosen = &part.default_value;
        }
        if (chosen == nullptr) return false;
        text->append(*chosen);
        literal_mask->append(chosen->size(), '1');
        break;
      }
    }
  }
  return true;
}

void CollectVariableKeys(const PolicyString& value, std::vector<std::string>* keys) {
  for (const TemplatePart& part : value.parts) {
    if (part.kind == TemplatePart::Kind::kVariable) keys->push_back(part.text);
  }
}

}  // namespace rsemu::authz
