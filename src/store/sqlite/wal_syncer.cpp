#include "store/sqlite/wal_syncer.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "store/sqlite/signal.h"

namespace oiis::sqlite {
namespace {

std::string errno_text(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

// A new WAL file's directory entry is durable only once its directory is synced.
Status sync_directory_of(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return internal_error(errno_text("open " + dir));
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  errno = saved;
  return rc == 0 ? Status::ok() : internal_error(errno_text("fsync " + dir));
}

}  // namespace

WalSyncer::WalSyncer(std::string db_path)
    : wal_path_(std::move(db_path) + "-wal"), thread_([this] { sync_loop(); }) {}

WalSyncer::~WalSyncer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_one();
  thread_.join();
  if (wal_fd_ >= 0) ::close(wal_fd_);
}

void WalSyncer::after_commit(OnDurable on_durable) {
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(on_durable));
  }
  wakeup_.notify_one();
}

Status WalSyncer::sync_now() {
  Signal done;
  Status out;
  after_commit([&](const Status& synced) {
    out = synced;
    done.release();
  });
  done.acquire();
  return out;
}

void WalSyncer::sync_loop() {
  pthread_setname_np(pthread_self(), "sqlite-walsync");  // for top -H and perf
  std::vector<OnDurable> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wakeup_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping and drained
      batch.swap(pending_);
    }
    // Every group in `batch` returned from COMMIT before it was handed over, so its frames
    // were written before this sync starts.
    Status synced = sync_wal();
    for (OnDurable& acknowledge : batch) acknowledge(synced);
    batch.clear();
  }
}

Status WalSyncer::sync_wal() {
  struct stat st;
  if (wal_fd_ >= 0 && (::fstat(wal_fd_, &st) != 0 || st.st_nlink == 0)) {
    ::close(wal_fd_);  // SQLite removed the WAL (last connection closed): follow the new one
    wal_fd_ = -1;
  }
  if (wal_fd_ < 0) OIIS_RETURN_IF_ERROR(open_wal());
  if (::fdatasync(wal_fd_) != 0)
    return internal_error(errno_text("fdatasync " + wal_path_) +
                          "; the write is committed but may not be durable");
  return Status::ok();
}

Status WalSyncer::open_wal() {
  int fd = ::open(wal_path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return internal_error(errno_text("open " + wal_path_));
  Status dir = sync_directory_of(wal_path_);
  if (!dir.is_ok()) {
    ::close(fd);
    return dir;
  }
  wal_fd_ = fd;
  return Status::ok();
}

}  // namespace oiis::sqlite
