// Cluster rules: the constant tables and checks behind CreateCluster's validation.
#include "api/handlers/cluster_rules.h"

#include <array>
#include <cctype>

#include "api/handlers/common.h"
#include "common/text.h"

namespace rsemu::api::handlers {
namespace {

constexpr int64_t kTerabyte = 1024 * 1024;  // in megabytes

constexpr NodeTypeInfo kNodeTypes[] = {
    {"dc2.large", true, 32, false, 160 * 1024},
    {"dc2.8xlarge", false, 128, false, 2560 * 1024},
    {"ra3.large", true, 32, true, 8 * kTerabyte},
    {"ra3.xlplus", true, 32, true, 32 * kTerabyte},
    {"ra3.4xlarge", false, 64, true, 128 * kTerabyte},
    {"ra3.16xlarge", false, 128, true, 128 * kTerabyte},
    {"rg.xlarge", true, 32, true, 32 * kTerabyte},
    {"rg.4xlarge", false, 64, true, 128 * kTerabyte},
};

constexpr std::string_view kReservedWords[] = {"aes128",
                                               "all",
                                               "allowoverwrite",
                                               "analyse",
                                               "analyze",
                                               "and",
                                               "any",
                                               "array",
                                               "as",
                                               "asc",
                                               "authorization",
                                               "between",
                                               "binary",
                                               "both",
                                               "case",
                                               "cast",
                                               "check",
                                               "collate",
                                               "column",
                                               "constraint",
                                               "create",
                                               "credentials",
                                               "cross",
                                               "current_date",
                                               "current_time",
                                               "current_timestamp",
                                               "current_user",
                                               "default",
                                               "deferrable",
                                               "desc",
                                               "distinct",
                                               "do",
                                               "else",
                                               "end",
                                               "except",
                                               "false",
                                               "for",
                                               "foreign",
                                               "from",
                                               "full",
                                               "grant",
                                               "group",
                                               "having",
                                               "in",
                                               "initially",
                                               "inner",
                                               "intersect",
                                               "into",
                                               "is",
                                               "isnull",
                                               "join",
                                               "leading",
                                               "left",
                                               "like",
                                               "limit",
                                               "localtime",
                                               "localtimestamp",
                                               "natural",
                                               "new",
                                               "not",
                                               "notnull",
                                               "null",
                                               "off",
                                               "offset",
                                               "old",
                                               "on",
                                               "only",
                                               "or",
                                               "order",
                                               "outer",
                                               "overlaps",
                                               "placing",
                                               "primary",
                                               "public",
                                               "references",
                                               "right",
                                               "select",
                                               "session_user",
                                               "similar",
                                               "some",
                                               "table",
                                               "then",
                                               "to",
                                               "trailing",
                                               "true",
                                               "union",
                                               "unique",
                                               "user",
                                               "using",
                                               "verbose",
                                               "when",
                                               "where",
                                               "with"};

constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

bool IsReserved(std::string_view word) {
  for (std::string_view reserved : kReservedWords) {
    if (reserved == word) return true;
  }
  return false;
}

// Minutes since Monday 00:00 for "ddd:hh:mm", or -1.
int WeekMinute(std::string_view part) {
  if (part.size() != 9 || part[3] != ':' || part[6] != ':') return -1;
  int day = -1;
  for (size_t i = 0; i < kDays.size(); ++i) {
    if (kDays[i] == part.substr(0, 3)) day = static_cast<int>(i);
  }
  auto digits = [&](size_t at) -> int {
    if (!std::isdigit(static_cast<unsigned char>(part[at])) ||
        !std::isdigit(static_cast<unsigned char>(part[at + 1])))
      return -1;
    return (part[at] - '0') * 10 + (part[at + 1] - '0');
  };
  int hour = digits(4);
  int minute = digits(7);
  if (day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return -1;
  return day * 1440 + hour * 60 + minute;
}

}  // namespace

std::span<const NodeTypeInfo> NodeTypes() { return kNodeTypes; }

const NodeTypeInfo* FindNodeType(std::string_view node_type) {
  for (const NodeTypeInfo& info : kNodeTypes) {
    if (info.name == node_type) return &info;
  }
  return nullptr;
}

Status ValidateNodeType(std::string_view node_type) {
  if (FindNodeType(node_type)) return Status::Ok();
  std::string valid;
  for (const NodeTypeInfo& info : kNodeTypes)
    valid += (valid.empty() ? "" : ", ") + std::string(info.name);
  return InvalidValue("Invalid node type: " + std::string(node_type) +
                      ". Valid node types: " + valid + ".");
}

Result<int> ResolveNodeCount(const NodeTypeInfo& node_type, std::string_view cluster_type,
                             int64_t number_of_nodes) {
  if (!cluster_type.empty() && cluster_type != "single-node" && cluster_type != "multi-node") {
    return InvalidValue("Invalid cluster type: " + std::string(cluster_type) +
                        ". Valid values are single-node and multi-node.");
  }
  if (number_of_nodes != -1 && number_of_nodes < 1) {
    return InvalidValue("NumberOfNodes must be at least 1, but was " +
                        std::to_string(number_of_nodes) + ".");
  }
  int nodes;
  if (cluster_type == "single-node") {
    if (number_of_nodes != -1 && number_of_nodes != 1) {
      return InvalidCombination(
          "A single-node cluster must have exactly 1 node, but NumberOfNodes is " +
          std::to_string(number_of_nodes) + ".");
    }
    nodes = 1;
  } else if (cluster_type == "multi-node") {
    if (number_of_nodes == -1 || number_of_nodes < 2) {
      return InvalidValue(
          "Number of nodes for cluster type multi-node must be greater than or equal to 2.");
    }
    nodes = static_cast<int>(number_of_nodes);
  } else {
    nodes = number_of_nodes == -1 ? 1 : static_cast<int>(number_of_nodes);
  }
  if (nodes == 1 && !node_type.single_node_allowed) {
    return InvalidCombination("Node type " + std::string(node_type.name) +
                              " does not support single-node clusters; specify at least 2 nodes.");
  }
  if (nodes > node_type.max_nodes) {
    return Status::AwsError("NumberOfNodesPerClusterLimitExceeded",
                            "The number of nodes " + std::to_string(nodes) +
                                " exceeds the limit for node type " + std::string(node_type.name) +
                                " (" + std::to_string(node_type.max_nodes) + ").");
  }
  return nodes;
}

Status ValidatePort(const NodeTypeInfo& node_type, int64_t port) {
  bool ok = node_type.ra3_ports ? ((port >= 5431 && port <= 5455) || (port >= 8191 && port <= 8215))
                                : (port >= 1150 && port <= 65535);
  if (ok) return Status::Ok();
  return InvalidValue(node_type.ra3_ports
                          ? "The port " + std::to_string(port) + " is not valid for node type " +
                                std::string(node_type.name) + ": use 5431-5455 or 8191-8215."
                          : "The port " + std::to_string(port) + " is not valid: use 1150-65535.");
}

Status ValidateMasterUsername(std::string_view name) {
  bool ok =
      !name.empty() && name.size() <= 128 && std::isalpha(static_cast<unsigned char>(name[0]));
  for (char ch : name) {
    unsigned char c = static_cast<unsigned char>(ch);
    ok = ok && ((std::isalpha(c) && std::islower(c)) || std::isdigit(c) ||
                std::string_view("_+.@-").find(ch) != std::string_view::npos);
  }
  if (!ok) {
    return InvalidValue(
        "The parameter MasterUsername is not valid: it must be 1 to 128 characters, start with a "
        "letter, and contain only lowercase letters, digits and _ + . @ -.");
  }
  if (AsciiLowercase(name) == "public" || IsReserved(AsciiLowercase(name))) {
    return InvalidValue(
        "The parameter MasterUsername must not be a reserved word: " + std::string(name) + ".");
  }
  return Status::Ok();
}

Status ValidateMasterPassword(std::string_view password) {
  bool upper = false, lower = false, digit = false, printable = true;
  for (char ch : password) {
    unsigned char c = static_cast<unsigned char>(ch);
    upper = upper || std::isupper(c);
    lower = lower || std::islower(c);
    digit = digit || std::isdigit(c);
    printable = printable && c >= 33 && c <= 126 &&
                std::string_view("'\"\\/@").find(ch) == std::string_view::npos;
  }
  if (password.size() >= 8 && password.size() <= 64 && upper && lower && digit && printable)
    return Status::Ok();
  return InvalidValue(
      "The parameter MasterUserPassword is not a valid password. Passwords must be 8 to 64 "
      "characters long, contain at least one uppercase letter, one lowercase letter and one "
      "number, "
      "and contain only printable ASCII characters except ' \" \\ / @ and space.");
}

Status ValidateDbName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 64 && std::isalpha(static_cast<unsigned char>(name[0]));
  for (char ch : name) {
    unsigned char c = static_cast<unsigned char>(ch);
    ok = ok && ((std::isalpha(c) && std::islower(c)) || std::isdigit(c) || ch == '_');
  }
  if (!ok) {
    return InvalidValue(
        "The parameter DBName is not valid: it must be 1 to 64 lowercase letters, digits or "
        "underscores, starting with a letter.");
  }
  if (IsReserved(name))
    return InvalidValue("DBName must not be a reserved word: " + std::string(name) + ".");
  return Status::Ok();
}

Status ValidateDatabaseUserName(std::string_view parameter, std::string_view name,
                                bool lower_only) {
  bool ok = !name.empty() && name.size() <= 64 && std::isalpha(static_cast<unsigned char>(name[0]));
  for (char ch : name) {
    unsigned char c = static_cast<unsigned char>(ch);
    ok = ok && ((std::isalpha(c) && (!lower_only || std::islower(c))) || std::isdigit(c) ||
                std::string_view("_+.@-").find(ch) != std::string_view::npos);
  }
  if (ok && AsciiLowercase(name) != "public" && !IsReserved(AsciiLowercase(name)))
    return Status::Ok();
  return InvalidValue("The parameter " + std::string(parameter) + " value " + std::string(name) +
                      " is not valid: use 1 to 64 letters, digits and _ + . @ -, starting with a "
                      "letter; PUBLIC and reserved words are not allowed.");
}

Result<std::string> NormalizeMaintenanceWindow(std::string_view window) {
  std::string lower = AsciiLowercase(window);
  size_t dash = lower.find('-');
  int start = dash == std::string::npos ? -1 : WeekMinute(std::string_view(lower).substr(0, dash));
  int end = dash == std::string::npos ? -1 : WeekMinute(std::string_view(lower).substr(dash + 1));
  if (start < 0 || end < 0) {
    return InvalidValue(
        "The maintenance window " + std::string(window) +
        " is not valid: use the format ddd:hh24:mi-ddd:hh24:mi (UTC), e.g. sat:03:30-sat:04:00.");
  }
  int length = (end - start + 7 * 1440) % (7 * 1440);
  if (length < 30) {
    return InvalidValue("The maintenance window " + std::string(window) +
                        " must be at least 30 minutes long.");
  }
  return lower;
}

int64_t NextWindowStart(std::string_view window, int64_t now_millis) {
  int start = WeekMinute(window.substr(0, 9));
  if (start < 0) return now_millis;
  // 1970-01-01 was a Thursday: minutes since the Monday before it.
  constexpr int64_t kMondayOffsetMinutes = 3 * 1440;
  int64_t now_minutes = now_millis / 60000 + kMondayOffsetMinutes;
  int64_t week_start = now_minutes - now_minutes % (7 * 1440);
  int64_t candidate = week_start + start;
  if (candidate <= now_minutes) candidate += 7 * 1440;
  return (candidate - kMondayOffsetMinutes) * 60000;
}

Status ValidateAutomatedRetention(const NodeTypeInfo& node_type, int64_t days) {
  if (days < 0 || days > 35) {
    return Status::AwsError("InvalidRetentionPeriodFault",
                            "AutomatedSnapshotRetentionPeriod must be between 0 and 35 days.");
  }
  if (days == 0 && node_type.ra3_ports) {
    return InvalidValue("Automated snapshots cannot be disabled for " +
                        std::string(node_type.name) +
                        " clusters: AutomatedSnapshotRetentionPeriod must be between 1 and 35.");
  }
  return Status::Ok();
}

std::vector<std::string> AvailabilityZones(std::string_view region) {
  // us-east-1 has six zones; the emulator gives every other region three.
  std::string_view letters = region == "us-east-1" ? "abcdef" : "abc";
  std::vector<std::string> zones;
  for (char letter : letters) zones.push_back(std::string(region) + letter);
  return zones;
}

Status ValidateAvailabilityZone(std::string_view region, std::string_view zone) {
  for (const std::string& known : AvailabilityZones(region)) {
    if (known == zone) return Status::Ok();
  }
  return InvalidValue("The availability zone " + std::string(zone) + " is not in region " +
                      std::string(region) + ".");
}

Status ValidateClusterVersion(std::string_view version) {
  if (version == "1.0") return Status::Ok();
  return InvalidValue("The cluster version " + std::string(version) + " is not valid: use 1.0.");
}

Status ValidateMaintenanceTrack(std::string_view track) {
  if (track == "current" || track == "trailing") return Status::Ok();
  return Status::AwsError("InvalidClusterTrackFault",
                          "The maintenance track " + std::string(track) + " is not valid.");
}

Status ValidateIpAddressType(std::string_view type) {
  if (type == "ipv4" || type == "dualstack") return Status::Ok();
  return InvalidValue("IpAddressType must be ipv4 or dualstack.");
}

Status ValidateIamRoleArn(std::string_view arn) {
  bool ok = arn.starts_with("arn:aws:iam::") && arn.size() > 31 && arn.substr(25, 6) == ":role/";
  for (size_t i = 13; ok && i < 25; ++i) ok = std::isdigit(static_cast<unsigned char>(arn[i]));
  if (ok) return Status::Ok();
  return InvalidValue("The IAM role ARN " + std::string(arn) + " is not valid.");
}

Status ValidateManualRetention(int64_t days) {
  if (days == -1 || (days >= 1 && days <= 3653)) return Status::Ok();
  return Status::AwsError(
      "InvalidRetentionPeriodFault",
      "The retention period must be -1 (indefinite) or between 1 and 3653 days, but was " +
          std::to_string(days) + ".");
}

}  // namespace rsemu::api::handlers
