#include <boost/asio/post.hpp>

#include "daemon/http/session.h"

namespace kpiwatch::http::internal {

std::uint64_t ConnectionTracker::Add(std::shared_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_id_++;
  connections_.emplace(id, std::move(connection));
  return id;
}

void ConnectionTracker::Remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  connections_.erase(id);
  if (connections_.empty()) emptied_.notify_all();
}

std::size_t ConnectionTracker::size() {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

void ConnectionTracker::CloseIdle() {
  std::lock_guard lock(mutex_);
  for (const auto& [id, connection] : connections_) {
    boost::asio::post(connection->stream.get_executor(), [connection = connection] {
      if (!connection->busy) connection->stream.close();
    });
  }
}

void ConnectionTracker::CloseAll() {
  std::lock_guard lock(mutex_);
  for (const auto& [id, connection] : connections_) connection->stream.close();
}

bool ConnectionTracker::WaitUntilEmpty(std::chrono::seconds timeout) {
  std::unique_lock lock(mutex_);
  return emptied_.wait_for(lock, timeout, [this] { return connections_.empty(); });
}

}  // namespace kpiwatch::http::internal
