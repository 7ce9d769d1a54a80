// Snapshot copy grant handlers: Create/Describe/DeleteSnapshotCopyGrant. A grant
// names the KMS key (the account's aws/redshift key when none is given) that
// EnableSnapshotCopy uses; it cannot be deleted while a cluster copies with it.
#include "api/handlers/common.h"
#include "api/handlers/handlers.h"
#include "api/handlers/resource_family.h"
#include "api/registry.h"

namespace rsemu::api::handlers {
namespace {

constexpr ResourceFamily kFamily = {"snapshotcopygrant",
                                    "Snapshot copy grant",
                                    "SnapshotCopyGrantNotFoundFault",
                                    "SnapshotCopyGrantAlreadyExistsFault",
                                    "SnapshotCopyGrantQuotaExceededFault",
                                    20};

// A key id (UUID), alias/NAME, or a KMS key or alias ARN.
bool IsKmsKeyId(std::string_view key) {
  if (key.empty() || key.size() > 2048) return false;
  if (key.starts_with("arn:aws:kms:")) {
    return key.find(":key/") != std::string_view::npos ||
           key.find(":alias/") != std::string_view::npos;
  }
  if (key.starts_with("alias/")) return key.size() > 6;
  if (key.size() != 36) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (key[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(key[i]))) return false;
  }
  return true;
}

Result<Value> CreateSnapshotCopyGrant(RequestContext& context, const Value& input) {
  std::string name = input.GetString("SnapshotCopyGrantName");
  RSEMU_RETURN_IF_ERROR(ValidateName("SnapshotCopyGrantName", name, {63, true, true}));
  std::string key = input.GetString("KmsKeyId", "arn:aws:kms:" + context.region + ":" +
                                                    context.account() + ":alias/aws/redshift");
  if (!IsKmsKeyId(key)) return InvalidValue("The KMS key " + key + " is not valid.");
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, ReadTags(input.Find("Tags")));
  Value body = Value::Object();
  body.Set("SnapshotCopyGrantName", Value::String(name));
  body.Set("KmsKeyId", Value::String(key));
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record,
                         InsertResource(context, kFamily, name, body, tags));
  RSEMU_ASSIGN_OR_RETURN(Value grant, ResourceOutput(context, record));
  Value out = Value::Object();
  out.Set("SnapshotCopyGrant", std::move(grant));
  return out;
}

Result<Value> DescribeSnapshotCopyGrants(RequestContext& context, const Value& input) {
  DescribeSpec spec;
  spec.family = &kFamily;
  spec.name_member = "SnapshotCopyGrantName";
  spec.list_member = "SnapshotCopyGrants";
  return DescribeResources(context, spec, input);
}

Result<Value> DeleteSnapshotCopyGrant(RequestContext& context, const Value& input) {
  std::string name = input.GetString("SnapshotCopyGrantName");
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record, RequireResource(context, kFamily, name));
  RSEMU_RETURN_IF_ERROR(DeleteUnlessUsed(
      context, record,
      [&](const Value& cluster) {
        const Value* copy = cluster.Find("ClusterSnapshotCopyStatus");
        return copy != nullptr && copy->GetString("SnapshotCopyGrantName") == name;
      },
      "InvalidSnapshotCopyGrantStateFault",
      "The snapshot copy grant " + name + " cannot be deleted because a cluster uses it."));
  return Value::Object();
}

}  // namespace

void RegisterSnapshotCopyGrantHandlers(Registry* registry) {
  registry->Add("redshift", "CreateSnapshotCopyGrant", CreateSnapshotCopyGrant);
  registry->Add("redshift", "DescribeSnapshotCopyGrants", DescribeSnapshotCopyGrants);
  registry->Add("redshift", "DeleteSnapshotCopyGrant", DeleteSnapshotCopyGrant);
}

}  // namespace rsemu::api::handlers
