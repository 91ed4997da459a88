// The PostgreSQL side of store/change_feed.h: LISTEN on the channel the triggers of migration
// 006_change_notices.sql notify on, on a connection and a thread of its own (a listening
// session must stay open, and the pool's connections are handed around).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "store/change_feed.h"

namespace oiis::pg {

// The channel every change notice is sent on.
inline constexpr const char* kChangeChannel = "oiis_changes";

class ChangeListener final : public ChangeFeed {
 public:
  // Starts listening and waits up to `first_listen` for the first LISTEN to be in place, so
  // a server that starts answering afterwards hears every later change. After each
  // (re)connection the handler first gets kEverything: notices sent while no session was
  // listening are lost, so every cached copy may be stale.
  ChangeListener(std::string url, ChangeHandler on_change,
                 std::chrono::milliseconds first_listen = std::chrono::seconds(5));
  ~ChangeListener() override;
  ChangeListener(const ChangeListener&) = delete;
  ChangeListener& operator=(const ChangeListener&) = delete;

 private:
  void run();
  // One session: connect, LISTEN, deliver until stopped or the connection breaks.
  void listen_on_one_connection();
  void deliver(const ChangeNotice& notice);
  void mark_listening();
  // Sleeps `delay` unless stopped first; false when stopped.
  bool pause(std::chrono::milliseconds delay);

  const std::string url_;
  const ChangeHandler on_change_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool listening_once_ = false;  // guarded by mutex_
  std::thread thread_;           // last: starts after everything above is set
};

}  // namespace oiis::pg
