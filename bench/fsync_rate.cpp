// The disk's durable-append rate: what one WAL commit costs at the very least. Appends 4 KiB
// (one WAL page) to a file and fdatasyncs it, again and again, for S seconds.
//
// Usage: fsync_rate --file PATH [--seconds S]
// Prints one line: "fsync appends=N seconds=S per_s=X p50_ms=A p99_ms=B".
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  std::string path;
  double seconds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--file") path = argv[i + 1];
    else if (a == "--seconds") seconds = std::atof(argv[i + 1]);
  }
  if (path.empty()) {
    std::fprintf(stderr, "usage: fsync_rate --file PATH [--seconds S]\n");
    return 2;
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::perror(path.c_str());
    return 1;
  }
  std::vector<char> page(4096, 'w');
  std::vector<double> ms;
  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    auto t0 = clock::now();
    if (::write(fd, page.data(), page.size()) != (ssize_t)page.size() || ::fdatasync(fd) != 0) {
      std::perror("append");
      return 1;
    }
    auto t1 = clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    elapsed = std::chrono::duration<double>(t1 - start).count();
  }
  ::close(fd);
  ::unlink(path.c_str());
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, (size_t)(p * ms.size()))]; };
  std::printf("fsync appends=%zu seconds=%.2f per_s=%.0f p50_ms=%.2f p99_ms=%.2f\n", ms.size(),
              elapsed, ms.size() / elapsed, pct(0.50), pct(0.99));
  return 0;
}
