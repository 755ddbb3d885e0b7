#include "tests/support/faulty_file_system.h"

namespace kpiwatch::testing {
namespace {

// A writable file whose writes fail while its file system has a fault.
class FaultyWritableFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultyWritableFile(std::unique_ptr<rocksdb::FSWritableFile> file, const FaultyFileSystem& fs)
      : FSWritableFileOwnerWrapper(std::move(file)), fs_(fs) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
    if (rocksdb::IOStatus fault = fs_.Fault(); !fault.ok()) return fault;
    return FSWritableFileOwnerWrapper::Append(data, options, debug);
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info, rocksdb::IODebugContext* debug) override {
    if (rocksdb::IOStatus fault = fs_.Fault(); !fault.ok()) return fault;
    return FSWritableFileOwnerWrapper::Append(data, options, info, debug);
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* debug) override {
    if (rocksdb::IOStatus fault = fs_.Fault(); !fault.ok()) return fault;
    return FSWritableFileOwnerWrapper::Sync(options, debug);
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* debug) override {
    if (rocksdb::IOStatus fault = fs_.Fault(); !fault.ok()) return fault;
    return FSWritableFileOwnerWrapper::Fsync(options, debug);
  }

 private:
  const FaultyFileSystem& fs_;
};

}  // namespace

FaultyFileSystem::FaultyFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}

rocksdb::IOStatus FaultyFileSystem::Fault() const {
  switch (fault_.load()) {
    case StorageFault::kNone: return rocksdb::IOStatus::OK();
    case StorageFault::kDiskFull: return rocksdb::IOStatus::NoSpace("write", "No space left on device");
    case StorageFault::kReadOnly: return rocksdb::IOStatus::IOError("write", "Read-only file system");
  }
  return rocksdb::IOStatus::OK();
}

rocksdb::IOStatus FaultyFileSystem::NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                                    rocksdb::IODebugContext* debug) {
  if (rocksdb::IOStatus fault = Fault(); !fault.ok()) return fault;
  std::unique_ptr<rocksdb::FSWritableFile> file;
  rocksdb::IOStatus status = target()->NewWritableFile(name, options, &file, debug);
  if (status.ok()) *result = std::make_unique<FaultyWritableFile>(std::move(file), *this);
  return status;
}

rocksdb::IOStatus FaultyFileSystem::ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                                       rocksdb::IODebugContext* debug) {
  if (rocksdb::IOStatus fault = Fault(); !fault.ok()) return fault;
  std::unique_ptr<rocksdb::FSWritableFile> file;
  rocksdb::IOStatus status = target()->ReopenWritableFile(name, options, &file, debug);
  if (status.ok()) *result = std::make_unique<FaultyWritableFile>(std::move(file), *this);
  return status;
}

rocksdb::IOStatus FaultyFileSystem::ReuseWritableFile(const std::string& name, const std::string& old_name,
                                                      const rocksdb::FileOptions& options,
                                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                                      rocksdb::IODebugContext* debug) {
  if (rocksdb::IOStatus fault = Fault(); !fault.ok()) return fault;
  std::unique_ptr<rocksdb::FSWritableFile> file;
  rocksdb::IOStatus status = target()->ReuseWritableFile(name, old_name, options, &file, debug);
  if (status.ok()) *result = std::make_unique<FaultyWritableFile>(std::move(file), *this);
  return status;
}

}  // namespace kpiwatch::testing
