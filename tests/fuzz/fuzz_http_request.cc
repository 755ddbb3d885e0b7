// Fuzz target: the HTTP request path of kpiwatchd, end to end. One daemon runs in this
// process (temporary data dir, a small catalogue, no tokens file so every route is
// reachable from loopback); each input is sent as raw bytes on a fresh loopback
// connection, which exercises the Beast parser, limits, routing, authorisation and the
// handlers with their body parsers. Properties: the daemon never crashes or hangs
// (libFuzzer's -timeout), and whatever it answers is an HTTP/1.x response.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "daemon/daemon.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

kpiwatch::daemon::Daemon* the_daemon = nullptr;

// Stops the daemon's threads before the process's static objects are destroyed, so no
// worker evaluates against freed state while the fuzzer or the replay main exits.
void StopDaemonAtExit() {
  if (the_daemon != nullptr) the_daemon->Stop();
}

// The daemon under test; runs until the fuzzer exits, then StopDaemonAtExit stops it (the
// temporary data dir is left for the OS to clean).
kpiwatch::daemon::Daemon* StartDaemon() {
  spdlog::set_level(spdlog::level::off);
  char pattern[] = "/tmp/kpiwatch-fuzz-http-XXXXXX";
  const char* dir = mkdtemp(pattern);
  kpiwatch::fuzz::Require(dir != nullptr, "a temporary data dir can be made");
  const std::filesystem::path data_dir(dir);
  std::ofstream(data_dir / "catalogue.yaml") << kpiwatch::fuzz::kCatalogueYaml;

  kpiwatch::daemon::Config config;
  config.data_dir = data_dir;
  config.listen = "127.0.0.1:0";
  config.catalogue = data_dir / "catalogue.yaml";
  config.log_level = "off";
  config.sync_writes = false;  // speed; durability is not what this target checks
  config.spool_enabled = false;
  config.read_timeout = std::chrono::seconds(2);
  config.max_body_bytes = 1 << 20;
  auto* daemon = new kpiwatch::daemon::Daemon(config);
  const kpiwatch::Status started = daemon->Start();
  if (!started.ok()) {
    std::fprintf(stderr, "kpiwatchd did not start: %s\n", started.ToString().c_str());
    std::abort();
  }
  the_daemon = daemon;
  std::atexit(StopDaemonAtExit);
  return daemon;
}

// CI aborted on a failed connect() after ~14,000 inputs (errno not kept). Two causes fit,
// both handled: the client end of every exchange stays in TIME_WAIT for a minute, so at over
// a thousand exchanges a second one source address can run out of ephemeral ports (the
// exchanges rotate over 65,024 source addresses in 127.0.0.0/8, the port picked at connect
// time), and libFuzzer's timer signal can interrupt a connect that waits for a busy
// daemon's accept queue (see Connect).
void BindNextSourceAddress(int fd) {
  static std::uint32_t next = 0;
  const std::uint32_t host = 0x7F000100u + (next++ % (254u * 256u));  // 127.0.1.0 ...
  const int no_port = 1;
  setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &no_port, sizeof no_port);
  sockaddr_in source{};
  source.sin_family = AF_INET;
  source.sin_addr.s_addr = htonl(host);
  kpiwatch::fuzz::Require(bind(fd, reinterpret_cast<sockaddr*>(&source), sizeof source) == 0,
                          "a loopback source address can be bound");
}

// Connects fd to `address`. An interrupted connect goes on in the background: wait for it
// and take its outcome. Any failure stops the run, naming the errno.
void Connect(int fd, const sockaddr_in& address) {
  int error = 0;
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    error = errno;
    if (error == EINTR || error == EINPROGRESS) {
      pollfd pending{fd, POLLOUT, 0};
      int ready = 0;
      do {
        ready = poll(&pending, 1, 10'000);
      } while (ready < 0 && errno == EINTR);
      socklen_t size = sizeof error;
      if (ready == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0) error = errno;
      if (ready == 0) error = ETIMEDOUT;
    }
  }
  if (error == 0) return;
  std::fprintf(stderr, "connect to 127.0.0.1:%u failed: %s\n", ntohs(address.sin_port),
               std::strerror(error));
  kpiwatch::fuzz::Require(false, "the daemon accepts connections");
}

// Sends `request` on a new connection, half-closes, and returns what came back.
std::string Exchange(std::uint16_t port, std::string_view request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  kpiwatch::fuzz::Require(fd >= 0, "a socket can be made");
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  BindNextSourceAddress(fd);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  Connect(fd, address);
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the daemon may close early (413, bad header): fine
    sent += static_cast<std::size_t>(n);
  }
  shutdown(fd, SHUT_WR);
  std::string answer;
  char buffer[16 * 1024];
  while (true) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return answer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static kpiwatch::daemon::Daemon* daemon = StartDaemon();
  const std::string answer = Exchange(daemon->port(), kpiwatch::fuzz::AsText(data, size));
  kpiwatch::fuzz::Require(answer.empty() || answer.rfind("HTTP/1.", 0) == 0,
                          "the daemon answers in HTTP/1.x or not at all");
  return 0;
}
