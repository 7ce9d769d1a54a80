// FormParams: form decoding with Boost.URL (space_as_plus), sorted, duplicates refused.
#include "api/form.h"

#include <algorithm>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

namespace rsemu::api {
namespace {

Status AppendParams(std::string_view input, std::vector<std::pair<std::string, std::string>>* out) {
  if (input.empty()) return Status::Ok();
  // Boost.URL 1.81's parse_query reads its argument up to a NUL, past the end of
  // the view (found by fuzz/form_decoder_fuzzer.cpp): parse a NUL-terminated copy.
  const std::string terminated(input);
  std::string_view text = terminated;
  auto parsed = boost::urls::parse_query(boost::urls::string_view(text.data(), text.size()));
  if (!parsed) {
    return Status::AwsError("MalformedQueryString",
                            "The request body is not valid application/x-www-form-urlencoded: " +
                                parsed.error().message() + ".");
  }
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  // Valid input (checked above), so this constructor does not throw.
  boost::urls::params_view params(boost::urls::string_view(text.data(), text.size()), options);
  for (auto param : params) {
    if (param.key.empty() && !param.has_value) continue;  // "a=1&&b=2"
    out->emplace_back(std::move(param.key), std::move(param.value));
  }
  return Status::Ok();
}

}  // namespace

Result<FormParams> FormParams::Parse(std::string_view body, std::string_view query) {
  FormParams form;
  RSEMU_RETURN_IF_ERROR(AppendParams(body, &form.entries_));
  RSEMU_RETURN_IF_ERROR(AppendParams(query, &form.entries_));
  std::stable_sort(form.entries_.begin(), form.entries_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 1; i < form.entries_.size(); ++i) {
    if (form.entries_[i].first == form.entries_[i - 1].first) {
      return Status::AwsError(
          "MalformedQueryString",
          "The parameter " + form.entries_[i].first + " appears more than once in the request.");
    }
  }
  return form;
}

const std::string* FormParams::Find(std::string_view key) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  if (it != entries_.end() && it->first == key) return &it->second;
  return nullptr;
}

bool FormParams::HasPrefix(std::string_view key) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  for (; it != entries_.end(); ++it) {
    std::string_view candidate = it->first;
    if (candidate.substr(0, key.size()) != key) return false;
    if (candidate.size() == key.size() || candidate[key.size()] == '.') return true;
  }
  return false;
}

}  // namespace rsemu::api
