#include "daemon/store/alert_store.h"

#include <boost/json.hpp>

#include <algorithm>

#include "daemon/store/key_encoding.h"
#include "rules/formats/alert_json.h"

namespace kpiwatch::store {
namespace {

std::string IdKey(std::uint64_t id) {
  std::string key;
  AppendBigEndian64(key, id);
  return key;
}

std::string SeriesIndexPrefix(const std::string& indicator, const std::optional<std::string>& unit) {
  std::string prefix = "i" + indicator + std::string(1, '\0');
  if (unit) prefix += *unit + std::string(1, '\0');
  return prefix;
}

std::string DedupIndexPrefix(const std::string& dedup_key) {
  return "d" + dedup_key + std::string(1, '\0');
}

template <typename T, typename Decoder>
Result<T> Decode(const std::string& bytes, const std::string& what, Decoder decode) {
  boost::system::error_code error;
  boost::json::value json = boost::json::parse(bytes, error);
  if (error) return Status(StatusCode::kCorruption, what + " is not valid JSON: " + error.message());
  Result<T> decoded = decode(json);
  if (!decoded.ok()) return Status(StatusCode::kCorruption, what + " is damaged: " + decoded.status().ToString());
  return decoded;
}

Result<Alert> DecodeAlert(const std::string& bytes, std::uint64_t id) {
  return Decode<Alert>(bytes, "alert " + std::to_string(id),
                       [](const boost::json::value& json) { return AlertFromJson(json); });
}

}  // namespace

void AlertStore::Stage(const Alert& alert, rocksdb::WriteBatch& batch) const {
  std::string id = IdKey(alert.id);
  batch.Put(database_.handle(Family::kAlerts), id, boost::json::serialize(AlertToJson(alert)));
  rocksdb::ColumnFamilyHandle* index = database_.handle(Family::kAlertIndex);
  batch.Put(index, SeriesIndexPrefix(alert.indicator, alert.unit) + id, "");
  batch.Put(index, DedupIndexPrefix(alert.dedup_key) + id, "");
}

Result<Alert> AlertStore::Get(std::uint64_t id) const {
  Result<std::optional<std::string>> stored = database_.Get(Family::kAlerts, IdKey(id));
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return Status::NotFound("alert " + std::to_string(id) + " does not exist");
  return DecodeAlert(**stored, id);
}

Result<std::vector<Alert>> AlertStore::All() const {
  std::vector<Alert> alerts;
  auto it = database_.NewIterator(Family::kAlerts);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::uint64_t id = it->key().size() == 8 ? ReadBigEndian64(it->key().ToStringView()) : 0;
    Result<Alert> alert = DecodeAlert(it->value().ToString(), id);
    if (!alert.ok()) return alert.status();
    alerts.push_back(std::move(*alert));
  }
  if (!it->status().ok()) return FromRocksDb(it->status(), "reading alerts");
  return alerts;
}

Result<std::vector<Alert>> AlertStore::ByIndexPrefix(const std::string& prefix) const {
  std::vector<Alert> alerts;
  auto it = database_.NewIterator(Family::kAlertIndex);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string_view key = it->key().ToStringView();
    if (key.size() < prefix.size() + 8) continue;
    Result<Alert> alert = Get(ReadBigEndian64(key.substr(key.size() - 8)));
    if (!alert.ok()) return alert.status();
    alerts.push_back(std::move(*alert));
  }
  if (!it->status().ok()) return FromRocksDb(it->status(), "reading the alert index");
  return alerts;
}

Result<std::vector<Alert>> AlertStore::ForIndicator(const std::string& indicator,
                                                    const std::optional<std::string>& unit) const {
  Result<std::vector<Alert>> alerts = ByIndexPrefix(SeriesIndexPrefix(indicator, unit));
  if (!alerts.ok() || unit) return alerts;
  std::sort(alerts->begin(), alerts->end(), [](const Alert& a, const Alert& b) { return a.id < b.id; });
  return alerts;
}

Result<std::vector<Alert>> AlertStore::WithDedupKey(const std::string& dedup_key) const {
  return ByIndexPrefix(DedupIndexPrefix(dedup_key));
}

void AlertStore::StageSilence(const Silence& silence, rocksdb::WriteBatch& batch) const {
  batch.Put(database_.handle(Family::kSilences), IdKey(silence.id),
            boost::json::serialize(SilenceToJson(silence)));
}

Result<std::vector<Silence>> AlertStore::Silences() const {
  std::vector<Silence> silences;
  auto it = database_.NewIterator(Family::kSilences);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Result<Silence> silence = Decode<Silence>(it->value().ToString(), "a silence",
                                              [](const boost::json::value& json) { return SilenceFromJson(json); });
    if (!silence.ok()) return silence.status();
    silences.push_back(std::move(*silence));
  }
  if (!it->status().ok()) return FromRocksDb(it->status(), "reading silences");
  return silences;
}

}  // namespace kpiwatch::store
