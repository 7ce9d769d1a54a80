// HSM handlers: Create/Describe/DeleteHsmClientCertificate (with a generated
// PEM certificate) and Create/Describe/DeleteHsmConfiguration. Neither can be
// deleted while a cluster's HsmStatus names it.
#include "api/handlers/common.h"
#include "api/handlers/handlers.h"
#include "api/handlers/resource_family.h"
#include "api/registry.h"

namespace rsemu::api::handlers {
namespace {

constexpr ResourceFamily kCertificates = {"hsmclientcertificate",
                                          "HSM client certificate",
                                          "HsmClientCertificateNotFoundFault",
                                          "HsmClientCertificateAlreadyExistsFault",
                                          "HsmClientCertificateQuotaExceededFault",
                                          20};
constexpr ResourceFamily kConfigurations = {"hsmconfiguration",
                                            "HSM configuration",
                                            "HsmConfigurationNotFoundFault",
                                            "HsmConfigurationAlreadyExistsFault",
                                            "HsmConfigurationQuotaExceededFault",
                                            20};
constexpr NameRule kIdentifierRule = {255, true, false};
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// A PEM certificate: 64-character base64 lines of a DER-looking body.
std::string GeneratePem(RequestContext& context) {
  std::string der = "MIIDrzCCApegAwIBAgIJA" + context.ids->FromAlphabet(kBase64, 1207) + "==";
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (size_t at = 0; at < der.size(); at += 64) pem += der.substr(at, 64) + "\n";
  return pem + "-----END CERTIFICATE-----\n";
}

bool IsIpv4(std::string_view text) {
  int parts = 0;
  size_t start = 0;
  while (true) {
    size_t dot = text.find('.', start);
    std::string_view part = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
    int value = 0;
    for (char ch : part) {
      if (ch < '0' || ch > '9') return false;
      value = value * 10 + (ch - '0');
    }
    if (value > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

bool HsmStatusNames(const Value& cluster, const char* member, const std::string& id) {
  const Value* status = cluster.Find("HsmStatus");
  return status != nullptr && status->GetString(member) == id;
}

Result<Value> Wrap(const char* member, Result<Value> item) {
  if (!item.ok()) return item.status();
  Value out = Value::Object();
  out.Set(member, std::move(item).value());
  return out;
}

Result<Value> CreateHsmClientCertificate(RequestContext& context, const Value& input) {
  std::string id = input.GetString("HsmClientCertificateIdentifier");
  RSEMU_RETURN_IF_ERROR(ValidateName("HsmClientCertificateIdentifier", id, kIdentifierRule));
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, ReadTags(input.Find("Tags")));
  Value body = Value::Object();
  body.Set("HsmClientCertificateIdentifier", Value::String(id));
  body.Set("HsmClientCertificatePublicKey", Value::String(GeneratePem(context)));
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record,
                         InsertResource(context, kCertificates, id, body, tags));
  return Wrap("HsmClientCertificate", ResourceOutput(context, record));
}

Result<Value> DescribeHsmClientCertificates(RequestContext& context, const Value& input) {
  DescribeSpec spec;
  spec.family = &kCertificates;
  spec.name_member = "HsmClientCertificateIdentifier";
  spec.list_member = "HsmClientCertificates";
  return DescribeResources(context, spec, input);
}

Result<Value> DeleteHsmClientCertificate(RequestContext& context, const Value& input) {
  std::string id = input.GetString("HsmClientCertificateIdentifier");
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record,
                         RequireResource(context, kCertificates, id));
  RSEMU_RETURN_IF_ERROR(DeleteUnlessUsed(
      context, record,
      [&](const Value& cluster) {
        return HsmStatusNames(cluster, "HsmClientCertificateIdentifier", id);
      },
      "InvalidHsmClientCertificateStateFault",
      "The HSM client certificate " + id + " cannot be deleted because a cluster uses it."));
  return Value::Object();
}

Result<Value> CreateHsmConfiguration(RequestContext& context, const Value& input) {
  std::string id = input.GetString("HsmConfigurationIdentifier");
  RSEMU_RETURN_IF_ERROR(ValidateName("HsmConfigurationIdentifier", id, kIdentifierRule));
  std::string address = input.GetString("HsmIpAddress");
  if (!IsIpv4(address)) return InvalidValue("The HSM IP address " + address + " is not valid.");
  for (const char* member :
       {"HsmPartitionName", "HsmPartitionPassword", "HsmServerPublicCertificate"}) {
    if (input.GetString(member).empty()) return InvalidValue(std::string(member) + " is empty.");
  }
  RSEMU_ASSIGN_OR_RETURN(std::vector<storage::Tag> tags, ReadTags(input.Find("Tags")));
  Value body = Value::Object();
  body.Set("HsmConfigurationIdentifier", Value::String(id));
  body.Set("Description", Value::String(input.GetString("Description")));
  body.Set("HsmIpAddress", Value::String(address));
  body.Set("HsmPartitionName", Value::String(input.GetString("HsmPartitionName")));
  body.Set("_HsmServerPublicCertificate",
           Value::String(input.GetString("HsmServerPublicCertificate")));
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record,
                         InsertResource(context, kConfigurations, id, body, tags));
  return Wrap("HsmConfiguration", ResourceOutput(context, record));
}

Result<Value> DescribeHsmConfigurations(RequestContext& context, const Value& input) {
  DescribeSpec spec;
  spec.family = &kConfigurations;
  spec.name_member = "HsmConfigurationIdentifier";
  spec.list_member = "HsmConfigurations";
  return DescribeResources(context, spec, input);
}

Result<Value> DeleteHsmConfiguration(RequestContext& context, const Value& input) {
  std::string id = input.GetString("HsmConfigurationIdentifier");
  RSEMU_ASSIGN_OR_RETURN(storage::ResourceRecord record,
                         RequireResource(context, kConfigurations, id));
  RSEMU_RETURN_IF_ERROR(DeleteUnlessUsed(
      context, record,
      [&](const Value& cluster) {
        return HsmStatusNames(cluster, "HsmConfigurationIdentifier", id);
      },
      "InvalidHsmConfigurationStateFault",
      "The HSM configuration " + id + " cannot be deleted because a cluster uses it."));
  return Value::Object();
}

}  // namespace

void RegisterHsmHandlers(Registry* registry) {
  registry->Add("redshift", "CreateHsmClientCertificate", CreateHsmClientCertificate);
  registry->Add("redshift", "DescribeHsmClientCertificates", DescribeHsmClientCertificates);
  registry->Add("redshift", "DeleteHsmClientCertificate", DeleteHsmClientCertificate);
  registry->Add("redshift", "CreateHsmConfiguration", CreateHsmConfiguration);
  registry->Add("redshift", "DescribeHsmConfigurations", DescribeHsmConfigurations);
  registry->Add("redshift", "DeleteHsmConfiguration", DeleteHsmConfiguration);
}

}  // namespace rsemu::api::handlers
