// SpoolWatcher: ingests files dropped into the spool directory.
//
// Every poll interval it takes the regular files in spool/ (in name order; names
// starting with '.' or ending in .tmp or .part are skipped, so writers should write
// under such a name and rename), ingests each as one batch and moves it to spool/done/,
// or to spool/rejected/ with a <name>.errors.json beside it (the same JSON error body
// as the HTTP API). A storage failure leaves the file in place to be retried.
// Nothing outside the spool directory is read or written: symbolic links, FIFOs and files
// over the size limit are rejected unread (spool_file.h), and when done/ or rejected/ is
// not a real directory nothing is ingested.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "daemon/ingest/ingest_service.h"
#include "daemon/metrics/registry.h"

namespace kpiwatch::daemon {

class SpoolWatcher {
 public:
  // Files larger than max_file_bytes are rejected unread (the HTTP body limit).
  SpoolWatcher(std::filesystem::path directory, std::chrono::milliseconds poll_interval,
               std::size_t max_file_bytes, IngestService& ingest, metrics::Registry& metrics);
  ~SpoolWatcher();

  // Creates spool/, done/ and rejected/ and starts the polling thread.
  Status Start();
  // Stops polling; a file being ingested is finished first.
  void Stop();
  // Processes every waiting file once (also used by tests). Returns files handled.
  std::size_t ProcessWaitingFiles();

 private:
  void ProcessFile(const std::filesystem::path& file);

  std::filesystem::path directory_;
  std::chrono::milliseconds poll_interval_;
  std::size_t max_file_bytes_;
  IngestService& ingest_;
  metrics::Registry& metrics_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kpiwatch::daemon
