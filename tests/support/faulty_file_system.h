// FaultyFileSystem: a RocksDB FileSystem that can be told to fail every write the way a
// full disk (ENOSPC) or a file system remounted read-only (EROFS) does, and to recover.
// For storage-fault tests: store::DatabaseOptions::file_system.
#pragma once

#include <rocksdb/file_system.h>

#include <atomic>
#include <memory>

namespace kpiwatch::testing {

enum class StorageFault { kNone, kDiskFull, kReadOnly };

class FaultyFileSystem : public rocksdb::FileSystemWrapper {
 public:
  FaultyFileSystem();  // wraps the default (POSIX) file system

  // From now on every append, sync and file creation fails with `fault` (kNone: works again).
  void Set(StorageFault fault) { fault_.store(fault); }
  // The error a write gets now (OK when there is no fault).
  rocksdb::IOStatus Fault() const;

  const char* Name() const override { return "FaultyFileSystem"; }
  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* debug) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* debug) override;

 private:
  std::atomic<StorageFault> fault_{StorageFault::kNone};
};

}  // namespace kpiwatch::testing
