#include "store/postgres/pg_change_listener.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "common/log.h"

namespace oiis::pg {
namespace {

// How often a waiting session checks whether it should stop: bounds shutdown, not delivery
// (a notice wakes the wait at once).
constexpr long kStopCheckMicros = 200'000;
constexpr auto kListenerFirstRetry = std::chrono::milliseconds(100);
constexpr auto kListenerLongestRetry = std::chrono::milliseconds(5000);

class NoticeReceiver final : public pqxx::notification_receiver {
 public:
  NoticeReceiver(pqxx::connection_base& conn, std::function<void(const std::string&)> on_payload)
      : pqxx::notification_receiver(conn, kChangeChannel), on_payload_(std::move(on_payload)) {}
  void operator()(const std::string& payload, int /*backend_pid*/) override { on_payload_(payload); }

 private:
  std::function<void(const std::string&)> on_payload_;
};

}  // namespace

ChangeListener::ChangeListener(std::string url, ChangeHandler on_change,
                               std::chrono::milliseconds first_listen)
    : url_(std::move(url)), on_change_(std::move(on_change)), thread_([this] { run(); }) {
  std::unique_lock lock(mutex_);
  if (!wake_.wait_for(lock, first_listen, [&] { return listening_once_; }))
    log_warn("postgres: change notices not heard yet (still connecting); cached API keys and "
             "products fall back to their time-to-live until they are");
}

ChangeListener::~ChangeListener() {
  {
    std::lock_guard lock(mutex_);  // so a pause() between its check and its wait still wakes
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ChangeListener::run() {
  auto retry = kListenerFirstRetry;
  while (!stop_) {
    try {
      listen_on_one_connection();
      retry = kListenerFirstRetry;  // it worked for a while; a new break starts the backoff afresh
    } catch (const std::exception& e) {
      log_warn("postgres: change notices interrupted (" + std::string(e.what()) +
               "); reconnecting");
    }
    if (!pause(retry)) return;
    retry = std::min(retry * 2, kListenerLongestRetry);
  }
}

void ChangeListener::listen_on_one_connection() {
  pqxx::connection conn(url_);
  NoticeReceiver receiver(conn, [this](const std::string& payload) {
    if (auto notice = parse_change_notice(payload)) deliver(*notice);
  });
  conn.get_notifs();  // LISTEN is sent by the receiver; make sure it went through
  deliver(ChangeNotice{ChangeNotice::Kind::kEverything, {}});
  mark_listening();
  while (!stop_) conn.await_notification(0, kStopCheckMicros);
}

void ChangeListener::deliver(const ChangeNotice& notice) {
  try {
    on_change_(notice);
  } catch (const std::exception& e) {
    log_error("change notice handler failed: " + std::string(e.what()));
  }
}

void ChangeListener::mark_listening() {
  std::lock_guard lock(mutex_);
  listening_once_ = true;
  wake_.notify_all();
}

bool ChangeListener::pause(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, delay, [&] { return stop_.load(); });
  return !stop_;
}

}  // namespace oiis::pg
