#include "daemon/store/observation_store.h"

#include "daemon/store/key_encoding.h"

namespace kpiwatch::store {

Result<StagedBatch> ObservationStore::Stage(const std::vector<Observation>& rows,
                                            std::uint64_t batch_id, std::int64_t now,
                                            rocksdb::WriteBatch& batch) const {
  std::vector<std::string> keys;
  keys.reserve(rows.size());
  for (const Observation& row : rows) keys.push_back(PointKey(row.indicator, row.unit, row.period));
  std::vector<rocksdb::Slice> key_slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  database_.db()->MultiGet(rocksdb::ReadOptions(), database_.handle(Family::kPoints), keys.size(),
                           key_slices.data(), values.data(), statuses.data());

  StagedBatch staged;
  staged.batch_id = batch_id;
  rocksdb::ColumnFamilyHandle* points = database_.handle(Family::kPoints);
  rocksdb::ColumnFamilyHandle* revisions = database_.handle(Family::kRevisions);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Observation& row = rows[i];
    StoredPoint fresh{row.value, row.n, now, batch_id, row.source};
    if (statuses[i].IsNotFound()) {
      batch.Put(points, keys[i], EncodePoint(fresh));
      ++staged.inserted;
      continue;
    }
    if (!statuses[i].ok()) return FromRocksDb(statuses[i], "reading stored value of " + row.indicator);
    Result<StoredPoint> stored = DecodePoint(values[i].ToStringView());
    if (!stored.ok()) return stored.status();
    if (stored->SameContent(row.value, row.n)) {
      ++staged.unchanged;
      continue;
    }
    StoredRevision revision{*stored, row.value, row.n, now, batch_id};
    batch.Put(revisions, RevisionKey(row.indicator, row.unit, row.period, batch_id),
              EncodeRevision(revision));
    batch.Put(points, keys[i], EncodePoint(fresh));
    staged.restatements.push_back({row.indicator, row.unit, row.period, stored->value, row.value});
  }
  return staged;
}

Result<std::vector<SeriesPoint>> ObservationStore::ReadSeries(const std::string& indicator,
                                                              const std::string& unit,
                                                              std::optional<Period> from,
                                                              std::optional<Period> to) const {
  std::string prefix = SeriesPrefix(indicator, unit);
  std::string start = from ? PointKey(indicator, unit, *from) : prefix;
  std::string end = to ? PointKey(indicator, unit, to->Next()) : PrefixEnd(prefix);
  std::vector<SeriesPoint> series;
  auto it = database_.NewIterator(Family::kPoints);
  for (it->Seek(start); it->Valid() && it->key().compare(end) < 0; it->Next()) {
    std::optional<DecodedPointKey> key = DecodePointKey(it->key().ToStringView());
    Result<StoredPoint> point = DecodePoint(it->value().ToStringView());
    if (!key || !point.ok()) {
      return Status(StatusCode::kCorruption, "malformed point in series " + indicator + "/" + unit);
    }
    series.push_back({key->period, std::move(*point)});
  }
  if (!it->status().ok()) return FromRocksDb(it->status(), "reading series " + indicator + "/" + unit);
  return series;
}

Result<std::vector<std::string>> ObservationStore::ListUnits(const std::string& indicator) const {
  std::string prefix = IndicatorPrefix(indicator);
  std::vector<std::string> units;
  auto it = database_.NewIterator(Family::kPoints);
  it->Seek(prefix);
  while (it->Valid() && it->key().starts_with(prefix)) {
    std::optional<DecodedPointKey> key = DecodePointKey(it->key().ToStringView());
    if (!key) return Status(StatusCode::kCorruption, "malformed point key of " + indicator);
    units.push_back(key->unit);
    it->Seek(PrefixEnd(SeriesPrefix(indicator, key->unit)));  // skip to the next unit
  }
  if (!it->status().ok()) return FromRocksDb(it->status(), "listing units of " + indicator);
  return units;
}

Result<std::vector<RevisionRecord>> ObservationStore::ReadRevisions(
    const std::string& indicator, std::optional<std::string> unit) const {
  std::string prefix = unit ? SeriesPrefix(indicator, *unit) : IndicatorPrefix(indicator);
  std::vector<RevisionRecord> records;
  auto it = database_.NewIterator(Family::kRevisions);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::optional<DecodedPointKey> key = DecodePointKey(it->key().ToStringView());
    Result<StoredRevision> revision = DecodeRevision(it->value().ToStringView());
    if (!key || !revision.ok()) {
      return Status(StatusCode::kCorruption, "malformed revision of " + indicator);
    }
    records.push_back({key->unit, key->period, std::move(*revision)});
  }
  if (!it->status().ok()) return FromRocksDb(it->status(), "reading revisions of " + indicator);
  return records;
}

}  // namespace kpiwatch::store
