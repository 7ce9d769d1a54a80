// Event handlers: Create/Describe/Modify/DeleteEventSubscription,
// DescribeEventCategories (the event catalog) and DescribeEvents over the
// "event" rows that resource lifecycles record (oldest first, time-window and
// source filters, reusable markers).
#include <algorithm>
#include <climits>

#include "api/handlers/common.h"
#include "api/handlers/event_catalog.h"
#include "api/handlers/event_log.h"
#include "api/handlers/handlers.h"
#include "api/handlers/parameter_catalog.h"
#include "api/handlers/resource_family.h"
#include "api/registry.h"
#include "common/text.h"
#include "common/time_format.h"

namespace rsemu::api::handlers {
namespace {

constexpr ResourceFamily kFamily = {"eventsubscription",
                                    "Event subscription",
                                    "SubscriptionNotFoundFault",
                                    "SubscriptionAlreadyExistFault",
                                    "EventSubscriptionQuotaExceededFault",
                                    20};
constexpr int64_t kMillisPerMinute = 60'000;
constexpr int kEventScanBatch = 200;

bool IsSnsTopicArn(std::string_view arn) {
  // arn:aws:sns:REGION:ACCOUNT:NAME
  if (!arn.starts_with("arn:aws:sns:")) return false;
  std::string_view rest = arn.substr(12);
  size_t region_end = rest.find(':');
  if (region_end == std::string_view::npos || region_end == 0) return false;
  std::string_view account = rest.substr(region_end + 1);
  if (account.size() < 14 || account[12] != ':') return false;
  for (size_t i = 0; i < 12; ++i) {
    if (account[i] < '0' || account[i] > '9') return false;
  }
  std::string_view name = account.substr(13);
  return !name.empty() && name.size() <= 256 && std::all_of(name.begin(), name.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
  });
}

// Whether the caller has a source `id` of `source_type`.
Result<bool> SourceExists(RequestContext& context, const std::string& source_type,
                          const std::string& id) {
  if (source_type == "cluster") {
    RSEMU_ASSIGN_OR_RETURN(std::optional<LoadedCluster> cluster, FindCluster(context, id));
    return cluster.has_value();
  }
  std::string row_type;
  if (source_type == "cluster-parameter-group") {
    if (id == kDefaultParameterGroup) return true;
    row_type = "parametergroup";
  } else if (source_type == "cluster-security-group") {
    if (id == "default") return true;
    row_type = "securitygroup";
  } else if (source_type == "cluster-snapshot") {
    row_type = kSnapshotType;
  } else {
    row_type = "scheduledaction";
  }
  auto row = context.resources->Get(context.account(), context.region, row_type, id);
  if (row.ok()) return true;
  if (row.status().IsNotFound()) return false;
  return row.status();
}

// Applies the subscription settings of `input` to `body` (create and modify).
Status ApplySubscriptionSettings(RequestContext& context, const Value& input, Value* body) {
  if (input.Has("SnsTopicArn")) {
    std::string topic = input.GetString("SnsTopicArn");
    if (!IsSnsTopicArn(topic)) {
      return Status::AwsError("SNSInvalidTopicFault", "The SNS topic " + topic + " is not valid.");
    }
    body->Set("SnsTopicArn", Value::String(topic));
  }
  std::string source_type = body->GetString("SourceType");
  if (input.Has("SourceType")) {
    source_type = input.GetString("SourceType");
    if (!IsEventSourceType(source_type)) {
      return InvalidValue("The source type " + source_type +
                          " is not valid. Valid source types: cluster, cluster-parameter-group, "
                          "cluster-security-group, cluster-snapshot, scheduled-action.");
    }
    if (source_type != body->GetString("SourceType")) body->Set("SourceIdsList", Value::List());
    body->Set("SourceType", Value::String(source_type));
  }
  if (input.Has("SourceIds")) {
    Value ids = Value::List();
    for (const std::string& id : ReadStringList(input, "SourceIds")) {
      if (source_type.empty()) {
        return InvalidCombination("You must specify a source type if you specify a source ID.");
      }
      RSEMU_ASSIGN_OR_RETURN(bool exists, SourceExists(context, source_type, id));
      if (!exists) {
        return Status::AwsError("SourceNotFoundFault",
                                "The source " + source_type + " " + id + " was not found.");
      }
      ids.Push(Value::String(id));
    }
    body->Set("SourceIdsList", std::move(ids));
  }
  if (input.Has("EventCategories") || input.Has("SourceType")) {
    Value categories = Value::List();
    std::vector<std::string> wanted = input.Has("EventCategories")
                                          ? ReadStringList(input, "EventCategories")
                                          : std::vector<std::string>();
    if (!input.Has("EventCategories")) {
      for (const Value& existing : (*body)["EventCategoriesList"].items()) {
        wanted.push_back(existing.AsString());
      }
    }
    for (const std::string& category : wanted) {
      std::string lower = AsciiLowercase(category);
      if (!IsEventCategory(lower, source_type)) {
        return Status::AwsError("SubscriptionCategoryNotFoundFault",
                                "The event category " + category + " was not found" +
                                    (source_type.empty() ? "." : " for " + source_type + "."));
      }
      categories.Push(Value::String(lower));
    }
    body->Set("EventCategoriesList", std::move(categories));
  }
  if (input.Has("Severity")) {
    std::string severity = input.GetString("Severity");
    std::string upper = severity;
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (upper != "INFO" && upper != "ERROR") {
      return Status::AwsError("SubscriptionSeverityNotFoundFault",
                              "The severity " + severity + " was not found: use INFO or ERROR.");
    }
    body->Set("Severity", Value::String(upper));
  }
  if (input.Has("Enabled")) body->Set("Enabled", Value::Bool(input.GetBool("Enabled")));
  return Status::Ok();
}

Result<Value> SubscriptionResult(RequestContext& context, const storage::ResourceRecord& record) {
  RSEMU_ASSIGN_OR_RETURN(Value subscription, ResourceOutput(context, record));
  Value out = Value::Object();
  out.Set("EventSubscription", std::move(subscription));
  return out;
}

Result<Value> CreateEventSubscription(RequestContext& context, const Value& input) {
  std::string name = input.GetString("SubscriptionName");
  RSEMU_RETURN_IF_ERROR(ValidateName("SubscriptionName", name, {255, true, false}));
  Value body = Value::Object();
  body.Set("CustomerAwsId", Value::String(context.account()));
  body.Set("CustSubscriptionId", Value::String(name));
  body.Set("SnsTopicArn", Value::String(""));
  body.Set("Status", Value::String("active"));
  body.Set("SubscriptionCreationTime", Value::String(FormatIso8601Millis(context.now_millis)));
  body.Set("SourceIdsList", Value::List());
  body.Set("EventCategoriesList", Value::List());
  body.Set("Severity", Value::String("INFO"));
  body.Set("Enabled", Value::Bool(true));
  RSEMU_RETURN_IF_ERROR(ApplySubscriptionSettings(context, input, &body));
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, ReadTags(input.Find("Tags")));
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record,
                         InsertResource(context, kFamily, name, body, tags));
  return SubscriptionResult(context, record);
}

Result<Value> DescribeEventSubscriptions(RequestContext& context, const Value& input) {
  DescribeSpec spec;
  spec.family = &kFamily;
  spec.name_member = "SubscriptionName";
  spec.list_member = "EventSubscriptionsList";
  return DescribeResources(context, spec, input);
}

Result<Value> ModifyEventSubscription(RequestContext& context, const Value& input) {
  std::string name = input.GetString("SubscriptionName");
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record, RequireResource(context, kFamily, name));
  RSEMU_ASSIGN_OR_RETURN(Value body, Value::FromJson(record.body));
  RSEMU_RETURN_IF_ERROR(ApplySubscriptionSettings(context, input, &body));
  RSEMU_RETURN_IF_ERROR(SaveResource(context, &record, body));
  return SubscriptionResult(context, record);
}

Result<Value> DeleteEventSubscription(RequestContext& context, const Value& input) {
  std::string name = input.GetString("SubscriptionName");
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record, RequireResource(context, kFamily, name));
  RSEMU_RETURN_IF_ERROR(context.resources->Delete(record.id));
  return Value::Object();
}

Result<Value> DescribeEventCategories(RequestContext&, const Value& input) {
  std::string wanted = input.GetString("SourceType");
  if (!wanted.empty() && !IsEventSourceType(wanted)) {
    return InvalidValue("The source type " + wanted + " is not valid.");
  }
  Value maps = Value::List();
  for (std::string_view source_type : kEventSourceTypes) {
    if (!wanted.empty() && wanted != source_type) continue;
    Value events = Value::List();
    for (const EventSpec& spec : EventCatalog()) {
      if (source_type != spec.source_type) continue;
      Value categories = Value::List();
      categories.Push(Value::String(spec.category));
      Value event = Value::Object();
      event.Set("EventId", Value::String(spec.event_id));
      event.Set("EventCategories", std::move(categories));
      event.Set("EventDescription", Value::String(spec.description));
      event.Set("Severity", Value::String(spec.severity));
      events.Push(std::move(event));
    }
    Value map = Value::Object();
    map.Set("SourceType", Value::String(std::string(source_type)));
    map.Set("Events", std::move(events));
    maps.Push(std::move(map));
  }
  Value out = Value::Object();
  out.Set("EventCategoriesMapList", std::move(maps));
  return out;
}

Result<int64_t> ReadTime(const Value& input, std::string_view member, int64_t fallback) {
  const Value* value = input.Find(member);
  if (value == nullptr) return fallback;
  std::optional<int64_t> millis = ParseTimestampMillis(value->AsString());
  if (!millis) {
    return InvalidValue("The value " + value->AsString() + " of " + std::string(member) +
                        " is not a valid timestamp.");
  }
  return *millis;
}

// The first identifier of an event row dated at or after `millis`.
std::string EventKeyBefore(int64_t millis) {
  char when[24];
  std::snprintf(when, sizeof(when), "%013lld-",
                static_cast<long long>(std::max<int64_t>(0, millis)));
  return when;
}

Result<Value> DescribeEvents(RequestContext& context, const Value& input) {
  RSEMU_ASSIGN_OR_RETURN(PageRequest page, ReadPage(input));
  std::string source_id = input.GetString("SourceIdentifier");
  std::string source_type = input.GetString("SourceType");
  if (!source_id.empty() && source_type.empty()) {
    return InvalidCombination("SourceType must be given when SourceIdentifier is given.");
  }
  int64_t duration = input.GetInt("Duration", 60);
  if (duration < 0) return InvalidValue("Duration must not be negative.");
  RSEMU_ASSIGN_OR_RETURN(int64_t end, ReadTime(input, "EndTime", context.now_millis));
  RSEMU_ASSIGN_OR_RETURN(int64_t start, ReadTime(input, "StartTime",
                                                 context.now_millis - duration * kMillisPerMinute));
  if (start > end && input.Has("StartTime") && input.Has("EndTime")) {
    return InvalidValue("StartTime must not be after EndTime.");
  }

  storage::ResourceQuery query;
  query.account = context.account();
  query.region = context.region;
  query.type = kEventType;
  query.parent = source_id;
  query.limit = kEventScanBatch;
  // "-" sorts before the sequence characters: this key precedes every event at `start`.
  std::string cursor = EventKeyBefore(start);
  if (page.after && *page.after > cursor) cursor = *page.after;
  Value events = Value::List();
  std::string last;
  bool more = false;
  bool done = false;
  while (!done) {
    query.after_identifier = cursor;
    RSEMU_ASSIGN_OR_RETURN(std::vector<storage::ResourceRecord> rows,
                           context.resources->List(query));
    for (const storage::ResourceRecord& row : rows) {
      if (row.created_millis > end) {
        done = true;
        break;
      }
      RSEMU_ASSIGN_OR_RETURN(Value event, Value::FromJson(row.body));
      if (!source_type.empty() && event.GetString("SourceType") != source_type) continue;
      if (static_cast<int>(events.size()) == page.max_records) {
        more = true;
        done = true;
        break;
      }
      events.Push(std::move(event));
      last = row.identifier;
    }
    if (static_cast<int>(rows.size()) < kEventScanBatch) done = true;
    if (!rows.empty()) cursor = rows.back().identifier;
  }
  Value out = Value::Object();
  out.Set("Events", std::move(events));
  if (more) out.Set("Marker", Value::String(EncodeMarker(last)));
  return out;
}

}  // namespace

void RegisterEventHandlers(Registry* registry) {
  registry->Add("redshift", "CreateEventSubscription", CreateEventSubscription);
  registry->Add("redshift", "DescribeEventSubscriptions", DescribeEventSubscriptions);
  registry->Add("redshift", "ModifyEventSubscription", ModifyEventSubscription);
  registry->Add("redshift", "DeleteEventSubscription", DeleteEventSubscription);
  registry->Add("redshift", "DescribeEventCategories", DescribeEventCategories);
  registry->Add("redshift", "DescribeEvents", DescribeEvents);
}

}  // namespace rsemu::api::handlers
