// An unused loopback TCP port: bind to port 0 and read back what the kernel chose. Another
// process could take it before the caller binds it, so callers that start servers retry.
#pragma once

namespace oiis::testing {

// 0 when no socket could be opened.
int free_loopback_port();

}  // namespace oiis::testing
