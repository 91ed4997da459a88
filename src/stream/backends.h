// The two back ends of stream.h, chosen by open_stream() from the URL's scheme. Internal to
// the stream module.
#pragma once

#include <memory>
#include <string>

#include "stream/stream.h"

namespace oiis::stream {

Result<std::unique_ptr<Stream>> open_redis_stream(const std::string& host, int port,
                                                  const StreamOptions& options);
Result<std::unique_ptr<Stream>> open_jetstream(const std::string& host, int port,
                                               const StreamOptions& options);

}  // namespace oiis::stream
