#include "tests/support/daemon_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/support/temp_dir.h"

namespace kpiwatch::testing {
namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

pid_t Spawn(const std::vector<std::string>& argv, const std::filesystem::path& output,
            const std::filesystem::path& input) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  int in = ::open(input.empty() ? "/dev/null" : input.c_str(), O_RDONLY);
  ::dup2(in, 0);
  ::dup2(out, 1);
  ::dup2(out, 2);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  ::execv(args[0], args.data());
  ::_exit(127);
}

DaemonProcess::DaemonProcess(std::filesystem::path data_dir, std::vector<std::string> extra_args)
    : data_dir_(std::move(data_dir)), extra_args_(std::move(extra_args)) {
  std::filesystem::create_directories(data_dir_);
  log_file_ = data_dir_ / "kpiwatchd.test.log";
}

DaemonProcess::~DaemonProcess() {
  if (running()) Stop();
}

bool DaemonProcess::Start() {
  std::size_t log_offset = Slurp(log_file_).size();
  std::vector<std::string> argv = {KPIWATCHD_BIN, "--data-dir", data_dir_.string(), "--listen",
                                   "127.0.0.1:0", "--log-level", "info"};
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  pid_ = Spawn(argv, log_file_, {});
  const std::regex listening("http: listening on 127\\.0\\.0\\.1:([0-9]+)");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string log = Slurp(log_file_).substr(log_offset);
    std::smatch match;
    if (std::regex_search(log, match, listening)) {
      port_ = std::stoi(match[1]);
      return true;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill();
  return false;
}

int DaemonProcess::Stop() {
  if (!running()) return -1;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 1500; ++i) {  // up to 30 s
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill();
  return -1;
}

void DaemonProcess::Kill() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

void DaemonProcess::Signal(int signal_number) {
  if (running()) ::kill(pid_, signal_number);
}

std::string DaemonProcess::log() const { return Slurp(log_file_); }

CommandResult RunCli(const std::vector<std::string>& args, const std::string& stdin_text) {
  TempDir dir;
  std::filesystem::path input;
  if (!stdin_text.empty()) {
    input = dir / "stdin";
    WriteFile(input, stdin_text);
  }
  std::vector<std::string> argv = {KPIWATCH_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_t pid = Spawn(argv, dir / "output", input);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), Slurp(dir / "output")};
}

}  // namespace kpiwatch::testing
