// Regions: the list of known AWS regions (see regions.h).
#include "common/regions.h"

#include <algorithm>
#include <array>

namespace rsemu {

bool IsKnownRegion(std::string_view region) {
  static constexpr std::array<std::string_view, 38> kRegions = {
      "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2",      "af-south-1",
      "ap-east-1",      "ap-south-1",     "ap-south-2",     "ap-northeast-1", "ap-northeast-2",
      "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
      "ap-southeast-5", "ap-southeast-7", "ca-central-1",   "ca-west-1",      "eu-central-1",
      "eu-central-2",   "eu-west-1",      "eu-west-2",      "eu-west-3",      "eu-north-1",
      "eu-south-1",     "eu-south-2",     "il-central-1",   "me-south-1",     "me-central-1",
      "mx-central-1",   "sa-east-1",      "cn-north-1",     "cn-northwest-1", "us-gov-east-1",
      "us-gov-west-1",  "ap-east-2",      "ap-southeast-6"};
  return std::find(kRegions.begin(), kRegions.end(), region) != kRegions.end();
}

}  // namespace rsemu
