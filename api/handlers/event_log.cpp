// Event log: events stored as resource rows whose body is the model's Event shape.
#include "api/handlers/event_log.h"

#include <cstdio>

#include "api/value.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {

Status RecordEvent(RequestContext& context, const EventRecord& event) {
  char when[16];
  std::snprintf(when, sizeof(when), "%013lld", static_cast<long long>(context.now_millis));
  std::string sequence = context.ids->LowerAlnum(8);
  Value body = Value::Object();
  body.Set("SourceIdentifier", Value::String(event.source_id));
  body.Set("SourceType", Value::String(event.source_type));
  body.Set("Message", Value::String(event.message));
  Value categories = Value::List();
  for (const std::string& category : event.categories) categories.Push(Value::String(category));
  body.Set("EventCategories", std::move(categories));
  body.Set("Severity", Value::String(event.severity));
  body.Set("Date", Value::String(FormatIso8601Millis(context.now_millis)));
  body.Set("EventId", Value::String(event.event_id));

  storage::ResourceRecord record;
  record.account = context.account();
  record.region = context.region;
  record.type = kEventType;
  record.identifier = std::string(when) + "-" + sequence;
  record.arn = "rsemu:event:" + context.account() + ":" + context.region + ":" + record.identifier;
  record.parent = event.source_id;
  record.body = body.ToJson();
  record.created_millis = context.now_millis;
  return context.resources->Insert(&record);
}

}  // namespace rsemu::api::handlers
