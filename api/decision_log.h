// DecisionLog: the recent authorization decisions with their reasons, kept in a
// ring bounded both by count and by bytes (oldest dropped first) for
// GET /_emulator/decisions.
//
// Memory bounds: a request chooses some of the strings a record holds (a
// CreateTags ResourceName may be a megabyte), so Add() clips every string to
// kMaxFieldBytes, every list entry to kMaxListEntryBytes and every list to
// kMaxListEntries, each clipped one ending in a visible marker ("…(+N bytes)",
// "…(+N more)"). The log then keeps at most
// `capacity` records and at most `byte_budget` bytes of them (RecordBytes), so
// its footprint is bounded whatever the requests carry. A page read by Query()
// or ToJson() is bounded too: at most DecisionFilter::limit records
// (kMaxPageRecords at most) and about DecisionFilter::max_page_bytes of them.
//
// Every record gets a sequence number (1, 2, ...; never reused, not even after
// Clear()), which the `after`/`before` cursors of DecisionFilter page by.
//
// Thread-safety: all methods are internally locked. Query() and ToJson() copy
// the page under the lock and render it after releasing it, so a reader never
// holds up the requests that add records for longer than the copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace rsemu::api {

// A resource the request's handler looked up or wrote (by its identity), as
// the resource store saw it: for comparing what was authorized with what was touched.
struct TouchedResource {
  std::string access;  // read | insert | update
  std::string type;    // the store's row type: cluster, snapshot, iam-user, ...
  std::string arn;     // the ARN AWS would name
};

struct DecisionRecord {
  uint64_t sequence = 0;  // assigned by DecisionLog::Add
  int64_t time_millis = 0;
  std::string request_id;
  std::string principal_arn;
  std::string action;
  std::string resource;
  std::string decision;                          // Allow | ExplicitDeny | ImplicitDeny
  std::string mode;                              // enforce | soft
  bool enforced = true;                          // false when soft mode let a denial through
  std::vector<std::string> deciding_statements;  // "policy-id#sid-or-index (Allow|Deny)"
  std::vector<std::string> failed_conditions;
  std::vector<std::string> missing_context_keys;
  std::vector<std::string> context_keys;  // the request context keys present
  // What the handler then touched (the same list on every record of the
  // request; empty until AttachTouched, and for a request that failed before).
  std::vector<TouchedResource> touched;
};

struct DecisionFilter {
  std::string principal;  // exact principal ARN; empty = any
  std::string decision;   // Allow / ExplicitDeny / ImplicitDeny / Deny (either); empty = any
  int64_t since_millis = 0;
  // Cursors (sequence numbers; 0 = unset). With `after`, the page is the
  // oldest matching records newer than it (paging forward; `before` is then
  // ignored); otherwise it is the newest matching records older than `before`
  // (or the newest of all).
  uint64_t after = 0;
  uint64_t before = 0;
  size_t limit = 1000;  // records per page; clipped to kMaxPageRecords
  // Bytes (RecordBytes) per page; a page always holds at least one record.
  size_t max_page_bytes = 4u << 20;
};

// One page of Query(): the records oldest first, and whether more matching
// records lie beyond the page in the direction it was read (older ones for a
// newest-first read, newer ones with `after`).
struct DecisionPage {
  std::vector<DecisionRecord> records;
  bool more = false;
};

class DecisionLog {
 public:
  // Longest string kept in a record, in bytes (AWS ARNs are at most 2,048).
  static constexpr size_t kMaxFieldBytes = 2048;
  // Longest entry kept in one of a record's lists, and most entries kept in a
  // list (the last one kept then says how many were dropped). With the six
  // strings at kMaxFieldBytes this bounds a record at roughly 90 KB.
  static constexpr size_t kMaxListEntryBytes = 512;
  static constexpr size_t kMaxListEntries = 32;
  // Most records one page may hold.
  static constexpr size_t kMaxPageRecords = 1000;
  // 16 MiB: 2,000 records of the common size (under 1 KiB) fit many times
  // over; records with long condition lists make the bytes bind first.
  static constexpr size_t kDefaultByteBudget = 16u << 20;

  // 2,000 records: a denied request by a principal with many conditional
  // policies records every failed condition (kilobytes per record), and 10,000
  // such records held about 100 MB.
  explicit DecisionLog(size_t capacity = 2000, size_t byte_budget = kDefaultByteBudget)
      : capacity_(capacity), byte_budget_(byte_budget) {}

  // Clips `record` (see above), numbers it and appends it, dropping the oldest
  // records while more than `capacity` or `byte_budget` bytes are held (the
  // newest record is always kept).
  void Add(DecisionRecord record);
  // Sets `touched` (clipped like the other lists) on the records of
  // `request_id`, which are the newest ones when the handler has just run.
  void AttachTouched(const std::string& request_id, std::vector<TouchedResource> touched);
  // One page of the matching records (see DecisionFilter).
  DecisionPage Query(const DecisionFilter& filter) const;
  // {"decisions": [...], "more": bool, "next_after": N, "next_before": N}:
  // the page oldest first, each record with its "seq"; next_after / next_before
  // are the cursors that read the next newer / older page (0 when the page is
  // empty).
  std::string ToJson(const DecisionFilter& filter) const;
  void Clear();

  // What the log holds now: records, and their bytes as RecordBytes counts them.
  size_t size() const;
  size_t retained_bytes() const;

  // The bytes a record accounts for: its strings (sizes plus a fixed overhead
  // for each) and the record itself.
  static size_t RecordBytes(const DecisionRecord& record);
  // `text` clipped to `max_bytes` (on a UTF-8 character boundary) followed by
  // "…(+N bytes)" naming what was cut; unchanged when it fits.
  static void ClipField(std::string* text, size_t max_bytes = kMaxFieldBytes);

 private:
  const size_t capacity_;
  const size_t byte_budget_;
  mutable std::mutex mutex_;
  std::deque<DecisionRecord> records_;  // GUARDED_BY(mutex_)
  size_t bytes_ = 0;                    // GUARDED_BY(mutex_): RecordBytes of records_
  uint64_t next_sequence_ = 1;          // GUARDED_BY(mutex_)
};

}  // namespace rsemu::api
