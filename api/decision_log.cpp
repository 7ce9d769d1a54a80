// DecisionLog: a mutex-guarded ring of decisions and its JSON form.
#include "api/decision_log.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/time_format.h"

namespace rsemu::api {
namespace {

void WriteStrings(rapidjson::Writer<rapidjson::StringBuffer>& writer, const char* key,
                  const std::vector<std::string>& values) {
  writer.Key(key);
  writer.StartArray();
  for (const std::string& value : values)
    writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  writer.EndArray();
}

void WriteString(rapidjson::Writer<rapidjson::StringBuffer>& writer, const char* key,
                 const std::string& value) {
  writer.Key(key);
  writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

bool Matches(const DecisionRecord& record, const DecisionFilter& filter) {
  if (!filter.principal.empty() && record.principal_arn != filter.principal) return false;
  if (record.time_millis < filter.since_millis) return false;
  if (filter.decision.empty()) return true;
  if (filter.decision == "Deny") return record.decision != "Allow";
  return record.decision == filter.decision;
}

}  // namespace

void DecisionLog::Add(DecisionRecord record) {
  std::lock_guard<std::mutex> lock(mutex_);
  records_.push_back(std::move(record));
  while (records_.size() > capacity_) records_.pop_front();
}

std::vector<DecisionRecord> DecisionLog::Query(const DecisionFilter& filter) const {
  std::vector<DecisionRecord> out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = records_.rbegin(); it != records_.rend() && out.size() < filter.limit; ++it) {
    if (Matches(*it, filter)) out.push_back(*it);
  }
  return std::vector<DecisionRecord>(out.rbegin(), out.rend());
}

std::string DecisionLog::ToJson(const DecisionFilter& filter) const {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("decisions");
  writer.StartArray();
  for (const DecisionRecord& record : Query(filter)) {
    writer.StartObject();
    WriteString(writer, "time", FormatIso8601Millis(record.time_millis));
    WriteString(writer, "request_id", record.request_id);
    WriteString(writer, "principal", record.principal_arn);
    WriteString(writer, "action", record.action);
    WriteString(writer, "resource", record.resource);
    WriteString(writer, "decision", record.decision);
    WriteString(writer, "mode", record.mode);
    writer.Key("enforced");
    writer.Bool(record.enforced);
    WriteStrings(writer, "deciding_statements", record.deciding_statements);
    WriteStrings(writer, "failed_conditions", record.failed_conditions);
    WriteStrings(writer, "missing_context_keys", record.missing_context_keys);
    WriteStrings(writer, "context_keys", record.context_keys);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

void DecisionLog::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  records_.clear();
}

}  // namespace rsemu::api
