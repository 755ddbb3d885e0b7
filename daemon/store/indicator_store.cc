#include "daemon/store/indicator_store.h"

#include <boost/json.hpp>

#include "daemon/store/key_encoding.h"
#include "rules/formats/indicator_json.h"

namespace kpiwatch::store {
namespace {

Result<Indicator> DecodeIndicator(std::string_view bytes, std::string_view key) {
  boost::system::error_code error;
  boost::json::value json = boost::json::parse(bytes, error);
  if (error) {
    return Status(StatusCode::kCorruption, "stored indicator " + std::string(key) + " is not JSON");
  }
  Result<Indicator> indicator = IndicatorFromJson(json, "");
  if (!indicator.ok()) {
    return Status(StatusCode::kCorruption,
                  "stored indicator " + std::string(key) + ": " + indicator.status().ToString());
  }
  return indicator;
}

}  // namespace

Result<std::vector<Indicator>> IndicatorStore::LoadAll() const {
  std::vector<Indicator> indicators;
  auto it = database_.NewIterator(Family::kIndicators);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key = it->key().ToStringView();
    if (key.find('\0') != std::string_view::npos) continue;  // archived version
    Result<Indicator> indicator = DecodeIndicator(it->value().ToStringView(), key);
    if (!indicator.ok()) return indicator.status();
    indicators.push_back(std::move(*indicator));
  }
  if (!it->status().ok()) return FromRocksDb(it->status(), "loading indicators");
  return indicators;
}

void IndicatorStore::Stage(const Indicator& indicator, const Indicator* previous,
                           std::uint64_t version, rocksdb::WriteBatch& batch) const {
  rocksdb::ColumnFamilyHandle* family = database_.handle(Family::kIndicators);
  if (previous != nullptr) {
    std::string archive_key = IndicatorPrefix(previous->id);
    AppendBigEndian64(archive_key, version);
    batch.Put(family, archive_key, boost::json::serialize(IndicatorToJson(*previous)));
  }
  batch.Put(family, indicator.id, boost::json::serialize(IndicatorToJson(indicator)));
}

Result<std::vector<Indicator>> IndicatorStore::History(const std::string& id) const {
  std::vector<Indicator> versions;
  std::string prefix = IndicatorPrefix(id);
  auto it = database_.NewIterator(Family::kIndicators);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    Result<Indicator> indicator = DecodeIndicator(it->value().ToStringView(), id);
    if (!indicator.ok()) return indicator.status();
    versions.push_back(std::move(*indicator));
  }
  if (!it->status().ok()) return FromRocksDb(it->status(), "reading history of " + id);
  return versions;
}

}  // namespace kpiwatch::store
