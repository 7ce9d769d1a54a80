// Regions: the AWS regions rsemu knows (the aws, aws-cn and aws-us-gov
// partitions). Used to refuse a SigV4 credential scope naming a region that
// does not exist, and by handlers that take a region as input.
// Thread-safety: pure.
#pragma once

#include <string_view>

namespace rsemu {

// True for a region of the commercial, China or GovCloud partitions.
bool IsKnownRegion(std::string_view region);

}  // namespace rsemu
