// Identifier normalisation: the one place where request members that name a
// case-insensitive resource are brought to the form the service stores.
// Redshift stores cluster, snapshot, parameter group, security group and subnet
// group names lower-cased (an upper-case name given to CreateCluster comes back
// lower-cased), so the pipeline lower-cases those members once, after decoding
// and before the authorization gate: the gate builds its ARNs from exactly the
// identifiers the handler then reads and writes.
// Thread-safety: pure.
#pragma once

#include <string_view>

#include "api/value.h"

namespace rsemu::api {

// Lower-cases, in place, every member of `input` (at any depth: structures,
// lists of strings, lists of structures) that names a resource `service`
// stores lower-cased. Other members are left as they are.
void NormalizeIdentifiers(std::string_view service, Value* input);

// True when `member` names a resource `service` stores lower-cased.
bool IsCaseInsensitiveIdentifier(std::string_view service, std::string_view member);

}  // namespace rsemu::api
