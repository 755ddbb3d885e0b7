// DaemonProcess: runs the real kpiwatchd binary on an ephemeral loopback port with a
// temporary data dir, for integration tests that drive it over HTTP and the CLI.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace kpiwatch::testing {

class DaemonProcess {
 public:
  // data_dir: where the daemon keeps RocksDB, spool and mail (kept across restarts);
  // extra_args: more kpiwatchd flags (e.g. --catalogue FILE).
  DaemonProcess(std::filesystem::path data_dir, std::vector<std::string> extra_args = {});
  ~DaemonProcess();  // SIGTERM, then SIGKILL if it does not stop

  // Starts kpiwatchd with --listen 127.0.0.1:0 and waits until it logs its port.
  // Returns false (and the log in `log()`) when it did not come up within 30 s.
  bool Start();
  // SIGTERM and wait; returns the exit status (0 = clean).
  int Stop();
  // SIGKILL: a crash, for durability tests.
  void Kill();
  // Sends a signal (e.g. SIGHUP) without waiting.
  void Signal(int signal_number);

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  // Everything the daemon logged so far.
  std::string log() const;

 private:
  std::filesystem::path data_dir_;
  std::vector<std::string> extra_args_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Forks and execs argv (argv[0] a path) with stdout+stderr appended to `output` and
// stdin from `input` (or /dev/null when empty); returns the child's pid.
pid_t Spawn(const std::vector<std::string>& argv, const std::filesystem::path& output,
            const std::filesystem::path& input);

// Runs the kpiwatch CLI with `args`; returns exit status and combined output.
struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult RunCli(const std::vector<std::string>& args, const std::string& stdin_text = "");

}  // namespace kpiwatch::testing
