// DecisionLog: a mutex-guarded ring of decisions bounded by count and bytes,
// the clipping of over-long fields, paging, and the JSON form of a page.
#include "api/decision_log.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "common/time_format.h"

namespace rsemu::api {
namespace {

void ClipList(std::vector<std::string>* list) {
  constexpr size_t kMaxEntries = DecisionLog::kMaxListEntries;
  if (list->size() > kMaxEntries) {
    size_t dropped = list->size() - (kMaxEntries - 1);
    list->resize(kMaxEntries - 1);
    list->push_back("\xE2\x80\xA6(+" + std::to_string(dropped) + " more)");
  }
  for (std::string& entry : *list) DecisionLog::ClipField(&entry, DecisionLog::kMaxListEntryBytes);
  list->shrink_to_fit();
}

size_t ListBytes(const std::vector<std::string>& list) {
  size_t bytes = 0;
  for (const std::string& entry : list) bytes += sizeof(std::string) + entry.size();
  return bytes;
}

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

void DecisionLog::ClipField(std::string* text, size_t max_bytes) {
  if (text->size() <= max_bytes) return;
  size_t keep = max_bytes;
  // Never cut a UTF-8 sequence in two: back up to the start of the character.
  while (keep > 0 && (static_cast<unsigned char>((*text)[keep]) & 0xC0) == 0x80) --keep;
  size_t cut = text->size() - keep;
  text->resize(keep);
  text->append("\xE2\x80\xA6(+" + std::to_string(cut) + " bytes)");
  text->shrink_to_fit();  // resize() alone keeps the long buffer allocated
}

namespace {
size_t TouchedBytes(const std::vector<TouchedResource>& touched) {
  size_t bytes = 0;
  for (const TouchedResource& resource : touched) {
    bytes += sizeof(TouchedResource) + resource.access.size() + resource.type.size() +
             resource.arn.size();
  }
  return bytes;
}
}  // namespace

size_t DecisionLog::RecordBytes(const DecisionRecord& record) {
  return sizeof(DecisionRecord) + record.request_id.size() + record.principal_arn.size() +
         record.action.size() + record.resource.size() + record.decision.size() +
         record.mode.size() + ListBytes(record.deciding_statements) +
         ListBytes(record.failed_conditions) + ListBytes(record.missing_context_keys) +
         ListBytes(record.context_keys) + TouchedBytes(record.touched);
}

void DecisionLog::AttachTouched(const std::string& request_id,
                                std::vector<TouchedResource> touched) {
  if (touched.size() > kMaxListEntries) touched.resize(kMaxListEntries);
  for (TouchedResource& resource : touched) {
    ClipField(&resource.type, kMaxListEntryBytes);
    ClipField(&resource.arn);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = records_.rbegin(); it != records_.rend() && it->request_id == request_id; ++it) {
    bytes_ -= RecordBytes(*it);
    it->touched = touched;
    bytes_ += RecordBytes(*it);
  }
  while (records_.size() > 1 && bytes_ > byte_budget_) {
    bytes_ -= RecordBytes(records_.front());
    records_.pop_front();
  }
}

void DecisionLog::Add(DecisionRecord record) {
  for (std::string* field : {&record.request_id, &record.principal_arn, &record.action,
                             &record.resource, &record.decision, &record.mode}) {
    ClipField(field);
  }
  ClipList(&record.deciding_statements);
  ClipList(&record.failed_conditions);
  ClipList(&record.missing_context_keys);
  ClipList(&record.context_keys);
  size_t bytes = RecordBytes(record);

  std::lock_guard<std::mutex> lock(mutex_);
  record.sequence = next_sequence_++;
  records_.push_back(std::move(record));
  bytes_ += bytes;
  while (records_.size() > 1 && (records_.size() > capacity_ || bytes_ > byte_budget_)) {
    bytes_ -= RecordBytes(records_.front());
    records_.pop_front();
  }
}

DecisionPage DecisionLog::Query(const DecisionFilter& filter) const {
  DecisionPage page;
  size_t limit = std::clamp<size_t>(filter.limit, 1, kMaxPageRecords);
  size_t page_bytes = 0;
  // True when `record` fits the page; a full page sets `more` instead.
  auto take = [&](const DecisionRecord& record) {
    size_t bytes = RecordBytes(record);
    if (page.records.size() >= limit ||
        (!page.records.empty() && page_bytes + bytes > filter.max_page_bytes)) {
      page.more = true;
      return false;
    }
    page_bytes += bytes;
    page.records.push_back(record);
    return true;
  };
  // records_ is in sequence order: the first record past `sequence`.
  auto past = [this](uint64_t sequence) {
    return std::partition_point(records_.begin(), records_.end(),
                                [&](const DecisionRecord& r) { return r.sequence <= sequence; });
  };

  std::lock_guard<std::mutex> lock(mutex_);
  if (filter.after != 0) {
    for (auto it = past(filter.after); it != records_.end(); ++it) {
      if (Matches(*it, filter) && !take(*it)) break;
    }
    return page;
  }
  auto end = filter.before != 0 ? past(filter.before - 1) : records_.end();
  for (auto it = std::make_reverse_iterator(end); it != records_.rend(); ++it) {
    if (Matches(*it, filter) && !take(*it)) break;
  }
  std::reverse(page.records.begin(), page.records.end());
  return page;
}

std::string DecisionLog::ToJson(const DecisionFilter& filter) const {
  DecisionPage page = Query(filter);  // copied under the lock; rendered without it
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("decisions");
  writer.StartArray();
  for (const DecisionRecord& record : page.records) {
    writer.StartObject();
    writer.Key("seq");
    writer.Uint64(record.sequence);
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
    writer.Key("touched");
    writer.StartArray();
    for (const TouchedResource& resource : record.touched) {
      writer.StartObject();
      WriteString(writer, "access", resource.access);
      WriteString(writer, "type", resource.type);
      WriteString(writer, "arn", resource.arn);
      writer.EndObject();
    }
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("more");
  writer.Bool(page.more);
  writer.Key("next_after");
  writer.Uint64(page.records.empty() ? filter.after : page.records.back().sequence);
  writer.Key("next_before");
  writer.Uint64(page.records.empty() ? filter.before : page.records.front().sequence);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

void DecisionLog::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  records_.clear();
  bytes_ = 0;
}

size_t DecisionLog::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return records_.size();
}

size_t DecisionLog::retained_bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

}  // namespace rsemu::api
