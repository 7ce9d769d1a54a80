// Event catalog: the event table behind DescribeEventCategories.
#include "api/handlers/event_catalog.h"

#include <algorithm>

namespace rsemu::api::handlers {
namespace {

constexpr EventSpec kEvents[] = {
    {"cluster", "REDSHIFT-EVENT-1000", "configuration", "INFO",
     "The parameter group [parameter group name] for [cluster name] was updated at [time]. "
     "If you changed only dynamic parameters, associated clusters are being modified now. If you "
     "changed static parameters, all updates, including dynamic parameters, will be applied when "
     "you reboot the associated clusters."},
    {"cluster", "REDSHIFT-EVENT-1001", "configuration", "INFO",
     "Your Amazon Redshift cluster [cluster name] was modified to use parameter group "
     "[parameter group name] at [time]."},
    {"cluster", "REDSHIFT-EVENT-1500", "configuration", "ERROR",
     "The Amazon VPC [VPC name] does not exist. Your configuration changes for cluster "
     "[cluster name] were not applied."},
    {"cluster", "REDSHIFT-EVENT-1501", "configuration", "ERROR",
     "The customer subnets [subnet name] you specified for Amazon VPC [VPC name] do not exist "
     "or are invalid."},
    {"cluster", "REDSHIFT-EVENT-2000", "management", "INFO",
     "Your Amazon Redshift cluster [cluster name] has been created and is ready for use."},
    {"cluster", "REDSHIFT-EVENT-2001", "management", "INFO",
     "Your Amazon Redshift cluster [cluster name] was deleted at [time]. A final snapshot "
     "[was / was not] saved."},
    {"cluster", "REDSHIFT-EVENT-2003", "management", "INFO",
     "Maintenance started on your Amazon Redshift cluster [cluster name] at [time]."},
    {"cluster", "REDSHIFT-EVENT-2004", "management", "INFO",
     "Maintenance completed on your Amazon Redshift cluster [cluster name] at [time]."},
    {"cluster", "REDSHIFT-EVENT-2006", "management", "INFO",
     "A resize for your Amazon Redshift cluster [cluster name] was started at [time]."},
    {"cluster", "REDSHIFT-EVENT-2008", "management", "INFO",
     "Your restore operation to create a new Amazon Redshift cluster [cluster name] from "
     "snapshot [snapshot name] was started at [time]."},
    {"cluster", "REDSHIFT-EVENT-2013", "management", "INFO",
     "Your Amazon Redshift cluster [old cluster name] has been renamed to [new cluster name] at "
     "[time]."},
    {"cluster", "REDSHIFT-EVENT-2024", "management", "INFO",
     "Your Amazon Redshift cluster [cluster name] was paused at [time]."},
    {"cluster", "REDSHIFT-EVENT-2025", "management", "INFO",
     "Your Amazon Redshift cluster [cluster name] was resumed at [time]."},
    {"cluster", "REDSHIFT-EVENT-3000", "monitoring", "INFO",
     "Your Amazon Redshift cluster [cluster name] was rebooted at [time]."},
    {"cluster", "REDSHIFT-EVENT-3001", "monitoring", "INFO",
     "A node on your Amazon Redshift cluster [cluster name] was automatically replaced at "
     "[time], and your cluster is operating normally."},
    {"cluster", "REDSHIFT-EVENT-3002", "monitoring", "INFO",
     "The resize for your Amazon Redshift cluster [cluster name] is complete and your cluster is "
     "available for reads and writes."},
    {"cluster", "REDSHIFT-EVENT-3003", "monitoring", "INFO",
     "Your restore operation to create Amazon Redshift cluster [cluster name] from snapshot "
     "[snapshot name] is complete."},
    {"cluster", "REDSHIFT-EVENT-3500", "monitoring", "ERROR",
     "The resize for your Amazon Redshift cluster [cluster name] failed. The resize will be "
     "automatically retried in a few minutes."},
    {"cluster", "REDSHIFT-EVENT-3501", "monitoring", "ERROR",
     "Your restore operation to create Amazon Redshift cluster [cluster name] from snapshot "
     "[snapshot name] failed at [time]."},
    {"cluster", "REDSHIFT-EVENT-4000", "security", "INFO",
     "Your master credentials for your Amazon Redshift cluster [cluster name] were updated at "
     "[time]."},
    {"cluster", "REDSHIFT-EVENT-4500", "security", "ERROR",
     "The security group [security group name] you provided for Amazon Redshift cluster "
     "[cluster name] is invalid."},
    {"cluster", "REDSHIFT-EVENT-6000", "pending", "INFO",
     "Your Amazon Redshift cluster [cluster name] is scheduled for maintenance at [time]."},
    {"cluster-parameter-group", "REDSHIFT-EVENT-1002", "configuration", "INFO",
     "The parameter [parameter name] was updated from [value] to [value] at [time]."},
    {"cluster-parameter-group", "REDSHIFT-EVENT-1003", "configuration", "INFO",
     "Cluster parameter group [group name] was created."},
    {"cluster-parameter-group", "REDSHIFT-EVENT-1004", "configuration", "INFO",
     "Cluster parameter group [group name] was deleted."},
    {"cluster-parameter-group", "REDSHIFT-EVENT-1005", "configuration", "INFO",
     "Cluster parameter group [name] was updated at [time]. If you changed only dynamic "
     "parameters, associated clusters are being modified now. If you changed static parameters, "
     "all updates, including dynamic parameters, will be applied when you reboot the associated "
     "clusters."},
    {"cluster-security-group", "REDSHIFT-EVENT-4001", "security", "INFO",
     "The security group [security group name] was modified at [time]. The changes will take "
     "place for all associated clusters automatically."},
    {"cluster-security-group", "REDSHIFT-EVENT-4002", "security", "INFO",
     "Cluster security group [group name] was created."},
    {"cluster-security-group", "REDSHIFT-EVENT-4003", "security", "INFO",
     "Cluster security group [group name] was deleted."},
    {"cluster-snapshot", "REDSHIFT-EVENT-2009", "management", "INFO",
     "A user snapshot [snapshot name] for Amazon Redshift cluster [cluster name] started at "
     "[time]."},
    {"cluster-snapshot", "REDSHIFT-EVENT-2012", "management", "INFO",
     "The user snapshot [snapshot name] for your Amazon Redshift cluster [cluster name] was "
     "deleted at [time]."},
    {"cluster-snapshot", "REDSHIFT-EVENT-3004", "monitoring", "INFO",
     "The user snapshot [snapshot name] for your Amazon Redshift cluster [cluster name] "
     "completed successfully at [time]."},
    {"cluster-snapshot", "REDSHIFT-EVENT-3005", "monitoring", "ERROR",
     "The user snapshot [snapshot name] for your Amazon Redshift cluster [cluster name] failed "
     "at [time]."},
    {"scheduled-action", "REDSHIFT-EVENT-3519", "management", "INFO",
     "Scheduled action [action name] started at [time]."},
    {"scheduled-action", "REDSHIFT-EVENT-3520", "management", "INFO",
     "Scheduled action [action name] succeeded at [time]."},
    {"scheduled-action", "REDSHIFT-EVENT-3521", "management", "ERROR",
     "Scheduled action [action name] failed at [time]."},
};

}  // namespace

std::span<const EventSpec> EventCatalog() { return kEvents; }

bool IsEventSourceType(std::string_view source_type) {
  return std::find(std::begin(kEventSourceTypes), std::end(kEventSourceTypes), source_type) !=
         std::end(kEventSourceTypes);
}

bool IsEventCategory(std::string_view category, std::string_view source_type) {
  return std::any_of(std::begin(kEvents), std::end(kEvents), [&](const EventSpec& event) {
    return category == event.category && (source_type.empty() || source_type == event.source_type);
  });
}

}  // namespace rsemu::api::handlers
