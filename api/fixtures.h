// Fixtures: a JSON file of accounts with their IAM users (with given access
// keys and secrets), groups, roles (trust policies), managed and inline
// policies and attachments, root keys, and initial Redshift clusters with tags.
// Loaded at start and again after every reset (--fixtures FILE). Every entry
// goes through the same handlers and rules as the API calls, so a bad fixture
// fails with the error the API would give, naming the entry.
//
// Schema (every member optional except ids and names):
//   {"accounts": [{
//      "id": "111111111111",
//      "root_access_keys": [{"access_key_id": "...", "secret_access_key": "..."}],
//      "policies": [{"name": "P", "path": "/", "description": "...", "document": {...}}],
//      "groups":   [{"name": "G", "path": "/", "policies": {"inline": {...}},
//                    "managed_policies": ["arn:aws:iam::aws:policy/..."]}],
//      "users":    [{"name": "U", "path": "/", "tags": {"k": "v"}, "groups": ["G"],
//                    "access_keys": [{"access_key_id": "AKIA...", "secret_access_key": "..."}],
//                    "policies": {"inline-name": {...}}, "managed_policies": ["arn:..."]}],
//      "roles":    [{"name": "R", "path": "/", "trust_policy": {...},
//                    "max_session_duration": 3600, "description": "...", "tags": {...},
//                    "policies": {...}, "managed_policies": [...]}],
//      "clusters": [{"region": "us-west-2", "ClusterIdentifier": "c1", "NodeType": "...",
//                    ... other CreateCluster members ..., "Tags": {"k": "v"}}]
//   }]}
// Policies, groups and users of every account are created before any role, so
// a trust policy may name a user of another account.
// Thread-safety: call inside one transaction (the pipeline does).
#pragma once

#include <string>

#include "api/request_context.h"
#include "common/status.h"

namespace rsemu::api {

// Loads the fixture file into the store `base` gives access to (its stores,
// ids, options and now_millis are used; principal and region are set here).
Status LoadFixtures(const std::string& path, const RequestContext& base);

}  // namespace rsemu::api
