// Tests for storage::ResourceStore and storage::TagStore.
#include "storage/resource_store.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

namespace rsemu::storage {
namespace {

constexpr char kAccount[] = "123456789012";
constexpr char kOtherAccount[] = "210987654321";
constexpr char kRegion[] = "us-east-1";

// A fresh directory under the system temp dir, removed with its files.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rsemu_store_test_XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::unique_ptr<Database> OpenMemory() {
  auto db = Database::Open(":memory:");
  REQUIRE_MESSAGE(db.ok(), db.status().ToString());
  return std::move(db).value();
}

ResourceRecord MakeRecord(const std::string& identifier, const std::string& account = kAccount,
                          const std::string& type = "cluster", const std::string& parent = "") {
  ResourceRecord record;
  record.account = account;
  record.region = kRegion;
  record.type = type;
  record.identifier = identifier;
  record.arn =
      "arn:aws:redshift:" + std::string(kRegion) + ":" + account + ":" + type + ":" + identifier;
  record.parent = parent;
  record.body = "{\"Id\":\"" + identifier + "\"}";
  record.created_millis = 1700000000000;
  return record;
}

// Inserts a record and returns its row id.
int64_t MustInsert(ResourceStore* store, ResourceRecord record) {
  Status status = store->Insert(&record);
  REQUIRE_MESSAGE(status.ok(), status.ToString());
  REQUIRE(record.id > 0);
  return record.id;
}

std::vector<std::string> Identifiers(const Result<std::vector<ResourceRecord>>& records) {
  REQUIRE_MESSAGE(records.ok(), records.status().ToString());
  std::vector<std::string> ids;
  for (const ResourceRecord& record : *records) ids.push_back(record.identifier);
  return ids;
}

ResourceQuery Query(const std::string& account = kAccount, const std::string& type = "cluster") {
  ResourceQuery query;
  query.account = account;
  query.region = kRegion;
  query.type = type;
  return query;
}

void CheckSameRecord(const ResourceRecord& a, const ResourceRecord& b) {
  CHECK(a.id == b.id);
  CHECK(a.account == b.account);
  CHECK(a.region == b.region);
  CHECK(a.type == b.type);
  CHECK(a.identifier == b.identifier);
  CHECK(a.arn == b.arn);
  CHECK(a.parent == b.parent);
  CHECK(a.body == b.body);
  CHECK(a.created_millis == b.created_millis);
}

TEST_CASE("ResourceStore: Insert and the three Gets round-trip") {
  auto db = OpenMemory();
  ResourceStore store(db.get());
  ResourceRecord record = MakeRecord("alpha", kAccount, "snapshot", "cluster-1");
  REQUIRE(store.Insert(&record).ok());
  CHECK(record.id > 0);

  auto by_identity = store.Get(kAccount, kRegion, "snapshot", "alpha");
  REQUIRE(by_identity.ok());
  CheckSameRecord(*by_identity, record);
  auto by_id = store.GetById(record.id);
  REQUIRE(by_id.ok());
  CheckSameRecord(*by_id, record);
  auto by_arn = store.GetByArn(record.arn);
  REQUIRE(by_arn.ok());
  CheckSameRecord(*by_arn, record);

  CHECK(store.Get(kAccount, kRegion, "snapshot", "beta").status().IsNotFound());
  CHECK(store.Get(kAccount, kRegion, "cluster", "alpha").status().IsNotFound());
  CHECK(store.Get(kAccount, "eu-west-1", "snapshot", "alpha").status().IsNotFound());
  CHECK(store.GetById(record.id + 100).status().IsNotFound());
  CHECK(store.GetByArn("arn:aws:redshift:nowhere").status().IsNotFound());
}

TEST_CASE("ResourceStore: duplicate identity or ARN is Conflict") {
  auto db = OpenMemory();
  ResourceStore store(db.get());
  MustInsert(&store, MakeRecord("alpha"));
  ResourceRecord duplicate = MakeRecord("alpha");
  duplicate.arn = "arn:other";
  Status status = store.Insert(&duplicate);
  CHECK(status.IsConflict());
  CHECK(status.message().find("alpha") != std::string::npos);

  ResourceRecord same_arn = MakeRecord("beta");
  same_arn.arn = MakeRecord("alpha").arn;
  CHECK(store.Insert(&same_arn).IsConflict());
  CHECK(*store.Count(kAccount, kRegion, "cluster") == 1);

  // The same identifier of another type is a different resource.
  MustInsert(&store, MakeRecord("alpha", kAccount, "snapshot"));
}

TEST_CASE("ResourceStore: Update renames and rewrites") {
  auto db = OpenMemory();
  ResourceStore store(db.get());
  int64_t alpha = MustInsert(&store, MakeRecord("alpha"));
  MustInsert(&store, MakeRecord("beta"));

  ResourceRecord renamed = MakeRecord("gamma", kAccount, "cluster", "parent-1");
  renamed.id = alpha;
  renamed.body = "{\"Renamed\":true}";
  REQUIRE(store.Update(renamed).ok());
  CHECK(store.Get(kAccount, kRegion, "cluster", "alpha").status().IsNotFound());
  auto gamma = store.Get(kAccount, kRegion, "cluster", "gamma");
  REQUIRE(gamma.ok());
  CHECK(gamma->id == alpha);
  CHECK(gamma->arn == renamed.arn);
  CHECK(gamma->parent == "parent-1");
  CHECK(gamma->body == "{\"Renamed\":true}");
  CHECK(gamma->created_millis == 1700000000000);

  // Renaming into a taken identity (or ARN) is Conflict and changes nothing.
  ResourceRecord clash = MakeRecord("beta");
  clash.id = alpha;
  clash.arn = "arn:fresh";
  CHECK(store.Update(clash).IsConflict());
  ResourceRecord arn_clash = MakeRecord("delta");
  arn_clash.id = alpha;
  arn_clash.arn = MakeRecord("beta").arn;
  CHECK(store.Update(arn_clash).IsConflict());
  CHECK(store.GetById(alpha)->identifier == "gamma");

  ResourceRecord gone = MakeRecord("epsilon");
  gone.id = 9999;
  CHECK(store.Update(gone).IsNotFound());
}

TEST_CASE("ResourceStore: Delete removes the row and its tags") {
  auto db = OpenMemory();
  ResourceStore store(db.get());
  TagStore tags(db.get());
  int64_t id = MustInsert(&store, MakeRecord("alpha"));
  REQUIRE(tags.Set(id, {{"k", "v"}}).ok());
  REQUIRE(store.Delete(id).ok());
  CHECK(store.GetById(id).status().IsNotFound());
  CHECK(tags.Get(id)->empty());
  auto stmt = db->Prepare("SELECT COUNT(*) FROM tags");
  REQUIRE(stmt.ok());
  REQUIRE((*stmt)->Step());
  CHECK((*stmt)->ColumnInt(0) == 0);
  (*stmt)->Reset();
  CHECK(store.Delete(id).IsNotFound());
}

TEST_CASE("ResourceStore: Count and account isolation") {
  auto db = OpenMemory();
  ResourceStore store(db.get());
  int64_t mine = MustInsert(&store, MakeRecord("shared"));
  int64_t theirs = MustInsert(&store, MakeRecord("shared", kOtherAccount));
  CHECK(mine != theirs);
  MustInsert(&store, MakeRecord("only-mine"));
  MustInsert(&store, MakeRecord("snap", kAccount, "snapshot"));

  CHECK(*store.Count(kAccount, kRegion, "cluster") == 2);
  CHECK(*store.Count(kOtherAccount, kRegion, "cluster") == 1);
  CHECK(*store.Count(kAccount, kRegion, "snapshot") == 1);
  CHECK(*store.Count(kAccount, "eu-west-1", "cluster") == 0);

  CHECK(store.Get(kAccount, kRegion, "cluster", "shared")->id == mine);
  CHECK(store.Get(kOtherAccount, kRegion, "cluster", "shared")->id == theirs);
  CHECK(Identifiers(store.List(Query())) == std::vector<std::string>{"only-mine", "shared"});
  CHECK(Identifiers(store.List(Query(kOtherAccount))) == std::vector<std::string>{"shared"});
  // GetByArn looks across accounts.
  CHECK(store.GetByArn(MakeRecord("shared", kOtherAccount).arn)->id == theirs);
}

TEST_CASE("ResourceStore: List orders by byte order and filters by parent") {
  auto db = OpenMemory();
  ResourceStore store(db.get());
  for (const char* id : {"b", "a", "Z", "\xc3\xa9", "B", "a-1"}) MustInsert(&store, MakeRecord(id));
  CHECK(Identifiers(store.List(Query())) ==
        std::vector<std::string>{"B", "Z", "a", "a-1", "b", "\xc3\xa9"});

  MustInsert(&store, MakeRecord("s2", kAccount, "snapshot", "c1"));
  MustInsert(&store, MakeRecord("s1", kAccount, "snapshot", "c1"));
  MustInsert(&store, MakeRecord("s3", kAccount, "snapshot", "c2"));
  MustInsert(&store, MakeRecord("s0", kAccount, "snapshot"));
  ResourceQuery query = Query(kAccount, "snapshot");
  CHECK(Identifiers(store.List(query)) == std::vector<std::string>{"s0", "s1", "s2", "s3"});
  query.parent = "c1";
  CHECK(Identifiers(store.List(query)) == std::vector<std::string>{"s1", "s2"});
  query.after_identifier = "s1";
  CHECK(Identifiers(store.List(query)) == std::vector<std::string>{"s2"});
  query.parent = "none";
  CHECK(Identifiers(store.List(query)).empty());
}

// "cluster-007" for 7 (0 <= i < 1000).
std::string PaddedName(int i) {
  std::string digits = std::to_string(i);
  return "cluster-" + std::string(3 - digits.size(), '0') + digits;
}

TEST_CASE("ResourceStore: keyset pagination over 250 rows") {
  auto db = OpenMemory();
  ResourceStore store(db.get());
  REQUIRE(db->Begin().ok());
  for (int i = 249; i >= 0; --i) {
    MustInsert(&store, MakeRecord(PaddedName(i)));
  }
  REQUIRE(db->Commit().ok());
  MustInsert(&store, MakeRecord("cluster-000", kOtherAccount));  // not listed

  ResourceQuery query = Query();
  query.limit = 100;
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    auto page = store.List(query);
    std::vector<std::string> ids = Identifiers(page);
    ++pages;
    seen.insert(seen.end(), ids.begin(), ids.end());
    if (ids.size() < static_cast<size_t>(query.limit)) break;
    query.after_identifier = ids.back();
  }
  CHECK(pages == 3);
  REQUIRE(seen.size() == 250);
  for (int i = 0; i < 250; ++i) {
    CHECK(seen[i] == PaddedName(i));
  }
  query.limit = 0;
  query.after_identifier.reset();
  CHECK(Identifiers(store.List(query)).empty());
  query.limit = -1;
  CHECK(Identifiers(store.List(query)).size() == 250);
}

TEST_CASE("ResourceStore: List tag filters") {
  auto db = OpenMemory();
  ResourceStore store(db.get());
  TagStore tags(db.get());
  int64_t a = MustInsert(&store, MakeRecord("a"));
  int64_t b = MustInsert(&store, MakeRecord("b"));
  int64_t c = MustInsert(&store, MakeRecord("c"));
  MustInsert(&store, MakeRecord("d"));  // no tags
  REQUIRE(tags.Set(a, {{"env", "prod"}, {"team", "data"}}).ok());
  REQUIRE(tags.Set(b, {{"env", "dev"}}).ok());
  REQUIRE(tags.Set(c, {{"owner", "prod"}}).ok());

  ResourceQuery query = Query();
  query.tag_keys = {"env"};
  CHECK(Identifiers(store.List(query)) == std::vector<std::string>{"a", "b"});
  query.tag_keys = {"team", "owner"};
  CHECK(Identifiers(store.List(query)) == std::vector<std::string>{"a", "c"});

  query.tag_keys.clear();
  query.tag_values = {"prod"};
  CHECK(Identifiers(store.List(query)) == std::vector<std::string>{"a", "c"});
  query.tag_values = {"dev", "data"};
  CHECK(Identifiers(store.List(query)) == std::vector<std::string>{"a", "b"});

  // Both: some key in the keys AND some value in the values (not
  // necessarily the same tag).
  query.tag_keys = {"env"};
  query.tag_values = {"prod"};
  CHECK(Identifiers(store.List(query)) == std::vector<std::string>{"a"});
  query.tag_keys = {"team"};
  query.tag_values = {"prod"};
  CHECK(Identifiers(store.List(query)) == std::vector<std::string>{"a"});
  query.tag_keys = {"owner"};
  query.tag_values = {"dev"};
  CHECK(Identifiers(store.List(query)).empty());

  // With pagination.
  query.tag_keys = {"env", "owner"};
  query.tag_values.clear();
  query.limit = 1;
  CHECK(Identifiers(store.List(query)) == std::vector<std::string>{"a"});
  query.after_identifier = "a";
  CHECK(Identifiers(store.List(query)) == std::vector<std::string>{"b"});
}

// The EXPLAIN QUERY PLAN details of List's SQL for `query`.
std::vector<std::string> ListPlan(Database* db, const ResourceQuery& query) {
  auto stmt = db->Prepare("EXPLAIN QUERY PLAN " + ResourceStore::ListSql(query));
  REQUIRE_MESSAGE(stmt.ok(), stmt.status().ToString());
  std::vector<std::string> details;
  while ((*stmt)->Step()) details.emplace_back((*stmt)->ColumnText(3));
  REQUIRE((*stmt)->status().ok());
  return details;
}

// `range` is the constraint the index search must show, e.g. "identifier>?".
void CheckUsesIndex(const std::vector<std::string>& plan, const std::string& range) {
  std::string joined;
  for (const std::string& line : plan) joined += line + "\n";
  INFO(joined);
  bool resources_by_index = false;
  for (const std::string& line : plan) {
    if (line.rfind("SEARCH r ", 0) == 0 && line.find("USING ") != std::string::npos &&
        line.find("INDEX") != std::string::npos && line.find(range) != std::string::npos) {
      resources_by_index = true;
    }
    CHECK(line.rfind("SCAN r", 0) != 0);  // never a full scan of resources
    CHECK(line.find("SCAN resources") == std::string::npos);
    CHECK(line.find("SCAN t") == std::string::npos);
    CHECK(line.find("TEMP B-TREE") == std::string::npos);  // no sort: the index is the order
  }
  CHECK(resources_by_index);
}

TEST_CASE("ResourceStore: List query plans use the indexes") {
  auto db = OpenMemory();
  ResourceQuery query = Query();
  CheckUsesIndex(ListPlan(db.get(), query), "(account=? AND region=? AND type=?)");
  query.after_identifier = "x";
  query.limit = 100;
  CheckUsesIndex(ListPlan(db.get(), query), "type=? AND identifier>?)");
  query.parent = "c1";
  CheckUsesIndex(ListPlan(db.get(), query), "parent=? AND identifier>?)");
  query.tag_keys = {"a", "b"};
  query.tag_values = {"v"};
  CheckUsesIndex(ListPlan(db.get(), query), "parent=? AND identifier>?)");
}

TEST_CASE("TagStore: Set, overwrite, Remove and Get keep positions") {
  auto db = OpenMemory();
  ResourceStore store(db.get());
  TagStore tags(db.get());
  int64_t id = MustInsert(&store, MakeRecord("alpha"));
  int64_t other = MustInsert(&store, MakeRecord("beta"));

  CHECK(tags.Get(id)->empty());
  REQUIRE(tags.Set(id, {{"b", "1"}, {"a", "2"}, {"c", "3"}}).ok());
  CHECK(*tags.Get(id) == std::vector<Tag>{{"b", "1"}, {"a", "2"}, {"c", "3"}});

  // Overwriting keeps the key's position; new keys go after the last.
  REQUIRE(tags.Set(id, {{"d", "4"}, {"a", "changed"}}).ok());
  CHECK(*tags.Get(id) == std::vector<Tag>{{"b", "1"}, {"a", "changed"}, {"c", "3"}, {"d", "4"}});

  REQUIRE(tags.Remove(id, {"a", "missing"}).ok());
  CHECK(*tags.Get(id) == std::vector<Tag>{{"b", "1"}, {"c", "3"}, {"d", "4"}});
  // A removed key comes back at the end.
  REQUIRE(tags.Set(id, {{"a", "again"}}).ok());
  CHECK(*tags.Get(id) == std::vector<Tag>{{"b", "1"}, {"c", "3"}, {"d", "4"}, {"a", "again"}});
  // Empty values are kept as such.
  REQUIRE(tags.Set(id, {{"d", ""}}).ok());
  CHECK(tags.Get(id)->at(2) == Tag{"d", ""});

  // Tags are per row.
  CHECK(tags.Get(other)->empty());
  REQUIRE(tags.Set(other, {{"a", "x"}}).ok());
  CHECK(*tags.Get(other) == std::vector<Tag>{{"a", "x"}});
  CHECK(tags.Get(id)->size() == 4);

  CHECK(tags.Set(9999, {{"k", "v"}}).IsNotFound());
  CHECK(tags.Remove(9999, {"k"}).ok());
  CHECK(tags.Get(9999)->empty());
}

TEST_CASE("ResourceStore: Rollback discards an Insert, Commit keeps it") {
  auto db = OpenMemory();
  ResourceStore store(db.get());
  TagStore tags(db.get());

  REQUIRE(db->Begin().ok());
  ResourceRecord dropped = MakeRecord("dropped");
  REQUIRE(store.Insert(&dropped).ok());
  REQUIRE(tags.Set(dropped.id, {{"k", "v"}}).ok());
  CHECK(store.Get(kAccount, kRegion, "cluster", "dropped").ok());  // visible inside
  REQUIRE(db->Rollback().ok());
  CHECK(store.Get(kAccount, kRegion, "cluster", "dropped").status().IsNotFound());
  CHECK(tags.Get(dropped.id)->empty());

  REQUIRE(db->Begin().ok());
  ResourceRecord kept = MakeRecord("kept");
  REQUIRE(store.Insert(&kept).ok());
  REQUIRE(tags.Set(kept.id, {{"k", "v"}}).ok());
  REQUIRE(db->Commit().ok());
  CHECK(store.Get(kAccount, kRegion, "cluster", "kept").ok());
  CHECK(*tags.Get(kept.id) == std::vector<Tag>{{"k", "v"}});
  CHECK(*store.Count(kAccount, kRegion, "cluster") == 1);
}

TEST_CASE("ResourceStore: WipeAllData removes rows and tags") {
  auto db = OpenMemory();
  ResourceStore store(db.get());
  TagStore tags(db.get());
  int64_t id = MustInsert(&store, MakeRecord("alpha"));
  MustInsert(&store, MakeRecord("alpha", kOtherAccount));
  REQUIRE(tags.Set(id, {{"k", "v"}}).ok());
  REQUIRE(db->WipeAllData().ok());
  CHECK(*store.Count(kAccount, kRegion, "cluster") == 0);
  CHECK(*store.Count(kOtherAccount, kRegion, "cluster") == 0);
  CHECK(tags.Get(id)->empty());
  // The store works as before.
  int64_t again = MustInsert(&store, MakeRecord("alpha"));
  REQUIRE(tags.Set(again, {{"k2", "v2"}}).ok());
  CHECK(*tags.Get(again) == std::vector<Tag>{{"k2", "v2"}});
}

TEST_CASE("ResourceStore: a file database keeps rows and tags across reopen") {
  TempDir dir;
  REQUIRE(!dir.path().empty());
  const std::string path = dir.path() + "/rsemu.db";
  ResourceRecord record = MakeRecord("durable", kAccount, "snapshot", "cluster-1");
  {
    auto db = Database::Open(path);
    REQUIRE_MESSAGE(db.ok(), db.status().ToString());
    ResourceStore store(db->get());
    TagStore tags(db->get());
    REQUIRE((*db)->Begin().ok());
    REQUIRE(store.Insert(&record).ok());
    REQUIRE(tags.Set(record.id, {{"z", "1"}, {"a", "2"}}).ok());
    REQUIRE((*db)->Commit().ok());
    MustInsert(&store, MakeRecord("other"));
    CHECK((*db)->Close().ok());
  }
  auto db = Database::Open(path);
  REQUIRE_MESSAGE(db.ok(), db.status().ToString());
  ResourceStore store(db->get());
  TagStore tags(db->get());
  auto loaded = store.Get(kAccount, kRegion, "snapshot", "durable");
  REQUIRE(loaded.ok());
  CheckSameRecord(*loaded, record);
  CHECK(*tags.Get(record.id) == std::vector<Tag>{{"z", "1"}, {"a", "2"}});
  CHECK(*store.Count(kAccount, kRegion, "cluster") == 1);
  // Foreign keys are on again after reopening: Delete cascades.
  REQUIRE(store.Delete(record.id).ok());
  CHECK(tags.Get(record.id)->empty());
}

}  // namespace
}  // namespace rsemu::storage
