// In-process tests of the HSM client certificate and HSM configuration handlers.
#include "tests/api/part2_harness.h"

namespace rsemu::api::part2 {

namespace {
const std::string kConfig =
    "&Description=d&HsmIpAddress=10.0.0.5&HsmPartitionName=p1&HsmPartitionPassword=pw"
    "&HsmServerPublicCertificate=cert";
}

TEST_CASE("HSM client certificates: create with a PEM key, describe, delete, in use") {
  Part2Harness h;
  std::string body = h.Ok("CreateHsmClientCertificate",
                          "&HsmClientCertificateIdentifier=Cert-1&Tags.Tag.1.Key=a"
                          "&Tags.Tag.1.Value=b");
  CHECK(First(body, "HsmClientCertificateIdentifier") == "Cert-1");
  std::string pem = First(body, "HsmClientCertificatePublicKey");
  CHECK(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
  CHECK(pem.ends_with("-----END CERTIFICATE-----\n"));
  h.Fails("CreateHsmClientCertificate", "&HsmClientCertificateIdentifier=Cert-1",
          "HsmClientCertificateAlreadyExistsFault");
  h.Fails("CreateHsmClientCertificate", "&HsmClientCertificateIdentifier=bad_id",
          "InvalidParameterValue");
  h.Ok("CreateHsmClientCertificate", "&HsmClientCertificateIdentifier=cert-2");
  body = h.Ok("DescribeHsmClientCertificates");
  CHECK(All(body, "HsmClientCertificateIdentifier") ==
        std::vector<std::string>{"Cert-1", "cert-2"});
  body = h.Ok("DescribeHsmClientCertificates", "&HsmClientCertificateIdentifier=Cert-1");
  CHECK(First(body, "HsmClientCertificatePublicKey") == pem);
  body = h.Ok("DescribeHsmClientCertificates", "&TagKeys.TagKey.1=a");
  CHECK(All(body, "HsmClientCertificateIdentifier") == std::vector<std::string>{"Cert-1"});
  h.Fails("DescribeHsmClientCertificates", "&HsmClientCertificateIdentifier=x",
          "HsmClientCertificateNotFoundFault");

  h.Ok("CreateHsmConfiguration", "&HsmConfigurationIdentifier=conf" + kConfig);
  h.Ok("CreateCluster", std::string("&ClusterIdentifier=c1&HsmClientCertificateIdentifier=Cert-1"
                                    "&HsmConfigurationIdentifier=conf") +
                            kClusterParams);
  h.Fails("DeleteHsmClientCertificate", "&HsmClientCertificateIdentifier=Cert-1",
          "InvalidHsmClientCertificateStateFault");
  h.Fails("DeleteHsmConfiguration", "&HsmConfigurationIdentifier=conf",
          "InvalidHsmConfigurationStateFault");
  h.Ok("DeleteHsmClientCertificate", "&HsmClientCertificateIdentifier=cert-2");
  h.Fails("DeleteHsmClientCertificate", "&HsmClientCertificateIdentifier=cert-2",
          "HsmClientCertificateNotFoundFault");
  h.Ok("DeleteCluster", "&ClusterIdentifier=c1&SkipFinalClusterSnapshot=true");
  h.Ok("DeleteHsmClientCertificate", "&HsmClientCertificateIdentifier=Cert-1");
  h.Ok("DeleteHsmConfiguration", "&HsmConfigurationIdentifier=conf");
}

TEST_CASE("HSM configurations: create, describe, validation, delete") {
  Part2Harness h;
  std::string body = h.Ok("CreateHsmConfiguration", "&HsmConfigurationIdentifier=conf" + kConfig);
  CHECK(First(body, "HsmConfigurationIdentifier") == "conf");
  CHECK(First(body, "HsmIpAddress") == "10.0.0.5");
  CHECK(First(body, "HsmPartitionName") == "p1");
  CHECK(First(body, "Description") == "d");
  CHECK_FALSE(Has(body, "pw"));
  h.Fails("CreateHsmConfiguration", "&HsmConfigurationIdentifier=conf" + kConfig,
          "HsmConfigurationAlreadyExistsFault");
  h.Fails("CreateHsmConfiguration",
          "&HsmConfigurationIdentifier=c2&Description=d&HsmIpAddress=10.0.0.300"
          "&HsmPartitionName=p&HsmPartitionPassword=x&HsmServerPublicCertificate=c",
          "InvalidParameterValue");
  h.Fails("CreateHsmConfiguration", "&HsmConfigurationIdentifier=c2&Description=d",
          "MissingParameter");
  body = h.Ok("DescribeHsmConfigurations");
  CHECK(All(body, "HsmConfigurationIdentifier") == std::vector<std::string>{"conf"});
  h.Fails("DescribeHsmConfigurations", "&HsmConfigurationIdentifier=zz",
          "HsmConfigurationNotFoundFault");
  for (int i = 0; i < 19; ++i) {
    h.Ok("CreateHsmConfiguration", "&HsmConfigurationIdentifier=q" + std::to_string(i) + kConfig);
  }
  h.Fails("CreateHsmConfiguration", "&HsmConfigurationIdentifier=over" + kConfig,
          "HsmConfigurationQuotaExceededFault");
  h.Ok("DeleteHsmConfiguration", "&HsmConfigurationIdentifier=conf");
  h.Fails("DeleteHsmConfiguration", "&HsmConfigurationIdentifier=conf",
          "HsmConfigurationNotFoundFault");
}

}  // namespace rsemu::api::part2
