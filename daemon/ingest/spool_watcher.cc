#include "daemon/ingest/spool_watcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>

#include "daemon/http/responses.h"
#include "daemon/ingest/spool_file.h"

namespace kpiwatch::daemon {
namespace fs = std::filesystem;
namespace {

// Regular files, and symbolic links (which ReadSpoolFile refuses, so they land in
// rejected/ with a reason instead of being ignored silently).
bool IsWaitingFile(const fs::directory_entry& entry) {
  std::error_code error;
  const fs::file_status status = entry.symlink_status(error);
  if (error || !(fs::is_regular_file(status) || fs::is_symlink(status))) return false;
  std::string name = entry.path().filename().string();
  if (name.empty() || name.front() == '.') return false;
  return !name.ends_with(".tmp") && !name.ends_with(".part");
}

ObservationFormat FormatFromExtension(const fs::path& file) {
  std::string extension = file.extension().string();
  if (extension == ".csv") return ObservationFormat::kCsv;
  if (extension == ".json") return ObservationFormat::kJson;
  if (extension == ".ndjson" || extension == ".jsonl") return ObservationFormat::kNdjson;
  return ObservationFormat::kAuto;
}

// A destination in `directory` that does not exist yet: name, name.1, name.2, ...
fs::path FreeName(const fs::path& directory, const std::string& name) {
  fs::path target = directory / name;
  for (int i = 1; fs::exists(target); ++i) target = directory / (name + "." + std::to_string(i));
  return target;
}

}  // namespace

SpoolWatcher::SpoolWatcher(fs::path directory, std::chrono::milliseconds poll_interval,
                           std::size_t max_file_bytes, IngestService& ingest,
                           metrics::Registry& metrics)
    : directory_(std::move(directory)),
      poll_interval_(poll_interval),
      max_file_bytes_(max_file_bytes),
      ingest_(ingest),
      metrics_(metrics) {}

SpoolWatcher::~SpoolWatcher() { Stop(); }

Status SpoolWatcher::Start() {
  std::error_code error;
  for (const fs::path& path : {directory_, directory_ / "done", directory_ / "rejected"}) {
    fs::create_directories(path, error);
    if (error) return Status::IoError("cannot create spool directory " + path.string() + ": " + error.message());
  }
  metrics_.Describe("kpiwatch_spool_files_total", "Spool files processed, by result", "counter");
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      ProcessWaitingFiles();
      lock.lock();
      wake_.wait_for(lock, poll_interval_, [this] { return stopping_; });
    }
  });
  return Status::Ok();
}

void SpoolWatcher::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::size_t SpoolWatcher::ProcessWaitingFiles() {
  // done/ and rejected/ replaced by links would move files out of the spool directory.
  for (const char* sub : {"done", "rejected"}) {
    std::error_code status_error;
    if (!fs::is_directory(fs::symlink_status(directory_ / sub, status_error))) {
      spdlog::error("spool: {} is not a directory inside the spool (a link?); not ingesting",
                    (directory_ / sub).string());
      return 0;
    }
  }
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory_, error)) {
    if (IsWaitingFile(entry)) files.push_back(entry.path());
  }
  if (error) spdlog::warn("spool: cannot list {}: {}", directory_.string(), error.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) ProcessFile(file);
  return files.size();
}

void SpoolWatcher::ProcessFile(const fs::path& file) {
  std::string name = file.filename().string();
  ParseOptions options;
  options.format = FormatFromExtension(file);
  options.file_name = name;
  Result<std::string> content = ReadSpoolFile(file, max_file_bytes_);
  Result<IngestResult> result =
      content.ok() ? ingest_.Ingest(*content, options, "spool:" + name, "spool")
                   : Result<IngestResult>(content.status());
  std::error_code error;
  if (result.ok()) {
    fs::rename(file, FreeName(directory_ / "done", name), error);
    metrics_.IncrementCounter("kpiwatch_spool_files_total", {{"result", "done"}});
    metrics_.IncrementCounter("kpiwatch_ingested_rows_total", {{"source", "spool"}},
                              static_cast<double>(result->received));
    spdlog::info("spool: {} ingested: {} rows, {} new, {} restated, batch {}", name, result->received,
                 result->inserted, result->restatements.size(), result->batch_id);
  } else if (result.status().code() == StatusCode::kInvalidArgument) {
    fs::path target = FreeName(directory_ / "rejected", name);
    std::ofstream errors(target.string() + ".errors.json", std::ios::binary);
    errors << http::ErrorResponse(result.status()).body << "\n";
    errors.close();
    fs::rename(file, target, error);
    metrics_.IncrementCounter("kpiwatch_spool_files_total", {{"result", "rejected"}});
    metrics_.IncrementCounter("kpiwatch_rejected_rows_total", {{"source", "spool"}},
                              static_cast<double>(std::max<std::size_t>(1, result.status().details().size())));
    spdlog::warn("spool: {} rejected: {}", name, result.status().message());
  } else {
    spdlog::error("spool: {} not ingested, will retry: {}", name, result.status().message());
    return;
  }
  if (error) spdlog::error("spool: cannot move {}: {}", name, error.message());
}

}  // namespace kpiwatch::daemon
